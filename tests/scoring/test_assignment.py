"""Assignment of assessors: hand-worked cases, brute force and an independent min-cost flow."""

from __future__ import annotations

import itertools
import math
import time

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paritrana.scoring import Assignment, ScoringError, Shortfall, assign


def _squares(result: Assignment) -> int:
    return sum(load * load for load in result.load.values())


def test_each_candidate_takes_its_only_two_clear_assessors() -> None:
    # Every candidate conflicts with one of three assessors, so it must take the other two; each
    # assessor then has exactly two candidates, its capacity.
    result = assign(
        candidates=["P", "Q", "R"],
        assessors=["x", "y", "z"],
        required=2,
        capacity=2,
        conflicts=[("P", "x"), ("Q", "y"), ("R", "z")],
    )
    assert result.pairs == (
        ("P", "y"),
        ("P", "z"),
        ("Q", "x"),
        ("Q", "z"),
        ("R", "x"),
        ("R", "y"),
    )
    assert result.new_pairs == result.pairs
    assert result.load == {"x": 2, "y": 2, "z": 2}
    assert result.unmet == ()
    assert result.for_candidate("Q") == ("x", "z")
    assert result.for_candidate("nobody") == ()


def test_optimum_where_greedy_in_order_fails() -> None:
    # A may take x or y, B only x, one candidate per assessor. Giving A the first assessor, x,
    # leaves B with nothing; the optimum gives A y and B x.
    result = assign(
        candidates=["A", "B"],
        assessors=["x", "y"],
        required=1,
        capacity=1,
        conflicts=[("B", "y")],
    )
    assert result.pairs == (("A", "y"), ("B", "x"))
    assert result.load == {"x": 1, "y": 1}
    assert result.unmet == ()


def test_round_robin_dead_end_is_repaired() -> None:
    # Three candidates x two assessors each, three assessors of capacity two: exactly full.
    # Round-robin by least load goes A-x B-y C-z, then A-y B-x, and C is left with x and y both
    # full; an augmenting path (C takes x, B moves from x to z) completes it.
    result = assign(candidates=["A", "B", "C"], assessors=["x", "y", "z"], required=2, capacity=2)
    assert len(result.pairs) == 6
    assert result.load == {"x": 2, "y": 2, "z": 2}
    assert result.unmet == ()
    for candidate in "ABC":
        assert len(result.for_candidate(candidate)) == 2


def test_load_is_balanced_through_a_chain_of_moves() -> None:
    # z is clear only for A, so the even spread 1-1-1 needs A on z; then B and C share x and y.
    result = assign(
        candidates=["A", "B", "C"],
        assessors=["x", "y", "z"],
        required=1,
        capacity=2,
        conflicts=[("A", "y"), ("B", "z"), ("C", "z")],
    )
    assert result.for_candidate("A") == ("z",)
    assert result.load == {"x": 1, "y": 1, "z": 1}
    assert {result.for_candidate("B"), result.for_candidate("C")} == {("x",), ("y",)}


def test_fixed_pairs_are_kept_and_count_toward_required_and_load() -> None:
    # x already has c1 and c2 by hand, which covers their one required assessor each. c3 and
    # c4 need one each from x or y: both on y gives x and y 2-2 (squares 4 + 4 = 8) against 3-1
    # (9 + 1 = 10) if split. c5 needs two, has z by hand and may only take w besides.
    result = assign(
        candidates=["c1", "c2", "c3", "c4", "c5"],
        assessors=["x", "y", "z", "w"],
        required={"c1": 1, "c2": 1, "c3": 1, "c4": 1, "c5": 2},
        capacity=3,
        conflicts=[("c3", "z"), ("c3", "w"), ("c4", "z"), ("c4", "w"), ("c5", "x"), ("c5", "y")],
        fixed=[("c2", "x"), ("c5", "z"), ("c1", "x")],
    )
    assert result.pairs == (
        ("c1", "x"),
        ("c2", "x"),
        ("c3", "y"),
        ("c4", "y"),
        ("c5", "z"),
        ("c5", "w"),
    )
    assert result.new_pairs == (("c3", "y"), ("c4", "y"), ("c5", "w"))
    assert result.load == {"x": 2, "y": 2, "z": 1, "w": 1}
    assert result.unmet == ()


def test_fixed_pairs_beyond_capacity_are_kept() -> None:
    result = assign(
        candidates=["a", "b", "c"],
        assessors=["x", "y"],
        required=1,
        capacity=1,
        fixed=[("a", "x"), ("b", "x")],
    )
    assert result.pairs == (("a", "x"), ("b", "x"), ("c", "y"))
    assert result.new_pairs == (("c", "y"),)
    assert result.load == {"x": 2, "y": 1}


def test_shortfall_from_conflicts_names_the_count() -> None:
    result = assign(
        candidates=["A", "B"],
        assessors=["x", "y", "z"],
        required=3,
        capacity=5,
        conflicts=[("A", "x")],
    )
    assert result.for_candidate("A") == ("y", "z")
    assert result.for_candidate("B") == ("x", "y", "z")
    assert result.unmet == (
        Shortfall(
            candidate="A",
            required=3,
            assigned=2,
            reason="hanya 2 penilai tanpa konflik kepentingan; diperlukan 3",
        ),
    )


def test_shortfall_from_capacity() -> None:
    # Three candidates, two assessors taking one each: one candidate must go without.
    result = assign(candidates=["A", "B", "C"], assessors=["x", "y"], required=1, capacity=1)
    assert len(result.pairs) == 2
    assert result.load == {"x": 1, "y": 1}
    (short,) = result.unmet
    assert short.required == 1
    assert short.assigned == 0
    assert "batas beban" in short.reason
    assert "kuota beban penilai sudah penuh" in short.reason


def test_per_assessor_capacity_and_zero_requirements() -> None:
    result = assign(
        candidates=["A", "B", "C", "D"],
        assessors=["x", "y", "z"],
        required={"A": 2, "B": 2, "C": 0, "D": 2},
        capacity={"x": 3, "y": 3, "z": 0},
    )
    assert result.load == {"x": 3, "y": 3, "z": 0}
    assert result.for_candidate("C") == ()
    assert result.unmet == ()


def test_same_input_same_result_whatever_the_order_of_conflicts() -> None:
    candidates = [f"c{i}" for i in range(30)]
    assessors = [f"a{j}" for j in range(7)]
    conflicts = [(c, a) for i, c in enumerate(candidates) for j, a in enumerate(assessors)]
    conflicts = [pair for k, pair in enumerate(conflicts) if k % 5 == 0]
    first = assign(
        candidates=candidates,
        assessors=assessors,
        required=3,
        capacity=13,
        conflicts=conflicts,
    )
    second = assign(
        candidates=candidates,
        assessors=assessors,
        required=3,
        capacity=13,
        conflicts=set(reversed(conflicts)),
    )
    assert first == second


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"candidates": ["A", "A"]}, "candidates", "Kandidat 'A' tercantum dua kali"),
        ({"assessors": ["x", "x"]}, "assessors", "Penilai 'x' tercantum dua kali"),
        ({"candidates": ["A", ""]}, "candidates", "teks tidak kosong"),
        ({"assessors": "xy"}, "assessors", "bukan teks"),
        ({"required": -1}, "required", "tidak boleh negatif"),
        ({"required": 1.5}, "required", "bilangan bulat"),
        ({"required": True}, "required", "bilangan bulat"),
        ({"required": {"A": 1}}, "required", "untuk kandidat 'B' tidak diberikan"),
        ({"required": {"A": 1, "B": 1, "C": 1}}, "required", "Kandidat tidak dikenal: 'C'"),
        ({"capacity": -2}, "capacity", "Batas beban tidak boleh negatif"),
        ({"capacity": {"x": 1, "y": -1}}, "capacity", "penilai 'y' tidak boleh negatif"),
        ({"capacity": {"x": 1, "z": 1}}, "capacity", "Penilai tidak dikenal: 'z'"),
        ({"conflicts": [("C", "x")]}, "conflicts", "Kandidat tidak dikenal dalam konflik"),
        ({"conflicts": [("A", "z")]}, "conflicts", "Penilai tidak dikenal dalam konflik"),
        ({"conflicts": [("A",)]}, "conflicts", "pasangan"),
        ({"fixed": [("C", "x")]}, "fixed", "Kandidat tidak dikenal dalam penugasan tetap"),
        ({"fixed": [("A", "z")]}, "fixed", "Penilai tidak dikenal dalam penugasan tetap"),
        ({"fixed": [("A", "x"), ("A", "x")]}, "fixed", "'A' - 'x' tercantum dua kali"),
        (
            {"fixed": [("B", "y")], "conflicts": [("B", "y")]},
            "fixed",
            "'B' - 'y' berbenturan dengan konflik kepentingan",
        ),
    ],
)
def test_bad_input_is_refused_in_indonesian(kwargs: dict, field: str, message: str) -> None:
    arguments: dict = {
        "candidates": ["A", "B"],
        "assessors": ["x", "y"],
        "required": 1,
        "capacity": 1,
    }
    arguments.update(kwargs)
    with pytest.raises(ScoringError, match=message) as raised:
        assign(**arguments)
    assert raised.value.field == field


def test_repeated_conflicts_are_harmless() -> None:
    result = assign(
        candidates=["A"],
        assessors=["x", "y"],
        required=1,
        capacity=1,
        conflicts=[("A", "x"), ("A", "x")],
    )
    assert result.pairs == (("A", "y"),)


@st.composite
def instances(draw: st.DrawFn, most_candidates: int, most_assessors: int) -> dict:
    n = draw(st.integers(1, most_candidates))
    m = draw(st.integers(1, most_assessors))
    candidates = [f"c{i}" for i in range(n)]
    assessors = [f"a{j}" for j in range(m)]
    cells = [(c, a) for c in candidates for a in assessors]
    marks = draw(st.lists(st.sampled_from("..cf"), min_size=len(cells), max_size=len(cells)))
    required: int | dict[str, int] = draw(
        st.integers(0, m + 1)
        | st.fixed_dictionaries({c: st.integers(0, m + 1) for c in candidates})
    )
    capacity: int | dict[str, int] = draw(
        st.integers(0, n + 1) | st.fixed_dictionaries({a: st.integers(0, n + 1) for a in assessors})
    )
    return {
        "candidates": candidates,
        "assessors": assessors,
        "required": required,
        "capacity": capacity,
        "conflicts": [cell for cell, mark in zip(cells, marks, strict=True) if mark == "c"],
        "fixed": [cell for cell, mark in zip(cells, marks, strict=True) if mark == "f"],
    }


def _limits(instance: dict) -> tuple[dict[str, int], dict[str, int]]:
    required, capacity = instance["required"], instance["capacity"]
    if isinstance(required, int):
        required = dict.fromkeys(instance["candidates"], required)
    if isinstance(capacity, int):
        capacity = dict.fromkeys(instance["assessors"], capacity)
    return required, capacity


def _check_rules(instance: dict, result: Assignment) -> None:
    required, capacity = _limits(instance)
    conflicts, fixed = set(instance["conflicts"]), set(instance["fixed"])
    pairs = set(result.pairs)
    assert len(pairs) == len(result.pairs)  # distinct assessors per candidate
    assert not pairs & conflicts
    assert fixed <= pairs
    assert set(result.new_pairs) == pairs - fixed
    order = {name: k for k, name in enumerate(instance["candidates"])}
    rank = {name: k for k, name in enumerate(instance["assessors"])}
    assert list(result.pairs) == sorted(result.pairs, key=lambda p: (order[p[0]], rank[p[1]]))
    for assessor in instance["assessors"]:
        load = sum(1 for _, a in result.pairs if a == assessor)
        fixed_load = sum(1 for _, a in fixed if a == assessor)
        assert result.load[assessor] == load
        assert load <= max(capacity[assessor], fixed_load)
    short = {s.candidate: s for s in result.unmet}
    for candidate in instance["candidates"]:
        got = len(result.for_candidate(candidate))
        fixed_count = sum(1 for c, _ in fixed if c == candidate)
        assert got <= max(required[candidate], fixed_count)
        assert (candidate in short) == (got < required[candidate])
        if candidate in short:
            assert short[candidate].assigned == got
            assert short[candidate].required == required[candidate]
            clear = len(instance["assessors"]) - sum(1 for c, _ in conflicts if c == candidate)
            if clear < required[candidate]:
                assert short[candidate].reason.startswith(f"hanya {clear} penilai")
            else:
                assert "batas beban" in short[candidate].reason


def _brute_force(instance: dict) -> tuple[int, int]:
    """(most new pairs, least sum of squared loads among those) over every valid assignment."""
    required, capacity = _limits(instance)
    conflicts, fixed = set(instance["conflicts"]), set(instance["fixed"])
    fixed_load = {a: sum(1 for _, b in fixed if b == a) for a in instance["assessors"]}
    choices = []
    for candidate in instance["candidates"]:
        open_ = [
            a
            for a in instance["assessors"]
            if (candidate, a) not in conflicts and (candidate, a) not in fixed
        ]
        need = max(required[candidate] - sum(1 for c, _ in fixed if c == candidate), 0)
        choices.append(
            [s for k in range(min(need, len(open_)) + 1) for s in itertools.combinations(open_, k)]
        )
    best = (-1, 0)
    for picks in itertools.product(*choices):
        load = dict(fixed_load)
        for chosen in picks:
            for a in chosen:
                load[a] += 1
        added = sum(len(chosen) for chosen in picks)
        if all(load[a] - fixed_load[a] <= max(capacity[a] - fixed_load[a], 0) for a in load):
            best = max(best, (added, -sum(v * v for v in load.values())))
    return best[0], -best[1]


def _min_cost_flow(instance: dict) -> tuple[int, int]:
    """The same optimum from networkx's max_flow_min_cost on the unit-arc network."""
    required, capacity = _limits(instance)
    conflicts, fixed = set(instance["conflicts"]), set(instance["fixed"])
    graph = nx.DiGraph()
    graph.add_nodes_from(["source", "sink"])
    fixed_load = {a: sum(1 for _, b in fixed if b == a) for a in instance["assessors"]}
    for c in instance["candidates"]:
        need = max(required[c] - sum(1 for d, _ in fixed if d == c), 0)
        graph.add_edge("source", ("c", c), capacity=need, weight=0)
        for a in instance["assessors"]:
            if (c, a) not in conflicts and (c, a) not in fixed:
                graph.add_edge(("c", c), ("a", a), capacity=1, weight=0)
    for a in instance["assessors"]:
        for unit in range(fixed_load[a], capacity[a]):
            # DiGraph has no parallel arcs, so each unit gets its own middle node.
            graph.add_edge(("a", a), ("u", a, unit), capacity=1, weight=2 * unit + 1)
            graph.add_edge(("u", a, unit), "sink", capacity=1, weight=0)
    flow = nx.max_flow_min_cost(graph, "source", "sink")
    loads = {a: fixed_load[a] + sum(flow.get(("a", a), {}).values()) for a in fixed_load}
    return sum(flow["source"].values()), sum(v * v for v in loads.values())


@settings(max_examples=300, deadline=None)
@given(instance=instances(most_candidates=3, most_assessors=3))
def test_tiny_instances_match_brute_force(instance: dict) -> None:
    result = assign(**instance)
    _check_rules(instance, result)
    assert (len(result.new_pairs), _squares(result)) == _brute_force(instance)


@settings(max_examples=150, deadline=None)
@given(instance=instances(most_candidates=14, most_assessors=6))
def test_small_instances_match_networkx_min_cost_flow(instance: dict) -> None:
    result = assign(**instance)
    _check_rules(instance, result)
    assert (len(result.new_pairs), _squares(result)) == _min_cost_flow(instance)


def test_national_cycle_ten_thousand_candidates() -> None:
    candidates = [f"K{i:05d}" for i in range(10_000)]
    assessors = [f"P{j:02d}" for j in range(60)]
    # Assessors and candidates spread over 38 provinces; nobody assesses their own province.
    conflicts = [
        (c, a)
        for i, c in enumerate(candidates)
        for j, a in enumerate(assessors)
        if i % 38 == j % 38
    ]
    capacity = math.ceil(10_000 * 5 / 60)
    started = time.perf_counter()
    result = assign(
        candidates=candidates,
        assessors=assessors,
        required=5,
        capacity=capacity,
        conflicts=conflicts,
    )
    elapsed = time.perf_counter() - started
    print(f"10,000 x 60 x 5: {elapsed:.2f} s")
    assert result.unmet == ()
    assert len(result.pairs) == 50_000
    assert max(result.load.values()) - min(result.load.values()) <= 1
    assert not set(result.pairs) & set(conflicts)
