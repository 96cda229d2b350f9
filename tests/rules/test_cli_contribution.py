"""`paritrana contribution`: table and JSON output, and user errors as exit status 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import paritrana
from paritrana.cli import main

SRC = str(Path(paritrana.__file__).resolve().parent.parent)


def run_json(capsys, *args):
    assert main(["contribution", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_it_prints_a_table_with_indonesian_rupiah(capsys):
    code = main(
        [
            "contribution",
            "--segment",
            "PU",
            "--wage",
            "12000000",
            "--risk",
            "high",
            "--date",
            "2024-06-01",
            "--age",
            "30",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    # JP base is the March 2024 cap; employer total 833,246 (see test_calculator)
    assert "Rp10.042.300" in out
    assert "Rp833.246" in out
    assert "Rp340.423" in out
    assert "rekomposisi" in out and "Catatan" in out and "Dasar hukum" in out
    assert "PP 45/2015" in out
    assert "BELUM TERVERIFIKASI" in out  # the JKP wage cap


def test_json_output_is_the_result_dict(capsys):
    data = run_json(
        capsys,
        "--segment",
        "PU",
        "--wage",
        "10.000.000",
        "--risk",
        "medium",
        "--date",
        "2024-06-01",
    )
    # 10,000,000 < JP cap: employer 89,000 + 30,000 + 370,000 + 200,000 = 689,000
    assert data["totals"] == {"employer": 689_000, "worker": 300_000, "billed": 989_000}
    assert data["inputs"]["wage"] == 10_000_000


def test_bpu_with_jht(capsys):
    data = run_json(
        capsys, "--segment", "bpu", "--income", "Rp30.000.000", "--jht", "--date", "2024-06-01"
    )
    # JKK capped at 207,000 + JKM 6,800 + JHT 600,000
    assert data["totals"]["worker"] == 813_800


def test_jakon_contract_value(capsys):
    data = run_json(
        capsys, "--segment", "Jakon", "--contract-value", "2000000000", "--date", "2024-06-01"
    )
    jkk = next(p for p in data["billed"] if p["programme"] == "JKK")
    assert jkk["employer"] == 2_640_000


def test_discount_flag(capsys):
    data = run_json(
        capsys,
        "--segment",
        "PU",
        "--wage",
        "20000000",
        "--risk",
        "very_high",
        "--date",
        "2025-06-01",
        "--discount",
    )
    jkk = next(p for p in data["billed"] if p["programme"] == "JKK")
    # billed 348,000 less half of (348,000 - 7,000 recomposed into JKP)
    assert (jkk["employer"], jkk["discount"]) == (177_500, 170_500)


def test_an_edited_rules_file_can_be_used(tmp_path, capsys):
    source = Path(paritrana.__file__).parent / "rules" / "data" / "contribution_rules.csv"
    edited = tmp_path / "rules.csv"
    edited.write_text(
        source.read_text(encoding="utf-8").replace("bpu.jkm.flat,6800,", "bpu.jkm.flat,7000,"),
        encoding="utf-8",
    )
    data = run_json(
        capsys,
        "--segment",
        "BPU",
        "--income",
        "500000",
        "--date",
        "2024-06-01",
        "--rules",
        str(edited),
    )
    assert data["totals"]["worker"] == 17_000  # 10,000 + 7,000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--wage", "-5", "--risk", "low", "--date", "2024-01-01"], "upah: tidak boleh negatif"),
        (["--wage", "abc", "--risk", "low"], "--wage 'abc'"),
        (["--wage", "5", "--risk", "extreme", "--date", "2024-01-01"], "kelompok risiko"),
        (["--wage", "5", "--risk", "low", "--date", "2015-06-30"], "1 Juli 2015"),
        (["--wage", "5", "--risk", "low", "--date", "30/06/2024"], "YYYY-MM-DD"),
        (["--risk", "low", "--date", "2024-01-01"], "upah: wajib"),
        (["--wage", "5", "--risk", "low", "--age", "tua"], "--age"),
        (["--income", "5", "--date", "2024-01-01"], "penghasilan: tidak dipakai untuk segmen PU"),
        (["--wage", "5", "--risk", "low", "--rules", "/nonexistent/rules.csv"], "--rules"),
    ],
)
def test_user_errors_exit_2_with_a_message(capsys, args, message):
    assert main(["contribution", "--segment", "PU", *args]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.err.startswith("Galat: ")
    assert "Traceback" not in captured.err


def test_missing_segment_is_a_user_error(capsys):
    assert main(["contribution", "--wage", "5"]) == 2
    assert "--segment" in capsys.readouterr().err


@pytest.mark.parametrize("module", ["paritrana.rules", "paritrana.cli.contribution"])
def test_the_rules_and_the_command_never_load_django(module):
    code = (
        f"import sys, {module}; "
        "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "assert not loaded, loaded"
    )
    env = {**os.environ, "PYTHONPATH": SRC}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
