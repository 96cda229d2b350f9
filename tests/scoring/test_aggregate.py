"""Aggregation against hand-computed values (the arithmetic is in the comments)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from paritrana.scoring import (
    PERCENT,
    Scale,
    ScoringError,
    TieRule,
    aggregate,
    combine_assessors,
    combine_totals,
    normalise_severity,
    rank,
    weighted_totals,
)

NAN = math.nan
LIKERT = Scale(1, 5, (1, 2, 3, 4, 5))
TEN = Scale(0, 10)


def test_median_and_mean_ignore_missing() -> None:
    scores = np.array(
        [
            [[2, 3, 5, NAN]],  # median 3; mean (2 + 3 + 5) / 3 = 10/3
            [[2, NAN, 5, 4]],  # sorted 2 4 5: median 4; mean 11/3
            [[1, 4, 5, 2]],  # sorted 1 2 4 5: median (2 + 4) / 2 = 3; mean 12/4 = 3
            [[NAN, NAN, NAN, NAN]],  # nobody scored: NaN
        ]
    )
    median = combine_assessors(scores, "median")
    mean = combine_assessors(scores, "mean")
    assert median[:3, 0].tolist() == [3, 4, 3]
    assert mean[:3, 0] == pytest.approx([10 / 3, 11 / 3, 3])
    assert math.isnan(median[3, 0]) and math.isnan(mean[3, 0])


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ScoringError) as error:
        combine_assessors(np.ones((1, 1, 1)), "mode")  # type: ignore[arg-type]
    assert error.value.field == "method"


def test_lenient_and_severe_assessors_agree_after_normalisation() -> None:
    # Lenient L gives 8 and 10, severe S gives 2 and 4 to the same two candidates.
    # L: mean 9, std 1; S: mean 3, std 1.
    # Pooled over 8 10 2 4: mean 6, deviations 2 4 -4 -2, variance (4+16+16+4)/4 = 10.
    # Normalised: 6 + sqrt(10) * (-1) = 2.8377 for the lower, 6 + sqrt(10) = 9.1623 for the
    # higher score of each, so both assessors now agree exactly.
    scores = np.array([[[8, 2]], [[10, 4]]], dtype=float)
    severity = normalise_severity(scores, TEN)
    assert severity.means.tolist() == [9, 3]
    assert severity.stds.tolist() == [1, 1]
    assert severity.pooled_mean == 6
    assert severity.pooled_std == pytest.approx(math.sqrt(10))
    low, high = 6 - math.sqrt(10), 6 + math.sqrt(10)
    assert severity.scores[:, 0, :] == pytest.approx(np.array([[low, low], [high, high]]))
    assert not severity.unscaled.any()


def test_normalised_scores_are_clipped_to_the_scale() -> None:
    # L gives 9 and 10 (mean 9.5, std 0.5); S gives 0 and 10 (mean 5, std 5).
    # Pooled over 9 10 0 10: mean 7.25, variance (1.75² + 2.75² + 7.25² + 2.75²)/4 = 17.6875.
    # L's 10: 7.25 + 4.2057 * (0.5 / 0.5) = 11.46 -> clipped to 10.
    # L's 9: 7.25 - 4.2057 = 3.0443.
    scores = np.array([[[9, 0]], [[10, 10]]], dtype=float)
    severity = normalise_severity(scores, TEN)
    assert severity.pooled_std == pytest.approx(math.sqrt(17.6875))
    assert severity.scores[1, 0, 0] == 10
    assert severity.scores[0, 0, 0] == pytest.approx(7.25 - math.sqrt(17.6875))


def test_assessor_with_one_score_or_no_spread_is_left_unscaled_and_flagged() -> None:
    scores = np.array(
        [
            [[8, 3, 4]],
            [[10, NAN, 4]],  # assessor 2 gave one score; assessor 3 always 4
        ]
    )
    severity = normalise_severity(scores, TEN)
    assert severity.unscaled.tolist() == [False, True, True]
    assert severity.scores[0, 0, 1] == 3
    assert severity.scores[:, 0, 2].tolist() == [4, 4]
    assert math.isnan(severity.scores[1, 0, 1])


def test_weighted_totals_on_0_to_100() -> None:
    # A on 1..5 weight 3, B on 0..100 weight 1 -> shares 0.75 and 0.25.
    # Candidate 1: A 4 -> (4 - 1) / 4 * 100 = 75; B 40 -> 40; 0.75 * 75 + 0.25 * 40 = 66.25.
    # Candidate 2: B missing -> A alone, 75 (weights renormalised).
    # Candidate 3: nothing -> NaN.
    scores = np.array([[4, 40], [4, NAN], [NAN, NAN]])
    totals = weighted_totals(scores, [3, 1], [LIKERT, PERCENT])
    assert totals[:2].tolist() == [66.25, 75]
    assert math.isnan(totals[2])


def test_bad_weights_are_refused() -> None:
    with pytest.raises(ScoringError):
        weighted_totals(np.ones((1, 2)), [0, 0], PERCENT)
    with pytest.raises(ScoringError):
        weighted_totals(np.ones((1, 2)), [1, -1], PERCENT)
    with pytest.raises(ScoringError):
        weighted_totals(np.ones((1, 2)), [1, 1, 1], PERCENT)


def test_data_and_assessor_totals_combine_by_configured_weights() -> None:
    # 60/40: 0.6 * 80 + 0.4 * 60 = 48 + 24 = 72; 0.6 * 50 + 0.4 * 100 = 70.
    combined = combine_totals([80, 50], [60, 100], data_weight=60, assessor_weight=40)
    assert combined.tolist() == pytest.approx([72, 70])


# Tie-break: total, then criterion X, then data-based total, then the candidate key.
#   key  total  X  data
#   D    70     1  0     -> last: its total is lower
#   C    80     5  50
#   B    80     5  50    -> ties C on total, X and data: key B before C
#   A    80     5  60    -> first: ties B and C on total and X, higher data
#   E    80     4  90    -> below A, B, C on X despite the highest data
KEYS = ["D", "C", "B", "A", "E"]
RULES = [
    TieRule("total", [70, 80, 80, 80, 80]),
    TieRule("criterion:X", [1, 5, 5, 5, 4]),
    TieRule("data", [0, 50, 50, 60, 90]),
    TieRule("key", np.array(KEYS), higher_is_better=False),
]


def test_each_tie_break_rule_decides_one_tie() -> None:
    ranking = rank(RULES)
    assert [KEYS[i] for i in ranking.order] == ["A", "B", "C", "E", "D"]
    assert dict(zip(KEYS, ranking.rank.tolist(), strict=True)) == {
        "A": 1,
        "B": 2,
        "C": 3,
        "E": 4,
        "D": 5,
    }
    assert dict(zip(KEYS, ranking.broken_by, strict=True)) == {
        "A": None,  # first
        "B": "data",  # 50 against A's 60
        "C": "key",  # same as B on everything but the key
        "E": "criterion:X",  # 4 against C's 5
        "D": None,  # the total alone places it
    }


def test_ranks_restart_in_each_group_and_float_noise_is_a_tie() -> None:
    # 0.1 + 0.2 is 0.30000000000000004: compared at 6 decimals it ties 0.3, and the key decides.
    totals = [0.1 + 0.2, 0.3, 0.9, 0.5]
    ranking = rank(
        [TieRule("total", totals), TieRule("key", np.array(["b", "a", "c", "d"]), False)],
        groups=["Kaltim", "Kaltim", "Kalsel", "Kalsel"],
    )
    assert ranking.rank.tolist() == [2, 1, 1, 2]
    assert ranking.broken_by == ("key", None, None, None)


def test_missing_value_ranks_last() -> None:
    ranking = rank([TieRule("total", [NAN, 10, 20])])
    assert ranking.rank.tolist() == [3, 2, 1]


def _small_cycle() -> tuple[np.ndarray, list[str]]:
    # Two criteria (A on 1..5 weight 1, B on 1..5 weight 1), assessors L (lenient), S (severe).
    scores = np.array(
        [
            [[5, 3], [4, 2]],  # P
            [[4, 2], [5, 3]],  # Q
        ],
        dtype=float,
    )
    return scores, ["P", "Q"]


def test_aggregate_gives_raw_and_normalised_side_by_side_and_explains() -> None:
    scores, candidates = _small_cycle()
    result = aggregate(
        scores,
        weights=[1, 1],
        scales=LIKERT,
        candidates=candidates,
        criteria=["A", "B"],
        assessors=["L", "S"],
        method="mean",
        data_totals=[50, 40],
        data_weight=1,
        assessor_weight=1,
    )
    # P raw: A mean (5 + 3) / 2 = 4 -> 75; B (4 + 2) / 2 = 3 -> 50; total (75 + 50) / 2 = 62.5.
    # Q raw: A 3 -> 50, B 4 -> 75, total 62.5. Final: (50 + 62.5) / 2 = 56.25, (40 + 62.5) / 2.
    assert result.total_raw.tolist() == [62.5, 62.5]
    assert result.final_raw.tolist() == [56.25, 51.25]
    # L: mean 4.5, std 0.5; S: mean 2.5, std 0.5. Pooled over 5 4 4 5 3 2 2 3: mean 3.5,
    # variance (4 * 1.5² + 4 * 0.5²) / 8 = 1.25. L's 5 -> 3.5 + sqrt(1.25) = 4.618.
    explained = result.explain("P")
    assert explained.total_raw == 62.5
    assert explained.data_total == 50
    a = explained.criteria[0]
    assert a.code == "A" and a.weight == 0.5
    assert a.raw == {"L": 5, "S": 3}
    assert a.normalised["L"] == pytest.approx(3.5 + math.sqrt(1.25))
    # After normalisation L and S agree: both give P's A 4.618 and B 2.382.
    assert a.normalised["S"] == pytest.approx(a.normalised["L"])
    assert a.combined_raw == 4 and a.percent_raw == 75
    # The assessor totals tie (P and Q are mirror images), so the data total decides the final
    # order; ranking on the assessor total alone, criterion A (P 4.618 against Q 3.5) decides.
    ranking = result.rank(["total", "criterion:A", "key"])
    assert ranking.rank.tolist() == [1, 2]
    tied = result.rank(["assessor", "criterion:A", "key"])
    assert tied.rank.tolist() == [1, 2]
    assert tied.broken_by == (None, "criterion:A")


def test_unknown_rule_and_candidate_are_refused() -> None:
    scores, candidates = _small_cycle()
    result = aggregate(
        scores,
        weights=[1, 1],
        scales=LIKERT,
        candidates=candidates,
        criteria=["A", "B"],
        assessors=["L", "S"],
    )
    with pytest.raises(ScoringError) as error:
        result.rank(["total", "criterion:Z"])
    assert error.value.field == "tie_rules"
    with pytest.raises(ScoringError):
        result.rank(["data"])  # no data-based totals given
    with pytest.raises(ScoringError):
        result.explain("R")


def test_shape_mismatch_is_refused() -> None:
    with pytest.raises(ScoringError) as error:
        aggregate(
            np.ones((2, 2, 2)),
            weights=[1, 1],
            scales=LIKERT,
            candidates=["P"],
            criteria=["A", "B"],
            assessors=["L", "S"],
        )
    assert error.value.field == "scores"
