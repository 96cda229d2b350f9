"""The year a public coverage page opens on, and the planning page's default growth.

On the hand-computed store (tests/store_fixture.py, 2024 and 2025; the Jawa-Bali zone given
2025 figures here), plus a partial 2026 as a first import of a new year leaves it: only
Kalimantan Selatan (63) and Kota Banjarmasin (63.71), their zone and the nation. Kalimantan
Barat (61), Ketapang (61.04) and the Jawa-Bali zone have no 2026: their pages open on 2025
without a year in the address, as the planning page always did, and say so in words, with a
link to 2025, when 2026 is asked for.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.forms.models import model_to_dict

from paritrana.coverage.domain.compute import compute_metrics
from paritrana.coverage.models import MetricRun, RegionMetric
from tests.store_fixture import build_store

IN_2026 = [("nasional", "ID"), ("zona", "kalimantan"), ("provinsi", "63"), ("kabkota", "63.71")]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def partial_2026(regions, store):
    build_store(store)
    compute_metrics(year=2024)
    compute_metrics(year=2025)
    # The store has no Jawa-Bali zone figures: 2025 gets a copy of Kalimantan's under its code.
    _copy("zona", "kalimantan", region_code="jawa-bali")
    run = MetricRun.objects.create(year=2026, base_kind="sakernas_bekerja")
    for level, code in IN_2026:
        _copy(level, code, run=run, year=2026)
    assert not RegionMetric.objects.filter(year=2026, region_code="61").exists()


def _copy(level: str, code: str, *, run: MetricRun | None = None, **changes) -> None:
    row = RegionMetric.objects.get(
        year=2025, base_kind="sakernas_bekerja", level=level, region_code=code
    )
    fields = model_to_dict(row, exclude=["id", "run"])
    RegionMetric.objects.create(**{**fields, "run": run or row.run, **changes})


def _get(client, url: str, status: int = 200, language: str = "id") -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == status, (url, response.content.decode()[-3000:])
    return response.content.decode()


def _selected_year(html: str) -> str:
    select = html.split('name="tahun"', 1)[1].split("</select>", 1)[0]
    return re.search(r'<option value="(\d+)" selected', select).group(1)


def _text(html: str) -> str:
    """What a reader sees of the page's content: no tags, no attributes."""
    main = html.split("<main", 1)[-1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


# -- BUG 1: the planning page's default growth ---------------------------------------------------


@pytest.mark.parametrize(
    ("change", "shown_change", "used", "reached"),
    [(-36.96, "-36,96", "-10", None), (25.0, "+25", "+20", "2027")],
)
def test_planning_holds_last_years_change_within_range_and_says_so(
    client, partial_2026, change, shown_change, used, reached
):
    RegionMetric.objects.filter(year=2025, level="provinsi", region_code="61").update(
        change_points=change
    )
    html = _get(client, "/perencanaan/61/")  # no longer 400 on first load
    assert 'id="planning-errors"' not in html and "is-invalid" not in html
    assert f'name="growth" value="{used.lstrip("+")}"' in html
    projection = html.split('<section id="projection">', 1)[1].split("</section>", 1)[0]
    note = projection.split('id="growth-clamped">', 1)[1].split("</p>", 1)[0]
    assert shown_change in note and used in note
    assert 'id="projection-table"' in projection  # the "year the target is reached" answer
    # UCJ 30%, target 59,56%: at -10 a year never; at +20, 29,56 / 20 -> 2 years: 2027.
    if reached:
        assert f"<b>{reached}</b>" in projection
    else:
        assert "<b>20" not in projection.split('id="projection-table"', 1)[0]


def test_planning_sent_back_with_the_held_growth_still_explains_it(client, partial_2026):
    RegionMetric.objects.filter(year=2025, level="provinsi", region_code="61").update(
        change_points=-36.96
    )
    html = _get(client, "/perencanaan/61/?tahun=2025&dasar=sakernas_bekerja&growth=-10")
    assert 'id="growth-clamped"' in html and 'id="projection-table"' in html


def test_planning_a_typed_growth_out_of_range_is_still_the_users_error(client, partial_2026):
    RegionMetric.objects.filter(year=2025, level="provinsi", region_code="61").update(
        change_points=-36.96
    )
    html = _get(client, "/perencanaan/61/?growth=-36,96", status=400)
    assert "Pertumbuhan harus antara -10 dan +20 poin persen per tahun." in html
    assert 'id="growth-clamped"' not in html


def test_planning_an_in_range_change_is_the_default_without_a_note(client, partial_2026):
    html = _get(client, "/perencanaan/61/")
    assert 'name="growth" value="10"' in html and 'id="growth-clamped"' not in html


# -- BUG 2: each region opens on its own latest year ---------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/cakupan/61/",
        "/cakupan/61.04/",
        "/dasbor/61/",
        "/dasbor/61.04/",
        "/dasbor/jawa-bali/",
        "/perencanaan/61/",
        "/perencanaan/61.04/",
    ],
)
def test_a_region_without_the_newest_year_opens_on_its_latest(client, partial_2026, url):
    assert _selected_year(_get(client, url)) == "2025"


@pytest.mark.parametrize("url", ["/cakupan/63/", "/dasbor/63/", "/perencanaan/63/"])
def test_a_region_with_the_newest_year_opens_on_it(client, partial_2026, url):
    """Kalimantan Selatan's one kab/kota of 2025 is in 2026: its 2026 is whole."""
    assert _selected_year(_get(client, url)) == "2026"
    assert 'id="partial-year"' not in _get(client, url)


# -- BUG 3: a year that lacks most kab/kota is not the nation's -------------------------------
# A first import of 28 rows for one kab/kota made the public pages open Indonesia on the new
# year: "23 peserta aktif", and the trend "2025 45.200.019 · 2026 23".


@pytest.mark.parametrize(
    "url", ["/cakupan/ID/", "/dasbor/", "/cakupan/kalimantan/", "/dasbor/kalimantan/"]
)
def test_the_nation_and_a_zone_open_on_their_last_whole_year(client, partial_2026, url):
    html = _get(client, url)
    assert _selected_year(html) == "2025"
    assert 'id="partial-year"' not in html
    select = html.split('name="tahun"', 1)[1].split("</select>", 1)[0]
    assert '<option value="2026">2026 (belum lengkap)</option>' in select


@pytest.mark.parametrize("url", ["/cakupan/ID/?tahun=2026", "/dasbor/?tahun=2026"])
def test_the_incomplete_year_asked_for_says_what_it_lacks(client, partial_2026, url):
    html = _get(client, url)
    assert _selected_year(html) == "2026"
    note = _text(html.split('id="partial-year"', 1)[1].split("</p>", 1)[0])
    assert (
        "Angka 2026 belum lengkap: baru 1 dari 3 kabupaten/kota yang punya angka pada 2025 "
        "sudah punya catatan 2026" in note
    )


def test_the_trend_leaves_the_incomplete_year_out_and_says_so(client, partial_2026):
    html = _get(client, "/dasbor/?tahun=2025")
    assert "Tidak digambar: 2026" in _text(html)
    figure = html.split('id="trend-figure"', 1)[1].split("</script>", 1)[0]
    assert "2026" not in figure
    table = _get(client, "/cakupan/ID/?tahun=2025").split('id="trend"', 1)[1].split("</table>")[0]
    assert "2026" in _text(table) and "belum lengkap" in _text(table)


def test_the_national_table_links_a_zone_without_the_year_to_its_own_latest(client, partial_2026):
    html = _get(client, "/dasbor/?tahun=2026")
    assert 'href="/dasbor/kalimantan/?tahun=2026&amp;dasar=sakernas_bekerja"' in html
    assert 'href="/dasbor/jawa-bali/?dasar=sakernas_bekerja"' in html
    assert 'href="/dasbor/jawa-bali/?tahun=2026' not in html


@pytest.mark.parametrize(
    ("url", "name", "latest"),
    [
        ("/cakupan/61/?tahun=2026", "Kalimantan Barat", "/cakupan/61/"),
        ("/cakupan/61.04/?tahun=2026", "Kabupaten Ketapang", "/cakupan/61.04/"),
        ("/dasbor/61/?tahun=2026", "Kalimantan Barat", "/dasbor/61/"),
        ("/dasbor/jawa-bali/?tahun=2026&dasar=sakernas_bekerja", "Jawa-Bali", "/dasbor/jawa-bali/"),
    ],
)
def test_an_asked_year_without_data_names_the_region_and_links_its_latest(
    client, partial_2026, url, name, latest
):
    html = _get(client, url, status=404)
    text = _text(html)
    assert name in html.split("<h1>", 1)[1].split("</h1>", 1)[0]
    reason = html.split('id="no-data">', 1)[1].split("</p>", 1)[0]
    assert name in reason and "2026" in reason
    assert f'id="latest-year" href="{latest}?tahun=2025&amp;dasar=sakernas_bekerja"' in html
    assert "2025" in html.split('id="latest-year"', 1)[1].split("</a>", 1)[0]
    for code in ("sakernas_bekerja", "jawa-bali", "kalimantan"):
        assert code not in text  # labels, never codes
    assert "BPS Sakernas" in text  # the base in words


def test_the_message_in_words(client, partial_2026):
    html = _get(client, "/dasbor/61/?tahun=2026", status=404, language="en")
    assert "No coverage data for Kalimantan Barat for 2026 yet." in html
    assert "Open 2025, the latest year with data" in html


def test_planning_says_an_asked_year_has_no_data_and_shows_the_latest(client, partial_2026):
    html = _get(client, "/perencanaan/61/?tahun=2026&dasar=sakernas_bekerja")
    note = html.split('id="year-missing">', 1)[1].split("</p>", 1)[0]
    assert "Kalimantan Barat" in note and "2026" in note
    assert _selected_year(html) == "2025"


def test_a_region_without_any_data_is_not_found_in_words(client, partial_2026):
    for url in ("/cakupan/62/", "/dasbor/62/"):
        html = _get(client, url, status=404)
        reason = html.split('id="no-data">', 1)[1].split("</p>", 1)[0]
        assert "Kalimantan Tengah" in reason and 'id="latest-year"' not in html


def test_the_api_answers_the_last_whole_year_and_says_when_one_is_incomplete(client, partial_2026):
    """GET /api/v1/cakupan/ID answered the newest computed year: Indonesia with one kab/kota's
    participants, nothing saying so."""
    nation = client.get("/api/v1/cakupan/ID").json()
    assert nation["metric"]["year"] == 2025 and nation["incomplete"] is None
    asked = client.get("/api/v1/cakupan/ID?tahun=2026").json()
    assert asked["metric"]["year"] == 2026
    assert asked["incomplete"] == {"kabkota_with_figures": 1, "kabkota_year_before": 3}
    whole = client.get("/api/v1/cakupan/63").json()
    assert whole["metric"]["year"] == 2026 and whole["incomplete"] is None
