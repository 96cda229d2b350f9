"""How stable each rank is when the criterion weights vary within a band (Monte Carlo).

Each draw multiplies every weight by a factor drawn uniformly from ``1 - band .. 1 + band`` and
renormalises; all candidates' totals for all draws are one matrix product (candidates x criteria
times criteria x draws), and each draw is ranked within the groups (category, province...).
Draws that tie keep the base order, so the result depends only on the seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from paritrana.scoring.aggregate import Floats, _scores, _weights
from paritrana.scoring.functions import ScoringError

Ranks = NDArray[np.int64]


@dataclass(frozen=True)
class Robustness:
    """Per candidate: its rank at the stated weights and how the draws moved it.

    `keep_share` is the share of draws in which it keeps `base_rank`; `top_share` the share in
    which it ranks `top` or better; `rank_low` and `rank_high` are the 5th and 95th percentiles
    of its rank over the draws (the best and worst ranks bar the extreme tenth).
    """

    base_rank: Ranks
    keep_share: Floats
    top_share: Floats
    rank_low: Ranks
    rank_high: Ranks
    draws: int
    band: float
    top: int


def _group_ranks(totals: Floats, group_ids: Ranks, base_order: Ranks) -> Ranks:
    """Ranks within groups of totals shaped draws x candidates, ties in `base_order`."""
    draws, count = totals.shape
    # Candidates in base order, so a stable sort keeps that order among equal keys.
    # Totals are 0..100, so 1000 * group position keeps groups apart.
    ordered_groups = group_ids[base_order]
    key = ordered_groups[None, :] * 1000.0 - np.nan_to_num(totals[:, base_order], nan=-1.0)
    positions = np.argsort(key, axis=1, kind="stable")
    group_sizes = np.bincount(group_ids)
    starts = np.r_[0, np.cumsum(group_sizes)[:-1]]
    sorted_candidates = base_order[positions]
    ranks = np.empty((draws, count), dtype=np.int64)
    place = np.arange(count)[None, :] - starts[group_ids[sorted_candidates]] + 1
    np.put_along_axis(ranks, sorted_candidates, place, axis=1)
    return ranks


def stability(
    scores: ArrayLike,
    weights: ArrayLike,
    *,
    band: float = 0.2,
    draws: int = 1000,
    seed: int = 0,
    groups: ArrayLike | None = None,
    top: int = 3,
    base_order: ArrayLike | None = None,
) -> Robustness:
    """Rank stability of candidates x criteria `scores` on 0..100 under weight variation.

    A missing score leaves its criterion out of that candidate's total (the other weights are
    renormalised), as in :func:`~paritrana.scoring.aggregate.weighted_totals`. `base_order`
    lists candidate indices in the declared tie-break order (best first); it decides ties in
    the base ranking and in every draw. Without it, ties go to the lower index.
    """
    matrix = _scores(scores, ndim=2)
    count, criteria = matrix.shape
    base = _weights(weights, criteria)
    if not 0 <= band < 1:
        raise ScoringError("Pita variasi bobot harus di antara 0 dan 1.", field="band")
    if draws < 1:
        raise ScoringError("Jumlah undian harus paling sedikit satu.", field="draws")
    group_ids = np.zeros(count, dtype=np.int64)
    if groups is not None:
        raw_groups = np.asarray(groups)
        if raw_groups.shape != (count,):
            raise ScoringError(f"Perlu {count} id kelompok.", field="groups")
        _, group_ids = np.unique(raw_groups, return_inverse=True)
    order = np.arange(count) if base_order is None else np.asarray(base_order, dtype=np.int64)
    if sorted(order.tolist()) != list(range(count)):
        raise ScoringError("Urutan dasar harus memuat setiap kandidat sekali.", field="base_order")

    generator = np.random.default_rng(seed)
    factors = generator.uniform(1 - band, 1 + band, size=(draws, criteria))
    drawn = base[None, :] * factors
    drawn /= drawn.sum(axis=1, keepdims=True)

    present = ~np.isnan(matrix)
    filled = np.where(present, matrix, 0.0)
    presence = present.astype(np.float64)
    all_weights = np.vstack([base[None, :], drawn])
    with np.errstate(invalid="ignore", divide="ignore"):
        totals = (all_weights @ filled.T) / (all_weights @ presence.T)
    ranks = _group_ranks(totals, group_ids, order)
    base_rank, drawn_ranks = ranks[0], ranks[1:]
    low, high = np.quantile(drawn_ranks, [0.05, 0.95], axis=0, method="inverted_cdf")
    return Robustness(
        base_rank=base_rank,
        keep_share=(drawn_ranks == base_rank[None, :]).mean(axis=0),
        top_share=(drawn_ranks <= top).mean(axis=0),
        rank_low=low.astype(np.int64),
        rank_high=high.astype(np.int64),
        draws=draws,
        band=float(band),
        top=top,
    )
