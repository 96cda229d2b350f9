"""A candidate's coverage figures as the coverage engine computed them, for the people who judge
it: read through the same summary the data-based scores read (`auto_scoring.summary_of`), so the
assessor sees the numbers the candidate's own pages and report show.

A region (kab/kota, province, village) has its UCJ, active participants, workforce base, change
from the previous year, target and gap as computed (`coverage.models.RegionMetric`). An employer
has no UCJ: its counterpart is the share of its reported workforce registered, with the change
from its previous year's figure, and the gap to registering every reported worker.
"""

from __future__ import annotations

from dataclasses import dataclass

from paritrana.awards.domain.auto_scoring import summary_of
from paritrana.awards.domain.eligibility import candidate_of
from paritrana.awards.models import Nomination
from paritrana.coverage.models import EmployerMetric, RegionMetric

BASE_KIND = "sakernas_bekerja"  # the base the data-based scores are computed on


@dataclass(frozen=True)
class EmployerFigures:
    metric: EmployerMetric
    previous: EmployerMetric | None  # the same employer's figures a year earlier

    @property
    def change_points(self) -> float | None:
        """Change of the registered share from the previous year, in percentage points."""
        if self.previous is None:
            return None
        now, before = self.metric.registered_share_pct, self.previous.registered_share_pct
        return None if now is None or before is None else now - before

    @property
    def unregistered(self) -> int | None:
        """Reported workers not (yet) registered: the gap to registering them all."""
        reported, registered = self.metric.reported_workforce, self.metric.registered
        if reported is None or registered is None:
            return None
        return max(0, reported - registered)


@dataclass(frozen=True)
class CandidateFigures:
    year: int
    base_kind: str
    region: RegionMetric | None  # a region candidate's summary, None when not computed
    employer: EmployerFigures | None  # an employer candidate's

    @property
    def found(self) -> bool:
        return self.region is not None or self.employer is not None


def candidate_figures(nomination: Nomination, *, base_kind: str = BASE_KIND) -> CandidateFigures:
    """The candidate's figures for its cycle's assessment year (two queries at most)."""
    year = nomination.category.cycle.assessment_year
    candidate = candidate_of(nomination)
    summary = summary_of(candidate, year=year, base_kind=base_kind)
    if candidate.entity == "perusahaan":
        employer = None
        if isinstance(summary, EmployerMetric):
            previous = EmployerMetric.objects.filter(
                year=year - 1, employer_id=candidate.employer_id
            ).first()
            employer = EmployerFigures(summary, previous)
        return CandidateFigures(year, base_kind, None, employer)
    region = summary if isinstance(summary, RegionMetric) else None
    return CandidateFigures(year, base_kind, region, None)
