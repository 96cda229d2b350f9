"""The same permissions as `paritrana.access.rules`, for many objects at once (lists, pages of
the API, workbooks). tests/access/test_scopes.py checks, object by object, that each list holds
exactly what `has_perm` allows.

What a reader may see of a ranking or a workbook is decided here too, once, for every page,
export, PDF and API answer: `barred_nominations` (a conflict of interest bars the reader from a
candidate's scores, comments, breakdown and rank), `visible_rows` (a ranking's rows as the
reader sees them), `listed_nominations` (the candidates workbook), `scored_nominations` and
`sees_drafts` (the scores workbook)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, is_dataclass, replace
from functools import partial
from typing import Any, Generic, TypeVar, cast

from django.db.models import Q, QuerySet

from paritrana import versions
from paritrana.access.check import allowed
from paritrana.access.rules import administered_provinces
from paritrana.assessment.domain.access import awaiting_own_scores
from paritrana.assessment.domain.conflicts import barred_pairs
from paritrana.assessment.domain.panels import is_national_admin, nominations_of, seats
from paritrana.assessment.models import Assignment, MemberRole, Panel, PanelMember
from paritrana.awards.models import Cycle, Level, Nomination


def visible_panels(user: Any) -> QuerySet[Panel]:
    """Panels whose rankings the user may see (`access.view_panel`)."""
    panels = Panel.objects.select_related("cycle").order_by(
        "-cycle__assessment_year", "level", "province"
    )
    if is_national_admin(user):
        return panels
    return panels.filter(
        Q(pk__in=seats(user).values("panel_id"))
        | Q(level=Level.PROVINCIAL, province__in=administered_provinces(user))
    )


def _seated(
    user: Any, among: set[int] | None, own: list[PanelMember] | None = None
) -> list[tuple[PanelMember, list[Nomination]]]:
    """Each of the user's seats (`own`, when already read) with its panel's candidates (only
    those `among`, when given: conflicts are found pair by pair, so restricting the candidates
    restricts the result)."""
    found = []
    for seat in seats(user) if own is None else own:
        if among is None:
            found.append((seat, _kept_candidates(seat.panel)))
        else:
            found.append((seat, list(nominations_of(seat.panel).filter(pk__in=among))))
    return found


def _kept_candidates(panel: Panel) -> list[Nomination]:
    """A panel's candidates (`nominations_of`), kept in this process until the data changes
    (`paritrana.versions`): a fact of the data, the same whoever asks. Shared: never changed."""
    return versions.remembered("panel.candidates", (panel.pk,), lambda: list(nominations_of(panel)))


def _judged_ids(
    user: Any, seated: list[tuple[PanelMember, list[Nomination]]], barred: dict[int, set[int]]
) -> set[int]:
    """Candidates the user judges: every one of the panels they chair or are secretary of, the
    ones assigned to them on the others; less those a conflict of interest bars them from."""
    ids: set[int] = set()
    for seat, candidates in seated:
        if seat.role in (MemberRole.CHAIR, MemberRole.SECRETARY):
            allowed = {n.pk for n in candidates}
        else:
            allowed = set(
                Assignment.objects.filter(member=seat).values_list("nomination_id", flat=True)
            )
        ids |= allowed - barred[seat.pk]
    return ids


def _judging(user: Any, judged: set[int]) -> Q:
    """`access.view_judging` as a filter, for a user who is not a national admin."""
    return Q(pk__in=judged) | Q(
        category__level=Level.PROVINCIAL, province__in=administered_provinces(user)
    )


def _barred_by_seat(seated: list[tuple[PanelMember, list[Nomination]]]) -> dict[int, set[int]]:
    """Per seat, the candidates an active conflict bars the user from (kept in this process
    until the data changes: conflicts are facts of the data, the same whoever asks)."""
    return {
        seat.pk: versions.remembered(
            "barred.seat",
            (seat.pk, tuple(n.pk for n in candidates)),
            partial(_barred_of_seat, seat, candidates),
        )
        for seat, candidates in seated
    }


def _barred_of_seat(seat: PanelMember, candidates: list[Nomination]) -> set[int]:
    return {n_id for _m, n_id in barred_pairs([seat], candidates)}


def judged_nominations(user: Any, among: Iterable[int] | None = None) -> QuerySet[Nomination]:
    """Candidates whose judging the user may see (`access.view_judging`): a conflict bars an
    admin who also sits on the candidate's panel too. `among`: only these candidates (a page's
    rows; the same answer for them, without judging the panels' other candidates)."""
    wanted = set(among) if among is not None else None
    seated = _seated(user, wanted)
    return _judged_among(user, wanted, seated, _barred_by_seat(seated))


def _judged_among(
    user: Any,
    wanted: set[int] | None,
    seated: list[tuple[PanelMember, list[Nomination]]],
    barred_by_seat: dict[int, set[int]],
) -> QuerySet[Nomination]:
    nominations = Nomination.objects.select_related("category__cycle")
    if wanted is not None:
        nominations = nominations.filter(pk__in=wanted)
    if not is_national_admin(user):
        nominations = nominations.filter(_judging(user, _judged_ids(user, seated, barred_by_seat)))
    barred = set().union(*barred_by_seat.values())
    return nominations.exclude(pk__in=barred) if barred else nominations


def visible_nominations(user: Any) -> QuerySet[Nomination]:
    """Candidates the user may open (`access.view_candidate`): those they judge or administer,
    and those they represent."""
    nominations = Nomination.objects.select_related("category__cycle")
    if not getattr(user, "is_authenticated", False):
        return nominations.none()
    seated = _seated(user, None)
    barred_by_seat = _barred_by_seat(seated)
    barred = set().union(*barred_by_seat.values())
    judging = (
        Q()
        if is_national_admin(user)
        else _judging(user, _judged_ids(user, seated, barred_by_seat))
    )
    if barred:
        judging &= ~Q(pk__in=barred)
    if is_national_admin(user) and not barred:
        return nominations
    return nominations.filter(judging | Q(representatives__user=user)).distinct()


# -- what a reader may see of a ranking, a workbook, a list -------------------------------

WITHHELD = "disembunyikan: Anda berkonflik kepentingan"
AWAITING = "disembunyikan sampai Anda mengirim nilai Anda untuk kandidat ini"


def _panel_key(nomination: Nomination) -> tuple[int, str, str]:
    category = nomination.category
    province = nomination.province if category.level == Level.PROVINCIAL else ""
    return (category.cycle_id, category.level, province)


def barred_nominations(user: Any, nominations: Iterable[Nomination]) -> set[int]:
    """Ids of the candidates whose scores, comments, breakdown and rank a conflict of interest
    bars the user from: an active conflict (not overridden) through their seat on the
    candidate's panel. Whatever else the user is (an admin too), the conflict wins."""
    return set().union(*_barred_per_seat(list(seats(user)), nominations).values())


def _barred_per_seat(
    own: list[PanelMember], nominations: Iterable[Nomination]
) -> dict[int, set[int]]:
    """Per seat of `own` (one seat per panel), the ids of `nominations` of its panel an active
    conflict bars it from."""
    candidates = list(nominations)
    by_panel = {(s.panel.cycle_id, s.panel.level, s.panel.province): s for s in own}
    if not by_panel or not candidates:
        return {}
    by_seat: dict[int, list[Nomination]] = {}
    for nomination in candidates:
        seat = by_panel.get(_panel_key(nomination))
        if seat is not None:
            by_seat.setdefault(seat.pk, []).append(nomination)
    return {
        seat.pk: {n_id for _m, n_id in barred_pairs([seat], by_seat[seat.pk])}
        for seat in by_panel.values()
        if seat.pk in by_seat
    }


def _kept_barred_per_seat(
    own: list[PanelMember], nominations: list[Nomination]
) -> dict[int, set[int]]:
    """`_barred_per_seat`, kept in this process until the data changes (`paritrana.versions`):
    the conflicts between given seats and given candidates are facts of the data (declared,
    derived from regions and employers, overridden), the same whoever asks. The seats are the
    reader's own, read on every request, and part of the key."""
    key = (tuple(s.pk for s in own), tuple(n.pk for n in nominations))
    return versions.remembered("barred", key, lambda: _barred_per_seat(own, nominations))


R = TypeVar("R")


@dataclass(frozen=True)
class Shown(Generic[R]):
    """One row of a ranking as a reader sees it. `withheld`: a conflict bars them from the
    candidate, so no total, rank, breakdown or place is shown, only the name and `note`;
    `open`: they may open the candidate's breakdown (`access.view_judging`)."""

    row: R
    withheld: bool
    open: bool
    note: str = ""
    # Ranked among the rows the reader may see (`visible_rows`): the ranking holds a candidate
    # withheld from them, whose rank a gap in the numbers would tell.
    renumbered: bool = False


def visible_rows(user: Any, rows: Iterable[R]) -> list[Shown[R]]:
    """The rows of a ranking (anything with a `nomination`) as `user` may see them: the
    candidates they may read in ranking order, then those withheld from them (listed last, so
    their place in the list does not tell their rank): those a conflict bars them from, and
    those whose scores they have still to send (`awaiting_own_scores`)."""
    rows = list(rows)
    nominations = [row.nomination for row in rows]  # type: ignore[attr-defined]
    # `barred_nominations` and `judged_nominations(among=...)`, reading the seats and each
    # seat's conflicts once: conflicts are found pair by pair, so a seat's barred candidates
    # among its panel's are those among the rows of its panel.
    own = list(seats(user))
    barred_per_seat = _kept_barred_per_seat(own, nominations)
    barred: set[int] = set().union(*barred_per_seat.values())
    wanted = {n.pk for n in nominations}
    seated = _seated(user, wanted, own)
    barred_by_seat = {
        seat.pk: barred_per_seat.get(seat.pk, set()) & {n.pk for n in candidates}
        for seat, candidates in seated
    }
    judged = set(_judged_among(user, wanted, seated, barred_by_seat).values_list("pk", flat=True))
    awaiting = awaiting_own_scores(user, nominations) - barred
    hidden = barred | awaiting
    withheld = any(n.pk in hidden for n in nominations)
    readable = [(row, n) for row, n in zip(rows, nominations, strict=True) if n.pk not in hidden]
    shown = [
        Shown(
            _ranked_among_visible(row, position) if withheld else row,
            False,
            n.pk in judged,
            renumbered=withheld,
        )
        for position, (row, n) in enumerate(readable, start=1)
    ]
    return shown + [
        Shown(row, True, False, WITHHELD if n.pk in barred else AWAITING)
        for row, n in zip(rows, nominations, strict=True)
        if n.pk in hidden
    ]


def row_as_seen(user: Any, rows: Iterable[R], nomination: Nomination) -> tuple[Shown[R], set[int]]:
    """`nomination`'s row of a ranking as `user` sees it (`visible_rows`: ranked among the rows
    they may see when a conflict withholds another), and the ids of the ranking's candidates
    withheld from them, whose figures a median or a count over the group must leave out. A
    breakdown page or a report of one candidate asks this, so that it tells no more than the
    ranking page."""
    shown = visible_rows(user, rows)
    withheld = {s.row.nomination.pk for s in shown if s.withheld}  # type: ignore[attr-defined]
    for line in shown:
        if line.row.nomination.pk == nomination.pk:  # type: ignore[attr-defined]
            return line, withheld
    raise LookupError(f"{nomination.name} tidak ada dalam peringkat ini.")


def _ranked_among_visible(row: R, position: int) -> R:
    """A ranking row ranked `position` among the rows its reader may see. Its own rank would
    leave a gap where a withheld candidate stands (1, 2, 3, 4, 6: the hidden one is 5th, its
    total between its neighbours'); so would the range of its rank over the robustness draws,
    the shares of those draws in which it keeps its rank or stays among the Juara (a third
    shown with a low share of the top places tells a withheld one stands above it), and a
    tie-break naming the rule that placed it below the withheld one: those are dropped."""
    if not is_dataclass(row) or not hasattr(row, "rank"):
        return row
    changes: dict[str, Any] = {"rank": position}
    for name in ("rank_low", "rank_high"):
        if hasattr(row, name):
            changes[name] = position
    for name in ("keep_share", "top_share"):
        if hasattr(row, name):
            changes[name] = None
    if hasattr(row, "broken_by"):
        changes["broken_by"] = None
    return cast(R, replace(row, **changes))  # type: ignore[type-var]


# -- what a reader may take away in a workbook ----------------------------------------------


def _round(panel: Panel) -> Q:
    scope = Q(category__cycle_id=panel.cycle_id, category__level=panel.level)
    if panel.level == Level.PROVINCIAL:
        scope &= Q(province=panel.province)
    return scope


def round_nominations(panel: Panel) -> QuerySet[Nomination]:
    """Every candidate a panel's round holds, removed ones included (their status says so)."""
    return Nomination.objects.filter(_round(panel)).select_related("category")


def exportable_cycles(user: Any) -> QuerySet[Cycle]:
    """Cycles whose candidates the user may take away (`access.export_cycle`)."""
    cycles = Cycle.objects.order_by("-assessment_year")
    if is_national_admin(user) or administered_provinces(user):
        return cycles
    return cycles.filter(pk__in=seats(user).values("panel__cycle_id"))


def listed_nominations(user: Any, cycle: Cycle) -> QuerySet[Nomination]:
    """The candidates of `cycle` the user may list in the candidates workbook: every one for
    the national admin; the whole round (removed candidates included) of each panel they manage
    (`access.manage_panel`); on the other panels they sit on, only those they judge (an
    assessor: the ones assigned to them); never one a conflict bars them from."""
    nominations = Nomination.objects.filter(category__cycle=cycle).select_related("category")
    if is_national_admin(user):
        return nominations
    scope = Q(pk__in=judged_nominations(user).filter(category__cycle=cycle).values("pk"))
    for panel in visible_panels(user).filter(cycle=cycle):
        if allowed(user, "access.manage_panel", panel):
            scope |= _round(panel)
    listed = nominations.filter(scope)
    barred = barred_nominations(user, listed)
    return listed.exclude(pk__in=barred)


def scored_nominations(user: Any, panel: Panel) -> set[int] | None:
    """Ids of the panel's candidates whose individual scores and comments the user may read
    (`access.view_judging`, less any a conflict bars them from); None for every one."""
    round_ = round_nominations(panel)
    if is_national_admin(user):
        barred = barred_nominations(user, round_)
        return set(round_.values_list("pk", flat=True)) - barred if barred else None
    judged = judged_nominations(user).filter(pk__in=round_.values("pk"))
    return set(judged.values_list("pk", flat=True)) - barred_nominations(user, judged)


def sees_drafts(user: Any, panel: Panel) -> bool:
    """Unsubmitted score sheets are for those who run the panel (chair, secretary, provincial
    and national admin): they chase missing sheets. Others see submitted scores only."""
    return allowed(user, "access.manage_panel", panel)
