"""A backup and its restore into a fresh installation (issue 17): the same metrics, the same
award data, and the same pseudonyms, because the pseudonym key comes back with the store.

Everything runs in real `python -m paritrana` processes on data folders of their own. On
PostgreSQL (DATABASE_URL set to postgres://...) the test makes two fresh databases beside the
test database, `<name>_backup_a` and `<name>_backup_b`, and drops them afterwards; on SQLite
each data folder holds its own database.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import paritrana

URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = URL.startswith(("postgres://", "postgresql://"))
PROVINCES = ("31", "61", "63")  # those with data in tests/store_fixture.py

BUILD = r"""
import io, os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paritrana.settings")
django.setup()
from django.core.management import call_command
from rich.console import Console
from paritrana.cli import demo
from paritrana.coverage.domain.store import store_root
from paritrana.regions.domain import load_kemendagri
from tests.store_fixture import build_store
if os.environ["STEP"] == "store":
    call_command("migrate", interactive=False, verbosity=0)
    load_kemendagri()
    build_store(store_root())
else:  # the award: accounts, the 2025 cycle with its shortlists, teams and scores
    demo._ensure_accounts()
    demo._ensure_award_cycle(Console(file=io.StringIO()), provinces=PROVINCES)
"""

RECORD = {
    "employer_id": "NPP-61-000123",
    "kabkota_code": "61.04",
    "village_code": "61.04.01.2011",
    "segment": "PU",
    "programmes": "JKK;JKM;JHT;JP",
    "wage": "3500000",
    "due_jkk": "8400",
    "paid_jkk": "8400",
    "due_jkm": "10500",
    "paid_jkm": "10500",
    "due_jht": "199500",
    "paid_jht": "199500",
    "due_jp": "105000",
    "paid_jp": "105000",
    "due_date": "2025-02-15",
    "paid_date": "2025-02-10",
    "month": "2025-01",
}
NIKS = ("6104012345670001", "6104012345670002", "6104012345670003")


def _write_records(path: Path, niks: tuple[str, ...]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["participant", *RECORD])
        writer.writeheader()
        for nik in niks:
            writer.writerow({"participant": nik, **RECORD})
    return path


def _admin_url(name: str) -> str:
    base, _slash, _db = URL.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture
def installs(tmp_path: Path) -> Iterator[dict[str, dict[str, str]]]:
    """Two fresh installations: the one backed up (a) and the one restored into (b)."""
    names = {}
    if ON_POSTGRES:
        import psycopg

        stem = URL.rpartition("/")[2].split("?")[0]
        names = {which: f"{stem}_backup_{which}" for which in "ab"}
        with psycopg.connect(_admin_url("postgres"), autocommit=True) as admin:
            for name in names.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{name}"')
    yield {which: _env(tmp_path / f"data-{which}", names.get(which)) for which in "ab"}
    if ON_POSTGRES:
        with psycopg.connect(_admin_url("postgres"), autocommit=True) as admin:
            for name in names.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(data_dir: Path, database: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PARITRANA_"))}
    root = Path(paritrana.__file__).resolve().parents[2]  # src/.. : `tests` importable too
    env.update(
        PARITRANA_DATA_DIR=str(data_dir),
        PYTHONPATH=os.pathsep.join([str(root / "src"), str(root)]),
        COLUMNS="250",
        DJANGO_SETTINGS_MODULE="paritrana.settings",
    )
    if database:
        env["DATABASE_URL"] = _admin_url(database)
    return env


def paritrana_(
    env: dict[str, str], *argv: str, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "paritrana", *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=600,
    )


def ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _build(env: dict[str, str], step: str) -> None:
    script = f"PROVINCES = {PROVINCES!r}\n{BUILD}"
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**env, "STEP": step},
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]


# What a user would compare, in one process (the CLI's own entry point, as `paritrana ...`
# runs it): three starts of the CLI fewer per picture.
PICTURE = r"""
import contextlib, io, json
from paritrana.cli import main


def said(*argv):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    assert code == 0, (argv, code)
    return json.loads(out.getvalue())


shown = {
    code: said("coverage", "show", code, "--year", "2025", "--json")
    for code in ("61", "61.04", "ID")
}
records = said("manage", "dumpdata", "coverage", "awards", "assessment", "auth.user")
print(json.dumps({"shown": shown, "records": records}))
"""


def _picture(env: dict[str, str]) -> dict[str, object]:
    """What a user would compare: the metrics shown, and every record of the coverage, the
    award and the judging (imports, metrics, cycles, nominations, teams, sheets, scores)."""
    done = subprocess.run(
        [sys.executable, "-c", PICTURE], capture_output=True, text=True, env=env, timeout=600
    )
    picture: dict[str, object] = json.loads(ok(done))
    return picture


def _import(env: dict[str, str], path: Path) -> dict[str, object]:
    done = paritrana_(env, "coverage", "import", str(path), "--kind", "contributions", "--json")
    return {**json.loads(done.stdout), "exit": done.returncode, "stderr": done.stderr}


def test_a_restored_installation_has_the_same_metrics_awards_and_pseudonyms(installs, tmp_path):
    a, b = installs["a"], installs["b"]
    records = _write_records(tmp_path / "iuran-2025-01.csv", NIKS)
    _build(a, "store")
    imported = _import(a, records)
    assert imported["status"] == "imported", imported
    ok(paritrana_(a, "coverage", "compute", "--year", "2025"))
    _build(a, "award")
    before = _picture(a)
    models = {row["model"] for row in before["records"]}
    assert {"coverage.regionmetric", "coverage.dataimport", "assessment.score"} <= models
    secret = (Path(a["PARITRANA_DATA_DIR"]) / "pseudonym_secret").read_text()

    backup = tmp_path / "cadangan"
    created = ok(paritrana_(a, "backup", "create", "--to", str(backup)))
    assert "Cadangan dibuat" in created
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == ("postgresql" if ON_POSTGRES else "sqlite")
    assert "secrets/pseudonym_secret" in manifest["files"]
    assert any(name.startswith("store/contributions/") for name in manifest["files"])
    listing = sorted(backup.rglob("*"))

    # A backup whose files differ from its manifest is refused, and nothing is restored.
    tampered = tmp_path / "cadangan-rusak"
    shutil.copytree(backup, tampered)
    victim = next(p for p in sorted((tampered / "store").rglob("*.parquet")))
    victim.write_bytes(victim.read_bytes()[:-1] + b"\0")
    refused = paritrana_(b, "backup", "restore", "--from", str(tampered))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "checksum tidak cocok" in refused.stderr
    assert victim.relative_to(tampered).as_posix() in refused.stderr

    # The original is wiped: the restore stands on the backup alone.
    shutil.rmtree(a["PARITRANA_DATA_DIR"])
    restored = ok(paritrana_(b, "backup", "restore", "--from", str(backup)))
    assert "dipulihkan" in restored and "checksum cocok" in restored
    assert _picture(b) == before
    assert (Path(b["PARITRANA_DATA_DIR"]) / "pseudonym_secret").read_text() == secret

    # Restoring over an installation that holds data needs --force.
    again = paritrana_(b, "backup", "restore", "--from", str(backup))
    assert again.returncode == 2 and "tidak kosong" in again.stderr
    ok(paritrana_(b, "backup", "restore", "--from", str(backup), "--force"))
    assert _picture(b) == before
    assert sorted(backup.rglob("*")) == listing  # restoring leaves the backup as it was

    # The same file is recognised as already imported ...
    assert _import(b, records)["status"] == "duplicate"
    # ... and the same participants in another file too: their pseudonyms are the same,
    # so the overlap check refuses to count them twice.
    reordered = _write_records(tmp_path / "iuran-2025-01-urut-lain.csv", NIKS[::-1])
    overlap = _import(b, reordered)
    assert overlap["status"] == "rejected" and overlap["exit"] == 2
    assert "Sudah ada di penyimpanan" in json.dumps(overlap["problems"], ensure_ascii=False)
    # Without the restored key the same people would get new pseudonyms and count twice:
    # what the backup of the key prevents.
    (Path(b["PARITRANA_DATA_DIR"]) / "pseudonym_secret").unlink()
    assert _import(b, reordered)["status"] == "imported"
