"""Krippendorff's alpha against the `krippendorff` package, and disagreement flags."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest

from paritrana.scoring import LEVELS, Scale, ScoringError, disagreement, krippendorff_alpha

NAN = math.nan
LIKERT = Scale(1, 5, (1, 2, 3, 4, 5))

# The package's documented example: 3 raters (rows) x 15 units, here transposed to units x raters.
DOCUMENTED = np.array(
    [
        [NAN, NAN, NAN, NAN, NAN, 3, 4, 1, 2, 1, 1, 3, 3, NAN, 3],
        [1, NAN, 2, 1, 3, 3, 4, 3, NAN, NAN, NAN, NAN, NAN, NAN, NAN],
        [NAN, NAN, 2, 1, 3, 4, 4, NAN, 2, 1, 1, 3, 3, NAN, 4],
    ]
).T


def test_documented_example() -> None:
    assert round(krippendorff_alpha(DOCUMENTED, "nominal"), 6) == 0.691358
    assert round(krippendorff_alpha(DOCUMENTED, "interval"), 6) == 0.810845


@pytest.mark.parametrize("level", LEVELS)
def test_documented_example_equals_the_package(level: str) -> None:
    expected = krippendorff.alpha(reliability_data=DOCUMENTED.T, level_of_measurement=level)
    assert krippendorff_alpha(DOCUMENTED, level) == pytest.approx(expected, abs=1e-12)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("level", LEVELS)
def test_random_matrices_with_missing_cells_equal_the_package(seed: int, level: str) -> None:
    rng = np.random.default_rng(seed)
    units, raters = rng.integers(5, 60), rng.integers(2, 7)
    if seed % 2:
        # Rubric scores 1..5 with a shared quality per unit, so alpha is not just noise.
        quality = rng.integers(1, 6, size=(units, 1))
        data = np.clip(quality + rng.integers(-1, 2, size=(units, raters)), 1, 5).astype(float)
    else:
        data = np.round(rng.uniform(0, 100, size=(units, raters)), 1)
    data[rng.random(data.shape) < 0.3] = np.nan
    expected = krippendorff.alpha(reliability_data=data.T, level_of_measurement=level)
    assert krippendorff_alpha(data, level) == pytest.approx(expected, abs=1e-10)  # type: ignore[arg-type]


def test_perfect_agreement_is_one_and_single_ratings_are_ignored() -> None:
    # Units 1 and 2 both rated alike by two raters: o[1,1] = 2 * 1 / 1 = 2, o[2,2] = 2,
    # observed disagreement 0 -> alpha 1. Unit 3 has one rating and is not pairable.
    data = np.array([[1, 1], [2, 2], [5, NAN]])
    assert krippendorff_alpha(data, "interval") == 1.0


def test_no_variation_or_no_pairs_gives_nan() -> None:
    assert math.isnan(krippendorff_alpha(np.array([[3, 3], [3, 3]])))
    assert math.isnan(krippendorff_alpha(np.array([[3, NAN], [NAN, 4]])))


def test_unknown_level_is_refused() -> None:
    with pytest.raises(ScoringError) as error:
        krippendorff_alpha(DOCUMENTED, "cardinal")  # type: ignore[arg-type]
    assert error.value.field == "level"


def test_disagreement_std_and_range_on_0_to_100() -> None:
    scores = np.array(
        [
            [[1, 5, NAN], [3, 3, 3]],  # 1 and 5 on 1..5 are 0 and 100: std 50, range 100
            [[2, 3, 4], [4, NAN, NAN]],  # 25 50 75: std sqrt(2 * 25² / 3) = 20.41; one score
        ],
        dtype=float,
    )
    spread = disagreement(scores, LIKERT, threshold=22)
    assert spread.per_criterion[0].tolist() == [50, 0]
    assert spread.per_criterion[1, 0] == pytest.approx(math.sqrt(2 * 25**2 / 3))
    assert math.isnan(spread.per_criterion[1, 1])
    # Candidate 1: (50 + 0) / 2 = 25 > 22, flagged; candidate 2: 20.41 alone, not flagged.
    assert spread.per_candidate == pytest.approx([25, math.sqrt(2 * 25**2 / 3)])
    assert spread.flagged.tolist() == [True, False]
    ranged = disagreement(scores, LIKERT, threshold=60, measure="range")
    assert ranged.per_criterion[0].tolist() == [100, 0]
    assert ranged.per_candidate[1] == 50
    assert ranged.flagged.tolist() == [False, False]
