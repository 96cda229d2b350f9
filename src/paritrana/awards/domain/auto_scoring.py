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


def _summary_key(candidate: Candidate) -> tuple[str, str]:
    if candidate.entity == "perusahaan":
        return ("perusahaan", candidate.employer_id)
    return (REGION_LEVEL[candidate.entity], candidate.region_code)


def _summaries(
    candidates: Sequence[Candidate], year: int, base_kind: str
) -> dict[tuple[str, str], object]:
    """Each candidate's computed summary (at most one per key: see the models' constraints),
    read for all of them at once: two queries at most, however many candidates."""
    keys = {_summary_key(c) for c in candidates}
    employers = {key for level, key in keys if level == "perusahaan"}
    regions = {(level, key) for level, key in keys if level != "perusahaan"}
    found: dict[tuple[str, str], object] = {}
    if employers:
        for row in EmployerMetric.objects.filter(year=year, employer_id__in=employers):
            found[("perusahaan", row.employer_id)] = row
    if regions:
        for row in RegionMetric.objects.filter(
            year=year,
            base_kind=base_kind,
            level__in={level for level, _code in regions},
            region_code__in={code for _level, code in regions},
        ):
            if (row.level, row.region_code) in regions:
                found[(row.level, row.region_code)] = row
    return found


def summary_of(
    candidate: Candidate, *, year: int, base_kind: str = "sakernas_bekerja"
) -> object | None:
    """The computed summary the data-based scores of `candidate` read (a `RegionMetric` of
    its region, an `EmployerMetric` of the employer), or None: one query."""
    return _summaries([candidate], year, base_kind).get(_summary_key(candidate))


def _targets(candidates: Sequence[Candidate], year: int, base_kind: str) -> dict[str, float]:
    """Targets by region code: each candidate's region's and its province's, in one query (the
    first row by id, as a single lookup reads it)."""
    codes = {code for c in candidates for code in (c.region_code, c.region_code[:2])}
    targets: dict[str, float] = {}
    for code, value in (
        RegionMetric.objects.filter(
            year=year, base_kind=base_kind, region_code__in=codes, target_pct__isnull=False
        )
        .order_by("pk")
        .values_list("region_code", "target_pct")
    ):
        targets.setdefault(code, float(value))
    return targets


def _target(candidate: Candidate, targets: dict[str, float]) -> float | None:
    for code in (candidate.region_code, candidate.region_code[:2]):
        if code in targets:
            return targets[code]
    return None


def _value(summary: object | None, metric: str) -> float | None:
    value = getattr(summary, metric, None) if summary is not None else None
    return None if value is None else float(value)


def auto_scores(
    *,
    category: Category,
    candidate: Candidate,
    year: int,
    peers: Sequence[Candidate] = (),
    base_kind: str = "sakernas_bekerja",
) -> list[AutoScore]:
    """Scores of every quantitative leaf of `category` for `candidate` (data of `year`)."""
    return auto_scores_many(
        category=category, candidates=[candidate], year=year, peers=peers, base_kind=base_kind
    )[0]


def auto_scores_many(
    *,
    category: Category,
    candidates: Sequence[Candidate],
    year: int,
    peers: Sequence[Candidate] = (),
    base_kind: str = "sakernas_bekerja",
) -> list[list[AutoScore]]:
    """`auto_scores` of each of `candidates` against the same `peers`, in a fixed number of
    queries (a ranking scores its whole group at once)."""
    quantitative = [c for c in leaves(category) if c.kind == CriterionKind.QUANTITATIVE]
    # Only the ranking functions compare with peers: their figures are read only then.
    ranked = any(c.function == "rank_within" for c in quantitative)
    compared = list(peers) if peers and ranked else []
    summaries = _summaries([*candidates, *compared], year, base_kind)
    peer_summaries = [summaries.get(_summary_key(p)) for p in compared]
    targets = _targets(candidates, year, base_kind)
    # Per criterion, once for the whole group: its scale and the peers' figures.
    scales = [Scale(float(c.scale_min), float(c.scale_max)) for c in quantitative]
    peer_values = [
        [v for v in (_value(p, c.metric) for p in peer_summaries) if v is not None]
        for c in quantitative
    ]
    return [
        [
            _score_one(
                criterion,
                scale,
                summaries.get(_summary_key(candidate)),
                bool(peer_summaries),
                values,
                _target(candidate, targets),
            )
            for criterion, scale, values in zip(quantitative, scales, peer_values, strict=True)
        ]
        for candidate in candidates
    ]


def _score_one(
    criterion: Criterion,
    scale: Scale,
    summary: object | None,
    compared: bool,
    peer_values: list[float],
    target: float | None,
) -> AutoScore:
    """`peer_values`: the peers' figures (shared by the group; never changed here)."""
    value = _value(summary, criterion.metric)
    if value is not None and compared and value not in peer_values:
        peer_values = [*peer_values, value]
    scored = score(
        criterion.function,
        criterion.params,
        value,
        scale=scale,
        peers=peer_values or None,
        target=target if criterion.function == "against_target" else None,
        label=criterion.name,
        unit="%" if criterion.metric.endswith("_pct") else "",
    )
    return AutoScore(criterion.code, criterion.metric, value, scored.score, scored.explanation)
