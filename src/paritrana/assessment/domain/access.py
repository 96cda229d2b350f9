"""Who may see what of a candidate in judging: one place for pages, exports and the API.

A panel member sees a candidate only when it is assigned to them (or they chair or run the
panel) and no conflict bars them; the national admin sees everything. A conflict bars the
member from the candidate's details, evidence, scores and breakdown everywhere.
"""

from __future__ import annotations

from typing import Any

from paritrana.assessment.domain.conflicts import Finding, conflicts_of
from paritrana.assessment.domain.panels import is_national_admin, panel_of
from paritrana.assessment.models import Assignment, MemberRole, Panel, PanelMember
from paritrana.awards.models import Nomination


def seat_on(user: Any, panel: Panel | None) -> PanelMember | None:
    if panel is None or not getattr(user, "is_authenticated", False):
        return None
    return PanelMember.objects.filter(panel=panel, user=user).select_related("panel").first()


def barring(user: Any, nomination: Nomination) -> Finding | None:
    """The user's active conflict with the candidate, through their seat on its panel."""
    seat = seat_on(user, panel_of(nomination))
    if seat is None:
        return None
    return next((f for f in conflicts_of(seat, nomination) if f.active), None)


def may_view(user: Any, nomination: Nomination) -> bool:
    """May the user open the candidate's judging details (evidence, scores, breakdown)?"""
    if is_national_admin(user):
        return True
    seat = seat_on(user, panel_of(nomination))
    if seat is None or barring(user, nomination) is not None:
        return False
    if seat.role in (MemberRole.CHAIR, MemberRole.SECRETARY):
        return True
    return Assignment.objects.filter(member=seat, nomination=nomination).exists()


def may_view_panel(user: Any, panel: Panel) -> bool:
    """Rankings of a panel: its members and the national admin."""
    return is_national_admin(user) or seat_on(user, panel) is not None
