"""Which panels, cycles and candidates a person may take away in a workbook.

The rules are those of the pages (`paritrana.assessment.domain.access`), applied to many
candidates at once: the national admin sees everything; a panel member sees the panel's
rankings and candidates; a candidate's individual scores only where `may_view` would let them
open it (chair and secretary: every candidate of the panel; an assessor: those assigned to
them), and never a candidate a conflict bars them from. tests/reports/test_workbooks.py checks
that `score_candidates` agrees with `may_view` candidate by candidate.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from paritrana.assessment.domain.access import seat_on
from paritrana.assessment.domain.conflicts import barred_pairs
from paritrana.assessment.domain.panels import can_manage, is_national_admin, seats
from paritrana.assessment.models import Assignment, MemberRole, Panel
from paritrana.awards.models import Cycle, Level, Nomination


def panels_for(user: Any) -> QuerySet[Panel]:
    """The panels whose rankings, candidates and scores the user may export."""
    panels = Panel.objects.select_related("cycle").order_by(
        "-cycle__assessment_year", "level", "province"
    )
    if is_national_admin(user):
        return panels
    return panels.filter(pk__in=seats(user).values("panel_id"))


def cycles_for(user: Any) -> QuerySet[Cycle]:
    cycles = Cycle.objects.order_by("-assessment_year")
    if is_national_admin(user):
        return cycles
    return cycles.filter(pk__in=seats(user).values("panel__cycle_id"))


def _panel_scope(panel: Panel) -> Q:
    scope = Q(category__cycle_id=panel.cycle_id, category__level=panel.level)
    if panel.level == Level.PROVINCIAL:
        scope &= Q(province=panel.province)
    return scope


def panel_nominations(panel: Panel) -> QuerySet[Nomination]:
    """Every candidate a panel's round holds, removed ones included (their status says so)."""
    return Nomination.objects.filter(_panel_scope(panel)).select_related("category")


def cycle_nominations(user: Any, cycle: Cycle) -> QuerySet[Nomination]:
    """The candidates of `cycle` the user may list: all for the national admin, else those of
    the rounds of the panels they sit on."""
    nominations = Nomination.objects.filter(category__cycle=cycle)
    if not is_national_admin(user):
        scope = Q(pk__in=[])
        for seat in seats(user).filter(panel__cycle=cycle):
            scope |= _panel_scope(seat.panel)
        nominations = nominations.filter(scope)
    return nominations.select_related("category")


def score_candidates(user: Any, panel: Panel) -> set[int] | None:
    """Ids of the panel's candidates whose individual scores the user may see; None for every
    one (the national admin)."""
    if is_national_admin(user):
        return None
    seat = seat_on(user, panel)
    if seat is None:
        return set()
    nominations = list(panel_nominations(panel))
    if seat.role in (MemberRole.CHAIR, MemberRole.SECRETARY):
        allowed = {n.pk for n in nominations}
    else:
        allowed = set(
            Assignment.objects.filter(member=seat).values_list("nomination_id", flat=True)
        )
    barred = {n_id for _m, n_id in barred_pairs([seat], nominations)}
    return allowed - barred


def sees_drafts(user: Any, panel: Panel) -> bool:
    """Unsubmitted score sheets are for those who run the panel (chair, secretary, national
    admin): they chase missing sheets. Others see submitted scores only."""
    return can_manage(user, panel)
