"""Facts the access permissions (`paritrana.access.rules`) are built from: a user's seat on a
panel, the conflict of interest that bars them from a candidate, and the sheets an assessor has
still to send. A conflict bars the member from the candidate's details, evidence, scores and
breakdown everywhere; a sheet not sent yet hides the other assessors' scores of the candidate,
its total and its rank from its assessor until it is sent (or the Juara of its group are
decided, after which it is no longer accepted).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef

from paritrana.assessment.domain.conflicts import Finding, conflicts_of
from paritrana.assessment.domain.panels import panel_of
from paritrana.assessment.domain.scores import decided_among
from paritrana.assessment.models import Assignment, MemberRole, Panel, PanelMember, ScoreSheet
from paritrana.awards.models import Nomination, StageStatus


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


def awaiting_own_scores(user: Any, nominations: Iterable[Nomination]) -> set[int]:
    """Ids of `nominations` the user, as an assessor (a member who neither chairs the panel
    nor is its secretary), is assigned to score in a stage still open and has not sent their
    sheet for. An assessor scores on their own: until they send it, the other assessors'
    scores of the candidate, its total and its rank are hidden from them, so that nobody's
    scores lean on the others'. Once the Juara of the candidate's group are decided the sheet
    is no longer accepted, and nothing is hidden for it."""
    nominations = list(nominations)
    ids = [n.pk for n in nominations]
    if not ids or not getattr(user, "is_authenticated", False):
        return set()
    sent = ScoreSheet.objects.filter(
        stage=OuterRef("stage"),
        member=OuterRef("member"),
        nomination=OuterRef("nomination"),
        submitted_at__isnull=False,
    )
    pending = Assignment.objects.filter(
        member__user=user,
        member__role=MemberRole.MEMBER,
        nomination_id__in=ids,
        stage__status=StageStatus.OPEN,
    ).exclude(Exists(sent))
    waiting = set(pending.values_list("nomination_id", flat=True))
    if not waiting:
        return set()
    # Once decided, the sheet is no longer accepted (`scores.ensure_undecided`): one definition.
    return waiting - decided_among(n for n in nominations if n.pk in waiting)
