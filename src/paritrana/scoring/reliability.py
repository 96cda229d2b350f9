"""Inter-rater reliability and disagreement.

:func:`krippendorff_alpha` takes a units x raters matrix with NaN for missing cells (a panel's
candidates x assessors for one criterion, or candidate-criterion pairs x assessors) and computes
Krippendorff's alpha by the coincidence-matrix method::

    o[c, k] = sum over units u of  n[u, c] * (n[u, k] - [c == k]) / (m[u] - 1)
    alpha   = 1 - (n - 1) * sum(o * delta²) / sum(n_c * n_k * delta²)

where n[u, c] counts the raters who gave value c to unit u, m[u] the raters of unit u (units
with fewer than two are left out), n_c the row sums of o and n their total. delta² is the
metric: nominal (0 if equal, else 1), ordinal (squared count of pairable values between c and
k, the ends counted half), interval ((c - k)²) or ratio (((c - k) / (c + k))²).

:func:`disagreement` measures, per candidate, how far the assessors are apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from paritrana.scoring.aggregate import Floats, _bounds, _scores
from paritrana.scoring.functions import Scale, ScoringError

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")


def _delta(values: Floats, marginals: Floats, level: Level) -> Floats:
    """The squared distance between every pair of observed values."""
    c, k = values[:, None], values[None, :]
    if level == "nominal":
        different: Floats = (c != k).astype(np.float64)
        return different
    if level == "interval":
        distance: Floats = (c - k) ** 2
        return distance
    if level == "ratio":
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(c + k == 0, 0.0, (c - k) / (c + k))
        squared: Floats = ratio**2
        return squared
    # Ordinal: sum of n_g for g from c to k inclusive, minus half of n_c and n_k.
    cumulative = np.cumsum(marginals)
    low = np.minimum.outer(np.arange(len(values)), np.arange(len(values)))
    high = np.maximum.outer(np.arange(len(values)), np.arange(len(values)))
    between = cumulative[high] - cumulative[low] + marginals[low]
    ordinal: Floats = (between - (marginals[:, None] + marginals[None, :]) / 2) ** 2
    return ordinal


def krippendorff_alpha(data: ArrayLike, level: Level = "interval") -> float:
    """Krippendorff's alpha of a units x raters matrix, NaN for missing.

    NaN when there is nothing to compare (fewer than two pairable values, or no variation at
    all, where expected disagreement is zero).
    """
    matrix = _scores(data, ndim=2)
    if level not in LEVELS:
        raise ScoringError(
            f"Tingkat pengukuran tidak dikenal: {level!r} (yang tersedia: {', '.join(LEVELS)}).",
            field="level",
        )
    present = ~np.isnan(matrix)
    matrix = matrix[present.sum(axis=1) >= 2]
    present = ~np.isnan(matrix)
    if not present.any():
        return float("nan")
    values, index = np.unique(matrix[present], return_inverse=True)
    units = np.nonzero(present)[0]
    counts = np.zeros((matrix.shape[0], len(values)), dtype=np.float64)
    np.add.at(counts, (units, index), 1.0)
    pairable = counts.sum(axis=1)
    weighted = counts / (pairable - 1)[:, None]
    coincidences = counts.T @ weighted - np.diag(weighted.sum(axis=0))
    marginals = coincidences.sum(axis=1)
    total = float(marginals.sum())
    delta = _delta(values.astype(np.float64), marginals, level)
    observed = float((coincidences * delta).sum())
    expected = float((np.outer(marginals, marginals) * delta).sum())
    if expected == 0:
        return float("nan")
    return 1.0 - (total - 1) * observed / expected


Measure = Literal["std", "range"]


@dataclass(frozen=True)
class Disagreement:
    """How far the assessors are apart, as points on 0..100.

    `per_criterion` (candidates x criteria) is the spread of the assessors' scores on one
    criterion (population standard deviation or max - min), NaN with fewer than two scores;
    `per_candidate` is its mean over the criteria; `flagged` marks candidates above the
    threshold.
    """

    per_criterion: Floats
    per_candidate: Floats
    flagged: NDArray[np.bool_]
    threshold: float


def disagreement(
    scores: ArrayLike,
    scales: Scale | Sequence[Scale],
    *,
    threshold: float,
    measure: Measure = "std",
) -> Disagreement:
    """Spread across assessors of candidates x criteria x assessors scores, flagged."""
    array = _scores(scores)
    minimum, maximum = _bounds(scales, array.shape[1])
    percent = (array - minimum[None, :, None]) / (maximum - minimum)[None, :, None] * 100
    present = ~np.isnan(percent)
    counts = present.sum(axis=2)
    if measure == "std":
        filled = np.where(present, percent, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = filled.sum(axis=2) / counts
            squares = np.where(present, (percent - mean[..., None]) ** 2, 0.0).sum(axis=2)
            spread = np.sqrt(squares / counts)
    elif measure == "range":
        high = np.where(present, percent, -np.inf).max(axis=2)
        low = np.where(present, percent, np.inf).min(axis=2)
        spread = high - low
    else:
        raise ScoringError(
            f"Ukuran tidak dikenal: {measure!r} (yang tersedia: std, range).", field="measure"
        )
    per_criterion = np.where(counts >= 2, spread, np.nan)
    scored = ~np.isnan(per_criterion)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_candidate = np.where(scored, per_criterion, 0.0).sum(axis=1) / scored.sum(axis=1)
    per_candidate = np.where(scored.any(axis=1), per_candidate, np.nan)
    return Disagreement(
        per_criterion=per_criterion,
        per_candidate=per_candidate,
        flagged=per_candidate > threshold,
        threshold=float(threshold),
    )
