"""Every verb of `paritrana` on a fresh install and under a user's usual mistakes (issue 16).

The verbs are enumerated from the parser itself: a new verb without a first try below fails
`test_every_verb_is_tried_on_a_fresh_install`. The runs happen in a child process on an empty
PARITRANA_DATA_DIR (SQLite, nothing migrated), through `main()` with captured output, in order:
the pure verbs, then every verb that needs the database (each must say in Bahasa what to run
first, and leave the database untouched), then the verbs that prepare the database themselves
(the first of them migrates and loads the regions, once for all), then the mistakes on the
database now ready, then a database one migration behind. The advice printed on a fresh
install is followed literally, in real `python -m paritrana` processes, by its own test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import paritrana
from paritrana.cli import build_parser, main
from paritrana.cli.arguments import existing_file, output_file, year
from paritrana.cli.readiness import KINDS, OWN, PREPARES, PURE, REGIONS, SCHEMA

# Its processes use SQLite files of their own, whatever the run's database: run once, in the
# SQLite run (scripts/test.sh).
pytestmark = pytest.mark.own_sqlite

Verb = tuple[str, ...]


def _verbs(parser: argparse.ArgumentParser, path: Verb = ()) -> dict[Verb, Any]:
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        return {path: parser}
    found: dict[Verb, Any] = {}
    for name, child in subparsers[0].choices.items():
        found.update(_verbs(child, (*path, name)))
    return found


VERBS = _verbs(build_parser())


def kind(verb: Verb) -> str:
    return VERBS[verb].get_default("database")


def ids(verb: Verb) -> str:
    return " ".join(verb)


ROUND = ["--tahun", "2025", "--kategori", "pemda-kabkota", "--provinsi", "61"]
STAGE = ["--tahun", "2025", "--tahap", "verifikasi", "--tingkat", "provinsi"]

# What a user would plausibly type first, on the day of install. None: not run here, with why.
FIRST_TRY: dict[Verb, list[str] | None] = {
    ("demo",): None,  # prepares itself (migrate, regions, two synthetic years): about a minute
    ("regions", "load"): None,  # run on a fresh install by test_the_advice_given_...
    ("regions", "show"): ["61"],
    ("regions", "search"): ["Ketapang"],
    ("regions", "boundaries"): ["kalbar.geojson"],
    ("coverage", "import"): ["pekerja.csv", "--kind", "workforce"],
    ("coverage", "compute"): ["--year", "2025"],
    ("coverage", "show"): ["61", "--year", "2025"],
    ("coverage", "reconcile"): [
        *("--pct", "35.68", "--numerator", "39700000", "--denominator", "111270000"),
    ],
    ("coverage", "template"): ["workforce", "-o", "templat.xlsx"],
    ("synth",): ["--participants", "1000", "--year", "2025", "--json"],
    ("contribution",): [
        *("--segment", "PU", "--wage", "10000000", "--risk", "medium", "--date", "2024-06-01"),
    ],
    ("token", "buat"): ["admin", "--nama", "skrip", "--cakupan", "baca"],
    ("token", "daftar"): ["admin"],
    ("token", "cabut"): ["1"],
    ("daftar-pendek", "tampil"): ROUND,
    ("daftar-pendek", "tarik"): ROUND,
    ("daftar-pendek", "tambah"): [*ROUND, "--kunci", "61.04", "--alasan", "usulan Disnaker"],
    ("daftar-pendek", "keluarkan"): [*ROUND, "--kunci", "61.04", "--alasan", "data belum ada"],
    ("daftar-pendek", "wakil"): [*ROUND, "--kunci", "61.04", "--akun", "siti@contoh.go.id"],
    ("daftar-pendek", "impor-wakil"): ["--tahun", "2025", "--berkas", "wakil.xlsx", "--periksa"],
    ("tim", "impor"): ["anggota.xlsx", "--tahun", "2025"],
    ("tim", "tampil"): ["--tahun", "2025"],
    ("tim", "bentuk"): ["--tahun", "2025"],
    ("tim", "salin"): ["--tahun", "2025", "--dari", "2024"],
    ("siklus", "daftar"): [],
    ("siklus", "buat"): ["--tahun", "2025"],
    ("siklus", "salin"): ["--dari", "2025", "--tahun", "2026"],
    ("siklus", "ganti-nama"): ["--tahun", "2025", "--nama", "Paritrana Award 2026"],
    ("siklus", "tambah-kategori"): [
        *("--tahun", "2025", "--tingkat", "provinsi", "--nama", "Perusahaan Kesehatan"),
        *("--tiru", "perusahaan-besar-menengah"),
    ],
    ("siklus", "hapus-kategori"): ["--tahun", "2025", "--tingkat", "provinsi", "--kategori", "x"],
    ("siklus", "periksa"): STAGE,
    ("siklus", "buka"): STAGE,
    ("siklus", "tutup"): STAGE,
    ("manage",): ["showmigrations", "regions"],
    ("kemajuan",): ["--tahun", "2025"],
    ("pengingat", "daftar"): ["--tahun", "2025"],
    ("pengingat", "kirim"): ["--tahun", "2025"],
    ("serve",): [],  # refused before serving: the database is not prepared
    ("backup", "create"): ["--to", "cadangan"],
    ("backup", "restore"): None,  # a real backup and restore: tests/cli/test_backup.py
}

# Typical mistakes, and the words of the answer on a prepared database (with the metrics of a
# synthetic 2025 and the cycle 2025).
MISTAKES: list[tuple[Verb, list[str], str]] = [
    (("regions", "show"), ["99"], "99 tidak ditemukan"),
    (("regions", "show"), ["6104010001"], "kode BPS"),
    (("regions", "search"), ["zzqqx"], "Tidak ada wilayah yang cocok"),
    (("regions", "boundaries"), ["catatan.txt"], "bukan JSON yang sah"),
    (("coverage", "import"), ["biner.xlsx", "--kind", "workforce"], "Berkas ditolak"),
    (("coverage", "import"), ["pekerja.csv", "--kind", "gaji"], "'gaji' tidak dikenal"),
    (("coverage", "show"), ["61.99"], "61.99"),
    (("coverage", "template"), ["gaji", "-o", "x.xlsx"], "'gaji' tidak dikenal"),
    (("coverage", "reconcile"), ["--pct", "x", "--numerator", "1", "--denominator", "2"], "bukan"),
    (("contribution",), ["--segment", "XX"], "'XX' tidak dikenal"),
    (("contribution",), ["--segment", "PU", "--rules", "biner.xlsx"], "bukan tabel aturan CSV"),
    (("token", "daftar"), ["siapa"], "'siapa' tidak ditemukan"),
    (("token", "cabut"), ["999"], "#999 tidak ditemukan"),
    (("token", "cabut"), ["satu"], "bukan bilangan bulat"),
    (("daftar-pendek", "tampil"), [*ROUND[:-1], "99"], "provinsi dengan kode '99'"),
    (("daftar-pendek", "tampil"), ["--tahun", "2031", *ROUND[2:]], "Tidak ada kategori"),
    (("tim", "impor"), ["biner.xlsx", "--tahun", "2025"], "bukan buku kerja XLSX"),
    (
        ("daftar-pendek", "impor-wakil"),
        ["--tahun", "2025", "--berkas", "biner.xlsx"],
        "bukan buku kerja XLSX",
    ),
    (("tim", "tampil"), ["--tahun", "2025", "--provinsi", "99"], "Provinsi '99' tidak dikenal"),
    (("tim", "bentuk"), ["--tahun", "2031"], "Tidak ada siklus"),
    (("tim", "salin"), ["--tahun", "2025", "--dari", "2031"], "Tidak ada siklus dengan tahun"),
    (("siklus", "salin"), ["--dari", "2031", "--tahun", "2032"], "Tidak ada siklus"),
    (("siklus", "ganti-nama"), ["--tahun", "2025", "--nama", " "], "Nama siklus wajib diisi"),
    (
        ("siklus", "tambah-kategori"),
        ["--tahun", "2025", "--tingkat", "provinsi", "--nama", "Baru", "--tiru", "tidak-ada"],
        "Tidak ada kategori 'tidak-ada' di tingkat provinsi siklus 2025",
    ),
    (
        ("siklus", "hapus-kategori"),
        ["--tahun", "2031", "--tingkat", "provinsi", "--kategori", "pemda-desa"],
        "Tidak ada siklus",
    ),
    (("siklus", "periksa"), [*STAGE[:3], "rapat", *STAGE[4:]], "'rapat' tidak dikenal"),
    (("siklus", "buka"), STAGE, "belum dapat dibuka"),
    (("kemajuan",), ["--tahun", "2031"], "Tidak ada siklus"),
    (("kemajuan",), ["--tahun", "2025", "--sebagai", "siapa"], "'siapa' tidak ditemukan"),
    (("pengingat", "kirim"), ["--tahun", "2025", "--provinsi", "99"], "'99' tidak ada"),
    (("manage",), ["migrasi"], "'migrasi' tidak dikenal"),
    (("serve",), [], "PARITRANA_SECRET_KEY belum diatur"),
    (("backup", "create"), ["--to", "."], "tidak kosong"),
    (("backup", "restore"), ["--from", "."], "bukan folder cadangan Paritrana"),
    ((), ["wilayah"], "'wilayah' tidak dikenal"),
]

ADVICE = "`paritrana regions load`"
BEHIND = [
    ["manage", "migrate", "awards", "0004_ordering_without_joins"],  # an older database
    ["siklus", "buat", "--tahun", "2027"],  # refused: the database is behind
    ["manage", "migrate"],  # as the refusal says
    ["siklus", "buat", "--tahun", "2027"],
]

DRIVER = r"""
import contextlib, io, json, os, sys, traceback
from pathlib import Path
from paritrana.cli import main

data = Path(os.environ["PARITRANA_DATA_DIR"])
results = []
for argv in json.load(sys.stdin):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as stop:
            code = stop.code
        except BaseException:
            traceback.print_exc()
            code = 1
    results.append(
        {"code": code, "out": out.getvalue(), "err": err.getvalue(),
         "data_dir": sorted(p.name for p in data.iterdir())}
    )
json.dump(results, sys.__stdout__)
"""


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PARITRANA_"))}
    src = str(Path(paritrana.__file__).resolve().parents[1])
    env.update(
        PARITRANA_DATA_DIR=str(data_dir),
        PYTHONPATH=os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")])),
        COLUMNS="250",
        DJANGO_SETTINGS_MODULE="paritrana.settings",
    )
    return env


def _files(folder: Path) -> None:
    (folder / "pekerja.csv").write_text(
        "region_code,year,base_kind,workers,source\n"
        "61,2025,sakernas_bekerja,2650000,BPS Sakernas Agustus 2025\n"
        "61.04,2025,sakernas_bekerja,290000,BPS Sakernas Agustus 2025\n"
    )
    square = [[108.8, -3.0], [114.2, -3.0], [114.2, 2.1], [108.8, 2.1], [108.8, -3.0]]
    feature = {"type": "Feature", "properties": {"kode": "61"}}
    feature["geometry"] = {"type": "Polygon", "coordinates": [square]}
    (folder / "kalbar.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": [feature]})
    )
    (folder / "catatan.txt").write_text("daftar belanja, bukan data\n")
    (folder / "biner.xlsx").write_bytes(bytes(range(256)) * 8)  # not a workbook
    (folder / "anggota.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "wakil.xlsx").write_bytes(b"PK\x03\x04")


def _tables(database: Path) -> int:
    if not database.exists():
        return 0
    with sqlite3.connect(database) as connection:
        query = "SELECT count(*) FROM sqlite_master WHERE type='table'"
        return int(connection.execute(query).fetchone()[0])


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every case, run in order in one child process on a fresh data folder."""
    work = tmp_path_factory.mktemp("werk")
    data = tmp_path_factory.mktemp("data-baru")
    _files(work)
    plan: list[tuple[str, list[str]]] = []
    by_kind = {
        k: [v for v in VERBS if kind(v) == k and FIRST_TRY.get(v) is not None] for k in KINDS
    }
    for verb in by_kind[PURE] + by_kind[SCHEMA] + by_kind[REGIONS] + by_kind[OWN]:
        plan.append((f"first {ids(verb)}", [*verb, *FIRST_TRY[verb]]))  # type: ignore[misc]
    for n, (verb, tail, _words) in enumerate(MISTAKES):
        if not verb or kind(verb) != PREPARES:  # those would prepare the database first
            plan.append((f"fresh mistake {n}", [*verb, *tail]))
    plan.append(("tables after", ["manage", "showmigrations", "regions"]))
    for verb in by_kind[PREPARES]:
        plan.append((f"first {ids(verb)}", [*verb, *FIRST_TRY[verb]]))  # type: ignore[misc]
    plan.append(("metrics", ["coverage", "compute", "--year", "2025"]))  # of the synthetic year
    plan.append(("cycle", ["siklus", "buat", "--tahun", "2025"]))
    for n, (verb, tail, _words) in enumerate(MISTAKES):
        plan.append((f"mistake {n}", [*verb, *tail]))
    for n, argv in enumerate(BEHIND):
        plan.append((f"behind {n}", argv))
    done = subprocess.run(
        [sys.executable, "-c", DRIVER],
        input=json.dumps([argv for _name, argv in plan]),
        capture_output=True,
        text=True,
        cwd=work,
        env=_env(data),
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = dict(zip([name for name, _argv in plan], json.loads(done.stdout), strict=True))
    return {"results": results, "data": data}


def test_every_verb_is_tried_on_a_fresh_install():
    assert set(VERBS) == set(FIRST_TRY), "a new verb: give it a first try in FIRST_TRY"


@pytest.mark.parametrize("verb", VERBS, ids=ids)
def test_every_verb_says_what_it_needs_of_the_database(verb):
    assert kind(verb) in KINDS, f"{ids(verb)}: set_defaults(database=...) from cli.readiness"


def _no_traceback(result: dict[str, Any]) -> None:
    assert "Traceback" not in result["err"] + result["out"], result["err"]


@pytest.mark.parametrize("verb", VERBS, ids=ids)
def test_every_verb_on_a_fresh_install(verb, runs):
    argv = FIRST_TRY[verb]
    if argv is None:  # run by test_the_advice_given_... (regions load) or too slow (demo)
        assert kind(verb) == OWN
        return
    result = runs["results"][f"first {ids(verb)}"]
    _no_traceback(result)
    if kind(verb) == PURE:  # done without Django: not even the data folder is touched
        assert result["code"] == 0, result["err"]
        assert result["data_dir"] == []
    elif kind(verb) in (SCHEMA, REGIONS):  # says what to run first, in Bahasa, on stderr
        assert result["code"] == 2
        assert result["err"].startswith("Galat: Basis data SQLite ")
        assert f"belum disiapkan: jalankan dulu {ADVICE}" in result["err"]
        assert str(runs["data"] / "paritrana.sqlite3") in result["err"]  # which database
    else:  # prepares itself, or is Django's own tool
        assert result["code"] == 0, result["err"]
    if verb == ("synth",):  # preparation reported on stderr: stdout stays JSON
        assert json.loads(result["out"])["participants"] == 1000


def test_the_verbs_that_only_say_what_to_run_left_the_database_untouched(runs):
    listing = runs["results"]["tables after"]["out"]
    assert "[ ] 0001_initial" in listing and "[X]" not in listing


def test_the_verbs_that_prepare_themselves_migrated_and_loaded_the_regions(runs):
    first = runs["results"][f"first {ids(next(v for v in VERBS if kind(v) == PREPARES))}"]
    assert re.search(r"Wilayah Kemendagri 2025 dimuat: \d+\.\d{3} wilayah\.", first["err"])
    assert _tables(runs["data"] / "paritrana.sqlite3") > 30


@pytest.mark.parametrize(
    ("n", "case"), list(enumerate(MISTAKES)), ids=[" ".join(m[0] + tuple(m[1])) for m in MISTAKES]
)
def test_a_mistake_gets_a_sentence_not_a_traceback(n, case, runs):
    _verb, _tail, words = case
    ready = runs["results"][f"mistake {n}"]
    _no_traceback(ready)
    assert ready["code"] != 0
    assert re.search(r"^Galat: ", ready["err"], re.MULTILINE)  # after the problems, if listed
    assert words in ready["err"] + ready["out"]
    fresh = runs["results"].get(f"fresh mistake {n}")
    if fresh is not None:  # before anything is loaded: the same mistake, or what to run first
        _no_traceback(fresh)
        assert fresh["code"] == 2
        assert words in fresh["err"] or ADVICE in fresh["err"]


def test_a_database_behind_its_migrations_says_to_migrate(runs):
    migrate_back, refused, migrate, again = (runs["results"][f"behind {n}"] for n in range(4))
    assert migrate_back["code"] == 0, migrate_back["err"]
    _no_traceback(refused)
    assert refused["code"] == 2
    assert re.search(r"belum mutakhir \(\d+ migrasi belum dijalankan\)", refused["err"])
    assert "jalankan dulu `paritrana manage migrate`" in refused["err"]
    assert migrate["code"] == 0 and again["code"] == 0, again["err"]
    assert "Siklus dibuat" in again["out"]


def test_the_advice_given_on_a_fresh_install_works(tmp_path):
    """The issue's own case, in real processes: `regions show 61` before anything is loaded."""

    def paritrana_(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "paritrana", *argv],
            capture_output=True,
            text=True,
            env=_env(tmp_path / "data"),
            timeout=600,
        )

    refused = paritrana_("regions", "show", "61")
    assert refused.returncode == 2
    assert "Traceback" not in refused.stderr
    advice = re.search(r"jalankan dulu `(paritrana [^`]+)`", refused.stderr)
    assert advice, refused.stderr
    loaded = paritrana_(*advice.group(1).split()[1:])
    assert loaded.returncode == 0, loaded.stderr
    shown = paritrana_("regions", "show", "61")
    assert shown.returncode == 0, shown.stderr
    assert "Kalimantan Barat" in shown.stdout


# What argparse checks before any verb runs, for every verb: in-process, no database needed.


def _options(of_type: Any) -> list[tuple[Verb, argparse.Action]]:
    return [
        (verb, action)
        for verb, parser in VERBS.items()
        for action in parser._actions
        if action.type is of_type
    ]


def _name(action: argparse.Action) -> list[str]:
    return action.option_strings[-1:]  # a positional is given by its position


@pytest.mark.parametrize(
    "verb", [v for v, p in VERBS.items() if any(a.required for a in p._actions)], ids=ids
)
def test_no_arguments_names_what_is_missing_in_bahasa(verb, capsys):
    assert main(list(verb)) == 2
    err = capsys.readouterr().err
    assert err.startswith("Galat: argumen wajib belum diisi: ")
    assert "penggunaan: paritrana" in err
    assert f"Bantuan: paritrana {ids(verb)} -h" in err
    assert "usage:" not in err and "error:" not in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("verb", "action"), _options(year), ids=[f"{ids(v)} {a.dest}" for v, a in _options(year)]
)
@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("1800", "1800 bukan tahun yang dapat dipakai (antara 2000 dan 2100)"),
        ("dua", "bukan tahun"),
    ],
)
def test_a_bad_year_is_refused_before_anything_runs(verb, action, value, words, capsys):
    assert main([*verb, *_name(action), value]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("verb", "action"),
    _options(existing_file),
    ids=[f"{ids(v)} {a.dest}" for v, a in _options(existing_file)],
)
def test_a_missing_file_is_named(verb, action, tmp_path, capsys):
    missing = tmp_path / "tidak-ada.xlsx"
    assert main([*verb, *_name(action), str(missing)]) == 2
    err = capsys.readouterr().err
    assert f"berkas {missing} tidak ditemukan" in err and "Traceback" not in err
    assert main([*verb, *_name(action), str(tmp_path)]) == 2  # a folder, not a file
    assert "adalah folder, bukan berkas" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("verb", "action"),
    _options(output_file),
    ids=[f"{ids(v)} {a.dest}" for v, a in _options(output_file)],
)
def test_an_output_in_a_missing_folder_is_named(verb, action, tmp_path, capsys):
    target = tmp_path / "tidak-ada" / "hasil.xlsx"
    assert main([*verb, *_name(action), str(target)]) == 2
    err = capsys.readouterr().err
    assert f"folder {target.parent} tidak ada" in err and "Traceback" not in err
