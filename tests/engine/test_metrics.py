"""Every coverage and compliance metric against values worked out by hand on a tiny store."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from paritrana.engine.landing import write_manifest
from paritrana.engine.metrics import compute_year
from tests.store_fixture import DEC, REGIONS, build_store


@pytest.fixture(scope="module")
def metrics(tmp_path_factory):
    root = build_store(tmp_path_factory.mktemp("store"))
    result = compute_year(store_root=root, regions=REGIONS, year=2025)
    con = duckdb.connect()

    def rows(table: str, **where) -> list[dict]:
        clause = " AND ".join(f"{k} = ?" for k in where) or "true"
        rel = con.execute(
            f"SELECT * FROM '{result.path(table)}' WHERE {clause}", list(where.values())
        )
        names = [d[0] for d in rel.description]
        return [dict(zip(names, r, strict=True)) for r in rel.fetchall()]

    return result, rows


def one(rows):
    assert len(rows) == 1, rows
    return rows[0]


def test_active_participants_count_each_person_once_at_every_level(metrics):
    _, rows = metrics
    active = {(r["level"], r["region_code"]): r["active"] for r in rows("region_metrics")}
    assert active == {
        ("desa", "61.04.01.2011"): 1,
        ("kabkota", "61.04"): 2,  # p1, p2 (p5's smaller record here is not counted)
        ("kabkota", "61.71"): 1,  # p3
        ("kabkota", "63.71"): 1,  # p5 (p4 is unpaid)
        ("provinsi", "61"): 3,
        ("provinsi", "63"): 1,
        ("zona", "kalimantan"): 4,
        ("nasional", "ID"): 4,
    }


def test_active_by_segment_and_programme(metrics):
    _, rows = metrics
    nation = one(rows("region_metrics", level="nasional"))
    assert (nation["active_pu"], nation["active_bpu"], nation["active_jakon"]) == (3, 1, 0)
    assert (
        nation["active_jkk"],
        nation["active_jkm"],
        nation["active_jht"],
        nation["active_jp"],
    ) == (4, 4, 3, 2)
    assert nation["as_of_month"] == DEC


def test_ucj_growth_target_gap_and_projection_for_kalimantan_barat(metrics):
    _, rows = metrics
    kalbar = one(rows("region_metrics", level="provinsi", region_code="61"))
    assert kalbar["workforce"] == 10
    assert kalbar["ucj_pct"] == pytest.approx(30.0)  # 3 / 10
    assert kalbar["prev_ucj_pct"] == pytest.approx(20.0)  # 2 / 10 in December 2024
    assert kalbar["change_points"] == pytest.approx(10.0)
    assert kalbar["change_pct"] == pytest.approx(50.0)
    assert kalbar["active_growth_pct"] == pytest.approx(50.0)
    assert kalbar["target_pct"] == pytest.approx(59.56)
    assert kalbar["attainment_pct"] == pytest.approx(30 / 59.56 * 100)
    assert kalbar["gap_workers"] == 3  # ceil(0.5956 x 10 - 3) = ceil(2.956)
    assert kalbar["projected_year"] == 2028  # 2025 + ceil((59.56 - 30) / 10)
    assert kalbar["bpu_coverage_pct"] == pytest.approx(10.0)  # 1 BPU / 10
    assert kalbar["benefits_amount"] == 1_200_000
    assert kalbar["benefits_per_participant"] == pytest.approx(400_000)


def test_kabkota_and_zone_coverage_and_a_partial_national_base(metrics):
    _, rows = metrics
    ucj = {(r["level"], r["region_code"]): r["ucj_pct"] for r in rows("region_metrics")}
    assert ucj[("kabkota", "61.04")] == pytest.approx(100 * 2 / 6)
    assert ucj[("kabkota", "61.71")] == pytest.approx(25.0)
    assert ucj[("provinsi", "63")] == pytest.approx(20.0)  # the later batch's 5, not 999
    assert ucj[("zona", "kalimantan")] == pytest.approx(100 * 4 / 15)
    # DKI has no workforce figure, so a national percentage would mislead: none is given.
    nation = one(rows("region_metrics", level="nasional"))
    assert nation["ucj_pct"] is None and nation["workforce_partial"] is True


def test_another_workforce_base_gives_another_ucj(tmp_path):
    root = build_store(tmp_path)
    result = compute_year(store_root=root, regions=REGIONS, year=2025, base_kind="potensi")
    ucj = (
        duckdb.connect()
        .execute(
            f"SELECT ucj_pct, base_kind FROM '{result.path('region_metrics')}' "
            "WHERE region_code = '61'"
        )
        .fetchone()
    )
    assert ucj == (pytest.approx(37.5), "potensi")  # 3 / 8


def test_employer_compliance(metrics):
    _, rows = metrics
    e1 = one(rows("employer_metrics", employer_id="E1"))
    assert e1["registered"] == 3 and e1["registered_share_pct"] == pytest.approx(50.0)  # 3 of 6
    assert e1["complete_pct"] == pytest.approx(75.0)  # p2 lacks JP: 3 of 4 records complete
    assert e1["on_time_pct"] == pytest.approx(50.0)  # Dec p1 and p5 of 4 billed records
    assert e1["months_in_arrears"] == 1  # November
    assert e1["paid_pct_of_due"] == pytest.approx(100 * 1_400_000 / 1_700_000)
    # Rules for 2025 (JKK low 0.54%, JKM 0.30%, JHT 3.7+2%, JP 2+1% under the cap):
    # wage 5M -> 27,000 + 15,000 + 185,000 + 100,000 + 100,000 + 50,000 = 477,000 (Nov and Dec)
    # wage 3M -> 16,200 + 9,000 + 111,000 + 60,000 + 60,000 + 30,000 = 286,200
    # wage 2M -> 10,800 + 6,000 + 74,000 + 40,000 + 40,000 + 20,000 = 190,800
    assert e1["expected"] == 477_000 * 2 + 286_200 + 190_800
    assert e1["paid_pct_of_expected"] == pytest.approx(100 * 1_400_000 / 1_431_000)
    e2 = one(rows("employer_metrics", employer_id="E2"))
    assert e2["on_time_pct"] == pytest.approx(50.0)  # p5 on time, p4 unpaid
    assert e2["complete_pct"] == pytest.approx(100.0)
    assert e2["months_in_arrears"] == 1
    # No JKK risk group: JKK is left out of both sides. Wage 4M -> 12,000 + 148,000 + 80,000
    # + 80,000 + 40,000 = 360,000; wage 6M -> 18,000 + 222,000 + 120,000 + 120,000 + 60,000
    # = 540,000.
    assert e2["expected"] == 900_000
    assert e2["paid_compared"] == 650_000  # p5's 700,000 less its 50,000 JKK
    assert e2["registered_share_pct"] == pytest.approx(50.0)  # 2 of 4


def test_region_compliance_rolls_up_by_the_employers_region(metrics):
    _, rows = metrics
    nation = one(rows("region_compliance", level="nasional"))
    assert nation["employers"] == 2 and nation["employers_in_arrears"] == 2
    assert nation["on_time_pct"] == pytest.approx(50.0)  # 3 of 6 billed records
    kalsel = one(rows("region_compliance", level="provinsi", region_code="63"))
    assert kalsel["employers"] == 1 and kalsel["paid_pct_of_due"] == pytest.approx(100 * 700 / 1200)


def test_aggregated_counts_fill_regions_without_records(tmp_path):
    root = build_store(
        tmp_path,
        active_counts=[
            ("31.71", "PU", DEC, 40, 1),  # no raw records in Jakarta Selatan: used
            ("31.71", "BPU", DEC, 10, 1),
            ("61.04", "PU", DEC, 999, 1),  # Ketapang has raw records: ignored
        ],
    )
    result = compute_year(store_root=root, regions=REGIONS, year=2025)
    got = dict(
        duckdb.connect()
        .execute(
            f"SELECT region_code, active FROM '{result.path('region_metrics')}' "
            "WHERE level IN ('kabkota', 'nasional')"
        )
        .fetchall()
    )
    assert got["31.71"] == 50
    assert got["61.04"] == 2
    assert got["ID"] == 54
    programmes = (
        duckdb.connect()
        .execute(
            f"SELECT active_jp FROM '{result.path('region_metrics')}' WHERE region_code = 'ID'"
        )
        .fetchone()
    )
    assert programmes == (None,)  # aggregated counts carry no programme detail


def test_results_are_replaced_whole_on_recompute(tmp_path):
    root = build_store(tmp_path)
    first = compute_year(store_root=root, regions=REGIONS, year=2025)
    second = compute_year(store_root=root, regions=REGIONS, year=2025)
    assert first.output_dir == second.output_dir
    assert sorted(p.name for p in second.output_dir.iterdir()) == [
        "employer_metrics.parquet",
        "monthly_active.parquet",
        "region_compliance.parquet",
        "region_metrics.parquet",
    ]
    assert not list((root / "metrics").glob(".*"))


def test_unchanged_months_reuse_their_facts_and_changed_ones_are_rebuilt(tmp_path):
    root = build_store(tmp_path)
    cold = compute_year(store_root=root, regions=REGIONS, year=2025)
    assert cold.months_reused == 0
    warm = compute_year(store_root=root, regions=REGIONS, year=2025)
    assert warm.months_reused == 3  # Dec 2024, Nov and Dec 2025
    assert _active(warm, "61") == _active(cold, "61") == 3
    # A new batch for December (a late file with one more participant) invalidates December.
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT * REPLACE (99::UBIGINT AS participant_key) FROM "
        f"read_parquet('{root}/contributions/month=2025-12/batch.parquet', hive_partitioning=false)"
        f" WHERE participant_key = 3) TO '{root}/contributions/month=2025-12/late.parquet' "
        "(FORMAT parquet)"
    )
    # Files without a manifest are the remains of an interrupted import: not read.
    assert compute_year(store_root=root, regions=REGIONS, year=2025).months_reused == 3
    write_manifest(root, "contributions", "late", {"batch": "late"})
    after = compute_year(store_root=root, regions=REGIONS, year=2025)
    assert after.months_reused == 2
    assert _active(after, "61") == 4
    assert (
        _active(compute_year(store_root=root, regions=REGIONS, year=2025, use_cache=False), "61")
        == 4
    )


def test_a_store_moved_to_another_folder_keeps_its_facts(tmp_path):
    """Restored from a backup or moved with its files' times (cp -a), a store's facts still
    match its records: nothing is read again. A file touched since is read again."""
    root = build_store(tmp_path / "here")
    cold = compute_year(store_root=root, regions=REGIONS, year=2025)
    moved = tmp_path / "there"
    shutil.copytree(root, moved)  # copy2: the files' times kept
    warm = compute_year(store_root=moved, regions=REGIONS, year=2025)
    assert warm.months_reused == 3
    assert _active(warm, "61") == _active(cold, "61") == 3
    (moved / "contributions" / "month=2025-12" / "batch.parquet").touch()
    assert compute_year(store_root=moved, regions=REGIONS, year=2025).months_reused == 2


def test_a_saved_facts_file_that_cannot_be_read_is_rebuilt_not_fatal(tmp_path):
    """A month's saved facts cut short (a disk that filled, a copy interrupted) with its
    signature intact: the computation reads the months it can trust again from their records
    instead of stopping at the unreadable file, gives the same figures and saves them again."""
    root = build_store(tmp_path)
    cold = compute_year(store_root=root, regions=REGIONS, year=2025)
    broken = root / "facts" / "month=2025-11" / "employer_facts.parquet"
    broken.write_bytes(broken.read_bytes()[:40])
    again = compute_year(store_root=root, regions=REGIONS, year=2025)
    assert again.months_reused == 0
    assert _active(again, "61") == _active(cold, "61") == 3
    assert duckdb.connect().execute(f"SELECT count(*) FROM '{broken}'").fetchone()[0] > 0
    assert compute_year(store_root=root, regions=REGIONS, year=2025).months_reused == 3


def _active(result, code):
    return (
        duckdb.connect()
        .execute(
            f"SELECT active FROM '{result.path('region_metrics')}' WHERE region_code = ?", [code]
        )
        .fetchone()[0]
    )


def test_the_headline_subset_matches_the_full_computation(tmp_path):
    from paritrana.engine.metrics import headline

    root = build_store(tmp_path)
    cold = headline(store_root=root, regions=REGIONS, year=2025)
    warm = headline(store_root=root, regions=REGIONS, year=2025)
    assert cold.months_reused == 0 and warm.months_reused == 2
    assert cold.month == DEC
    assert (
        cold.active == warm.active == [("61.04", "PU", 2), ("61.71", "BPU", 1), ("63.71", "PU", 1)]
    )
    assert cold.on_time == warm.on_time == [("E1", 50.0), ("E2", 50.0)]


def test_the_headline_straight_from_the_records_matches_and_saves_nothing(tmp_path):
    from paritrana.engine.metrics import headline

    root = build_store(tmp_path)
    raw = headline(store_root=root, regions=REGIONS, year=2025, use_cache=False)
    assert not (root / "facts").exists()
    assert raw.month == DEC and raw.months_reused == 0
    assert raw.active == [("61.04", "PU", 2), ("61.71", "BPU", 1), ("63.71", "PU", 1)]
    assert raw.on_time == [("E1", 50.0), ("E2", 50.0)]
