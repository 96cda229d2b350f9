"""Which panels, cycles and candidates a person may take away in a workbook.

The permissions are those of the pages (`paritrana.access.rules`), applied to many candidates at
once through `paritrana.access.scopes`: the national admin sees everything; a provincial admin
their province's panel; a panel member the panel's rankings and candidates; a candidate's
individual scores only where `access.view_judging` would let them open it (chair, secretary and
provincial admin: every candidate of the panel; an assessor: those assigned to them), and never
a candidate a conflict bars them from. tests/reports/test_workbooks.py checks that
`score_candidates` agrees with `has_perm` candidate by candidate.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from paritrana.access.rules import administered_provinces
from paritrana.access.scopes import judged_nominations, visible_panels
from paritrana.assessment.domain.panels import is_national_admin, seats
from paritrana.assessment.models import Panel
from paritrana.awards.models import Cycle, Level, Nomination


def panels_for(user: Any) -> QuerySet[Panel]:
    """The panels whose rankings, candidates and scores the user may export."""
    return visible_panels(user)


def cycles_for(user: Any) -> QuerySet[Cycle]:
    cycles = Cycle.objects.order_by("-assessment_year")
    if is_national_admin(user) or administered_provinces(user):
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
    the rounds of the panels they may see."""
    nominations = Nomination.objects.filter(category__cycle=cycle)
    if not is_national_admin(user):
        scope = Q(pk__in=[])
        for panel in visible_panels(user).filter(cycle=cycle):
            scope |= _panel_scope(panel)
        nominations = nominations.filter(scope)
    return nominations.select_related("category")


def score_candidates(user: Any, panel: Panel) -> set[int] | None:
    """Ids of the panel's candidates whose individual scores the user may see; None for every
    one (the national admin)."""
    if is_national_admin(user):
        return None
    ids = panel_nominations(panel).values_list("pk", flat=True)
    return set(judged_nominations(user).filter(pk__in=ids).values_list("pk", flat=True))


def sees_drafts(user: Any, panel: Panel) -> bool:
    """Unsubmitted score sheets are for those who run the panel (chair, secretary, provincial
    and national admin): they chase missing sheets. Others see submitted scores only."""
    return bool(user.has_perm("access.manage_panel", panel))
