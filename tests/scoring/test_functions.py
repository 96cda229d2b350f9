"""Scoring functions against hand-computed values (the arithmetic is in the comments)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paritrana.scoring import FUNCTIONS, PERCENT, Scale, Scored, ScoringError, score, validate
from paritrana.scoring.functions import fmt, round2

LIKERT = Scale(1, 5, (1, 2, 3, 4, 5))
ONE_TO_FIVE = Scale(1, 5)
FOUR_LEVELS = Scale(1, 4, (1, 2, 3, 4))
UCJ = {"lower": 20, "upper": 60}


def linear(value, *, scale=PERCENT, **params):
    return score("linear", {**UCJ, **params}, value, scale=scale, label="UCJ", unit="%")


# --- linear ------------------------------------------------------------------------------------


def test_linear_between_bounds_shows_the_computation():
    # (31 - 20) / (60 - 20) = 11 / 40 = 0.275 -> 27.5 of 100
    assert linear(31) == Scored(
        27.5, "UCJ 31,00% di antara batas 20,00 dan 60,00 -> 27,50 dari 100"
    )


@pytest.mark.parametrize(
    ("value", "expected", "words"),
    [
        (10, 0.0, "pada atau di bawah batas bawah 20,00"),  # below the lower bound
        (20, 0.0, "pada atau di bawah batas bawah 20,00"),  # at the lower bound
        (60, 100.0, "pada atau di atas batas atas 60,00"),  # at the upper bound
        (75, 100.0, "pada atau di atas batas atas 60,00"),  # above the upper bound
    ],
)
def test_linear_at_and_beyond_bounds(value, expected, words):
    result = linear(value)
    assert result.score == expected
    assert words in result.explanation
    assert result.explanation.endswith(f"-> {fmt(expected)} dari 100")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (10, 100.0),  # below lower: best when lower is better
        (20, 100.0),
        (31, 72.5),  # 1 - 0.275 = 0.725 -> 72.5
        (60, 0.0),
        (75, 0.0),
    ],
)
def test_linear_reverse_means_lower_is_better(value, expected):
    result = linear(value, reverse=True)
    assert result.score == expected
    assert "makin rendah makin baik" in result.explanation


def test_linear_on_a_one_to_five_scale():
    # 1 + 0.275 * (5 - 1) = 1 + 1.1 = 2.1
    result = linear(31, scale=ONE_TO_FIVE)
    assert result.score == 2.1
    assert "(posisi 27,50% dari rentang) -> 2,10 pada skala 1–5" in result.explanation


def test_linear_snaps_to_the_nearest_rubric_level():
    # 31: 2.1 -> level 2
    assert linear(31, scale=LIKERT).score == 2.0
    # 45: (45 - 20) / 40 = 0.625; 1 + 0.625 * 4 = 3.5, halfway -> the higher level 4
    result = linear(45, scale=LIKERT)
    assert result.score == 4.0
    assert "-> 3,50, dibulatkan ke tingkat terdekat -> 4,00 pada skala 1–5" in result.explanation


def test_linear_rounds_half_up_to_two_decimals():
    params = {"lower": 0, "upper": 3}
    # 1 / 3 * 100 = 33.333... -> 33.33; 2 / 3 * 100 = 66.666... -> 66.67
    assert score("linear", params, 1, scale=PERCENT).score == 33.33
    assert score("linear", params, 2, scale=PERCENT).score == 66.67
    # the number as written: 2.675 -> 2.68 (binary floats alone would give 2.67)
    assert round2(2.675) == 2.68


# --- rank_within --------------------------------------------------------------------------------

PEERS = [10, 20, 20, 40]


@pytest.mark.parametrize(
    ("value", "expected", "rank"),
    [
        # highest first: 40 -> rank 1; 20, 20 share ranks 2 and 3 -> 2.5; 10 -> rank 4
        (40, 100.0, "1"),  # (4 - 1) / (4 - 1) = 1
        (20, 50.0, "2,5"),  # (4 - 2.5) / (4 - 1) = 0.5
        (10, 0.0, "4"),  # (4 - 4) / (4 - 1) = 0
    ],
)
def test_rank_within_ties_share_the_average_rank(value, expected, rank):
    result = score("rank_within", {}, value, scale=PERCENT, peers=PEERS)
    assert result.score == expected
    assert f"peringkat {rank} dari 4 kandidat" in result.explanation


def test_rank_within_shows_the_percentile_sum():
    # 40 among 50, 40, 30, 20, 10: rank 2; (5 - 2) / (5 - 1) = 0.75
    result = score("rank_within", {}, 40, scale=PERCENT, peers=[50, 40, 30, 20, 10])
    assert result == Scored(
        75.0,
        "Nilai 40,00 peringkat 2 dari 5 kandidat (nilai sama berbagi peringkat rata-rata): "
        "persentil (5 − 2) / (5 − 1) = 75,00% -> 75,00 dari 100",
    )


def test_rank_within_reverse_ranks_the_lowest_first():
    # lowest first: 10 -> 1, 20 -> 2.5, 40 -> 4
    assert score("rank_within", {"reverse": True}, 10, scale=PERCENT, peers=PEERS).score == 100
    assert score("rank_within", {"reverse": True}, 20, scale=PERCENT, peers=PEERS).score == 50
    assert score("rank_within", {"reverse": True}, 40, scale=PERCENT, peers=PEERS).score == 0


def test_rank_within_all_tied_share_the_middle():
    # three equal values share ranks 1..3 -> 2; (3 - 2) / (3 - 1) = 0.5
    assert score("rank_within", {}, 5, scale=PERCENT, peers=[5, 5, 5]).score == 50


def test_rank_within_a_single_candidate_gets_the_maximum():
    result = score("rank_within", {}, 7, scale=LIKERT, peers=[7])
    assert result.score == 5
    assert "satu-satunya kandidat" in result.explanation


def test_rank_within_on_a_one_to_five_scale():
    # 2 among 1, 2, 3: rank 2 -> 0.5 -> 1 + 0.5 * 4 = 3
    assert score("rank_within", {}, 2, scale=LIKERT, peers=[1, 2, 3]).score == 3


def test_rank_within_leaves_out_peers_without_data():
    # 30 and 10 remain: 30 -> rank 1 of 2 -> 1.0; 10 -> rank 2 of 2 -> 0.0
    assert score("rank_within", {}, 30, scale=PERCENT, peers=[10, None, 30]).score == 100
    assert score("rank_within", {}, 10, scale=PERCENT, peers=[10, None, 30]).score == 0


def test_rank_within_needs_peers_that_include_the_candidate():
    with pytest.raises(ScoringError, match="pembanding") as missing:
        score("rank_within", {}, 10, scale=PERCENT)
    assert missing.value.field == "peers"
    with pytest.raises(ScoringError, match="termasuk"):
        score("rank_within", {}, 15, scale=PERCENT, peers=[10, 20])


# --- against_target -----------------------------------------------------------------------------


def test_against_target_from_params():
    # Kalimantan Barat: 31 / 59.56 = 0.52048... -> 52.05
    result = score("against_target", {"target": 59.56}, 31, scale=PERCENT, label="UCJ", unit="%")
    assert result == Scored(
        52.05, "UCJ 31,00% terhadap target 59,56%: capaian 52,05% -> 52,05 dari 100"
    )


def test_against_target_per_candidate_target_wins_over_params():
    # 31 / 40 = 0.775 -> 77.5
    assert score("against_target", {"target": 59.56}, 31, scale=PERCENT, target=40).score == 77.5
    assert score("against_target", {}, 31, scale=PERCENT, target=40).score == 77.5


def test_against_target_on_a_one_to_five_scale():
    # 1 + 0.775 * 4 = 4.1
    assert score("against_target", {}, 31, scale=ONE_TO_FIVE, target=40).score == 4.1


@pytest.mark.parametrize(
    ("value", "expected", "note"),
    [
        (59.56, 100.0, "capaian 100,00%"),  # exactly at target
        (70, 100.0, "capaian 117,53%, dibatasi 100%"),  # 70 / 59.56 = 1.1753 -> capped at 1
        (-5, 0.0, "dibatasi 0%"),  # a negative value (e.g. growth) floors at 0
    ],
)
def test_against_target_is_capped(value, expected, note):
    result = score("against_target", {"target": 59.56}, value, scale=PERCENT)
    assert result.score == expected
    assert note in result.explanation


@pytest.mark.parametrize("target", [0, -10])
def test_against_target_rejects_targets_that_are_not_positive(target):
    with pytest.raises(ScoringError, match="Target harus lebih besar dari nol"):
        score("against_target", {}, 31, scale=PERCENT, target=target)
    with pytest.raises(ScoringError, match="Target harus lebih besar dari nol"):
        validate("against_target", {"target": target})


def test_against_target_without_a_target_is_not_scored():
    # A region whose target was not imported: nothing to score against, as with a missing figure.
    result = score("against_target", {}, 31, scale=PERCENT, label="UCJ terhadap target", unit="%")
    assert result.score is None
    assert result.explanation == "UCJ 31,00%: tidak ada target -> tidak dinilai"


# --- threshold_levels ---------------------------------------------------------------------------

BANDS = {"thresholds": [20, 40, 60]}


@pytest.mark.parametrize(
    ("value", "expected", "band"),
    [
        (10, 1, "di bawah ambang 20,00 (pita 1 dari 4)"),
        (20, 2, "dari 20,00 sampai di bawah 40,00 (pita 2 dari 4)"),  # a threshold goes up
        (39.99, 2, "(pita 2 dari 4)"),
        (40, 3, "dari 40,00 sampai di bawah 60,00 (pita 3 dari 4)"),
        (60, 4, "pada atau di atas ambang 60,00 (pita 4 dari 4)"),
        (80, 4, "(pita 4 dari 4)"),
    ],
)
def test_threshold_levels_map_bands_to_the_scale_levels(value, expected, band):
    result = score("threshold_levels", BANDS, value, scale=FOUR_LEVELS)
    assert result.score == expected
    assert band in result.explanation


def test_threshold_levels_reverse():
    # lower is better: band 1 -> level 4, band 4 -> level 1
    assert score("threshold_levels", {**BANDS, "reverse": True}, 10, scale=FOUR_LEVELS).score == 4
    assert score("threshold_levels", {**BANDS, "reverse": True}, 70, scale=FOUR_LEVELS).score == 1


def test_threshold_levels_spread_evenly_over_a_continuous_scale():
    # four bands on 0..100: 0, 33.33, 66.67, 100; 45 is in band 3
    assert score("threshold_levels", BANDS, 45, scale=PERCENT).score == 66.67


def test_threshold_levels_with_explicit_levels():
    params = {**BANDS, "levels": [0, 50, 80, 100]}
    assert score("threshold_levels", params, 45, scale=PERCENT).score == 80
    assert score("threshold_levels", params, 5, scale=PERCENT).score == 0


def test_threshold_levels_must_fit_the_scale():
    # three thresholds make four bands; a five-level rubric needs explicit levels
    with pytest.raises(ScoringError, match="4 pita tidak cocok dengan 5 tingkat"):
        validate("threshold_levels", BANDS, scale=LIKERT)
    validate("threshold_levels", BANDS)  # without a scale the count cannot be checked yet
    validate("threshold_levels", {**BANDS, "levels": [1, 2, 4, 5]}, scale=LIKERT)
    with pytest.raises(ScoringError, match=r"Tingkat 2,5 tidak ada pada skala 1–5"):
        validate("threshold_levels", {**BANDS, "levels": [1, 2, 2.5, 5]}, scale=LIKERT)
    with pytest.raises(ScoringError, match="tidak ada pada skala"):
        score("threshold_levels", {**BANDS, "levels": [0, 50, 80, 120]}, 5, scale=PERCENT)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "memerlukan parameter thresholds"),
        ({"thresholds": []}, "tidak boleh kosong"),
        ({"thresholds": [40, 20]}, "urut naik"),
        ({"thresholds": [20, 20]}, "urut naik"),
        ({"thresholds": "20,40"}, "daftar angka"),
        ({"thresholds": [20, "40"]}, "angka"),
        ({"thresholds": [20, 40], "levels": [1, 2]}, "perlu 3 tingkat, bukan 2"),
    ],
)
def test_threshold_levels_bad_params(params, message):
    with pytest.raises(ScoringError, match=message):
        validate("threshold_levels", params)


# --- shared behaviour --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "params"),
    [("linear", UCJ), ("rank_within", {}), ("against_target", {}), ("threshold_levels", BANDS)],
)
def test_no_value_means_no_data_not_zero(function, params):
    result = score(function, params, None, scale=PERCENT, label="UCJ")
    assert result == Scored(None, "UCJ: tidak ada data -> tidak dinilai")


def test_unknown_function_is_refused_in_indonesian():
    with pytest.raises(ScoringError, match="Fungsi penilaian tidak dikenal: 'logistic'") as error:
        score("logistic", {}, 1, scale=PERCENT)
    assert isinstance(error.value, ValueError)
    assert error.value.field == "function"


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"lower": 20}, "params.upper", "memerlukan parameter upper"),
        ({"lower": 60, "upper": 20}, "params.lower", "harus lebih kecil dari batas atas"),
        ({"lower": 20, "upper": 20}, "params.lower", "harus lebih kecil"),
        ({"lower": "20", "upper": 60}, "params.lower", "harus berupa angka"),
        ({"lower": True, "upper": 60}, "params.lower", "harus berupa angka"),
        ({"lower": 20, "upper": math.inf}, "params.upper", "terhingga"),
        ({"lower": 20, "upper": 60, "uper": 70}, "params.uper", "Parameter tidak dikenal"),
        ({"lower": 20, "upper": 60, "reverse": "yes"}, "params.reverse", "true atau false"),
    ],
)
def test_linear_bad_params(params, field, message):
    with pytest.raises(ScoringError, match=message) as error:
        validate("linear", params)
    assert error.value.field == field


def test_params_must_be_an_object():
    with pytest.raises(ScoringError, match="objek JSON"):
        validate("linear", [20, 60])  # type: ignore[arg-type]


def test_validate_accepts_good_params_and_every_function_is_listed():
    for function, params in [
        ("linear", UCJ),
        ("rank_within", {}),
        ("against_target", {"target": 52.15}),
        ("threshold_levels", BANDS),
    ]:
        assert validate(function, params) is None
    assert set(FUNCTIONS) == {"linear", "rank_within", "against_target", "threshold_levels"}


@pytest.mark.parametrize("value", [math.nan, math.inf, True, "31"])
def test_a_value_that_is_not_a_finite_number_is_refused(value):
    with pytest.raises(ScoringError) as error:
        score("linear", UCJ, value, scale=PERCENT)
    assert error.value.field == "value"


# --- scales -------------------------------------------------------------------------------------


def test_scale_from_dict_and_back():
    assert Scale.from_dict({"levels": [1, 2, 3, 4, 5]}) == LIKERT
    assert Scale.from_dict({"min": 0, "max": 100}) == PERCENT
    assert Scale.from_dict(LIKERT.to_dict()) == LIKERT
    assert PERCENT.to_dict() == {"min": 0.0, "max": 100.0}
    assert LIKERT.normalise(4) == 75.0  # (4 - 1) / (5 - 1) * 100


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"min": 5, "max": 1}, "minimum 5 harus lebih kecil dari maksimum 1"),
        ({"min": 1, "max": 1}, "harus lebih kecil"),
        ({"levels": [1, 3, 2]}, "urut naik"),
        ({"min": 0, "max": 5, "levels": [1, 2, 3, 4, 5]}, "pertama dan terakhir"),
        ({"max": 5}, "perlu min dan max"),
        ({"min": "0", "max": 5}, "angka"),
    ],
)
def test_bad_scales_are_refused(data, message):
    with pytest.raises(ScoringError, match=message):
        Scale.from_dict(data)


def test_indonesian_number_format():
    assert fmt(1234.5) == "1.234,50"
    assert fmt(-0.125, 3) == "-0,125"


@given(
    value=st.floats(-1e6, 1e6),
    lower=st.floats(-1e3, 1e3),
    width=st.floats(1e-3, 1e3),
    reverse=st.booleans(),
    scale=st.sampled_from([PERCENT, LIKERT, ONE_TO_FIVE, Scale(-3, 3)]),
)
def test_linear_and_target_scores_stay_on_the_scale(value, lower, width, reverse, scale):
    params = {"lower": lower, "upper": lower + width, "reverse": reverse}
    linear_score = score("linear", params, value, scale=scale).score
    assert linear_score is not None
    assert scale.minimum <= linear_score <= scale.maximum
    target_score = score("against_target", {}, value, scale=scale, target=width).score
    assert target_score is not None
    assert scale.minimum <= target_score <= scale.maximum


@given(peers=st.lists(st.integers(0, 20), min_size=1, max_size=30), data=st.data())
def test_rank_scores_stay_on_the_scale_and_follow_the_order(peers, data):
    value = data.draw(st.sampled_from(peers))
    mine = score("rank_within", {}, value, scale=PERCENT, peers=peers).score
    assert mine is not None
    assert 0 <= mine <= 100
    for other in peers:
        theirs = score("rank_within", {}, other, scale=PERCENT, peers=peers).score
        assert theirs is not None
        if other > value:
            assert theirs > mine
