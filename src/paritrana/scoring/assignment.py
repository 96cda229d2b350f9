"""Automatic assignment of assessors to candidates: exact, balanced, conflict-free.

Each candidate ``c`` needs ``required[c]`` distinct assessors; each assessor ``a`` takes at most
``capacity[a]`` candidates; a pair in ``conflicts`` is never assigned; ``fixed`` pairs (manual
assignments already made) are kept and count toward both limits. Among all assignments allowed
by these rules the result

1. has the largest possible number of pairs, and among those
2. the smallest ``sum(load[a] ** 2)`` over assessors, ``load`` counting fixed pairs too -- the
   most even spread of work that the conflicts and capacities allow.

This is a min-cost maximum flow: source -> candidate (capacity: what is still required after the
fixed pairs) -> assessor (capacity 1, only pairs neither conflicted nor fixed) -> sink, where the
``l``-th unit into the sink from assessor ``a`` (``fixed_load[a] <= l < capacity[a]``) costs
``(l + 1)**2 - l**2 = 2*l + 1``. The marginal costs increase, so a min-cost flow fills them in
order and its cost is ``sum(load**2) - sum(fixed_load**2)``.

A generic solver (networkx's network simplex) needs minutes for 10,000 candidates and 60
assessors because the graph has one arc per candidate and assessor. The solver here uses that
the assessors are few and that only the sink arcs cost anything. Say candidate ``c`` *hops* from
assessor ``x`` to ``y`` when ``c`` has a new pair with ``x`` and could take ``y`` instead (not
conflicted, not fixed, not already assigned), and let ``reach`` be the transitive closure of
these hops over the assessors. A residual path that avoids the sink is a chain of hops, possibly
started from the source by an under-served candidate taking an assessor it may take. So:

- the flow is maximum iff no assessor below capacity is reachable from the source (no
  augmenting path);
- a residual cycle has a cost only where it passes the sink: it takes the top unit off an
  assessor ``a`` with a new pair, hops ``a ~> b`` and adds a unit on ``b``, for
  ``(2*load[b] + 1) - (2*load[a] - 1)``. A cycle whose hops pass through the source would
  contain an augmenting path, so at a maximum flow only hops between assessors count, and a
  maximum flow is of minimum cost (no negative cycle) iff there is no ``a ~> b`` with
  ``load[b] < capacity[b]`` and ``load[a] >= load[b] + 2``.

The solver starts from a round-robin greedy assignment (most constrained candidates first, each
taking the least-loaded assessor it may take), then augments along hop paths until the flow is
maximum and moves load along hop paths until no improving move is left. Every step keeps the
assignment valid, so the end is an exact optimum of both criteria; each step moves as many units
as the hop path carries at once, and the hop counts are recomputed with one matrix product, so
10,000 candidates and 60 assessors take well under a second.

Ties between equally good assignments are broken by the order of `candidates` and `assessors`;
the same input always gives the same result. Which candidates are short when there is not enough
capacity is a tie too: the greedy start shares the shortfall out round-robin, but evenness there
is not guaranteed.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from paritrana.scoring.functions import ScoringError

Bools = NDArray[np.bool_]
Ints = NDArray[np.int64]

_SOURCE = -1  # the source in hop paths; assessors are 0..m-1


@dataclass(frozen=True)
class Shortfall:
    """A candidate that got fewer assessors than required, and which limit bit (in Indonesian)."""

    candidate: str
    required: int
    assigned: int
    reason: str


@dataclass(frozen=True)
class Assignment:
    """The result of :func:`assign`.

    `pairs` are all (candidate, assessor) pairs, fixed ones included, and `new_pairs` those this
    run added, both sorted by the order of the candidates and then of the assessors. `load` gives
    every assessor's number of candidates (fixed included) in assessor order. `unmet` lists, in
    candidate order, the candidates that got fewer assessors than required.
    """

    pairs: tuple[tuple[str, str], ...]
    new_pairs: tuple[tuple[str, str], ...]
    load: dict[str, int]
    unmet: tuple[Shortfall, ...]

    @cached_property
    def _by_candidate(self) -> dict[str, tuple[str, ...]]:
        grouped: dict[str, list[str]] = {}
        for candidate, assessor in self.pairs:
            grouped.setdefault(candidate, []).append(assessor)
        return {key: tuple(value) for key, value in grouped.items()}

    def for_candidate(self, candidate: str) -> tuple[str, ...]:
        """The candidate's assessors in assessor order; empty for a candidate with none."""
        return self._by_candidate.get(candidate, ())


def _index(names: Sequence[str], field: str, label: str) -> dict[str, int]:
    if isinstance(names, str):
        raise ScoringError(f"Daftar {label} harus berupa daftar nama, bukan teks.", field=field)
    index: dict[str, int] = {}
    for name in names:
        if not isinstance(name, str) or not name.strip():
            raise ScoringError(
                f"Nama {label} harus berupa teks tidak kosong, bukan {name!r}.", field=field
            )
        if name in index:
            raise ScoringError(f"{label.capitalize()} {name!r} tercantum dua kali.", field=field)
        index[name] = len(index)
    return index


def _count(value: object, field: str, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ScoringError(f"{what} harus berupa bilangan bulat, bukan {value!r}.", field=field)
    if value < 0:
        raise ScoringError(f"{what} tidak boleh negatif ({value}).", field=field)
    return int(value)


def _counts(
    value: int | Mapping[str, int], index: dict[str, int], field: str, label: str, what: str
) -> Ints:
    if not isinstance(value, Mapping):
        return np.full(len(index), _count(value, field, what.capitalize()), dtype=np.int64)
    unknown = [name for name in value if name not in index]
    if unknown:
        raise ScoringError(f"{label.capitalize()} tidak dikenal: {unknown[0]!r}.", field=field)
    missing = [name for name in index if name not in value]
    if missing:
        raise ScoringError(
            f"{what.capitalize()} untuk {label} {missing[0]!r} tidak diberikan.", field=field
        )
    return np.array(
        [_count(value[name], field, f"{what.capitalize()} {label} {name!r}") for name in index],
        dtype=np.int64,
    )


def _pairs(
    pairs: Collection[tuple[str, str]],
    candidates: dict[str, int],
    assessors: dict[str, int],
    field: str,
    label: str,
) -> list[tuple[int, int]]:
    if isinstance(pairs, str):
        raise ScoringError(
            f"Daftar {label} harus berupa pasangan (kandidat, penilai).", field=field
        )
    result: list[tuple[int, int]] = []
    for pair in pairs:
        if isinstance(pair, str) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise ScoringError(
                f"Setiap {label} harus berupa pasangan (kandidat, penilai), bukan {pair!r}.",
                field=field,
            )
        candidate, assessor = pair
        if candidate not in candidates:
            raise ScoringError(f"Kandidat tidak dikenal dalam {label}: {candidate!r}.", field=field)
        if assessor not in assessors:
            raise ScoringError(f"Penilai tidak dikenal dalam {label}: {assessor!r}.", field=field)
        result.append((candidates[candidate], assessors[assessor]))
    return result


class _Flow:
    """The new pairs as a flow, with the hop graph between assessors (see module docstring)."""

    def __init__(self, allowed: Bools, need: Ints, load: Ints, capacity: Ints) -> None:
        self.allowed = allowed
        self.assigned = np.zeros_like(allowed)
        self.need = need.copy()
        self.load = load.copy()
        self.new_load = np.zeros_like(load)
        self.capacity = capacity

    def greedy(self) -> None:
        """Round-robin: each still-needy candidate in turn takes one least-loaded assessor."""
        options = self.allowed.sum(axis=1)
        order = [int(c) for c in np.argsort(options, kind="stable") if self.need[c] > 0]
        while order:
            remaining: list[int] = []
            for c in order:
                open_ = np.flatnonzero(
                    self.allowed[c] & ~self.assigned[c] & (self.load < self.capacity)
                )
                if open_.size == 0:
                    continue
                a = int(open_[np.argmin(self.load[open_])])
                self._add(c, a)
                if self.need[c] > 0:
                    remaining.append(c)
            order = remaining

    def _add(self, c: int, a: int) -> None:
        self.assigned[c, a] = True
        self.need[c] -= 1
        self.load[a] += 1
        self.new_load[a] += 1

    def _remove(self, c: int, a: int) -> None:
        self.assigned[c, a] = False
        self.need[c] += 1
        self.load[a] -= 1
        self.new_load[a] -= 1

    def hops(self) -> tuple[Ints, Ints]:
        """How many candidates carry each hop: ``x -> y`` (m x m) and ``source -> y`` (m)."""
        free = self.allowed & ~self.assigned
        product = self.assigned.T.astype(np.float64) @ free.astype(np.float64)
        between = np.rint(product).astype(np.int64)
        np.fill_diagonal(between, 0)
        from_source = free[self.need > 0].sum(axis=0).astype(np.int64)
        return between, from_source

    def reach(self, between: Ints) -> Bools:
        """Which assessors reach which along one hop or more (transitive closure)."""
        closure = between > 0
        while True:
            wider = closure | ((closure.astype(np.int64) @ closure.astype(np.int64)) > 0)
            if (wider == closure).all():
                return closure
            closure = wider

    def path(self, starts: Ints, end: int, between: Ints) -> list[int]:
        """Fewest hops from one of `starts` to `end`, both included."""
        parent = {int(x): int(x) for x in starts}
        queue = deque(parent)
        while queue:
            x = queue.popleft()
            if x == end:
                break
            for y in np.flatnonzero(between[x] > 0):
                if int(y) not in parent:
                    parent[int(y)] = x
                    queue.append(int(y))
        walk = [end]
        while parent[walk[-1]] != walk[-1]:
            walk.append(parent[walk[-1]])
        return walk[::-1]

    def move(self, walk: list[int], units: int) -> None:
        """Push `units` along the hop path; no hop loses candidates through an earlier one.

        A walk starting at _SOURCE gives its first assessor to under-served candidates, neediest
        first. Moving candidates from ``x`` to ``y`` only adds candidates able to hop on from
        ``y``, and the path does not come back to ``x``, so every hop still has `units`
        candidates when its turn comes.
        """
        for x, y in itertools.pairwise(walk):
            if x == _SOURCE:
                who = np.flatnonzero((self.need > 0) & self.allowed[:, y] & ~self.assigned[:, y])
                who = who[np.argsort(-self.need[who], kind="stable")]
            else:
                who = np.flatnonzero(
                    self.assigned[:, x] & self.allowed[:, y] & ~self.assigned[:, y]
                )
            if who.size < units:  # pragma: no cover - see above
                raise AssertionError("hop path lost its candidates")
            for c in who[:units]:
                if x != _SOURCE:
                    self._remove(int(c), x)
                self._add(int(c), y)

    def maximise(self) -> None:
        """Augment along hop paths from the source until no assessor with room is reachable."""
        while True:
            between, from_source = self.hops()
            starts = np.flatnonzero(from_source > 0)
            reached = (from_source > 0) | self.reach(between)[starts].any(axis=0)
            room = np.flatnonzero(reached & (self.load < self.capacity))
            if room.size == 0:
                return
            end = int(room[np.argmin(self.load[room])])
            walk = self.path(starts, end, between)
            carried = [int(from_source[walk[0]])]
            carried += [int(between[x, y]) for x, y in itertools.pairwise(walk)]
            units = min(*carried, int(self.capacity[end] - self.load[end]))
            self.move([_SOURCE, *walk], units)

    def balance(self) -> None:
        """Move load from ``a`` to a reachable ``b`` while ``load[a] >= load[b] + 2``."""
        while True:
            between, _ = self.hops()
            better = (
                self.reach(between)
                & (self.new_load > 0)[:, None]
                & (self.load < self.capacity)[None, :]
                & (self.load[None, :] <= self.load[:, None] - 2)
            )
            givers = np.flatnonzero(better.any(axis=1))
            if givers.size == 0:
                return
            start = int(givers[np.argmax(self.load[givers])])
            takers = np.flatnonzero(better[start])
            end = int(takers[np.argmin(self.load[takers])])
            walk = self.path(np.array([start]), end, between)
            carried = [int(between[x, y]) for x, y in itertools.pairwise(walk)]
            units = min(
                *carried,
                int(self.capacity[end] - self.load[end]),
                int(self.load[start] - self.load[end]) // 2,
            )
            self.move(walk, units)


def assign(
    *,
    candidates: Sequence[str],
    assessors: Sequence[str],
    required: int | Mapping[str, int],
    capacity: int | Mapping[str, int],
    conflicts: Collection[tuple[str, str]] = (),
    fixed: Collection[tuple[str, str]] = (),
) -> Assignment:
    """Assign assessors to candidates: most pairs first, then the most even load.

    `required` is the number of distinct assessors per candidate and `capacity` the most
    candidates per assessor, either one number for all or a mapping naming every candidate
    (assessor). `conflicts` are (candidate, assessor) pairs never to assign; repeating one is
    harmless. `fixed` are (candidate, assessor) pairs already assigned by hand: they are kept and
    count toward `required` and `capacity` (a fixed load above capacity is kept, the assessor just
    gets nothing new). Raises ScoringError for unknown or repeated names, a repeated fixed pair, a
    fixed pair that is also a conflict, or a negative or non-integer requirement or capacity.
    """
    candidate_index = _index(candidates, "candidates", "kandidat")
    assessor_index = _index(assessors, "assessors", "penilai")
    needed = _counts(required, candidate_index, "required", "kandidat", "jumlah penilai")
    limit = _counts(capacity, assessor_index, "capacity", "penilai", "batas beban")
    candidate_names, assessor_names = list(candidate_index), list(assessor_index)
    n, m = len(candidate_names), len(assessor_names)

    conflicted = np.zeros((n, m), dtype=np.bool_)
    for c, a in _pairs(conflicts, candidate_index, assessor_index, "conflicts", "konflik"):
        conflicted[c, a] = True
    kept = np.zeros((n, m), dtype=np.bool_)
    for c, a in _pairs(fixed, candidate_index, assessor_index, "fixed", "penugasan tetap"):
        label = f"{candidate_names[c]!r} - {assessor_names[a]!r}"
        if kept[c, a]:
            raise ScoringError(
                f"Penugasan tetap {label} tercantum dua kali.",
                field="fixed",
            )
        if conflicted[c, a]:
            raise ScoringError(
                f"Penugasan tetap {label} berbenturan dengan konflik kepentingan.",
                field="fixed",
            )
        kept[c, a] = True

    fixed_count = kept.sum(axis=1).astype(np.int64)
    flow = _Flow(
        allowed=~conflicted & ~kept,
        need=np.maximum(needed - fixed_count, 0),
        load=kept.sum(axis=0).astype(np.int64),
        capacity=limit,
    )
    flow.greedy()
    flow.maximise()
    flow.balance()

    everything = kept | flow.assigned
    pairs = tuple(
        (candidate_names[c], assessor_names[a])
        for c, a in zip(*np.nonzero(everything), strict=True)
    )
    new_pairs = tuple(
        (candidate_names[c], assessor_names[a])
        for c, a in zip(*np.nonzero(flow.assigned), strict=True)
    )
    got = everything.sum(axis=1)
    clear = m - conflicted.sum(axis=1)
    unmet = []
    for k in np.flatnonzero(got < needed):
        if clear[k] < needed[k]:
            reason = f"hanya {clear[k]} penilai tanpa konflik kepentingan; diperlukan {needed[k]}"
        else:
            reason = (
                "kuota beban penilai sudah penuh: semua penilai tanpa konflik kepentingan yang "
                "belum menilai kandidat ini sudah mencapai batas beban"
            )
        unmet.append(
            Shortfall(
                candidate=candidate_names[k],
                required=int(needed[k]),
                assigned=int(got[k]),
                reason=reason,
            )
        )
    return Assignment(
        pairs=pairs,
        new_pairs=new_pairs,
        load={name: int(flow.load[a]) for name, a in assessor_index.items()},
        unmet=tuple(unmet),
    )
