"""The command line under a tester's hands: a whole number too large for the database, output
read by a program that stops early, and the help of every option.

- Every whole-number option is of `arguments.at_least` (or `whole_number`), bounded above: a
  number of twenty digits is refused with "Galat: ..." and exit status 2 before anything runs
  (it reached the database as an integer out of range: a traceback).
- `paritrana ... | head -1`: the reader gone, the command ends quietly with 141, as the unix
  tools do when SIGPIPE ends them (it printed "Galat program" and a BrokenPipeError, exit 1).
- Every option and argument of every verb has a help text; `paritrana` alone prints the help
  and exits 2, as a group without its action (`paritrana coverage`) does.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from typing import Any

import pytest

from paritrana.cli import build_parser, main
from tests.cli.test_fresh_install import VERBS, _env, ids
from tests.cli.test_serve import _paritrana

pytestmark = pytest.mark.own_sqlite  # its processes use SQLite files of their own

HUGE = "99999999999999999999"


def _whole_number_options() -> list[tuple[tuple[str, ...], argparse.Action]]:
    return [
        (verb, action)
        for verb, parser in VERBS.items()
        for action in parser._actions
        if getattr(action.type, "__module__", None) == "paritrana.cli.arguments"
        and getattr(action.type, "__name__", None) == "whole_number"
    ]


WHOLE = _whole_number_options()


def test_every_whole_number_option_uses_the_bounded_type():
    plain = [
        f"{ids(verb)} {action.dest}"
        for verb, parser in VERBS.items()
        for action in parser._actions
        if action.type in (int, float)
    ]
    assert plain == [], "type=int has no upper bound: use arguments.at_least"
    assert {ids(v) for v, _a in WHOLE} >= {"regions search", "token cabut", "synth", "serve"}


@pytest.mark.parametrize(("verb", "action"), WHOLE, ids=[f"{ids(v)} {a.dest}" for v, a in WHOLE])
def test_a_huge_whole_number_is_refused_before_anything_runs(verb, action, capsys):
    assert main([*verb, *action.option_strings[-1:], HUGE]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Galat: ") and "Traceback" not in err
    assert f"{HUGE} terlalu besar (paling banyak " in err


def test_the_testers_limit(capsys):
    assert main(["regions", "search", "Ketapang", "--limit", HUGE]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Galat: --limit: {HUGE} terlalu besar (paling banyak 100000)")
    assert main(["regions", "search", "Ketapang", "--limit", "9" * 5000]) == 2
    assert "bilangan 5000 angka terlalu panjang" in capsys.readouterr().err
    assert main(["regions", "search", "Ketapang", "--limit", "-1"]) == 2
    assert "-1 terlalu kecil (paling sedikit 1)" in capsys.readouterr().err


# A reader that stops early, in real processes.


def _read_then_closed(env: dict[str, str], *argv: str) -> dict[str, Any]:
    """`paritrana ARGV | head -0`: stdout's reader is gone before the first line is written
    (the interpreter takes far longer to start than the pipe to close)."""
    child = subprocess.Popen(
        [sys.executable, "-m", "paritrana", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()
    err = child.stderr.read().decode()
    return {"code": child.wait(timeout=600), "err": err}


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> dict[str, str]:
    """Regions loaded and the cycle 2025 made, in a data folder of its own."""
    env = _env(tmp_path_factory.mktemp("pipes") / "data")
    for argv in (("regions", "load"), ("siklus", "buat", "--tahun", "2025")):
        done = _paritrana(env, *argv)
        assert done.returncode == 0, done.stderr
    return env


PU = ["--segment", "PU", "--wage", "10000000", "--risk", "medium", "--date", "2024-06-01"]


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize(
    "argv",
    [
        ["regions", "search", "Ketapang", "--json"],
        ["regions", "search", "Ketapang"],  # a rich table: rich's own exit on a closed pipe
        ["kemajuan", "--tahun", "2025", "--json"],
        ["contribution", *PU, "--json"],
        ["--help"],  # argparse's own print
    ],
    ids=" ".join,
)
def test_a_reader_that_stops_early_ends_the_command_quietly(prepared, argv, buffered):
    env = {k: v for k, v in prepared.items() if k != "PYTHONUNBUFFERED"}
    if not buffered:  # every print() meets the closed pipe itself, not the flush at the end
        env["PYTHONUNBUFFERED"] = "1"
    full = _paritrana(env, *argv)
    assert full.returncode == 0 and full.stdout, full.stderr  # there is output to write
    closed = _read_then_closed(env, *argv)
    assert closed["err"] == "", closed["err"]  # no "Galat program", no BrokenPipeError
    if argv == ["--help"] and not buffered:
        # argparse itself ignores a failed write of its help (ArgumentParser._print_message),
        # and exits 0; buffered, the help meets the closed pipe at main's flush.
        assert closed["code"] in (0, 141)
    else:
        assert closed["code"] == 141  # 128 + SIGPIPE, as `yes | head -1` gives


# Help texts.


def _undocumented() -> list[str]:
    return [
        f"{ids(verb)} {'/'.join(action.option_strings) or action.dest}"
        for verb, parser in VERBS.items()
        for action in parser._actions
        if not action.help
    ]


def test_every_option_and_argument_has_a_help_text():
    assert _undocumented() == []


def test_the_help_names_every_token_scope_and_every_kind_of_data():
    from paritrana.access.models import Scope
    from paritrana.engine.schemas import SCHEMAS

    cakupan = next(a for a in VERBS[("token", "buat")]._actions if a.dest == "cakupan")
    assert all(f"{scope.value} (" in cakupan.help for scope in Scope), cakupan.help
    for verb, dest in ((("coverage", "import"), "kind"), (("coverage", "template"), "kind")):
        kind = next(a for a in VERBS[verb]._actions if a.dest == dest)
        assert all(name in kind.help for name in SCHEMAS), kind.help


def test_the_bare_command_prints_the_help_and_exits_2_as_a_group_does(capsys):
    assert main(["coverage"]) == 2  # argparse, a group without its action
    capsys.readouterr()
    assert main([]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # an error exit: stdout stays clean for a script
    assert captured.err.startswith("penggunaan: paritrana ")
    assert "PERINTAH" in captured.err and "regions" in captured.err
    assert build_parser().format_help() == captured.err
