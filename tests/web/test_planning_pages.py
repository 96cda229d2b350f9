"""The planning page (/perencanaan/<code>/) on the hand-made store of tests/store_fixture.py.

Kalimantan Barat (61) in 2025: workforce 10 (BPS Sakernas), 3 active, target 59.56%, UCJ 30%;
in 2024: 2 of 10, UCJ 20%, so +10 points. Ketapang (61.04): 2 of 6, no target of its own.
BPU rates: contribution_rules.csv lines 40-43 (Permenaker 5/2021, since 2021-01-01): JKK 1% of
declared income, at least Rp10.000; JKM Rp6.800 flat.
"""

from __future__ import annotations

import pytest

from paritrana.coverage.domain.compute import compute_metrics
from tests.store_fixture import warm_store
from tests.web.forms_html import tag


@pytest.fixture
def computed(regions, settings, tmp_path):
    settings.PARITRANA_STORE_DIR = warm_store(tmp_path / "store")
    compute_metrics(year=2025)


def _section(html: str, name: str) -> str:
    return html.split(f'<section id="{name}">', 1)[1].split("</section>", 1)[0]


def _get(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[-2000:]
    return response.content.decode()


def test_kalimantan_barat_needs_three_more_workers_with_the_formula(client, computed):
    html = _get(client, "/perencanaan/61/")
    needed = _section(html, "needed")
    # 59.56% x 10 = 5.956; 5.956 - 3 = 2.956, rounded up: 3.
    assert 'id="needed-workers"><b>3</b>' in needed
    assert "⌈59,56% × 10 − 3⌉ = ⌈5,956 − 3⌉ = ⌈2,956⌉ → 3" in needed


def test_the_bpu_budget_for_the_default_workers_at_the_lowest_bracket(client, computed):
    html = _get(client, "/perencanaan/61/?budget_year=2025")
    budget = _section(html, "budget")
    # Default N = the 3 workers needed; income Rp1.000.000 (= Rp10.000 minimum JKK / 1%).
    # JKK 10.000 + JKM 6.800 = 16.800 a month; x 12 = 201.600; x 3 = 604.800.
    assert 'name="workers" value="3"' in html and 'name="income" value="1.000.000"' in html
    assert 'id="budget-month"><b>Rp16.800</b>' in budget
    assert 'id="budget-year"><b>Rp201.600</b>' in budget
    assert 'id="budget-total"><b>Rp604.800</b>' in budget
    rules = budget.split('id="budget-rules"', 1)[1]
    for label, value in [
        ("JKK BPU", "1% dari penghasilan yang dilaporkan"),
        ("JKK BPU, paling sedikit sebulan", "Rp10.000"),
        ("JKM BPU, tetap sebulan", "Rp6.800"),
    ]:
        assert f'<td>{label}</td><td class="num">{value}</td><td>Permenaker 5/2021</td>' in rules
    assert "bpu.jkk" not in budget  # words, never the rules table's keys


def test_a_typed_number_of_workers_and_a_higher_bracket(client, computed):
    html = _get(client, "/perencanaan/61/?workers=10.000&income=Rp+2.500.000&budget_year=2025")
    budget = _section(html, "budget")
    # JKK 1% x 2.500.000 = 25.000, JKM 6.800: 31.800 a month, 381.600 a year; x 10.000.
    assert 'id="budget-month"><b>Rp31.800</b>' in budget
    assert 'id="budget-total"><b>Rp3.816.000.000</b>' in budget
    assert 'id="workers-default"' not in budget  # typed, so not the default note


def test_the_projected_year_at_last_years_change(client, computed):
    html = _get(client, "/perencanaan/61/")
    assert 'name="growth" value="10"' in html  # 30% - 20%
    projection = _section(html, "projection")
    assert "<b>2028</b>" in projection
    rows = projection.split('id="projection-table"', 1)[1]
    for year, ucj, remaining in [
        (2025, "30,00", "29,56"),
        (2026, "40,00", "19,56"),
        (2027, "50,00", "9,56"),
        (2028, "60,00", "0,00"),
    ]:
        assert f'<td>{year}</td><td class="num">{ucj}%</td><td class="num">{remaining}</td>' in rows
    assert "<td>2029</td>" not in rows


def test_a_typed_growth_with_a_comma(client, computed):
    projection = _section(_get(client, "/perencanaan/61/?growth=2,5"), "projection")
    # 29.56 / 2.5 = 11.824 -> 12 years: 2037.
    assert "+2,5" in projection and "<b>2037</b>" in projection


def test_a_kabkota_without_its_own_target_is_offered_its_provinces(client, computed):
    html = _get(client, "/perencanaan/61.04/?growth=5")
    needed = _section(html, "needed")
    assert 'id="target-from"' in needed and "Kalimantan Barat" in needed
    # 59.56% x 6 = 3.5736; - 2 = 1.5736 -> 2.
    assert "⌈59,56% × 6 − 2⌉ = ⌈3,5736 − 2⌉ = ⌈1,5736⌉ → 2" in needed
    # UCJ 2/6 = 33.33%: (59.56 - 33.33...) / 5 = 5.25 -> 6 years: 2031.
    assert "<b>2031</b>" in _section(html, "projection")


def test_without_last_years_change_the_growth_is_asked_for(client, computed):
    html = _get(client, "/perencanaan/61.04/")
    # Ketapang has no 2024 workforce, so no UCJ change: the field is left empty.
    assert '<input type="text" name="growth" inputmode' in html
    assert 'id="growth-missing"' in _section(html, "projection")
    assert 'id="projection-table"' not in html


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("workers=-5", "workers", "Jumlah pekerja tidak boleh negatif (-5)."),
        ("workers=banyak", "workers", "Masukkan keseluruhan angka bilangan."),
        ("income=-1", "income", "Penghasilan yang dilaporkan tidak boleh negatif (-1)."),
        ("growth=25", "growth", "Pertumbuhan harus antara -10 dan +20 poin persen per tahun."),
        ("growth=-10,5", "growth", "Pertumbuhan harus antara -10 dan +20 poin persen per tahun."),
        ("growth=cepat", "growth", "Masukkan sebuah bilangan."),
        ("target=150", "target", "Target harus antara 0 dan 100 persen."),
        ("budget_year=2019", "budget_year", "sebelum aturan pertama"),
        ("budget_year=dua", "budget_year", "Masukkan keseluruhan angka bilangan."),
    ],
)
def test_bad_inputs_get_indonesian_field_errors_and_status_400(
    client, computed, query, field, message
):
    html = _get(client, f"/perencanaan/61/?{query}", status=400)
    # Beside its field, and linked to it for a screen reader.
    error = html.split(f'id="{field}_error">', 1)[1].split("</div>", 1)[0]
    assert message in error
    field_tag = tag(html, field)
    assert "is-invalid" in field_tag and f"{field}_error" in field_tag


def test_a_bad_field_leaves_the_other_answers_standing(client, computed):
    html = _get(client, "/perencanaan/61/?growth=25&budget_year=2025", status=400)
    assert 'id="budget-total"><b>Rp604.800</b>' in _section(html, "budget")
    assert 'id="needed-workers"><b>3</b>' in _section(html, "needed")
    assert 'id="projection-table"' not in html


def test_a_region_without_metrics_still_prices_a_typed_number_of_workers(client, computed):
    html = _get(client, "/perencanaan/11/?workers=100&budget_year=2025")  # Aceh: no data
    assert 'id="budget-total"><b>Rp20.160.000</b>' in _section(html, "budget")  # 100 x 201.600
    assert 'id="needed-workers"' not in html and 'id="projection-table"' not in html


def test_codes_are_normalised_and_other_levels_refused_in_indonesian(client, computed):
    response = client.get("/perencanaan/6104/?growth=5")
    assert (response.status_code, response.url) == (302, "/perencanaan/61.04/?growth=5")
    for url, message in [
        ("/perencanaan/61.04.01/", "Perencanaan tersedia untuk provinsi dan kabupaten/kota"),
        ("/perencanaan/abc/", "bukan kode wilayah Kemendagri"),
        ("/perencanaan/61.99/", "tidak ditemukan dalam data Kemendagri 2025"),
    ]:
        assert message in _get(client, url, status=404)


def test_the_coverage_page_is_public_and_links_to_planning(client, computed):
    html = _get(client, "/cakupan/61/")  # anonymous
    assert 'href="/perencanaan/61/?tahun=2025&amp;dasar=sakernas_bekerja"' in html
    assert 'id="planning-link"' not in _get(client, "/cakupan/ID/")
