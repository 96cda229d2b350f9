"""Aggregation of assessors' scores: combine, normalise severity, weight, combine, rank.

Scores come as one array shaped candidates x criteria x assessors, NaN where an assessor gave no
score (not assigned, conflicted, not yet submitted). Everything is vectorised with numpy, so a
national cycle is recomputed in well under a second.

The steps, each usable alone:

- :func:`combine_assessors` -- one score per candidate and criterion, the median or mean of the
  assessors who scored it;
- :func:`normalise_severity` -- each assessor's scores as z-scores over everything that assessor
  gave, rescaled to the pooled mean and standard deviation of all raw scores and clipped to the
  criterion's scale, so a lenient and a severe assessor count alike;
- :func:`weighted_totals` -- criteria put on 0..100 by their scale and weighted;
- :func:`combine_totals` -- a data-based total and an assessor total mixed by configured weights;
- :func:`rank` -- a strict order within each group from declared tie-break rules, recording which
  rule separated each candidate from the one just above it;
- :func:`aggregate` -- all of it at once, raw and normalised side by side, with
  :meth:`Aggregation.explain` breaking one candidate's total down to criterion and assessor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from paritrana.scoring.functions import Scale, ScoringError

Method = Literal["median", "mean"]
METHODS: tuple[Method, ...] = ("median", "mean")

Floats = NDArray[np.float64]


def _scores(scores: ArrayLike, ndim: int = 3) -> Floats:
    array = np.asarray(scores, dtype=np.float64)
    if array.ndim != ndim:
        raise ScoringError(
            f"Nilai harus berupa larik {ndim} dimensi, bukan {array.ndim}.", field="scores"
        )
    if np.isinf(array).any():
        raise ScoringError("Nilai tidak boleh tak terhingga.", field="scores")
    return array


def _bounds(scales: Scale | Sequence[Scale], criteria: int) -> tuple[Floats, Floats]:
    """Per-criterion minimum and maximum arrays from one scale or one scale per criterion."""
    if isinstance(scales, Scale):
        scales = [scales] * criteria
    if len(scales) != criteria:
        raise ScoringError(
            f"Perlu {criteria} skala (satu per kriteria), bukan {len(scales)}.", field="scale"
        )
    minimum = np.array([scale.minimum for scale in scales], dtype=np.float64)
    maximum = np.array([scale.maximum for scale in scales], dtype=np.float64)
    return minimum, maximum


def _weights(weights: ArrayLike, count: int, field: str = "weights") -> Floats:
    array = np.asarray(weights, dtype=np.float64)
    if array.shape != (count,):
        raise ScoringError(f"Perlu {count} bobot, bukan {array.size}.", field=field)
    if not np.isfinite(array).all() or (array < 0).any() or array.sum() <= 0:
        raise ScoringError(
            "Bobot harus angka tidak negatif dengan jumlah lebih dari nol.", field=field
        )
    normalised: Floats = array / array.sum()
    return normalised


def combine_assessors(scores: ArrayLike, method: Method = "median") -> Floats:
    """Candidates x criteria x assessors -> candidates x criteria, ignoring missing scores.

    A cell no assessor scored stays NaN. The median of an even number of scores is the mean of
    the middle two.
    """
    array = _scores(scores)
    if method not in METHODS:
        raise ScoringError(
            f"Metode tidak dikenal: {method!r} (yang tersedia: median, mean).", field="method"
        )
    present = ~np.isnan(array)
    counts = present.sum(axis=2)
    if method == "mean":
        totals = np.where(present, array, 0.0).sum(axis=2)
        with np.errstate(invalid="ignore", divide="ignore"):
            result: Floats = np.where(counts > 0, totals / np.maximum(counts, 1), np.nan)
        return result
    # Median without nanmedian's per-row warnings: NaN sorts last, so the middle of the first
    # `count` sorted values is the median of what is present.
    ordered = np.sort(array, axis=2)
    low = np.clip((counts - 1) // 2, 0, None)[..., None]
    high = np.clip(counts // 2, 0, array.shape[2] - 1)[..., None]
    middle = (
        np.take_along_axis(ordered, low, axis=2) + np.take_along_axis(ordered, high, axis=2)
    ) / 2
    median: Floats = np.where(counts > 0, middle[..., 0], np.nan)
    return median


@dataclass(frozen=True)
class Severity:
    """Severity-normalised scores and the statistics behind them.

    `means` and `stds` are per assessor over every score that assessor gave (population standard
    deviation); `unscaled` marks assessors left as they were because they gave fewer than two
    scores or all the same score. `pooled_mean` and `pooled_std` are over all raw scores.
    """

    scores: Floats
    means: Floats
    stds: Floats
    unscaled: NDArray[np.bool_]
    pooled_mean: float
    pooled_std: float


def normalise_severity(scores: ArrayLike, scales: Scale | Sequence[Scale]) -> Severity:
    """Per-assessor z-scores rescaled to the pooled mean and std, clipped to each scale.

    ``normalised = pooled_mean + pooled_std * (score - assessor_mean) / assessor_std``. Missing
    scores stay missing.
    """
    array = _scores(scores)
    minimum, maximum = _bounds(scales, array.shape[1])
    present = ~np.isnan(array)
    counts = present.sum(axis=(0, 1))
    filled = np.where(present, array, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = filled.sum(axis=(0, 1)) / counts
        deviations = np.where(present, array - means, 0.0)
        stds = np.sqrt((deviations**2).sum(axis=(0, 1)) / counts)
    unscaled = (counts < 2) | ~(stds > 1e-12)
    if present.any():
        pooled_mean = float(array[present].mean())
        pooled_std = float(array[present].std())
    else:
        pooled_mean = pooled_std = float("nan")
    safe_stds = np.where(unscaled, 1.0, stds)
    rescaled = pooled_mean + pooled_std * (array - means) / safe_stds
    rescaled = np.where(unscaled, array, rescaled)
    clipped = np.clip(rescaled, minimum[None, :, None], maximum[None, :, None])
    return Severity(
        scores=np.where(present, clipped, np.nan),
        means=np.where(counts > 0, means, np.nan),
        stds=np.where(counts > 0, stds, np.nan),
        unscaled=unscaled,
        pooled_mean=pooled_mean,
        pooled_std=pooled_std,
    )


def to_percent(criterion_scores: ArrayLike, scales: Scale | Sequence[Scale]) -> Floats:
    """Candidates x criteria on their scales -> the same on 0..100."""
    array = _scores(criterion_scores, ndim=2)
    minimum, maximum = _bounds(scales, array.shape[1])
    percent: Floats = (array - minimum) / (maximum - minimum) * 100
    return percent


def weighted_totals(
    criterion_scores: ArrayLike, weights: ArrayLike, scales: Scale | Sequence[Scale]
) -> Floats:
    """Weighted totals on 0..100 of candidates x criteria scores on their scales.

    Weights are normalised to sum to one. A missing criterion is left out and the remaining
    weights are renormalised for that candidate; a candidate with no score at all gets NaN.
    """
    percent = to_percent(criterion_scores, scales)
    share = _weights(weights, percent.shape[1])
    present = ~np.isnan(percent)
    weight_present = present @ share
    with np.errstate(invalid="ignore", divide="ignore"):
        totals: Floats = np.where(present, percent, 0.0) @ share / weight_present
    return np.where(weight_present > 0, totals, np.nan)


def combine_totals(
    data_totals: ArrayLike,
    assessor_totals: ArrayLike,
    *,
    data_weight: float,
    assessor_weight: float,
) -> Floats:
    """``(data_weight * data + assessor_weight * assessor) / (data_weight + assessor_weight)``."""
    data = np.asarray(data_totals, dtype=np.float64)
    assessor = np.asarray(assessor_totals, dtype=np.float64)
    if data.shape != assessor.shape:
        raise ScoringError(
            "Total berbasis data dan total penilai harus sama panjang.", field="data_totals"
        )
    share = _weights([data_weight, assessor_weight], 2, field="combination")
    combined: Floats = share[0] * data + share[1] * assessor
    return combined


@dataclass(frozen=True)
class TieRule:
    """One declared ranking rule: a name and the value it compares, best first.

    Rules are compared in order; the first on which two candidates differ decides between them.
    """

    name: str
    values: ArrayLike
    higher_is_better: bool = True


@dataclass(frozen=True)
class Ranking:
    """A strict order within each group.

    `rank` is 1-based within the candidate's group; `order` lists candidate indices from first
    to last, group by group (groups in ascending order of their id); `broken_by` names, for each
    candidate, the tie-break rule that placed it below the candidate just above it when the
    first rule did not (None otherwise, and for each group's first candidate).
    """

    rank: NDArray[np.int64]
    order: NDArray[np.int64]
    broken_by: tuple[str | None, ...]


def _sort_key(rule: TieRule, count: int, decimals: int) -> Floats:
    values = np.asarray(rule.values)
    if values.shape != (count,):
        raise ScoringError(
            f"Aturan {rule.name!r} perlu {count} nilai, bukan {values.size}.", field="tie_rules"
        )
    if values.dtype.kind in "USO":
        # Strings: their lexicographic position.
        _, position = np.unique(values.astype(str), return_inverse=True)
        key: Floats = position.astype(np.float64)
    else:
        key = np.asarray(np.round(values.astype(np.float64), decimals), dtype=np.float64)
    # Ascending sort, NaN (no value) last whichever the direction.
    sort_key: Floats = -key if rule.higher_is_better else key
    return sort_key


def rank(
    rules: Sequence[TieRule],
    *,
    groups: ArrayLike | None = None,
    decimals: int = 6,
) -> Ranking:
    """Order candidates within each group by `rules`, the first rule first.

    Numbers are compared after rounding to `decimals` places, so totals computed along
    different paths do not differ by float noise; a missing value (NaN) ranks last. End the
    rules with one that cannot tie (the candidate's key) to make the order total; otherwise
    remaining ties keep the input order.
    """
    if not rules:
        raise ScoringError("Perlu paling sedikit satu aturan peringkat.", field="tie_rules")
    count = np.asarray(rules[0].values).shape[0]
    keys = [_sort_key(rule, count, decimals) for rule in rules]
    group_ids = np.zeros(count, dtype=np.int64)
    if groups is not None:
        raw_groups = np.asarray(groups)
        if raw_groups.shape != (count,):
            raise ScoringError(f"Perlu {count} id kelompok.", field="groups")
        _, group_ids = np.unique(raw_groups, return_inverse=True)
    # np.lexsort sorts by the last key first.
    order = np.lexsort((np.arange(count), *reversed(keys), group_ids))
    sorted_groups = group_ids[order]
    starts = np.r_[True, sorted_groups[1:] != sorted_groups[:-1]]
    start_index = np.maximum.accumulate(np.where(starts, np.arange(count), 0))
    ranks = np.empty(count, dtype=np.int64)
    ranks[order] = np.arange(count) - start_index + 1
    # For each candidate, the first rule on which it differs from the one just above it.
    stacked = np.stack(keys)[:, order]
    above, here = stacked[:, :-1], stacked[:, 1:]
    differs = ~((above == here) | (np.isnan(above) & np.isnan(here)))
    first = np.where(differs.any(axis=0), np.argmax(differs, axis=0), -1)
    deciding = np.r_[-1, np.where(starts[1:], -1, first)]
    broken_by: list[str | None] = [None] * count
    for position in np.flatnonzero(deciding > 0):
        broken_by[int(order[position])] = rules[int(deciding[position])].name
    return Ranking(rank=ranks, order=order.astype(np.int64), broken_by=tuple(broken_by))


@dataclass(frozen=True)
class CriterionBreakdown:
    """One criterion of one candidate: each assessor's raw and normalised score and the result."""

    code: str
    weight: float
    raw: dict[str, float]
    normalised: dict[str, float]
    combined_raw: float
    combined_normalised: float
    percent_raw: float
    percent_normalised: float


@dataclass(frozen=True)
class Breakdown:
    """One candidate's totals, raw and normalised, down to criterion and assessor."""

    candidate: str
    total_raw: float
    total_normalised: float
    data_total: float | None
    final_raw: float
    final_normalised: float
    criteria: tuple[CriterionBreakdown, ...]


@dataclass(frozen=True)
class Aggregation:
    """Raw and severity-normalised results side by side for every candidate.

    `criterion_raw` / `criterion_normalised` are candidates x criteria on each criterion's scale
    (median or mean over assessors); `total_raw` / `total_normalised` are weighted assessor
    totals on 0..100; `final_raw` / `final_normalised` mix in the data-based total when one was
    given (else they equal the assessor totals).
    """

    candidates: tuple[str, ...]
    criteria: tuple[str, ...]
    assessors: tuple[str, ...]
    weights: Floats
    raw: Floats
    severity: Severity
    criterion_raw: Floats
    criterion_normalised: Floats
    percent_raw: Floats
    percent_normalised: Floats
    total_raw: Floats
    total_normalised: Floats
    data_totals: Floats | None
    final_raw: Floats
    final_normalised: Floats

    def explain(self, candidate: str) -> Breakdown:
        """Every number behind one candidate's totals."""
        try:
            i = self.candidates.index(candidate)
        except ValueError:
            raise ScoringError(
                f"Kandidat tidak dikenal: {candidate!r}.", field="candidate"
            ) from None
        rows = []
        for j, code in enumerate(self.criteria):
            raw = {
                assessor: float(self.raw[i, j, a])
                for a, assessor in enumerate(self.assessors)
                if not np.isnan(self.raw[i, j, a])
            }
            normalised = {
                assessor: float(self.severity.scores[i, j, a])
                for a, assessor in enumerate(self.assessors)
                if assessor in raw
            }
            rows.append(
                CriterionBreakdown(
                    code=code,
                    weight=float(self.weights[j]),
                    raw=raw,
                    normalised=normalised,
                    combined_raw=float(self.criterion_raw[i, j]),
                    combined_normalised=float(self.criterion_normalised[i, j]),
                    percent_raw=float(self.percent_raw[i, j]),
                    percent_normalised=float(self.percent_normalised[i, j]),
                )
            )
        return Breakdown(
            candidate=candidate,
            total_raw=float(self.total_raw[i]),
            total_normalised=float(self.total_normalised[i]),
            data_total=None if self.data_totals is None else float(self.data_totals[i]),
            final_raw=float(self.final_raw[i]),
            final_normalised=float(self.final_normalised[i]),
            criteria=tuple(rows),
        )

    def rank(
        self,
        rules: Sequence[str],
        *,
        normalised: bool = True,
        groups: ArrayLike | None = None,
        decimals: int = 6,
    ) -> Ranking:
        """Rank by declared rule names, in order.

        ``"total"`` (higher final total), ``"assessor"`` (higher assessor total), ``"data"``
        (higher data-based total), ``"criterion:CODE"`` (higher combined score on that
        criterion), ``"key"`` (candidate key, A before B). `normalised` chooses the
        severity-normalised or the raw figures.
        """
        resolved = [self._rule(name, normalised) for name in rules]
        return rank(resolved, groups=groups, decimals=decimals)

    def _rule(self, name: str, normalised: bool) -> TieRule:
        if name == "total":
            return TieRule(name, self.final_normalised if normalised else self.final_raw)
        if name == "assessor":
            return TieRule(name, self.total_normalised if normalised else self.total_raw)
        if name == "data":
            if self.data_totals is None:
                raise ScoringError(
                    "Aturan 'data' memerlukan total berbasis data.", field="tie_rules"
                )
            return TieRule(name, self.data_totals)
        if name == "key":
            return TieRule(name, np.array(self.candidates, dtype=str), higher_is_better=False)
        if name.startswith("criterion:") and name[len("criterion:") :] in self.criteria:
            j = self.criteria.index(name[len("criterion:") :])
            scores = self.percent_normalised if normalised else self.percent_raw
            return TieRule(name, scores[:, j])
        raise ScoringError(
            f"Aturan peringkat tidak dikenal: {name!r} (yang tersedia: total, assessor, data, "
            "criterion:KODE, key).",
            field="tie_rules",
        )


def aggregate(
    scores: ArrayLike,
    *,
    weights: ArrayLike,
    scales: Scale | Sequence[Scale],
    candidates: Sequence[str],
    criteria: Sequence[str],
    assessors: Sequence[str],
    method: Method = "median",
    data_totals: ArrayLike | None = None,
    data_weight: float = 0.0,
    assessor_weight: float = 1.0,
) -> Aggregation:
    """Combine, normalise and total candidates x criteria x assessors scores.

    With `data_totals` (0..100 per candidate), the final totals are
    ``combine_totals(data_totals, assessor_totals, data_weight=..., assessor_weight=...)``.
    """
    array = _scores(scores)
    shape = (len(candidates), len(criteria), len(assessors))
    if array.shape != shape:
        raise ScoringError(
            f"Bentuk nilai {array.shape} tidak cocok dengan kandidat x kriteria x penilai {shape}.",
            field="scores",
        )
    share = _weights(weights, len(criteria))
    severity = normalise_severity(array, scales)
    criterion_raw = combine_assessors(array, method)
    criterion_normalised = combine_assessors(severity.scores, method)
    percent_raw = to_percent(criterion_raw, scales)
    percent_normalised = to_percent(criterion_normalised, scales)
    total_raw = weighted_totals(criterion_raw, share, scales)
    total_normalised = weighted_totals(criterion_normalised, share, scales)
    data: Floats | None = None
    final_raw, final_normalised = total_raw, total_normalised
    if data_totals is not None:
        data = np.asarray(data_totals, dtype=np.float64)
        final_raw = combine_totals(
            data, total_raw, data_weight=data_weight, assessor_weight=assessor_weight
        )
        final_normalised = combine_totals(
            data, total_normalised, data_weight=data_weight, assessor_weight=assessor_weight
        )
    return Aggregation(
        candidates=tuple(candidates),
        criteria=tuple(criteria),
        assessors=tuple(assessors),
        weights=share,
        raw=array,
        severity=severity,
        criterion_raw=criterion_raw,
        criterion_normalised=criterion_normalised,
        percent_raw=percent_raw,
        percent_normalised=percent_normalised,
        total_raw=total_raw,
        total_normalised=total_normalised,
        data_totals=data,
        final_raw=final_raw,
        final_normalised=final_normalised,
    )
