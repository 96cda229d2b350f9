"""The provincial summary for the Sekda: every provincial category of one province in one PDF.

Per category: the ranking (as decided once its Juara are confirmed, else recomputed from the
submitted scores; as on the results pages), the
confirmed Juara, Krippendorff's alpha per stage, how many assessors scored, the candidates whose
assessors disagreed beyond the declared threshold, and the interview attendance. Before them:
the team and the province's headline coverage (UCJ against its target) for the assessment year,
read from the coverage summaries, with the workforce base they use.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils import timezone

from paritrana.access.policy import Shown, visible_rows
from paritrana.assessment.domain.decided import ranking_of
from paritrana.assessment.domain.decisions import PLACES, panel_for
from paritrana.assessment.domain.results import Result, ResultError, Row, group_name
from paritrana.assessment.models import (
    Attendance,
    Decision,
    InterviewSlot,
    MemberRole,
    Panel,
    PanelMember,
)
from paritrana.awards.models import Category, Cycle, Level, NominationStatus, StageKind
from paritrana.coverage.domain.summaries import MetricsNotFound, region_coverage
from paritrana.coverage.labels import base_label
from paritrana.coverage.models import RegionMetric
from paritrana.errors import DomainError
from paritrana.regions.models import Region
from paritrana.reports.pdf import render_pdf


class SummaryError(DomainError):
    """A summary that cannot be made (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class Attendances:
    scheduled: int
    in_person: int
    delegated: int
    absent: int
    pending: int


@dataclass
class Section:
    category: Category
    result: Result | None = None
    error: str = ""
    places: dict[int, str] = field(default_factory=dict)
    stage_alpha: list[tuple[str, float | None]] = field(default_factory=list)
    assessors: int = 0
    flagged: list[Any] = field(default_factory=list)
    lines: list[Shown[Row]] = field(default_factory=list)  # the rows as the reader may see them
    decisions: list[Decision] = field(default_factory=list)
    attendance: Attendances | None = None


def _attendance(slots: list[InterviewSlot]) -> Attendances:
    counts = Counter(slot.attendance for slot in slots)
    return Attendances(
        scheduled=len(slots),
        in_person=counts[Attendance.HEAD_IN_PERSON],
        delegated=counts[Attendance.DELEGATED],
        absent=counts[Attendance.ABSENT],
        pending=counts[Attendance.PENDING],
    )


def _section(category: Category, province: str, slots: list[InterviewSlot], user: Any) -> Section:
    section = Section(category)
    section.attendance = _attendance([s for s in slots if s.nomination.category_id == category.pk])
    try:
        result = ranking_of(category, province)
    except ResultError as exc:
        section.error = str(exc)
        return section
    section.result = result
    # A candidate a conflict bars the reader from: name only, no figures, rank or place.
    section.lines = visible_rows(user, result.rows)
    readable = [s.row for s in section.lines if not s.withheld]
    section.places = {
        row.nomination.pk: PLACES[row.place - 1]
        for row in readable
        if row.place and row.place <= len(PLACES)
    }
    section.stage_alpha = [
        (str(StageKind(kind).label), value) for kind, value in result.alpha.items()
    ]
    scored = ~np.isnan(result.aggregation.raw)
    section.assessors = int(scored.any(axis=(0, 1)).sum()) if scored.size else 0
    section.flagged = [row for row in readable if row.flagged]
    section.decisions = list(
        Decision.objects.filter(category=category, group=province)
        .select_related("nomination", "confirmed_by")
        .order_by("place")
    )
    return section


def _members(panel: Panel | None) -> list[PanelMember]:
    """The chair, the secretary, then the members by name."""
    if panel is None:
        return []
    order = {MemberRole.CHAIR: 0, MemberRole.SECRETARY: 1}
    members = panel.members.select_related("user")
    return sorted(members, key=lambda m: (order.get(m.role, 2), m.display_name.lower()))


def headline(province: str, year: int) -> tuple[RegionMetric | None, str, str]:
    """The province's coverage metric of the year, its base's label, or why there is none."""
    computed = list(
        RegionMetric.objects.filter(year=year, level="provinsi", region_code=province)
        .values_list("base_kind", flat=True)
        .distinct()
    )
    base = "sakernas_bekerja" if "sakernas_bekerja" in computed or not computed else computed[0]
    try:
        coverage = region_coverage(code=province, year=year, base_kind=base)
    except MetricsNotFound as exc:
        return None, "", str(exc)
    return coverage.metric, base_label(base), ""


def summary_context(*, cycle: Cycle, province: str, user: Any) -> dict[str, Any]:
    """The summary as `user` may read it (`paritrana.access.policy.visible_rows`)."""
    region = Region.objects.filter(code=province, level="provinsi").first()
    if region is None:
        raise SummaryError(f"Provinsi {province!r} tidak dikenal.")
    categories = list(
        Category.objects.filter(cycle=cycle, level=Level.PROVINCIAL, enabled=True)
        .filter(nominations__province=province, nominations__status=NominationStatus.NOMINATED)
        .distinct()
        .order_by("order")
    )
    slots = list(
        InterviewSlot.objects.filter(
            stage__cycle=cycle,
            stage__level=Level.PROVINCIAL,
            stage__kind=StageKind.INTERVIEW,
            nomination__province=province,
            nomination__status=NominationStatus.NOMINATED,
        ).select_related("nomination")
    )
    panel: Panel | None = panel_for(categories[0], province) if categories else None
    if panel is None:
        panel = Panel.objects.filter(cycle=cycle, level=Level.PROVINCIAL, province=province).first()
    metric, base_label, coverage_error = headline(province, cycle.assessment_year)
    return {
        "cycle": cycle,
        "province": region,
        "group_name": group_name(province),
        "panel": panel,
        "members": _members(panel),
        "sections": [_section(category, province, slots, user) for category in categories],
        "attendance": _attendance(slots),
        "metric": metric,
        "base_label": base_label,
        "coverage_error": coverage_error,
        "printed_at": timezone.localtime(),
    }


def provincial_summary_pdf(*, cycle: Cycle, province: str, user: Any) -> bytes:
    """The Sekda's summary of the province's round as PDF bytes, as `user` may read it."""
    return render_pdf(
        "reports/pdf/provincial_summary.html",
        summary_context(cycle=cycle, province=province, user=user),
    )
