"""A cycle's audit log as a person reads it: who did what, when, to which object, with the
reason given for going on regardless, and which of the object's fields changed from what to
what, in words (the field's own name, a choice's label, a related object's name, dates as
dd/mm/yyyy), never the stored codes.

The entries are `AuditEntry` rows (`awards.domain.audit`), read as stored. What is not shown:
- a score sheet's or a score's contents (values, comments, notes): those are read on the score
  pages, where the access policy withholds them from an assessor with a conflict of interest;
- fields without a name of their own for people (internal counters, JSON lists of codes) and
  any secret: they are counted ("2 isian lain") rather than shown.
The Juara a confirmation decided (a list of places kept with the decided ranking) are told as
"Juara I: <candidate>; Juara II: ...", by the candidates' names.
The page and its workbook read the same `lines`; a fixed number of queries per page of lines
(one per kind of object named), whatever the number of entries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from paritrana.awards.models import AuditEntry, Cycle, Nomination
from paritrana.regions.models import Region

# Each command's name in words, as the command registry declares it (`commands.registry`,
# which this layer does not import, fills it in; every command is loaded at start-up).
LABELS: dict[str, Promise | str] = {}  # translated when read: str(label)
# Whose contents are read on the score pages only (see the module's docstring).
WITHHELD = frozenset({"assessment.ScoreSheet", "assessment.Score"})
SECRET = frozenset({"password"})
EMPTY = "—"
JUARA = "decisions"  # a decided ranking's places: [{"place": 1, "nomination": 12, ...}, ...]
ROMAN = {1: "I", 2: "II", 3: "III"}
# Fields holding a Kemendagri region code (a panel's province, a member's own region...): shown
# by the region's name, not the code.
REGION_FIELDS = frozenset({"province", "region_code"})
REGION = "region"


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Line:
    at: dt.datetime  # local time (Asia/Jakarta)
    actor: str
    action: str
    subject: str
    reason: str
    changes: tuple[Change, ...]
    unnamed: int  # changed fields not shown by name
    withheld: bool  # a score sheet's contents, read on the score pages


def entries(cycle: Cycle, *, command: str = "", actor: str = "") -> QuerySet[AuditEntry]:
    """The cycle's entries, newest first, optionally of one command and one actor."""
    found = AuditEntry.objects.filter(cycle=cycle).select_related("user")
    if command:
        found = found.filter(command=command)
    if actor:
        found = found.filter(actor=actor)
    return found.order_by("-at", "-id")


def choices(cycle: Cycle) -> tuple[list[str], list[str]]:
    """The commands and the actors the cycle's entries name, for the page's filters."""
    rows = AuditEntry.objects.filter(cycle=cycle).order_by()  # distinct in the database

    def distinct(name: str) -> list[str]:
        return list(
            rows.exclude(**{name: ""}).values_list(name, flat=True).distinct().order_by(name)
        )

    return distinct("command"), distinct("actor")


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    """The model's field of that name, when it has a name for people (given, translated)."""
    if model is None or name in SECRET:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not isinstance(found, models.Field) or not isinstance(found.verbose_name, Promise):
        return None
    if isinstance(found, models.JSONField):
        return None
    return found


def _changed(entry: AuditEntry, model: type[models.Model] | None) -> list[tuple[str, Any, Any]]:
    """The fields whose value changed, in the model's own order (PostgreSQL keeps a JSON
    object's keys in an order of its own)."""
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    order = {f.name: i for i, f in enumerate(model._meta.fields)} if model is not None else {}
    names = sorted({*before, *after}, key=lambda name: (order.get(name, len(order)), name))
    return [
        (name, before.get(name), after.get(name))
        for name in names
        if _value(before.get(name)) != _value(after.get(name)) and name != "override"
    ]


def _value(stored: Any) -> Any:
    """Nothing written is nothing, whether stored as null or as empty text."""
    return None if stored == "" else stored


def _reason(entry: AuditEntry) -> str:
    after = entry.after if isinstance(entry.after, dict) else {}
    override = after.get("override")
    if isinstance(override, dict) and isinstance(override.get("reason"), str):
        return str(override["reason"])
    return ""


def _names(wanted: Mapping[type[models.Model], set[Any]]) -> dict[tuple[Any, str], str]:
    """What each (model, id) is called now: one query per model, with the objects their names
    are made of (a score sheet's is its member's, panel's, candidate's and stage's)."""
    found: dict[tuple[Any, str], str] = {}
    for model, ids in wanted.items():
        keys = [i for i in ids if i not in (None, "")]
        try:
            rows = model._default_manager.select_related().in_bulk(keys)
        except (ValueError, TypeError):
            continue
        named = getattr(model, "names_of", None)  # a model whose names need other rows
        told = (
            named(rows.values())
            if callable(named)
            else {pk: str(getattr(o, "display_name", "") or o) for pk, o in rows.items()}
        )
        found.update(((model, str(pk)), name) for pk, name in told.items())
    return found


def _shown(field: models.Field[Any, Any], value: Any, names: dict[tuple[Any, str], str]) -> str:
    if value is None or value == "":
        return EMPTY
    if field.name in REGION_FIELDS:  # a Kemendagri code: the region's name
        return names.get((REGION, str(value)), str(value))
    if field.is_relation and field.related_model is not None:
        return names.get((field.related_model, str(value)), _("no longer there"))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.DecimalField | models.FloatField):
        try:  # stored as "25.00": written as the pages write figures, "25,00"
            return number_format(Decimal(str(value)), use_l10n=True)
        except (InvalidOperation, ValueError):
            return str(value)
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            return f"{timezone.localtime(dt.datetime.fromisoformat(value)):%d/%m/%Y %H:%M}"
        except ValueError:
            return value
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return f"{dt.date.fromisoformat(value):%d/%m/%Y}"
        except ValueError:
            return value
    return str(value)


# (field, JUARA, or None for a field without a name for people; before; after)
Changed = list[tuple[models.Field[Any, Any] | str | None, Any, Any]]


def _places(value: Any) -> list[tuple[int, Any]]:
    """(place, nomination id) of a stored list of decisions, by place."""
    if not isinstance(value, list):
        return []
    found = [
        (d["place"], d.get("nomination"))
        for d in value
        if isinstance(d, dict) and isinstance(d.get("place"), int)
    ]
    return sorted(found, key=lambda place: place[0])


def _juara(value: Any, names: dict[tuple[Any, str], str]) -> str:
    told = [
        _("Juara %(place)s: %(candidate)s")
        % {
            "place": ROMAN.get(place, place),
            "candidate": names.get((JUARA, str(nomination)), _("no longer there")),
        }
        for place, nomination in _places(value)
    ]
    return "; ".join(told) or EMPTY


def lines(found: Iterable[AuditEntry]) -> list[Line]:
    """The entries as people read them."""
    read: list[tuple[AuditEntry, type[models.Model] | None, Changed]] = []
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    juara: set[Any] = set()  # the candidates of decided places
    regions: set[str] = set()  # the Kemendagri codes of region fields
    for entry in found:
        model = _model(entry.model)
        if model is not None:
            wanted[model].add(entry.object_id)
        changed: Changed = []
        if entry.model not in WITHHELD:
            changed = [
                (JUARA if n == JUARA else _field(model, n), b, a)
                for n, b, a in _changed(entry, model)
            ]
        for field, before, after in changed:
            if field == JUARA:
                for value in (before, after):
                    juara.update(n for _p, n in _places(value))
            elif isinstance(field, models.Field) and field.is_relation and field.related_model:
                wanted[field.related_model].update({before, after})
            elif isinstance(field, models.Field) and field.name in REGION_FIELDS:
                regions.update(str(v) for v in (before, after) if v)
        read.append((entry, model, changed))
    names = _names(wanted)
    if juara:  # by their own names: the decision's category is in its line already
        candidates = Nomination.objects.filter(pk__in=[n for n in juara if isinstance(n, int)])
        names.update(((JUARA, str(pk)), name) for pk, name in candidates.values_list("pk", "name"))
    if regions:
        names.update(
            ((REGION, code), name)
            for code, name in Region.objects.filter(code__in=regions).values_list("code", "name")
        )
    return [_line(entry, model, changed, names) for entry, model, changed in read]


CHUNK = 2000  # entries read and named at a time by `every_line`


def every_line(
    found: QuerySet[AuditEntry], progress: Callable[[int, int], None] | None = None
) -> Iterator[Line]:
    """All the lines of `found`, a chunk of entries at a time (memory stays flat however long
    the history), telling `progress(done, total)` after each chunk."""
    total = found.count()
    batch: list[AuditEntry] = []
    done = 0
    for entry in found.iterator(chunk_size=CHUNK):
        batch.append(entry)
        if len(batch) == CHUNK:
            yield from lines(batch)
            done += len(batch)
            batch = []
            if progress is not None:
                progress(done, total)
    yield from lines(batch)
    if progress is not None:
        progress(done + len(batch), total)


def _capitalised(words: str) -> str:
    return words[:1].upper() + words[1:]


def _change(
    field: models.Field[Any, Any] | str | None,
    before: Any,
    after: Any,
    names: dict[tuple[Any, str], str],
) -> Change | None:
    if field == JUARA:
        return Change(_("Juara"), _juara(before, names), _juara(after, names))
    if not isinstance(field, models.Field):
        return None
    return Change(
        field=_capitalised(str(field.verbose_name)),
        before=_shown(field, before, names),
        after=_shown(field, after, names),
    )


def _line(
    entry: AuditEntry,
    model: type[models.Model] | None,
    changed: Changed,
    names: dict[tuple[Any, str], str],
) -> Line:
    subject = ""
    if model is not None:
        kind = _capitalised(str(model._meta.verbose_name))
        now = names.get((model, entry.object_id))
        subject = f"{kind}: {now}" if now else f"{kind} ({_('deleted')})"
    changes = tuple(
        change
        for field, before, after in changed
        if (change := _change(field, before, after, names)) is not None
    )
    return Line(
        at=timezone.localtime(entry.at),
        actor=entry.actor or (entry.user.get_username() if entry.user else EMPTY),
        action=str(LABELS.get(entry.command) or _("a background run")),
        subject=subject,
        reason=_reason(entry),
        changes=changes,
        unnamed=sum(1 for field, _b, _a in changed if field is None),
        withheld=entry.model in WITHHELD,
    )
