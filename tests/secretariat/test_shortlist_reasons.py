"""Why each candidate is in or out of a shortlist, asserted as the secretariat reads it; the
draw and the explanation rank with the one function (`nominations.standings`)."""

# ruff: noqa: F811  (the fixtures of test_shortlist_world are imported, then asked for)
from __future__ import annotations

import re

import pytest

from paritrana.awards.domain.eligibility import Candidate
from paritrana.awards.domain.nominations import (
    NATION,
    NominationError,
    add_by_hand,
    draw_shortlist,
    rank,
    remove,
)
from paritrana.awards.domain.shortlist_reasons import explain, metric_value, rounds
from tests.secretariat.test_shortlist_world import (  # noqa: F401  (fixtures)
    KETAPANG,
    companies,
    cycle,
    draft_cycle,
    figures,
    kabkota,
    people,
)


def _reasons(shortlist):
    return {row.name: row.reason for row in shortlist.rows}


def test_numbers_are_written_the_indonesian_way():
    assert metric_value("ucj_pct", 25.384) == "25,38%"
    assert metric_value("on_time_pct", 42.0) == "42%"
    assert metric_value("active", 12345) == "12.345"
    assert metric_value("ucj_pct", None) == "tidak tersedia"


def test_a_column_of_figures_keeps_two_decimals():
    """The shortlist's column of values read "16,7%" under "16,12%"; a sentence still drops
    the zero ("di bawah minimum 50%")."""
    assert metric_value("ucj_pct", 16.7, column=True) == "16,70%"
    assert metric_value("on_time_pct", 42.0, column=True) == "42,00%"
    assert metric_value("active", 12345, column=True) == "12.345"
    assert metric_value("ucj_pct", 16.7) == "16,7%"


def test_each_kabkota_is_in_or_out_with_its_rank_and_figure(kabkota):
    shortlist = explain(category=kabkota, province="61", year=2025)
    reasons = _reasons(shortlist)
    assert shortlist.rule == "cakupan UCJ tertinggi, 7 teratas"
    assert len(shortlist.rows) == 14
    assert reasons["Kabupaten Ketapang"] == "masuk: peringkat 4 dari 14 menurut cakupan UCJ 25,38%"
    eighth = shortlist.rows[7]
    assert eighth.reason == "tidak masuk: di luar 7 teratas (peringkat 8 dari 14)"
    assert [row.state for row in shortlist.rows].count("in") == 7
    assert shortlist.rows[0].place == "Kalimantan Barat"  # words, not "61"
    assert shortlist.metric == "cakupan UCJ"
    assert all(re.fullmatch(r"\d+,\d\d%", row.value_text) for row in shortlist.rows)


def test_companies_below_a_minimum_or_without_a_figure_say_so(companies):
    shortlist = explain(category=companies, province="61", year=2025)
    assert _reasons(shortlist) == {
        "PT Besar Tepat": "masuk: peringkat 1 dari 1 menurut ketepatan bayar 96,5%",
        "PT Menengah Lalai": (
            "tidak masuk: pekerja terlapor yang terdaftar 42% di bawah minimum 50%"
        ),
        "PT Tanpa Data": "tidak masuk: ketepatan bayar tidak tersedia",
    }  # PT Kecil is not eligible for this category: not listed at all
    assert shortlist.rows[0].place == "Kabupaten Ketapang"
    assert shortlist.rule == (
        "ketepatan bayar tertinggi, 5 teratas; minimum pekerja terlapor yang terdaftar 50%"
    )


def test_the_draw_nominates_exactly_who_the_explanation_puts_in(kabkota, people):
    before = explain(category=kabkota, province="61", year=2025)
    drawn = draw_shortlist(category=kabkota, province="61", year=2025, user=people["nasional"])
    assert [n.key for n in drawn] == [r.key for r in before.rows if r.state == "in"]
    assert [r.candidate.region_code for r in rank(kabkota, "61", 2025)] == [n.key for n in drawn]
    after = explain(category=kabkota, province="61", year=2025)
    assert after.by_data == 7 and after.waiting == 0
    assert _reasons(after)["Kabupaten Ketapang"] == (
        "masuk: peringkat 4 dari 14 menurut cakupan UCJ 25,38%"
    )
    assert {r.state_text for r in after.rows if r.nominated} == {"dinominasikan dari data"}


def test_changes_by_hand_show_their_reasons(kabkota, people):
    draw_shortlist(category=kabkota, province="61", year=2025)
    shortlist = explain(category=kabkota, province="61", year=2025)
    eighth = shortlist.rows[7]
    add_by_hand(
        category=kabkota,
        candidate=shortlist.candidate(eighth.key),
        province="61",
        reason="Perbup perlindungan pekerja rentan 2025",
    )
    remove(
        nomination=shortlist.nomination(KETAPANG),
        reason="Data kepesertaan belum diverifikasi",
    )
    reasons = _reasons(explain(category=kabkota, province="61", year=2025))
    assert reasons[eighth.name] == (
        "ditambahkan dengan tangan: Perbup perlindungan pekerja rentan 2025"
    )
    assert reasons["Kabupaten Ketapang"] == "dikeluarkan: Data kepesertaan belum diverifikasi"
    later = explain(category=kabkota, province="61", year=2025)
    assert (later.by_data, later.by_hand, later.removed) == (6, 1, 1)
    assert eighth.name not in [r.name for r in later.addable()]
    assert "Kabupaten Ketapang" in [r.name for r in later.addable("ketapang")]


def test_the_national_round_is_drawn_over_every_province_at_once(cycle):
    national = cycle.categories.get(level="nasional", code="pemda-kabkota")
    shortlist = explain(category=national, province=NATION, year=2025)
    assert len(shortlist.rows) == 16
    assert shortlist.rows[0].reason == "masuk: peringkat 1 dari 16 menurut cakupan UCJ 40,5%"
    drawn = draw_shortlist(category=national, province=NATION, year=2025)
    assert len(drawn) == 7
    # Each nomination competes for its own province (Kalimantan Tengah's 30% is fifth).
    assert sorted({n.province for n in drawn}) == ["61", "62"]
    provincial = cycle.categories.get(level="provinsi", code="pemda-kabkota")
    with pytest.raises(NominationError, match="ditarik per provinsi"):
        draw_shortlist(category=provincial, province=NATION, year=2025)
    wrong = Candidate(entity="kabkota", name="Kota Palangka Raya", region_code="62.71")
    with pytest.raises(NominationError, match="tidak berada di provinsi 61"):
        add_by_hand(category=provincial, candidate=wrong, province="61", reason="x")


def test_the_overview_counts_each_round(cycle, kabkota, people):
    draw_shortlist(category=kabkota, province="61", year=2025)
    from paritrana.commands.awards import draw_shortlist as draw_command

    draw_command(people["nasional"], category=kabkota, province="62", year=2025)
    summary = {
        (r.category.code, r.category.level, r.province): r
        for r in rounds(cycle, provinces=["61", "62"])
    }
    kalbar = summary[("pemda-kabkota", "provinsi", "61")]
    assert (kalbar.province_name, kalbar.by_data, kalbar.nominated) == ("Kalimantan Barat", 7, 7)
    kalteng = summary[("pemda-kabkota", "provinsi", "62")]
    assert (kalteng.by_data, kalteng.drawn) == (2, True)
    assert not kalbar.drawn  # drawn by the domain verb directly, not the audited command
    assert ("pemda-kabkota", "nasional", NATION) not in summary  # not a province's round
    national = {
        (r.category.code, r.province) for r in rounds(cycle) if r.category.level == "nasional"
    }
    assert ("pemda-provinsi", NATION) in national


def test_the_overview_asks_the_same_few_queries_whatever_the_candidates(
    cycle, kabkota, django_assert_num_queries
):
    with django_assert_num_queries(4):
        rounds(cycle)
    draw_shortlist(category=kabkota, province="61", year=2025)
    draw_shortlist(category=kabkota, province="62", year=2025)
    with django_assert_num_queries(4):
        # 9 provincial nominations, not counted again in the national round of another category
        assert sum(r.nominated for r in rounds(cycle)) == 9


def test_the_provincial_governments_are_ranked_per_zone_nationally(cycle):
    from paritrana.coverage.models import MetricRun, RegionMetric

    run = MetricRun.objects.first()
    figures = {"61": 31.0, "62": 45.0, "63": 40.0, "64": 52.5, "31": 60.0}
    for code, value in figures.items():
        RegionMetric.objects.create(
            run=run,
            year=2025,
            base_kind="sakernas_bekerja",
            level="provinsi",
            region_code=code,
            ucj_pct=value,
        )
    provinces = cycle.categories.get(level="nasional", code="pemda-provinsi")
    reasons = _reasons(explain(category=provinces, province=NATION, year=2025))
    assert reasons["Kalimantan Timur"] == (
        "masuk: peringkat 1 dari 4 di zona Kalimantan menurut cakupan UCJ 52,5%"
    )
    assert reasons["Kalimantan Barat"] == (
        "tidak masuk: di luar 3 teratas (peringkat 4 dari 4 di zona Kalimantan)"
    )
    assert reasons["Daerah Khusus Ibukota Jakarta"] == (
        "masuk: peringkat 1 dari 1 di zona Jawa-Bali menurut cakupan UCJ 60%"
    )
    drawn = draw_shortlist(category=provinces, province=NATION, year=2025)
    assert sorted(n.province for n in drawn) == ["31", "62", "63", "64"]
