"""The same permissions as `paritrana.access.rules`, for many objects at once (lists, pages of
the API, workbooks). tests/access/test_scopes.py checks, object by object, that each list holds
exactly what `has_perm` allows."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from paritrana.access.rules import administered_provinces
from paritrana.assessment.domain.conflicts import barred_pairs
from paritrana.assessment.domain.panels import is_national_admin, nominations_of, seats
from paritrana.assessment.models import Assignment, MemberRole, Panel
from paritrana.awards.models import Level, Nomination


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


def _judged_ids(user: Any) -> set[int]:
    """Candidates the user judges: every one of the panels they chair or are secretary of, the
    ones assigned to them on the others; less those a conflict of interest bars them from."""
    ids: set[int] = set()
    for seat in seats(user):
        candidates = list(nominations_of(seat.panel))
        if seat.role in (MemberRole.CHAIR, MemberRole.SECRETARY):
            allowed = {n.pk for n in candidates}
        else:
            allowed = set(
                Assignment.objects.filter(member=seat).values_list("nomination_id", flat=True)
            )
        barred = {n_id for _m, n_id in barred_pairs([seat], candidates)}
        ids |= allowed - barred
    return ids


def _judging(user: Any) -> Q:
    """`access.view_judging` as a filter, for a user who is not a national admin."""
    return Q(pk__in=_judged_ids(user)) | Q(
        category__level=Level.PROVINCIAL, province__in=administered_provinces(user)
    )


def judged_nominations(user: Any) -> QuerySet[Nomination]:
    """Candidates whose judging the user may see (`access.view_judging`)."""
    nominations = Nomination.objects.select_related("category__cycle")
    if is_national_admin(user):
        return nominations
    return nominations.filter(_judging(user))


def visible_nominations(user: Any) -> QuerySet[Nomination]:
    """Candidates the user may open (`access.view_candidate`): those they judge or administer,
    and those they represent."""
    nominations = Nomination.objects.select_related("category__cycle")
    if is_national_admin(user):
        return nominations
    if not getattr(user, "is_authenticated", False):
        return nominations.none()
    return nominations.filter(_judging(user) | Q(representatives__user=user)).distinct()
