"""What a process keeps under the data version (`paritrana.versions.remembered`): each kind has
its own room, so many small answers of one kind (the assessors' lists of a national cycle)
never push another kind's (the progress board) out; a new stamp drops everything."""

from __future__ import annotations

from paritrana import versions


def _counting():
    calls: list[str] = []

    def compute(what: str):
        def run() -> str:
            calls.append(what)
            return what

        return run

    return calls, compute


def test_many_lists_of_one_kind_leave_the_board_kept():
    calls, compute = _counting()
    assert versions.remembered("progress.board", ("id",), compute("board"), stamp=7) == "board"
    for seat in range(600):  # the 380 seats of a national cycle, and more
        versions.remembered("assessor.list", (seat,), compute(f"list {seat}"), stamp=7)
    assert versions.kept_count("assessor.list") == versions.LIMITS["assessor.list"]
    calls.clear()
    assert versions.remembered("progress.board", ("id",), compute("board"), stamp=7) == "board"
    assert calls == []  # kept: not computed again
    versions.remembered("assessor.list", (599,), compute("list 599"), stamp=7)
    versions.remembered("assessor.list", (0,), compute("list 0"), stamp=7)
    assert calls == ["list 0"]  # the least recently read of the kind was the one dropped


def test_the_least_recently_read_goes_first_within_a_kind():
    calls, compute = _counting()
    limit = versions.LIMITS.get("ranking.rows", versions.LIMIT)
    for group in range(limit):
        versions.remembered("ranking.rows", (group,), compute(f"r{group}"), stamp=3)
    versions.remembered("ranking.rows", (0,), compute("r0"), stamp=3)  # read again: now recent
    versions.remembered("ranking.rows", (limit,), compute(f"r{limit}"), stamp=3)  # one too many
    calls.clear()
    versions.remembered("ranking.rows", (0,), compute("r0"), stamp=3)
    versions.remembered("ranking.rows", (1,), compute("r1"), stamp=3)
    assert calls == ["r1"]


def test_a_new_stamp_drops_every_kind():
    calls, compute = _counting()
    versions.remembered("progress.board", ("id",), compute("board"), stamp=1)
    versions.remembered("assessor.list", (1,), compute("list"), stamp=1)
    versions.remembered("progress.board", ("id",), compute("board 2"), stamp=2)
    assert versions.kept_count("assessor.list") == 0
    assert calls == ["board", "list", "board 2"]
