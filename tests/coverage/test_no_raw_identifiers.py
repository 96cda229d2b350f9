"""No raw participant identifier survives an import: not in the database, not in the store."""

from __future__ import annotations

import io

import duckdb
from django.core.management import call_command

from paritrana.coverage.domain.imports import import_now
from tests.engine.conftest import CARD, NIKS, VALID, write_csv


def _everything_in_the_database() -> str:
    out = io.StringIO()
    call_command("dumpdata", "coverage", "auth", stdout=out)
    return out.getvalue()


def test_no_nik_or_card_number_is_stored_after_good_and_bad_imports(regions, store, tmp_path):
    good = write_csv(tmp_path / "iuran.csv", VALID["contributions"])
    assert import_now(path=good, kind="contributions").status == "imported"
    broken = [dict(row, wage="-5") for row in VALID["contributions"]]  # every row rejected
    broken.append(dict(VALID["contributions"][0], participant="6104019999990009#"))
    rejected = import_now(path=write_csv(tmp_path / "salah.csv", broken), kind="contributions")
    assert rejected.status == "rejected" and rejected.problem_count >= 4
    assert any(p["column"] == "participant" for p in rejected.problems)
    identifiers = [*NIKS, CARD, "6104019999990009"]
    database = _everything_in_the_database()
    con = duckdb.connect()
    files = [p for p in store.rglob("*") if p.is_file()]
    assert files
    for identifier in identifiers:
        assert identifier not in database
        for path in files:
            assert identifier.encode() not in path.read_bytes(), path
    # Parquet compresses, so also read every value of every stored column back.
    for path in store.rglob("*.parquet"):
        for row in con.execute(
            f"SELECT * FROM read_parquet('{path}', hive_partitioning=false)"
        ).fetchall():
            text = " ".join(str(value) for value in row)
            assert not any(identifier in text for identifier in identifiers), path
