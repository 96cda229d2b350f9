"""Every computation reconciles its figures with the raw records: a corrupted facts file makes it
fail with a report naming the region or employer, the month, the expected and the computed
figure, and leaves the previous results in place."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from paritrana.engine.backends import DuckDBBackend
from paritrana.engine.database import connect
from paritrana.engine.metrics import ReconciliationError, compute_year, load_facts
from paritrana.engine.metrics.coverage import build_monthly_active
from paritrana.engine.metrics.crosscheck import active_compare_sql, active_count_sql
from paritrana.engine.metrics.facts import add_aggregated_counts
from tests.engine.conftest import listing
from tests.store_fixture import REGIONS, build_store


def _rewrite(path, sql: str) -> None:
    """Rewrite one Parquet file through `sql` over its rows (table `t`)."""
    con = duckdb.connect()
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_parquet('{path}', hive_partitioning=false)")
    con.execute(sql)
    con.execute(f"COPY t TO '{path}' (FORMAT parquet)")


@pytest.fixture
def computed(tmp_path):
    root = build_store(tmp_path / "store")
    result = compute_year(store_root=root, regions=REGIONS, year=2025)  # saves the facts
    assert result.verify_seconds > 0
    return root, listing(result.output_dir)


def test_a_changed_active_count_in_a_facts_file_fails_the_computation(computed):
    root, before = computed
    facts = root / "facts" / "month=2025-12" / "active_facts.parquet"
    # Banjarmasin (63.71) has one active participant in December 2025 (p5); make it two.
    _rewrite(facts, "UPDATE t SET active = active + 1 WHERE kabkota = '63.71'")

    with pytest.raises(ReconciliationError) as failure:
        compute_year(store_root=root, regions=REGIONS, year=2025)

    message = str(failure.value)
    assert "peserta aktif 63.71 2025-12: dari data mentah 1, hasil perhitungan 2" in message
    assert message.startswith("Perhitungan dihentikan: 1 angka tidak cocok")
    [difference] = failure.value.differences
    assert (difference.where, difference.period, difference.expected, difference.got) == (
        "63.71",
        "2025-12",
        1,
        2,
    )
    assert listing(root / "metrics" / "year=2025") == before  # the old results stay
    # The suspect month's saved facts were discarded: the next run rebuilds and agrees.
    assert not facts.exists()
    again = compute_year(store_root=root, regions=REGIONS, year=2025)
    assert again.months_reused == 2  # November 2025 and December 2024 still from the cache


def test_a_changed_employer_amount_in_a_facts_file_fails_the_computation(computed):
    root, before = computed
    facts = root / "facts" / "month=2025-11" / "employer_facts.parquet"
    _rewrite(facts, "UPDATE t SET paid = paid - 1000 WHERE employer_id = 'E1'")

    with pytest.raises(ReconciliationError) as failure:
        compute_year(store_root=root, regions=REGIONS, year=2025)

    [difference] = failure.value.differences
    assert difference.measure == "iuran dibayar (Rp)"
    assert (difference.where, difference.period) == ("E1", "2025")
    assert difference.expected - difference.got == 1000
    assert f"E1 2025: dari data mentah {difference.expected}" in str(failure.value)
    assert listing(root / "metrics" / "year=2025") == before


def test_a_participant_missing_from_the_facts_is_reported_in_its_region(computed):
    root, _ = computed
    facts = root / "facts" / "month=2025-12" / "active_facts.parquet"
    _rewrite(facts, "DELETE FROM t WHERE kabkota = '61.71'")  # p3, BPU in Pontianak

    with pytest.raises(ReconciliationError) as failure:
        compute_year(store_root=root, regions=REGIONS, year=2025)

    assert "peserta aktif 61.71 2025-12: dari data mentah 1, hasil perhitungan 0" in str(
        failure.value
    )


def test_an_intact_store_reconciles_with_and_without_the_cache(computed):
    root, _ = computed
    steps: list[tuple[str, int, int]] = []
    cached = compute_year(
        store_root=root, regions=REGIONS, year=2025, progress=lambda *step: steps.append(step)
    )
    fresh = compute_year(store_root=root, regions=REGIONS, year=2025, use_cache=False)
    assert cached.months_reused == 3
    # three months of records, then the employers over the year
    assert [s for s in steps if s[0] == "verifying"][-1] == ("verifying", 4, 4)
    assert listing(cached.output_dir) == listing(fresh.output_dir)


def test_the_command_line_says_the_failed_check_in_one_line(regions, settings, tmp_path, capsys):
    from paritrana.cli import main
    from paritrana.coverage.models import MetricRun

    settings.PARITRANA_STORE_DIR = root = build_store(tmp_path / "store")
    assert main(["coverage", "compute", "--year", "2025"]) == 0
    facts = root / "facts" / "month=2025-12" / "active_facts.parquet"
    _rewrite(facts, "UPDATE t SET active = active + 1 WHERE kabkota = '63.71'")
    capsys.readouterr()

    assert main(["coverage", "compute", "--year", "2025"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Galat: Perhitungan dihentikan: 1 angka tidak cocok")
    assert "Traceback" not in err
    assert MetricRun.objects.filter(year=2025).count() == 1  # the earlier results stay


def test_the_check_takes_the_participants_paying_twice_that_the_facts_found(tmp_path):
    """A computation from the records finds who pays several times in a month once, for the
    facts, and the check uses that answer for those months instead of hashing every paying
    participant again (a fifth of a computation's time). Told nobody pays twice, the check
    would count p5 (E2 in Banjarmasin, E1 in Ketapang) in both places: 3 in Ketapang."""
    root = build_store(tmp_path / "store")
    con = connect(store_root=root, regions=REGIONS)
    files, fresh = load_facts(con, store_root=root, years=[2024, 2025], use_cache=False)
    assert fresh == list(files)
    backend = DuckDBBackend(con)
    add_aggregated_counts(backend)
    build_monthly_active(backend)
    december = dt.date(2025, 12, 1)
    assert [m for (m,) in con.execute("SELECT month FROM repeat_payers_found").fetchall()] == [
        december
    ]
    backend.records("december", files[december])
    assert backend.rows(active_check_sql("december", [december], "repeat_payers_found")) == []
    assert backend.rows(active_check_sql("december", [december])) == []  # found again: same
    con.execute("CREATE TABLE nobody AS SELECT * FROM repeat_payers_found WHERE false")
    assert backend.rows(active_check_sql("december", [december], "nobody")) == [
        (december, "61.04", 3, 2)
    ]


def active_check_sql(records: str, months: list[dt.date], repeats: str | None = None) -> str:
    """The check's participants counted from `records` against `monthly_active`: the rows that
    differ, as `reconcile` compares them."""
    return active_compare_sql(f"({active_count_sql(records, months, repeats)})", months)


def test_the_participants_paying_twice_are_saved_with_the_facts_and_checked_with_them(computed):
    """The facts saved for a month keep who pays several times in it (p5 in December 2025),
    so a computation from the saved facts whose month must be counted again checks them
    without hashing every paying participant of every month again (at national scale four
    fifths of its time: README, "Benchmarks"). A saved answer that no longer goes with the
    saved facts is a difference the check reports, and the month's facts are rebuilt from the
    records."""
    root, _ = computed
    before = _rows(root / "metrics" / "year=2025")
    saved = root / "facts" / "month=2025-12" / "repeat_payers_found.parquet"
    con = duckdb.connect()
    kept = con.execute(f"SELECT month FROM read_parquet('{saved}', hive_partitioning=false)")
    assert kept.fetchall() == [(dt.date(2025, 12, 1),)]
    again = compute_year(store_root=root, regions=REGIONS, year=2025)
    assert again.months_reused == 3 and _rows(again.output_dir) == before

    _rewrite(saved, "DELETE FROM t")  # p5 no longer known to pay twice: counted in both places
    # ...which matters when the month's participants are counted again from its records: its
    # last check's figures not kept (kept, they are compared with instead: test below).
    (saved.parent / "checked_active.parquet").unlink()
    with pytest.raises(ReconciliationError) as failure:
        compute_year(store_root=root, regions=REGIONS, year=2025)
    assert "peserta aktif 61.04 2025-12: dari data mentah 3, hasil perhitungan 2" in str(
        failure.value
    )
    assert not saved.exists()  # discarded with the month's facts
    rebuilt = compute_year(store_root=root, regions=REGIONS, year=2025)
    assert rebuilt.months_reused == 2 and _rows(rebuilt.output_dir) == before


def _rows(folder) -> dict[str, list[tuple]]:
    """Every result file's rows, in order (the files do not keep one row order)."""
    con = duckdb.connect()
    return {
        path.name: sorted(con.execute(f"SELECT * FROM read_parquet('{path}')").fetchall(), key=repr)
        for path in sorted(folder.glob("*.parquet"))
    }


def test_from_saved_facts_the_check_compares_with_the_figures_its_last_check_counted(computed):
    """A check that passed keeps what it counted from each month's records beside the month's
    facts: a computation from those facts compares with them and reads no record again (at
    national scale 24 s of a 33 s computation). Figures that no longer go with the facts are a
    difference it reports, and the month is counted again from its records next time."""
    root, _ = computed
    before = _rows(root / "metrics" / "year=2025")
    december = root / "facts" / "month=2025-12"
    for table in ("checked_active", "checked_employers"):
        stamp = (december / f"{table}.txt").read_text()
        assert stamp.startswith((december / "signature.txt").read_text() + "\ncheck ")
    previous_year = root / "facts" / "month=2024-12"  # counted for its participants only
    assert (previous_year / "checked_active.txt").exists()
    assert not (previous_year / "checked_employers.txt").exists()

    again = compute_year(store_root=root, regions=REGIONS, year=2025)
    assert again.months_reused == 3 and _rows(again.output_dir) == before
    assert not [sql for sql in again.sql if "checked_records" in sql]  # no record read again

    _rewrite(december / "checked_employers.parquet", "UPDATE t SET paid = paid + 500")
    with pytest.raises(ReconciliationError) as failure:
        compute_year(store_root=root, regions=REGIONS, year=2025)
    assert {d.measure for d in failure.value.differences} == {"iuran dibayar (Rp)"}
    assert all(d.expected - d.got == 500 for d in failure.value.differences)
    assert not december.exists()  # discarded: counted from the records next time
    rebuilt = compute_year(store_root=root, regions=REGIONS, year=2025)
    assert _rows(rebuilt.output_dir) == before
    assert [sql for sql in rebuilt.sql if "checked_records" in sql]
    assert (december / "checked_employers.txt").exists()


def test_kept_figures_that_cannot_be_read_are_counted_again_from_the_records(computed):
    """A kept figures file cut short (its stamp intact): the check counts that month from its
    records instead of stopping at the file, the results are the same, the figures kept again."""
    root, _ = computed
    before = _rows(root / "metrics" / "year=2025")
    kept = root / "facts" / "month=2025-11" / "checked_employers.parquet"
    kept.write_bytes(kept.read_bytes()[:40])
    again = compute_year(store_root=root, regions=REGIONS, year=2025)
    assert again.months_reused == 3 and _rows(again.output_dir) == before
    assert [sql for sql in again.sql if "checked_records" in sql]  # November counted again
    assert duckdb.connect().execute(f"SELECT count(*) FROM '{kept}'").fetchone()[0] > 0
    third = compute_year(store_root=root, regions=REGIONS, year=2025)
    assert not [sql for sql in third.sql if "checked_records" in sql]


def test_a_check_keeps_no_figures_for_facts_replaced_while_it_ran(computed):
    """An import may refresh a month's facts while a computation checks the old ones: the
    figures it counted are not kept beside facts of another signature."""
    from paritrana.engine.metrics.cache import save_checked

    root, _ = computed
    december = root / "facts" / "month=2025-12"
    (december / "checked_active.txt").unlink()
    con = duckdb.connect()
    con.execute("CREATE TABLE checked_active (month DATE, kabkota VARCHAR, n BIGINT)")
    con.execute("INSERT INTO checked_active VALUES (DATE '2025-12-01', '63.71', 7)")
    save_checked(con, root, dt.date(2025, 12, 1), "the signature of older facts", "active")
    assert not (december / "checked_active.txt").exists()
    save_checked(
        con, root, dt.date(2025, 12, 1), (december / "signature.txt").read_text(), "active"
    )
    assert (december / "checked_active.txt").exists()
