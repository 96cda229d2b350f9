"""Weighted criteria trees against hand-computed totals (the arithmetic is in the comments)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paritrana.scoring import PERCENT, Criterion, Scale, ScoringError, evaluate

LIKERT = Scale(1, 5, (1, 2, 3, 4, 5))

# T
#   A Regulasi     weight 20, rubric 1..5
#   B Coverage     weight 50
#     B1 UCJ          weight 3, 0..100
#     B2 Pertumbuhan  weight 1, 0..100
#   C Inovasi      weight 30, 0..10
TREE = {
    "code": "T",
    "name": "Pemerintah Kabupaten/Kota",
    "children": [
        {"code": "A", "name": "Regulasi", "weight": 20, "scale": {"levels": [1, 2, 3, 4, 5]}},
        {
            "code": "B",
            "name": "Coverage",
            "weight": 50,
            "children": [
                {"code": "B1", "name": "UCJ", "weight": 3},
                {"code": "B2", "name": "Pertumbuhan", "weight": 1},
            ],
        },
        {"code": "C", "name": "Inovasi", "weight": 30, "scale": {"min": 0, "max": 10}},
    ],
}
# A = 4 -> (4 - 1) / 4 = 75; B1 = 60; B2 = 20; C = 7 -> 70
SCORES = {"A": 4, "B1": 60, "B2": 20, "C": 7}


@pytest.fixture
def tree():
    return Criterion.from_dict(TREE)


def test_nested_weighted_total(tree):
    result = evaluate(tree, SCORES)
    # B = (3 * 60 + 1 * 20) / 4 = 200 / 4 = 50
    assert result.node("B").score == pytest.approx(50)
    # T = 0.2 * 75 + 0.5 * 50 + 0.3 * 70 = 15 + 25 + 21 = 61
    assert result.total == pytest.approx(61)
    assert result.node("A").raw_score == 4
    assert result.node("A").score == pytest.approx(75)


def test_breakdown_explains_the_total_down_to_each_criterion(tree):
    result = evaluate(tree, SCORES)
    contributions = {node.code: node.contribution for node in result.leaves()}
    # A 0.2 * 75 = 15; B1 0.5 * 0.75 * 60 = 22.5; B2 0.5 * 0.25 * 20 = 2.5; C 0.3 * 70 = 21
    assert contributions == pytest.approx({"A": 15, "B1": 22.5, "B2": 2.5, "C": 21})
    assert sum(contributions.values()) == pytest.approx(result.total)
    top = [result.node(code).contribution for code in ("A", "B", "C")]
    assert sum(top) == pytest.approx(result.total)
    b1 = result.node("B1")
    assert (b1.parent, b1.depth, b1.share, b1.global_share) == ("B", 2, 0.75, 0.375)
    assert [node.code for node in result.breakdown] == ["T", "A", "B", "B1", "B2", "C"]


def test_weights_are_relative_and_need_not_sum_to_100():
    scaled = {
        **TREE,
        "children": [{**child, "weight": child["weight"] / 10} for child in TREE["children"]],
    }
    # 2 : 5 : 3 is the same as 20 : 50 : 30
    assert evaluate(Criterion.from_dict(scaled), SCORES).total == pytest.approx(61)


def test_reweight_drops_a_missing_leaf_and_renormalises_its_siblings(tree):
    result = evaluate(tree, {**SCORES, "B2": None})
    # B = 60 (B1 alone); T = 15 + 0.5 * 60 + 21 = 66
    assert result.node("B").score == pytest.approx(60)
    assert result.total == pytest.approx(66)
    b2 = result.node("B2")
    assert (b2.score, b2.share, b2.configured_share, b2.contribution, b2.missing) == (
        None,
        0.0,
        0.25,
        0.0,
        True,
    )
    assert result.node("B1").share == 1.0


def test_zero_policy_counts_a_missing_leaf_as_zero(tree):
    result = evaluate(tree, {"A": 4, "B1": 60, "C": 7}, missing="zero")
    # B = (3 * 60 + 1 * 0) / 4 = 45; T = 15 + 0.5 * 45 + 21 = 58.5
    assert result.node("B").score == pytest.approx(45)
    assert result.total == pytest.approx(58.5)
    b2 = result.node("B2")
    assert (b2.score, b2.share, b2.missing) == (0.0, 0.25, True)


def test_reweight_at_the_top_level(tree):
    result = evaluate(tree, {"B1": 60, "B2": 20, "C": 7})
    # A missing: B and C share 50 + 30 = 80; T = (50 * 50 + 30 * 70) / 80 = 4600 / 80 = 57.5
    assert result.total == pytest.approx(57.5)
    assert result.node("B").share == pytest.approx(0.625)
    assert result.node("C").share == pytest.approx(0.375)
    # zero policy: 0 + 25 + 21 = 46
    assert evaluate(tree, {"B1": 60, "B2": 20, "C": 7}, missing="zero").total == pytest.approx(46)


def test_a_node_with_no_scored_leaf_is_missing_too(tree):
    result = evaluate(tree, {"A": 4, "C": 7})
    # B missing: T = (20 * 75 + 30 * 70) / 50 = (1500 + 2100) / 50 = 72
    assert result.total == pytest.approx(72)
    assert result.node("B").score is None
    assert result.node("B").missing
    assert result.node("B1").global_share == 0.0


def test_nothing_scored(tree):
    assert evaluate(tree, {}).total is None
    assert evaluate(tree, {}, missing="zero").total == 0.0


def test_a_zero_weight_leaf_contributes_nothing():
    tree = Criterion(
        "T",
        "Total",
        children=(Criterion("A", "A", weight=0), Criterion("B", "B", weight=2)),
    )
    result = evaluate(tree, {"A": 100, "B": 40})
    assert result.total == pytest.approx(40)
    assert result.node("A").contribution == 0.0


def test_zero_total_weight_is_an_error():
    with pytest.raises(ScoringError, match="Jumlah bobot sub-kriteria T nol"):
        Criterion(
            "T", "Total", children=(Criterion("A", "A", weight=0), Criterion("B", "B", weight=0))
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "T", "name": "T", "weight": -1}, "nol atau lebih"),
        ({"code": "T", "name": "T", "weight": "10"}, "harus berupa angka"),
        ({"code": "", "name": "T"}, "Kode kriteria wajib"),
        ({"name": "T"}, "Kode kriteria wajib"),
        ({"code": "T", "name": "T", "children": "A"}, "harus berupa daftar"),
        (
            {"code": "T", "name": "T", "children": [{"code": "A", "name": "A"}] * 2},
            "Kode kriteria ganda: A",
        ),
        (
            {
                "code": "T",
                "name": "T",
                "scale": {"min": 0, "max": 10},
                "children": [{"code": "A", "name": "A"}],
            },
            "tidak boleh punya skala",
        ),
    ],
)
def test_bad_trees_are_refused(data, message):
    with pytest.raises(ScoringError, match=message):
        Criterion.from_dict(data)


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"A": 6}, r"Nilai A \(6,00\) di luar skala 1,00–5,00"),
        ({"C": -1}, "di luar skala"),
        ({"B": 50}, "bukan daun pohon ini: B"),
        ({"X": 50}, "bukan daun pohon ini: X"),
        ({"A": "4"}, "harus berupa angka"),
    ],
)
def test_bad_scores_are_refused(tree, scores, message):
    with pytest.raises(ScoringError, match=message):
        evaluate(tree, scores)


def test_unknown_policy_is_refused(tree):
    with pytest.raises(ScoringError, match="reweight atau zero"):
        evaluate(tree, SCORES, missing="drop")  # type: ignore[arg-type]


def test_from_dict_ignores_template_extras_and_round_trips(tree):
    extra = {**TREE, "descriptor": "Rubrik", "metric": "ucj"}
    assert Criterion.from_dict(extra) == tree
    assert Criterion.from_dict(tree.to_dict()) == tree
    assert tree.find("B2").name == "Pertumbuhan"
    assert tree.find("C").leaf_scale == Scale(0, 10)
    assert tree.find("B1").leaf_scale == PERCENT


def test_explain_lines(tree):
    lines = evaluate(tree, {**SCORES, "B2": None}).explain()
    assert lines[0] == "T Pemerintah Kabupaten/Kota: skor 66,00 x bobot 100,00% = 66,00"
    # B1: 60 x 0.5 x 1 = 30
    assert "    B1 UCJ: skor 60,00 x bobot 50,00% = 30,00" in lines
    assert "    B2 Pertumbuhan: tidak ada nilai, bobot dialihkan" in lines
    zero = evaluate(tree, {**SCORES, "B2": None}, missing="zero").explain()
    assert "    B2 Pertumbuhan: skor 0,00 (tidak ada nilai, dihitung 0) x bobot 12,50% = 0,00" in (
        zero
    )


# --- properties ---------------------------------------------------------------------------------

SCALES = [PERCENT, LIKERT, Scale(0, 10), Scale(-3, 3)]
weights = st.floats(0, 100)
shapes = st.recursive(
    st.tuples(weights, st.sampled_from(SCALES)),
    lambda children: st.tuples(weights, st.lists(children, min_size=1, max_size=4)),
    max_leaves=20,
)


def build(shape, codes, weight=1.0):
    """A Criterion from a generated shape; a zero-sum sibling group gets its first weight at 1."""
    code = f"K{next(codes)}"
    _, body = shape
    if isinstance(body, Scale):
        return Criterion(code, code, weight=weight, scale=body)
    child_weights = [child[0] for child in body]
    if sum(child_weights) == 0:
        child_weights[0] = 1.0
    children = tuple(build(child, codes, w) for child, w in zip(body, child_weights, strict=True))
    return Criterion(code, code, weight=weight, children=children)


@given(shape=shapes, policy=st.sampled_from(["reweight", "zero"]), data=st.data())
def test_totals_stay_within_0_and_100_and_leaves_add_up(shape, policy, data):
    root = build((1.0, [shape]), itertools.count())
    scores = {
        leaf.code: data.draw(
            st.none() | st.floats(leaf.leaf_scale.minimum, leaf.leaf_scale.maximum),
            label=leaf.code,
        )
        for leaf in root.leaves()
    }
    result = evaluate(root, scores, missing=policy)
    if result.total is None:
        assert policy == "reweight"
        assert all(score is None for score in scores.values()) or any(
            node.weight == 0 for node in root.walk()
        )
        return
    assert -1e-9 <= result.total <= 100 + 1e-9
    leaf_sum = sum(node.contribution for node in result.leaves())
    assert leaf_sum == pytest.approx(result.total, abs=1e-9)
    for node in root.walk():
        if node.children and result.node(node.code).score is not None:
            used = sum(result.node(child.code).share for child in node.children)
            assert used == pytest.approx(1.0)
