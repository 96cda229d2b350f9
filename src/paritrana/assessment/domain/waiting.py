"""What waits for one person, a sentence per thing, for their own landing page ("Beranda saya").

Read only, and only the person's own work or what they oversee:

- assessor (a seat on a panel): per open scoring stage, the sheets not submitted yet ("11
  lembar menunggu"), how many of those due are submitted, and the stage's end date. A candidate
  a conflict of interest bars them from is neither counted nor named, as on their list
  (/penilaian/);
- candidate representative: per candidate represented, its workspace and where its
  self-assessment stands (open until a date, submitted, not open yet, closed);
- panel chair or secretary: the groups whose Juara wait for their confirmation, as the
  reminders find them (`reminders.waiting`);
- national or provincial admin: the workbench, and per cycle with an open stage what the
  progress board counts as late in the provinces they oversee (`progress.board`, the figures
  the board itself shows);
- data officer: imports that failed since the last good one of their kind, and those queued or
  running.

What a person oversees (the workbench, the board and its provinces, the imports) is the access
policy's: the caller asks it and passes an `Oversight`. Everything else is the person's own
seats, representations and confirmations. A constant number of queries per role, whatever the
number of sheets, candidates or imports.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from paritrana.assessment.domain.assignments import SCORED_STAGES
from paritrana.assessment.domain.conflicts import barred_pairs
from paritrana.assessment.domain.panels import seats
from paritrana.assessment.domain.progress import board, sheet_submitted
from paritrana.assessment.domain.reminders import waiting
from paritrana.assessment.domain.results import group_code, zone_map
from paritrana.assessment.models import Assignment, Decision, PanelMember, ReminderKind
from paritrana.awards.models import (
    Criterion,
    Cycle,
    Evidence,
    Level,
    NominationStatus,
    Representative,
    Stage,
    StageKind,
    StageStatus,
)
from paritrana.coverage.models import DataImport, ImportStatus

DUE_SOON = dt.timedelta(days=7)  # an end date this close is "due soon"


class Urgency(StrEnum):
    LATE = "late"  # past its end date
    SOON = "soon"  # due within a week, or needing attention (a failed import)
    INFO = "info"


class Role(StrEnum):
    """What an item belongs to (the page's sections, in this order)."""

    SHEETS = "sheets"
    WORKSPACE = "workspace"
    DECISIONS = "decisions"
    SECRETARIAT = "secretariat"
    IMPORTS = "imports"


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    args: tuple[Any, ...] = ()

    @property
    def href(self) -> str:
        return reverse(self.url_name, args=self.args)


@dataclass(frozen=True)
class Item:
    """One thing waiting (or worth knowing): a sentence, a second line, where to go."""

    role: Role
    text: str
    urgency: Urgency = Urgency.INFO
    pending: bool = False  # something waits for the person (else: worth knowing)
    detail: str = ""
    count: int | None = None
    due: dt.date | None = None
    links: tuple[Link, ...] = ()

    @property
    def link(self) -> Link | None:
        return self.links[0] if self.links else None


@dataclass(frozen=True)
class Oversight:
    """What the access policy lets a person oversee, asked by the caller: the secretariat's
    workbench, the progress board (`provinces`: None for every province and the national round,
    else the provinces' own rounds) and the data imports."""

    workbench: bool = False
    progress: bool = False
    provinces: frozenset[str] | None = frozenset()
    imports: bool = False


def day(value: dt.date) -> str:
    """A date as people write it, in the page's language: 12 Desember 2026."""
    return date_format(value, "j F Y")


def _urgency(ends_on: dt.date | None, today: dt.date, *, pending: bool = True) -> Urgency:
    if not pending or ends_on is None:
        return Urgency.INFO
    if ends_on < today:
        return Urgency.LATE
    return Urgency.SOON if ends_on - today <= DUE_SOON else Urgency.INFO


def _until(ends_on: dt.date | None, today: dt.date) -> str:
    if ends_on is None:
        return ""
    if ends_on < today:
        return _("deadline %(date)s has passed") % {"date": day(ends_on)}
    return _("until %(date)s") % {"date": day(ends_on)}


def waiting_for(
    user: Any, *, today: dt.date | None = None, oversight: Oversight | None = None
) -> list[Item]:
    """Everything waiting for `user`, by role, the most urgent first within each."""
    today = today or timezone.localdate()
    oversight = oversight or Oversight()
    if not getattr(user, "is_authenticated", False):
        return []
    items = [
        *_sheets(user, today),
        *_workspaces(user, today),
        *_decisions(user, today),
        *_secretariat(oversight, today),
        *_imports(oversight),
    ]
    order = {u: i for i, u in enumerate(Urgency)}
    roles = {r: i for i, r in enumerate(Role)}
    return sorted(items, key=lambda item: (roles[item.role], order[item.urgency], not item.pending))


# -- assessors ----------------------------------------------------------------------------


def _sheets(user: Any, today: dt.date) -> list[Item]:
    """Per seat and open scoring stage: the sheets due, submitted and waiting (4 queries)."""
    mine = list(seats(user))
    if not mine:
        return []
    assignments = list(
        Assignment.objects.filter(
            member__in=mine,
            stage__kind__in=SCORED_STAGES,
            stage__status=StageStatus.OPEN,
            nomination__status=NominationStatus.NOMINATED,
        )
        .annotate(done=sheet_submitted())
        .select_related("stage", "nomination")
        .order_by("stage__cycle_id", "stage__level", "stage__order")
    )
    barred = barred_pairs(mine, {a.nomination_id: a.nomination for a in assignments}.values())
    by_seat = {seat.pk: seat for seat in mine}
    counts: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    stages: dict[int, Stage] = {}
    for a in assignments:
        if (a.member_id, a.nomination_id) in barred:
            continue
        tally = counts[(a.member_id, a.stage_id)]
        tally[0] += 1
        tally[1] += int(a.done)
        stages[a.stage_id] = a.stage
    items = []
    for (member_id, stage_id), (due, done) in counts.items():
        items.append(_sheet_item(by_seat[member_id], stages[stage_id], due, done, today))
    return items


def _sheet_item(seat: PanelMember, stage: Stage, due: int, done: int, today: dt.date) -> Item:
    left = due - done
    where = f"{stage.get_kind_display()}, {seat.panel.name}"
    link = Link(_("Open my score sheets"), "web:assessments")
    if not left:
        return Item(
            Role.SHEETS,
            ngettext(
                "%(stage)s: the %(count)d sheet is submitted",
                "%(stage)s: all %(count)d sheets are submitted",
                due,
            )
            % {"stage": stage.get_kind_display(), "count": due},
            detail=seat.panel.name,
            count=0,
            due=stage.ends_on,
            links=(link,),
        )
    until = _until(stage.ends_on, today)
    return Item(
        Role.SHEETS,
        ngettext("%(count)d sheet waiting", "%(count)d sheets waiting", left) % {"count": left},
        urgency=_urgency(stage.ends_on, today),
        pending=True,
        detail=", ".join(
            part
            for part in (
                where,
                until,
                _("%(done)d of %(due)d submitted") % {"done": done, "due": due},
            )
            if part
        ),
        count=left,
        due=stage.ends_on,
        links=(link,),
    )


# -- candidate representatives --------------------------------------------------------------


def _workspaces(user: Any, today: dt.date) -> list[Item]:
    return [item for _, item in _workspace_states(user, today)]


def workspaces(user: Any, *, today: dt.date | None = None) -> list[tuple[Any, Item]]:
    """Each nomination `user` represents with the state of its workspace (as on "Beranda
    saya"), the most urgent first."""
    order = {u: i for i, u in enumerate(Urgency)}
    states = _workspace_states(user, today or timezone.localdate())
    return sorted(states, key=lambda pair: (order[pair[1].urgency], not pair[1].pending))


def _workspace_states(user: Any, today: dt.date) -> list[tuple[Any, Item]]:
    """Per candidate represented: its workspace and its self-assessment (6 queries, 7 once a
    group is decided)."""
    links = list(
        Representative.objects.filter(user=user)
        .select_related("nomination__category__cycle", "nomination__self_assessment")
        .order_by("-nomination__category__cycle__assessment_year", "nomination__name")
    )
    if not links:
        return []
    nominations = [link.nomination for link in links]
    cycles = {n.category.cycle_id for n in nominations}
    stages = {
        (s.cycle_id, s.level): s
        for s in Stage.objects.filter(cycle_id__in=cycles, kind=StageKind.SELF_ASSESSMENT)
    }
    questions = dict(
        Criterion.objects.filter(
            category_id__in={n.category_id for n in nominations}, kind="kualitatif"
        )
        .values("category_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("category_id", "n")
    )
    evidence = dict(
        Evidence.objects.filter(nomination__in=nominations)
        .values("nomination_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("nomination_id", "n")
    )
    # Groups whose Juara are decided: their candidates' self-assessments are late no more.
    decided = set(
        Decision.objects.filter(category_id__in={n.category_id for n in nominations})
        .values_list("category_id", "group")
        .distinct()
    )
    zones = zone_map() if decided else {}
    return [
        (
            n,
            _workspace_item(
                n,
                stages.get((n.category.cycle_id, n.category.level)),
                questions.get(n.category_id, 0),
                evidence.get(n.pk, 0),
                today,
                decided=(n.category_id, group_code(n, zones)) in decided,
            ),
        )
        for n in nominations
    ]


def _workspace_item(
    nomination: Any,
    stage: Stage | None,
    questions: int,
    evidence: int,
    today: dt.date,
    *,
    decided: bool = False,
) -> Item:
    level = _("national") if nomination.category.level == Level.NATIONAL else _("provincial")
    place = _("Workspace of %(name)s (%(level)s round)") % {
        "name": nomination.name,
        "level": level,
    }
    link = (Link(_("Open the workspace"), "web:workspace", (nomination.pk,)),)
    assessment = getattr(nomination, "self_assessment", None)
    submitted = assessment.submitted_at if assessment is not None else None
    if nomination.status != NominationStatus.NOMINATED:
        return Item(
            Role.WORKSPACE,
            f"{place}: " + _("the candidate is no longer nominated"),
            links=link,
        )
    if submitted is not None:
        return Item(
            Role.WORKSPACE,
            f"{place}: "
            + _("self-assessment submitted on %(date)s")
            % {"date": day(timezone.localdate(submitted))},
            detail=ngettext("%(count)d document uploaded", "%(count)d documents uploaded", evidence)
            % {"count": evidence},
            links=link,
        )
    if decided:
        # Nothing waits any more (nor is late): what was decided was decided without it.
        return Item(
            Role.WORKSPACE,
            f"{place}: "
            + _("self-assessment not submitted; the Juara of its group are already decided"),
            links=link,
        )
    if stage is None or stage.status == StageStatus.DRAFT:
        starts = stage.starts_on if stage is not None else None
        text = (
            _("self-assessment opens on %(date)s") % {"date": day(starts)}
            if starts
            else _("self-assessment not open yet")
        )
        return Item(Role.WORKSPACE, f"{place}: {text}", links=link)
    if stage.status == StageStatus.CLOSED:
        return Item(
            Role.WORKSPACE,
            f"{place}: " + _("self-assessment closed, never submitted"),
            links=link,
        )
    answered = sum(1 for text in (assessment.answers if assessment else {}).values() if text)
    if stage.ends_on is not None and stage.ends_on >= today:
        text = _("self-assessment open until %(date)s") % {"date": day(stage.ends_on)}
    elif stage.ends_on is not None:
        text = _("self-assessment deadline %(date)s has passed") % {"date": day(stage.ends_on)}
    else:
        text = _("self-assessment open")
    progress = [
        _("%(answered)d of %(questions)d questions answered")
        % {"answered": answered, "questions": questions},
        ngettext("%(count)d document uploaded", "%(count)d documents uploaded", evidence)
        % {"count": evidence},
        _("not submitted yet"),
    ]
    return Item(
        Role.WORKSPACE,
        f"{place}: {text}",
        urgency=_urgency(stage.ends_on, today),
        pending=True,
        detail=", ".join(progress),
        due=stage.ends_on,
        links=link,
    )


# -- chairs and secretaries -----------------------------------------------------------------


def _decisions(user: Any, today: dt.date) -> list[Item]:
    """The groups whose Juara wait for the user's confirmation (the reminders' own list)."""
    items = []
    for entry in waiting(user=user, today=today, kinds=[ReminderKind.DECISION]):
        for name, target in zip(entry.shown, entry.targets, strict=True):
            links = (Link(_("Open the ranking"), "web:ranking", target),) if target else ()
            items.append(
                Item(
                    Role.DECISIONS,
                    _("Juara of %(group)s waiting for your confirmation") % {"group": name},
                    urgency=_urgency(entry.due, today),
                    pending=True,
                    detail=", ".join(
                        part
                        for part in (
                            _("decision stage of %(cycle)s") % {"cycle": entry.cycle.name},
                            _until(entry.due, today),
                        )
                        if part
                    ),
                    due=entry.due,
                    links=links,
                )
            )
    return items


# -- the secretariat ----------------------------------------------------------------------


def _secretariat(oversight: Oversight, today: dt.date) -> list[Item]:
    """Per cycle with an open stage, what the progress board counts as late."""
    items = []
    if oversight.workbench:
        items.append(
            Item(
                Role.SECRETARIAT,
                _("Secretariat workbench: cycles, stages, teams and shortlists"),
                links=(Link(_("Open the workbench"), "web:secretariat"),),
            )
        )
    if not oversight.progress:
        return items
    provinces = oversight.provinces
    if provinces is not None and not provinces:
        return items
    for cycle in Cycle.objects.filter(stages__status=StageStatus.OPEN).distinct():
        found = board(cycle=cycle, provinces=provinces, today=today)
        places = [b.name for b in found.provinces if b.total.is_late]
        places += [_("National")] if any(line.figures.is_late for line in found.national) else []
        late = found.total.late
        if provinces is None:
            count = len(found.provinces) + (1 if found.national else 0)
            detail = _("%(late)d of %(rounds)d rounds behind") % {
                "late": len(places),
                "rounds": count,
            }
        else:
            detail = ", ".join(places) if places else ""
        items.append(
            Item(
                Role.SECRETARIAT,
                f"{cycle.name}: " + ("; ".join(late) if late else _("nothing is late")),
                urgency=Urgency.LATE if late else Urgency.INFO,
                pending=bool(late),
                detail=detail,
                count=len(places),
                links=(
                    Link(_("Progress board"), "web:progress", (cycle.pk,)),
                    Link(_("Reminders"), "web:reminders", (cycle.pk,)),
                ),
            )
        )
    return items


# -- data officers ------------------------------------------------------------------------

FAILED = (ImportStatus.FAILED, ImportStatus.REJECTED)
GOOD = (ImportStatus.IMPORTED, ImportStatus.DUPLICATE)
PENDING = (ImportStatus.QUEUED, ImportStatus.RUNNING)


def _imports(oversight: Oversight) -> list[Item]:
    """Imports that failed since the last good one of their kind, and those under way (3
    queries)."""
    if not oversight.imports:
        return []
    from paritrana.coverage.domain.import_recovery import heal_interrupted_imports

    heal_interrupted_imports(wait=False)  # an import whose process died is not "under way"
    last_good = dict(
        DataImport.objects.filter(status__in=GOOD)
        .values("kind")
        .annotate(last=Max("created_at"))
        .order_by()
        .values_list("kind", "last")
    )
    items = []
    for record in DataImport.objects.filter(status__in=FAILED).order_by("-created_at")[:20]:
        good = last_good.get(record.kind)
        if good is not None and good > record.created_at:
            continue
        items.append(
            Item(
                Role.IMPORTS,
                _("Import of %(file)s (%(kind)s) %(status)s on %(date)s")
                % {
                    "file": record.file_name,
                    "kind": record.kind_label,
                    "status": str(record.get_status_display()).lower(),
                    "date": day(timezone.localdate(record.created_at)),
                },
                urgency=Urgency.SOON,
                pending=True,
                detail=record.message[:200],
                links=(Link(_("See the problems"), "web:import", (record.pk,)),),
            )
        )
    under_way = DataImport.objects.filter(status__in=PENDING).count()
    if under_way:
        items.append(
            Item(
                Role.IMPORTS,
                ngettext(
                    "%(count)d import queued or running",
                    "%(count)d imports queued or running",
                    under_way,
                )
                % {"count": under_way},
                count=under_way,
                links=(Link(_("Open the imports"), "web:imports"),),
            )
        )
    if not items:
        items.append(
            Item(
                Role.IMPORTS,
                _("No import failed or waiting"),
                count=0,
                links=(Link(_("Open the imports"), "web:imports"),),
            )
        )
    return items


@dataclass
class Section:
    role: Role
    title: str
    items: list[Item] = field(default_factory=list)


TITLES = {
    Role.SHEETS: gettext_lazy("Score sheets"),
    Role.WORKSPACE: gettext_lazy("Candidate workspaces"),
    Role.DECISIONS: gettext_lazy("Juara to confirm"),
    Role.SECRETARIAT: gettext_lazy("Secretariat"),
    Role.IMPORTS: gettext_lazy("Data imports"),
}


def sections(items: list[Item]) -> list[Section]:
    """The items by role, in the roles' order, for the page."""
    found: dict[Role, Section] = {}
    for item in items:
        found.setdefault(item.role, Section(item.role, str(TITLES[item.role]))).items.append(item)
    return [found[r] for r in Role if r in found]
