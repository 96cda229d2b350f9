"""The synthetic national year: store format, determinism, calibration, rules and input files."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import pytest

from paritrana.engine import synth_calibration as cal
from paritrana.engine.regions import RegionIndex
from paritrana.engine.schemas import ALLOWED_PROGRAMMES, REQUIRED_PROGRAMMES, SCHEMAS
from paritrana.engine.store import PROGRAMME_BITS, STORE_COLUMNS
from paritrana.engine.synth import SynthSummary, generate
from paritrana.regions.packaged import region_index
from paritrana.rules import calculate

N = 20_000
YEAR = 2025
INPUTS = ("employers", "active_counts", "workforce", "targets", "benefits")


def packaged_regions() -> RegionIndex:
    """The Kemendagri 2025 hierarchy and zones from the packaged files (no database)."""
    return region_index()


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return packaged_regions()


@pytest.fixture(scope="module")
def year(regions, tmp_path_factory) -> tuple[Path, SynthSummary]:
    out = tmp_path_factory.mktemp("synth")
    return out, generate(regions=regions, out_dir=out, participants=N, year=YEAR, seed=7)


@pytest.fixture(scope="module")
def db(year):
    out, _ = year
    con = duckdb.connect()
    glob = out / "store" / "contributions" / "*" / "*.parquet"
    con.execute(f"CREATE VIEW c AS SELECT * FROM read_parquet('{glob}', hive_partitioning = false)")
    employers = out / "inputs" / "employers.csv"
    con.execute(
        f"CREATE VIEW e AS SELECT * REPLACE (reported_workforce::BIGINT AS reported_workforce)"
        f" FROM read_csv('{employers}', all_varchar = true)"
    )
    yield con
    con.close()


def one(con, sql):
    return con.execute(sql).fetchone()[0]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def digest(root: Path) -> dict[str, str]:
    return {
        str(f.relative_to(root)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(root.rglob("*"))
        if f.is_file()
    }


# --- store format -------------------------------------------------------------------------------


def test_it_writes_twelve_month_files_with_the_store_columns_and_types(year):
    out, summary = year
    for month in range(1, 13):
        path = out / "store" / "contributions" / f"month={YEAR}-{month:02d}" / "synth-7.parquet"
        assert path in summary.files
        columns = duckdb.sql(
            f"DESCRIBE SELECT * FROM read_parquet('{path}', hive_partitioning = false)"
        ).fetchall()
        assert {name: kind for name, kind, *_ in columns} == STORE_COLUMNS["contributions"]
        assert [name for name, *_ in columns] == list(STORE_COLUMNS["contributions"])
        first = duckdb.sql(
            f"SELECT DISTINCT month FROM read_parquet('{path}', hive_partitioning = false)"
        ).fetchall()
        assert first == [(dt.date(YEAR, month, 1),)]


def test_the_summary_counts_what_was_written(year, db):
    out, summary = year
    assert summary.rows == one(db, "SELECT count(*) FROM c")
    assert summary.participants == N == one(db, "SELECT count(DISTINCT participant_key) FROM c")
    assert summary.employers == len(read_csv(out / "inputs" / "employers.csv"))
    assert summary.seconds > 0
    assert all(f.exists() for f in summary.files)
    assert not list(out.rglob("*.tmp"))


def test_each_participant_has_one_record_per_employer_and_month(db):
    assert one(db, "SELECT count(*) FROM c") == one(
        db, "SELECT count(*) FROM (SELECT DISTINCT participant_key, employer_id, month FROM c)"
    )


def test_rows_are_about_eleven_and_a_half_per_participant_and_scale_linearly(
    regions, tmp_path, year
):
    _, large = year
    small = generate(regions=regions, out_dir=tmp_path, participants=N // 2, seed=7)
    assert 11.0 < large.rows / N < 12.0
    assert 1.95 < large.rows / small.rows < 2.05
    assert small.participants == N // 2


def test_it_refuses_a_meaningless_size(regions, tmp_path):
    with pytest.raises(ValueError):
        generate(regions=regions, out_dir=tmp_path, participants=10)


# --- determinism --------------------------------------------------------------------------------


def test_the_same_seed_and_size_give_byte_identical_files(regions, tmp_path):
    first = generate(regions=regions, out_dir=tmp_path / "a", participants=5_000, seed=3)
    second = generate(regions=regions, out_dir=tmp_path / "b", participants=5_000, seed=3)
    assert first.rows == second.rows
    a, b = digest(tmp_path / "a"), digest(tmp_path / "b")
    assert len(a) == 12 + len(INPUTS) + 1  # months, input files, the batch's manifest
    assert "store/_imports/contributions/synth-3.json" in a
    assert a == b


def test_another_seed_gives_other_data(regions, tmp_path):
    generate(regions=regions, out_dir=tmp_path / "a", participants=5_000, seed=3)
    generate(regions=regions, out_dir=tmp_path / "b", participants=5_000, seed=4)
    a, b = digest(tmp_path / "a"), digest(tmp_path / "b")
    assert set(a) != set(b)  # file names carry the seed
    keys = [
        set(duckdb.sql(f"SELECT participant_key FROM '{d}/store/**/*.parquet'").fetchall())
        for d in (tmp_path / "a", tmp_path / "b")
    ]
    assert not keys[0] & keys[1]


def test_progress_is_reported_per_month_and_input(regions, tmp_path):
    seen: list[tuple[str, int, int]] = []
    generate(
        regions=regions,
        out_dir=tmp_path,
        participants=2_000,
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    assert [s for s in seen if s[0] == "contributions"][-1] == ("contributions", 12, 12)
    assert seen[-1] == ("inputs", len(INPUTS), len(INPUTS))


# --- calibration --------------------------------------------------------------------------------


def test_segment_shares_follow_the_april_2025_mix(db):
    total = sum(cal.SEGMENT_ACTIVE_APR_2025.values())
    distinct = dict(
        db.execute("SELECT segment, count(DISTINCT participant_key) FROM c GROUP BY 1").fetchall()
    )
    december = dict(
        db.execute(
            "SELECT segment, count(DISTINCT participant_key) FROM c WHERE month = '2025-12-01'"
            " AND paid_jkk + paid_jkm + paid_jht + paid_jp > 0 GROUP BY 1"
        ).fetchall()
    )
    for segment, active in cal.SEGMENT_ACTIVE_APR_2025.items():
        assert distinct[segment] / N == pytest.approx(active / total, abs=0.001)
        share = december[segment] / sum(december.values())
        assert share == pytest.approx(active / total, abs=0.02)


def test_province_shares_follow_the_december_2023_order(db, regions):
    counts = dict(
        db.execute(
            "SELECT left(kabkota_code, 2), count(DISTINCT participant_key) FROM c GROUP BY 1"
        ).fetchall()
    )
    assert counts["31"] > counts["32"] > counts["35"] > counts["33"]  # DKI, Jabar, Jatim, Jateng
    assert set(counts) == set(regions.codes("provinsi"))  # every province has participants
    assert counts["31"] / N == pytest.approx(7_498_532 / 41_560_000, abs=0.05)


def test_kabkota_and_village_codes_come_from_the_hierarchy(db, regions):
    kabkota = {r[0] for r in db.execute("SELECT DISTINCT kabkota_code FROM c").fetchall()}
    assert kabkota <= set(regions.codes("kabkota"))
    villages = db.execute(
        "SELECT DISTINCT kabkota_code, village_code FROM c WHERE village_code IS NOT NULL"
    ).fetchall()
    assert all(regions.level[v] == "desa" and v[:5] == k for k, v in villages)
    by_segment = dict(
        db.execute(
            "SELECT segment, avg((village_code IS NOT NULL)::INT) FROM c GROUP BY 1"
        ).fetchall()
    )
    assert by_segment["BPU"] == 1.0
    assert by_segment["PU"] == pytest.approx(cal.VILLAGE_SHARE_NON_BPU, abs=0.05)


def test_programmes_follow_the_segment_rules(db):
    bits = PROGRAMME_BITS
    combinations = db.execute("SELECT DISTINCT segment, programmes FROM c").fetchall()
    for segment, mask in combinations:
        enrolled = {p for p, bit in bits.items() if mask & bit}
        assert enrolled <= ALLOWED_PROGRAMMES[segment]
        if segment != "PU":
            assert enrolled >= REQUIRED_PROGRAMMES[segment]
        else:
            assert enrolled >= {"JKK", "JKM", "JHT"}  # the only gap is a missing JP
    pu_gap = one(db, "SELECT avg((programmes & 8 = 0)::INT) FROM c WHERE segment = 'PU'")
    assert 0.01 < pu_gap < 0.10
    bpu_jht = one(db, "SELECT avg((programmes & 4 <> 0)::INT) FROM c WHERE segment = 'BPU'")
    assert bpu_jht == pytest.approx(cal.BPU_JHT_SHARE, abs=0.03)
    assert (
        one(db, "SELECT count(*) FROM c WHERE segment <> 'PU' AND (due_jp > 0 OR paid_jp > 0)") == 0
    )


def test_wages_are_realistic(db):
    pu = db.execute(
        "SELECT median(wage), avg((wage > 10547400)::INT) FROM c WHERE segment = 'PU'"
    ).fetchone()
    assert 3_000_000 < pu[0] < 4_000_000
    assert 0.005 < pu[1] < 0.05  # some above the JP wage cap
    low, high = db.execute("SELECT min(wage), max(wage) FROM c WHERE segment = 'BPU'").fetchone()
    assert low >= 1_000_000 and high <= 5_000_000


def test_only_bpu_records_lack_an_employer(db):
    no_employer = "SELECT segment, bool_and(employer_id IS NULL) FROM c GROUP BY 1"
    assert dict(db.execute(no_employer).fetchall()) == {
        "PU": False,
        "Jakon": False,
        "PMI": False,
        "BPU": True,
    }
    assert one(db, "SELECT count(*) FROM c WHERE segment <> 'BPU' AND employer_id IS NULL") == 0
    assert (
        one(db, "SELECT count(*) FROM c WHERE employer_id NOT IN (SELECT employer_id FROM e)") == 0
    )
    assert (
        one(db, "SELECT count(*) FROM e WHERE NOT regexp_matches(employer_id, '^E[0-9]{8}$')") == 0
    )
    assert (
        one(db, "SELECT count(*) FROM e WHERE left(employer_id, 3) <> 'E' || left(kabkota_code, 2)")
        == 0
    )


# --- contributions against the rules calculator -------------------------------------------------


def expected_dues(row: dict, risk: str | None) -> tuple[int, int, int, int]:
    """Dues computed independently with paritrana.rules (see synth_sql's module docstring)."""
    on, wage, mask = row["month"], row["wage"], row["programmes"]
    if row["segment"] == "PU":
        r = calculate(segment="PU", on=on, wage=wage, risk=risk)
        jkk, jkm = r.programme("JKK"), r.programme("JKM")
        jp = r.programme("JP").total if mask & PROGRAMME_BITS["JP"] else 0
        return (
            jkk.total + jkk.discount,  # as billed: the JKP recomposition stays inside
            jkm.total,
            r.programme("JHT").total,
            jp,
        )
    if row["segment"] == "Jakon":
        r = calculate(segment="Jakon", on=on, contract_value=wage * 10 // 3)
        return r.programme("JKK").total, r.programme("JKM").total, 0, 0
    # BPU, and PMI charged as BPU
    r = calculate(segment="BPU", on=on, income=wage, bpu_jht=bool(mask & PROGRAMME_BITS["JHT"]))
    jht = r.programme("JHT")
    return r.programme("JKK").total, r.programme("JKM").total, jht.total if jht else 0, 0


def test_due_amounts_equal_the_rules_calculator(db):
    sample = db.execute(
        """
        (SELECT * FROM c ORDER BY hash(participant_key, month) LIMIT 120)
        UNION ALL (SELECT * FROM c WHERE segment = 'PU' AND wage > 10547400
                   ORDER BY hash(participant_key, month) LIMIT 20)
        UNION ALL (SELECT * FROM c WHERE segment IN ('Jakon', 'PMI')
                   ORDER BY hash(participant_key, month) LIMIT 30)
        UNION ALL (SELECT * FROM c WHERE segment = 'PU' AND month < '2025-03-01'
                   ORDER BY hash(participant_key, month) LIMIT 20)
        """
    )
    names = [d[0] for d in sample.description]
    rows = [dict(zip(names, values, strict=True)) for values in sample.fetchall()]
    sectors = dict(db.execute("SELECT employer_id, sector FROM e").fetchall())
    assert {r["segment"] for r in rows} == {"PU", "BPU", "Jakon", "PMI"}
    for row in rows:
        risk = cal.SECTOR_RISK[sectors[row["employer_id"]]] if row["employer_id"] else None
        due = (row["due_jkk"], row["due_jkm"], row["due_jht"], row["due_jp"])
        assert due == expected_dues(row, risk), row


# --- payment behaviour --------------------------------------------------------------------------


def test_most_records_are_paid_on_time(db):
    on_time, unpaid = db.execute(
        "SELECT avg(coalesce(paid_date <= due_date, false)::INT),"
        " avg((paid_date IS NULL)::INT) FROM c"
    ).fetchone()
    assert on_time == pytest.approx(0.85, abs=0.04)
    assert 0.005 < unpaid < 0.08


def test_payments_are_consistent_with_their_dates(db):
    assert (
        one(
            db,
            "SELECT count(*) FROM c WHERE due_date <> month + INTERVAL 1 MONTH + INTERVAL 14 DAY",
        )
        == 0
    )
    unpaid = "paid_date IS NULL"
    assert (
        one(
            db,
            f"SELECT count(*) FROM c WHERE {unpaid}"
            " AND paid_jkk + paid_jkm + paid_jht + paid_jp > 0",
        )
        == 0
    )
    assert one(db, f"SELECT count(*) FROM c WHERE NOT {unpaid} AND paid_jkk + paid_jkm = 0") == 0
    over = " OR ".join(f"paid_{p} > due_{p}" for p in ("jkk", "jkm", "jht", "jp"))
    assert one(db, f"SELECT count(*) FROM c WHERE {over}") == 0
    assert one(db, "SELECT count(*) FROM c WHERE paid_jkk > 0 AND paid_jkk < due_jkk") > 0


def test_some_employers_are_chronically_in_arrears(db):
    # Unpaid in every one of the last three months, with at least one worker paid for earlier.
    chronic = one(
        db,
        """SELECT count(*) FROM (
            SELECT employer_id FROM c WHERE employer_id IS NOT NULL GROUP BY 1
            HAVING bool_and(paid_date IS NULL) FILTER (WHERE month >= '2025-10-01')
               AND bool_or(paid_date IS NOT NULL) FILTER (WHERE month < '2025-04-01'))""",
    )
    assert chronic > 0


# --- input files --------------------------------------------------------------------------------


def test_input_files_have_exactly_the_schema_columns(year):
    out, summary = year
    for kind in INPUTS:
        path = out / "inputs" / f"{kind}.csv"
        assert path in summary.files
        with path.open(encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == SCHEMAS[kind].names


def test_employers_are_skewed_and_mostly_report_their_registered_workers(db):
    registered = """
        SELECT e.*, coalesce(w.n, 0) AS registered FROM e LEFT JOIN (
            SELECT employer_id, count(DISTINCT participant_key) AS n FROM c GROUP BY 1
        ) w USING (employer_id)"""
    rows = db.execute(f"SELECT size_class, reported_workforce, registered FROM ({registered})")
    rows = rows.fetchall()
    assert all(r[2] > 0 for r in rows)
    bounds = {"mikro": (1, 4), "kecil": (5, 19), "menengah": (20, 99), "besar": (100, 10**9)}
    assert all(bounds[s][0] <= reported <= bounds[s][1] for s, reported, _ in rows)
    at_least = sum(reported >= n for _, reported, n in rows) / len(rows)
    above = sum(reported > n for _, reported, n in rows) / len(rows)
    assert at_least > 0.9
    assert above > 0.1  # under-registration to find
    micro = sum(s == "mikro" for s, *_ in rows) / len(rows)
    assert micro == pytest.approx(cal.MICRO_EMPLOYERS_FEB_2025 / cal.EMPLOYERS_FEB_2025, abs=0.05)
    expected = cal.EMPLOYERS_FEB_2025 * N / cal.NATIONAL_PARTICIPANTS
    assert len(rows) == pytest.approx(expected, rel=0.01)
    besar = one(
        db,
        f"SELECT sum(registered) FILTER (WHERE size_class = 'besar') / sum(registered)"
        f" FROM ({registered})"
        " WHERE employer_id IN (SELECT employer_id FROM c WHERE segment = 'PU')",
    )
    assert besar > 0.6  # large employers hold most PU workers


def test_active_counts_are_december_participants_with_a_payment(year, db):
    out, _ = year
    rows = read_csv(out / "inputs" / "active_counts.csv")
    assert {r["month"] for r in rows} == {f"{YEAR}-12"}
    expected = {
        (k, s): n
        for k, s, n in db.execute(
            "SELECT kabkota_code, segment, count(DISTINCT participant_key) FROM c"
            " WHERE month = '2025-12-01' AND (paid_jkk > 0 OR paid_jkm > 0 OR paid_jht > 0"
            " OR paid_jp > 0) GROUP BY 1, 2"
        ).fetchall()
    }
    assert {(r["region_code"], r["segment"]): int(r["active"]) for r in rows} == expected


def test_workforce_is_scaled_sakernas_with_kalimantan_barat_near_31_percent(year, regions):
    out, _ = year
    rows = read_csv(out / "inputs" / "workforce.csv")
    assert {r["base_kind"] for r in rows} == {"sakernas_bekerja"}
    assert {r["year"] for r in rows} == {str(YEAR - 1), str(YEAR)}
    provinces = set(regions.codes("provinsi"))
    now = {r["region_code"]: int(r["workers"]) for r in rows if r["year"] == str(YEAR)}
    national = sum(n for code, n in now.items() if code in provinces)
    assert national == pytest.approx(
        cal.EMPLOYED_AUG_2024 * N / cal.NATIONAL_PARTICIPANTS, rel=0.01
    )
    for province in provinces:
        kabkota = [n for code, n in now.items() if code[:2] == province and len(code) == 5]
        assert sum(kabkota) == now[province]
    active = read_csv(out / "inputs" / "active_counts.csv")
    kalbar = sum(int(r["active"]) for r in active if r["region_code"].startswith("61"))
    assert 100 * kalbar / now["61"] == pytest.approx(31.0, abs=0.5)
    before = {r["region_code"]: int(r["workers"]) for r in rows if r["year"] == str(YEAR - 1)}
    assert sum(before[p] for p in provinces) < national


def test_targets_carry_the_published_regional_values(year, regions):
    out, _ = year
    rows = {
        r["region_code"]: float(r["target_pct"]) for r in read_csv(out / "inputs" / "targets.csv")
    }
    assert set(rows) == set(regions.codes("provinsi"))
    assert rows["61"] == 59.56
    assert rows["51"] == 67.28
    assert rows["32"] == 52.15


def test_benefits_follow_kalimantan_barat_2024_per_participant(year, db):
    out, _ = year
    rows = read_csv(out / "inputs" / "benefits.csv")
    assert {r["programme"] for r in rows} == {"JKK", "JKM", "JHT", "JP"}
    assert all(int(r["recipients"]) > 0 for r in rows if int(r["amount"]) > 0)
    kalbar = [r for r in rows if r["region_code"] == "61"]
    participants = one(
        db, "SELECT count(DISTINCT participant_key) FROM c WHERE kabkota_code LIKE '61.%'"
    )
    national_kalbar = 40_000_000 * 729_270 / 41_560_000
    amount = sum(int(r["amount"]) for r in kalbar)
    recipients = sum(int(r["recipients"]) for r in kalbar)
    assert amount / participants == pytest.approx(711_580_000_000 / national_kalbar, rel=0.01)
    assert recipients / participants == pytest.approx(61_533 / national_kalbar, rel=0.05)


def test_every_generated_input_file_passes_the_importer(regions, tmp_path):
    from paritrana.engine.ingest import import_file

    generate(regions=regions, out_dir=tmp_path, participants=5_000, seed=5)
    for kind in INPUTS:
        result = import_file(
            path=tmp_path / "inputs" / f"{kind}.csv",
            kind=kind,
            store_root=tmp_path / "store",
            regions=regions,
            secret="s",
            as_of=dt.date(YEAR + 1, 1, 31),
        )
        assert result.status == "imported", (kind, result.message, result.problems[:3])
