"""Quantitative criteria scored automatically from the coverage engine's metrics.

Each quantitative leaf names a metric (a field of the region's or the employer's computed
summary), a scoring function and its parameters (see paritrana.scoring). The score comes back
with the computation written out, so a candidate and an assessor can check it by hand.

Where a metric needs a target (`against_target`) the candidate's region's own target is used,
else its province's. `rank_within` ranks a candidate among the peers given (for the award:
the category's candidates in the same province).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from paritrana.awards.domain.eligibility import Candidate
from paritrana.awards.domain.templates import leaves
from paritrana.awards.models import Category, Criterion, CriterionKind
from paritrana.coverage.models import EmployerMetric, RegionMetric
from paritrana.scoring import Scale, score

REGION_LEVEL = {"kabkota": "kabkota", "provinsi": "provinsi", "desa": "desa"}


@dataclass(frozen=True)
class AutoScore:
    criterion: str  # criterion code
    metric: str
    value: float | None
    score: float | None  # None: no data for this candidate
    explanation: str


def _summary(candidate: Candidate, year: int, base_kind: str) -> object | None:
    if candidate.entity == "perusahaan":
        return EmployerMetric.objects.filter(year=year, employer_id=candidate.employer_id).first()
    return RegionMetric.objects.filter(
        year=year,
        base_kind=base_kind,
        level=REGION_LEVEL[candidate.entity],
        region_code=candidate.region_code,
    ).first()


def _value(summary: object | None, metric: str) -> float | None:
    value = getattr(summary, metric, None) if summary is not None else None
    return None if value is None else float(value)


def _target(candidate: Candidate, year: int, base_kind: str) -> float | None:
    for code in (candidate.region_code, candidate.region_code[:2]):
        row = (
            RegionMetric.objects.filter(
                year=year, base_kind=base_kind, region_code=code, target_pct__isnull=False
            )
            .values_list("target_pct", flat=True)
            .first()
        )
        if row is not None:
            return float(row)
    return None


def auto_scores(
    *,
    category: Category,
    candidate: Candidate,
    year: int,
    peers: Sequence[Candidate] = (),
    base_kind: str = "sakernas_bekerja",
) -> list[AutoScore]:
    """Scores of every quantitative leaf of `category` for `candidate` (data of `year`)."""
    quantitative = [c for c in leaves(category) if c.kind == CriterionKind.QUANTITATIVE]
    summary = _summary(candidate, year, base_kind)
    # Only the ranking functions compare with peers: their figures are read only then.
    ranked = any(c.function == "rank_within" for c in quantitative)
    peer_summaries = [_summary(p, year, base_kind) for p in peers] if peers and ranked else []
    target = _target(candidate, year, base_kind)
    return [_score_one(criterion, summary, peer_summaries, target) for criterion in quantitative]


def _score_one(
    criterion: Criterion,
    summary: object | None,
    peers: list[object | None],
    target: float | None,
) -> AutoScore:
    value = _value(summary, criterion.metric)
    peer_values = [v for v in (_value(p, criterion.metric) for p in peers) if v is not None]
    if value is not None and peers and value not in peer_values:
        peer_values.append(value)
    scored = score(
        criterion.function,
        criterion.params,
        value,
        scale=Scale(float(criterion.scale_min), float(criterion.scale_max)),
        peers=peer_values or None,
        target=target if criterion.function == "against_target" else None,
        label=criterion.name,
        unit="%" if criterion.metric.endswith("_pct") else "",
    )
    return AutoScore(criterion.code, criterion.metric, value, scored.score, scored.explanation)
