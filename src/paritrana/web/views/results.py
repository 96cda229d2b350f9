"""Rankings (/hasil/), each candidate's breakdown, and the chair's confirmation of the Juara.

Rankings are recomputed from the submitted scores on every request
(`assessment.domain.results.compute`) until the group's Juara are confirmed; from then on the
ranking shown is the one decided (`assessment.domain.decided`), and the panel's chair, secretary,
provincial admin and the national admin (`access.manage_panel`) see a drift notice when today's
data would rank the group differently, and may decide again with a reason (a new version). A
panel's members, its province's admin and the national secretariat see rankings
(`access.view_panel`). A candidate's breakdown follows `access.view_judging`:
a member conflicted with a candidate sees its name and totals, never its breakdown, and an
assessor sees the breakdown of the candidates assigned to them. A member conflicted with a
candidate sees its row withheld (`paritrana.access.policy.visible_rows`): name only, no total,
rank, place or breakdown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from paritrana import versions
from paritrana.access.policy import (
    AWAITING,
    WITHHELD,
    Shown,
    allowed,
    awaiting_own_scores,
    barred_nominations,
    require,
    row_as_seen,
    visible_panels,
    visible_rows,
)
from paritrana.assessment.domain.decided import (
    DecidedResult,
    Difference,
    drift,
    kept_computation,
    kept_ranking,
)
from paritrana.assessment.domain.decisions import (
    PLACES,
    Choice,
    confirmer,
    fingerprint,
    national_category,
    open_sheets,
    panel_for,
)
from paritrana.assessment.domain.results import Result, ResultError, Row, groups
from paritrana.assessment.models import (
    DecidedRanking,
    Decision,
    InterviewSlot,
    Panel,
)
from paritrana.awards.models import (
    Category,
    Level,
    Nomination,
    NominationSource,
    NominationStatus,
    StageKind,
    StageStatus,
)
from paritrana.commands.decisions import confirm_juara, redecide_juara
from paritrana.errors import DomainError
from paritrana.regions.domain.labels import kabkota_names, with_kabkota
from paritrana.web.confirm import NOT_CONFIRMED, confirmed
from paritrana.web.listing import Column, Filter, listing
from paritrana.web.stage_words import stage_lock_reason
from paritrana.web.templatetags.humanize_id import floatformat2

FORBIDDEN = "Peringkat ini hanya untuk anggota tim penilai yang bersangkutan dan admin nasional."

MANAGE = "access.manage_panel"

View = Callable[..., HttpResponse]


def refusing(view: View) -> View:
    """Show a refusal (PermissionDenied) in the site's layout with its reason, status 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return render(
                request,
                "web/assessment/results_forbidden.html",
                {"message": str(exc) or FORBIDDEN},
                status=403,
            )

    return wrapper


# -- the list -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    category: Category
    code: str
    name: str
    confirmed: bool


def _visible_categories(user: Any) -> list[tuple[Category, Panel | None]]:
    """(category, the only panel whose groups the user sees, or None for every group)."""
    categories = Category.objects.filter(enabled=True).select_related("cycle")
    # `access.view_panel` of no panel: the national admin, who sees every group.
    if allowed(user, "access.view_panel", None):
        return [(c, None) for c in categories.order_by("-cycle__assessment_year", "level", "order")]
    found = []
    for panel in visible_panels(user):
        for category in categories.filter(cycle=panel.cycle, level=panel.level).order_by("order"):
            found.append((category, panel))
    return found


@login_required
def rankings(request: HttpRequest) -> HttpResponse:
    confirmed = set(Decision.objects.values_list("category_id", "group").distinct())
    listed = []
    for category, panel in _visible_categories(request.user):
        for group in groups(category):
            if (
                panel is not None
                and panel.level == Level.PROVINCIAL
                and group.code != panel.province
            ):
                continue
            listed.append(
                Listed(category, group.code, group.label, (category.pk, group.code) in confirmed)
            )
    panels = [p for p in visible_panels(request.user) if allowed(request.user, MANAGE, p)]
    state = request.GET.get("juara", "")
    if state in ("ya", "belum"):
        listed = [item for item in listed if item.confirmed == (state == "ya")]
    found = listing(
        request,
        listed,
        columns=[
            Column(
                "siklus",
                # The year alone beside "Paritrana Award 2026" elsewhere read as another
                # edition: the header says which year it is.
                _("Assessment year"),
                lambda i: (-i.category.cycle.assessment_year, i.category.level),
            ),
            Column("kategori", _("Category"), lambda i: i.category.display_name),
            Column("kelompok", _("Group"), lambda i: i.name),
            Column("juara", _("Juara"), lambda i: i.confirmed),
        ],
        default="siklus",
        search=lambda i: f"{i.category.display_name} {i.category.name} {i.name} {i.code}",
        search_label=_("Category or group"),
        filters=[
            Filter(
                "juara",
                _("Juara"),
                [("", _("(all)")), ("ya", _("confirmed")), ("belum", _("not confirmed yet"))],
                state,
            )
        ],
    )
    return render(request, "web/assessment/results_list.html", {"listing": found, "panels": panels})


# -- one ranking --------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    row: Row
    barred: bool  # the viewer is conflicted: name only, no figures, rank or breakdown
    open: bool  # the viewer may open the breakdown (`access.view_judging`)
    note: str  # why the row is withheld
    place: str
    tie: str  # the tie-break rule that placed it below the one above, when not the total
    href: str = ""  # its breakdown, when open
    ranks: str = ""  # the range of its rank over the robustness draws, in words
    name: str = ""  # a village with its kab/kota: "Sungai Ayak 3 (Kab. Sekadau)"


def _category(pk: int, group: str) -> Category:
    if "\x00" in group:  # PostgreSQL refuses NUL in text; no group code has one
        raise Http404
    return get_object_or_404(Category.objects.select_related("cycle"), pk=pk)


def _check_viewer(request: HttpRequest, panel: Panel | None) -> None:
    """AccessDenied unless `access.view_panel`."""
    if panel is None and not allowed(request.user, "access.view_panel", None):
        raise PermissionDenied(FORBIDDEN)
    require(request.user, "access.view_panel", panel)


def rule_label(name: str, criteria: dict[str, str]) -> str:
    labels = {
        "total": _("final total"),
        "assessor": _("assessor total"),
        "data": _("data-based total"),
        "key": _("candidate code (fixed order)"),
    }
    if name in labels:
        return str(labels[name])
    code = name.removeprefix("criterion:")
    return str(_("criterion %(name)s") % {"name": criteria.get(code, code)})


def tie_words(
    broken_by: str | None, first_rule: str, total: float | None, criteria: dict[str, str]
) -> str:
    """Why a candidate is below the one above it with the same total: "seri 82,50; diurutkan
    menurut total penilai". The rule is the one the ranking used (`scoring.aggregate.rank`:
    the first declared rule on which the two differ); "" when the first rule decided."""
    if not broken_by or broken_by == first_rule:
        return ""
    rule = rule_label(broken_by, criteria)
    if first_rule == "total":
        if total is None:  # two candidates without scores: an order, not a tie worth telling
            return ""
        return gettext("tied at %(total)s; ordered by %(rule)s") % {
            "total": floatformat2(total),
            "rule": rule,
        }
    return gettext("tied on %(first)s; ordered by %(rule)s") % {
        "first": rule_label(first_rule, criteria),
        "rule": rule,
    }


def _promoted(category: Category, decisions: list[Decision]) -> Nomination | None:
    """The national nomination this group's confirmed Juara I (among its `decisions`) went on
    to, if any."""
    if category.level != Level.PROVINCIAL:
        return None
    first = next((d for d in decisions if d.place == 1), None)
    national = national_category(category)
    if first is None or national is None:
        return None
    return national.nominations.filter(
        key=first.nomination.key,
        source=NominationSource.PROMOTED,
        status=NominationStatus.NOMINATED,
    ).first()


@dataclass(frozen=True)
class Decided:
    """A decided group's record, what today's data would change, and the earlier versions."""

    record: DecidedRanking
    today: Result | None  # computed now, for those who see drift and may decide again
    drift: list[Difference]
    versions: list[DecidedRanking]


def _decided(request: HttpRequest, result: Result, manages: bool, stamp: int) -> Decided | None:
    """For a decided group: the drift, computed only for its panel's chair, secretary,
    provincial admin and the national admin (`manages`: one computation, on this page only)."""
    if not isinstance(result, DecidedResult) or result.decided is None:
        return None
    record = result.decided
    today: Result | None = None
    if manages:
        try:
            today = kept_computation(result.category, result.group.code, stamp=stamp)
        except ResultError:
            today = None
    versions = list(
        DecidedRanking.objects.filter(category=result.category, group=result.group.code)
        .select_related("decided_by")
        .order_by("version")
    )
    # A candidate a conflict bars the viewer from is left out of the drift too.
    nominations = [row.nomination for row in result.rows]
    barred = barred_nominations(request.user, nominations)
    hidden = {n.name for n in nominations if n.pk in barred}
    changes = [d for d in drift(result, today) if d.name not in hidden] if today else []
    return Decided(record, today, changes, versions)


@login_required
@refusing
def ranking(request: HttpRequest, category: int, group: str) -> HttpResponse:
    category_obj = _category(category, group)
    panel = panel_for(category_obj, group)
    _check_viewer(request, panel)
    stamp = versions.current()  # one data version for all this page keeps (paritrana.versions)
    try:
        result = kept_ranking(category_obj, group, stamp=stamp)
    except ResultError as exc:
        return render(
            request,
            "web/assessment/results_ranking.html",
            {"category": category_obj, "group": group, "error": str(exc)},
        )
    # `access.manage_panel` asked once (it reads the viewer's seat).
    manages = allowed(request.user, MANAGE, panel)
    decided = _decided(request, result, manages, stamp)
    # The Juara are chosen on today's ranking: the computed one, or, once decided, today's.
    basis = result if decided is None else decided.today
    chosen_default = [row.nomination for row in basis.top(3)] if basis else []
    decision_stage = category_obj.cycle.stages.filter(
        level=category_obj.level, kind=StageKind.DECISION
    ).first()
    stage_open = decision_stage is not None and (
        decision_stage.status == StageStatus.OPEN
        or (decided is not None and decision_stage.status == StageStatus.CLOSED)
    )
    who = confirmer(category_obj, group, chosen_default) if chosen_default else None
    may_confirm = (
        stage_open
        and basis is not None
        and allowed(
            request.user,
            "access.confirm_decision",
            Choice(category_obj, group, tuple(chosen_default)),
        )
    )
    posted: dict[str, Any] = {}
    if request.method == "POST":
        done, posted = _confirm(
            request, basis or result, group, redecide=decided is not None, ask=may_confirm
        )
        if done:
            return redirect("web:ranking", category=category_obj.pk, group=group)
    shown = visible_rows(request.user, result.rows)
    withheld = {s.row.nomination.pk for s in shown if s.withheld}
    awaiting = {s.row.nomination.pk for s in shown if s.withheld and s.note == AWAITING}
    names = {c.code: c.display_name for c in result.criteria}
    selected = posted.get("selected") or [str(n.pk) for n in chosen_default]
    selected = [*selected, "", "", ""][: len(PLACES)]
    decisions = list(
        Decision.objects.filter(category=category_obj, group=group)
        .select_related("nomination", "confirmed_by")
        .order_by("place")
    )
    return render(
        request,
        "web/assessment/results_ranking.html",
        {
            "category": category_obj,
            "group": group,
            "result": result,
            "ranking_rows": _ranking_rows(result, shown, stamp),
            "withheld": withheld,
            "withheld_note": WITHHELD,
            # Withheld until the reader sends their own sheets, not by a conflict.
            "awaiting": awaiting,
            "conflicted": bool(withheld - awaiting),
            "awaiting_note": AWAITING,
            "stage_kinds": _stage_kinds(result),
            "tie_rules": [rule_label(name, names) for name in result.rules.tie_rules],
            "skipped_rules": [rule_label(name, names) for name in result.skipped_rules],
            "decisions": [(_place(d.place), d) for d in decisions],
            "promoted": _promoted(category_obj, decisions),
            "decision_stage": decision_stage,
            "may_confirm": may_confirm,
            # What the person confirming is shown: the command refuses if it has changed since.
            "ranking_seen": fingerprint(basis) if may_confirm and basis is not None else "",
            # The sheets still to come: confirming without them needs a reason (decisions); those
            # who manage the panel see them too while the group is undecided (the ranking above
            # lacks them).
            "open_sheets": (
                open_sheets(category_obj, group)
                if may_confirm or (panel is not None and manages and decided is None)
                else []
            ),
            "may_manage": panel is not None and manages,
            "confirmer": who,
            "decided": decided,
            "candidates": _options(
                [
                    row
                    for row in (basis or result).rows
                    if row.total is not None and row.nomination.pk not in withheld
                ]
            ),
            "choices": list(zip(range(1, len(PLACES) + 1), PLACES, selected, strict=True)),
            "reason": posted.get("reason", ""),
            "confirm_error": posted.get("confirm_error", ""),
            "decision_lock": stage_lock_reason(decision_stage) if decision_stage else "",
            "alphas": [(label, result.alpha.get(kind)) for kind, label in _stage_kinds(result)],
            "data_share": _share(result.data_weight, result),
            "assessor_share": _share(result.assessor_weight, result),
        },
    )


def _ranking_rows(result: Result, shown: list[Shown[Row]], stamp: int) -> str:
    """The ranking's rows as the reader sees them, as HTML kept in this process until the data
    changes (`paritrana.versions`). The key is what the reader may see of each row, in their
    order (withheld by a conflict of interest; breakdown open to them), as `visible_rows` said
    for this request: readers who see the same share the same text, and a reader whom a
    conflict bars from a candidate gets the text made for that, never another reader's."""
    seen = tuple((s.row.nomination.pk, s.withheld, s.open, s.renumbered, s.note) for s in shown)
    category, group = result.category, result.group.code

    def compute() -> str:
        names = {c.code: c.name for c in result.criteria}
        first = _first_rule(result)
        context = {
            "lines": [_line(s, names, category.pk, group, first) for s in shown],
            "result": result,
            "stage_kinds": _stage_kinds(result),
            "withheld_span": 7 + len(_stage_kinds(result)),
            # Words every row repeats, translated once (not a `translate` tag per row).
            "words": {
                "percentile": gettext("5th to 95th percentile of the rank over the draws"),
                "disagreement": gettext("high assessor disagreement"),
            },
        }
        return render_to_string("web/assessment/_ranking_rows.html", context)

    key = (category.pk, group, get_language(), seen)
    return mark_safe(versions.remembered("ranking.rows", key, compute, stamp=stamp))  # escaped


def _first_rule(result: Result) -> str:
    return next(iter(result.rules.tie_rules or ["total"]))


def _lines(
    shown: list[Shown[Row]], names: dict[str, str], category: int, group: str, first_rule: str
) -> list[Line]:
    kabkota = kabkota_names(s.row.nomination.region_code for s in shown)
    return [
        replace(
            _line(s, names, category, group, first_rule),
            name=with_kabkota(s.row.nomination.name, s.row.nomination.region_code, kabkota),
        )
        for s in shown
    ]


def _line(
    shown: Shown[Row], names: dict[str, str], category: int, group: str, first_rule: str
) -> Line:
    row = shown.row
    if shown.withheld:
        return Line(row, True, False, shown.note, "", "")
    tie = tie_words(row.broken_by, first_rule, row.total, names)
    href = reverse("web:breakdown", args=[category, group, row.nomination.pk]) if shown.open else ""
    if shown.renumbered:  # its range over the draws would tell where the withheld one stands
        ranks = ""
    elif row.rank_low == row.rank_high:
        ranks = gettext("rank %(low)s") % {"low": row.rank_low}
    else:
        ranks = gettext("rank %(low)s–%(high)s") % {"low": row.rank_low, "high": row.rank_high}
    return Line(row, False, shown.open, "", _place(row.place), tie, href, ranks)


def _options(rows: list[Row]) -> list[tuple[str, str]]:
    """The candidates to choose the Juara from, as (value, label): computed once for the three
    places' lists (a label formats a total, which the template engine does slowly)."""
    return [
        (str(row.nomination.pk), f"{row.rank}. {row.nomination.name} ({floatformat2(row.total)})")
        for row in rows
    ]


def _share(weight: float, result: Result) -> float | None:
    whole = result.data_weight + result.assessor_weight
    return weight / whole * 100 if whole else None


def _place(place: int | None) -> str:
    return PLACES[place - 1] if place and place <= len(PLACES) else ""


def _stage_kinds(result: Result) -> list[tuple[str, str]]:
    kinds = dict.fromkeys(c.stage for c in result.criteria)
    return [(kind, str(StageKind(kind).label)) for kind in kinds]


def _confirm(
    request: HttpRequest, result: Result, group: str, *, redecide: bool, ask: bool = True
) -> tuple[bool, dict[str, Any]]:
    """Confirm the Juara chosen on `result` (today's ranking), or decide a decided group again."""
    selected = [request.POST.get(f"juara-{i}", "") for i in range(1, len(PLACES) + 1)]
    reason = request.POST.get("reason", "")
    posted = {"selected": selected, "reason": reason}
    if ask and not confirmed(request):
        # A decision is announced with its date: never confirmed without the box.
        # (Whoever may not confirm is refused by the command, with its reason.)
        return False, {**posted, "confirm_error": str(NOT_CONFIRMED)}
    by_pk = {str(row.nomination.pk): row.nomination for row in result.rows}
    filled = [value for value in selected if value]
    if selected[: len(filled)] != filled:
        messages.error(request, _("Fill the places in order: Juara I first, then II, then III."))
        return False, posted
    if any(value not in by_pk for value in filled):
        messages.error(request, _("Choose the Juara among the ranked candidates."))
        return False, posted
    verb = redecide_juara if redecide else confirm_juara
    try:
        decisions = verb(
            request.user,
            category=result.category,
            group=group,
            chosen=[by_pk[value] for value in filled],
            reason=reason,
            seen=request.POST.get("ranking") or None,
        )
    except DomainError as exc:
        messages.error(request, str(exc))
        return False, posted
    messages.success(
        request,
        _("Confirmed: %(places)s.")
        % {"places": "; ".join(f"{PLACES[d.place - 1]} {d.nomination.name}" for d in decisions)},
    )
    return True, posted


# -- one candidate's breakdown ------------------------------------------------------------


@dataclass(frozen=True)
class Assessor:
    key: str
    name: str


@login_required
@refusing
def breakdown(request: HttpRequest, category: int, group: str, nomination: int) -> HttpResponse:
    category_obj = _category(category, group)
    candidate = get_object_or_404(Nomination, pk=nomination, category=category_obj)
    panel = panel_for(category_obj, group)
    _check_viewer(request, panel)
    require(request.user, "access.view_judging", candidate)
    if barred_nominations(request.user, [candidate]):
        raise PermissionDenied(f"Rincian {candidate.name} {WITHHELD}.")
    if awaiting_own_scores(request.user, [candidate]):
        raise PermissionDenied(f"Rincian {candidate.name} {AWAITING}.")
    try:
        result = kept_ranking(category_obj, group)
        result.row(candidate)
    except ResultError as exc:
        raise Http404(str(exc)) from exc
    # Ranked among the candidates the reader may see, as on the ranking page.
    shown, _withheld = row_as_seen(request.user, result.rows, candidate)
    row = shown.row
    explained = result.explain(candidate)
    keys = {key for c in explained.criteria for key in c.raw}
    assessors = sorted(
        (Assessor(key, result.members[key].display_name) for key in keys if key in result.members),
        key=lambda a: a.name,
    )
    names = {c.code: c for c in [*result.criteria, *result.data_criteria]}
    return render(
        request,
        "web/assessment/results_breakdown.html",
        {
            "category": category_obj,
            "group": group,
            "result": result,
            "nomination": candidate,
            "row": row,
            "renumbered": shown.renumbered,
            "place": _place(row.place),
            "breakdown": explained,
            "criteria": [
                (names[c.code], c, result.shares.get(c.code, 0) * 100) for c in explained.criteria
            ],
            "assessors": assessors,
            "auto": [
                (names.get(a.criterion), a, result.shares.get(a.criterion, 0) * 100)
                for a in result.auto.get(candidate.pk, [])
            ],
            "stage_kinds": _stage_kinds(result),
            "interview": InterviewSlot.objects.filter(
                nomination=candidate, stage__kind=StageKind.INTERVIEW
            ).first(),
        },
    )
