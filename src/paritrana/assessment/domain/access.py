"""Facts the access permissions (`paritrana.access.rules`) are built from: a user's seat on a
panel, and the conflict of interest that bars them from a candidate. A conflict bars the
member from the candidate's details, evidence, scores and breakdown everywhere.
"""

from __future__ import annotations

from typing import Any

from paritrana.assessment.domain.conflicts import Finding, conflicts_of
from paritrana.assessment.domain.panels import panel_of
from paritrana.assessment.models import Panel, PanelMember
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
