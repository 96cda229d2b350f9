"""In Chromium: the dashboard draws its trend and map with our own plotly.js (no request leaves
the server), switches map layers, sorts a table and drills down from a click on the map."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.web.conftest import ARTIFACTS, follow, open_menu

pytestmark = pytest.mark.browser


@pytest.fixture
def dashboard(page, settings, tmp_path):
    from paritrana.coverage.domain.compute import compute_metrics
    from tests.store_fixture import warm_store

    settings.PARITRANA_STORE_DIR = warm_store(tmp_path / "store")
    compute_metrics(year=2024)
    compute_metrics(year=2025)
    cache.clear()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("pageerror", lambda error: failed.append(f"script error: {error}"))
    yield page
    assert failed == []  # and the page fixture asserts no request left the server


# A point of the page inside a polygon's fill (near the middle of its box), in client pixels.
INSIDE = """path => {
    const box = path.getBBox(), matrix = path.getScreenCTM();
    for (let step = 0; step <= 20; step++) {
        for (const [dx, dy] of [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]]) {
            const point = new DOMPoint(box.x + box.width * (0.5 + dx * step / 42),
                                       box.y + box.height * (0.5 + dy * step / 42));
            if (path.isPointInFill(point)) {
                const screen = point.matrixTransform(matrix);
                return [screen.x, screen.y];
            }
        }
    }
    throw new Error("no point inside the polygon");
}"""


def _drawn(page, *, trend: bool = True) -> None:
    if trend:
        page.wait_for_selector("#trend-plot.js-plotly-plot .main-svg")
    page.wait_for_selector("#map-plot.js-plotly-plot .main-svg")


def test_the_national_dashboard_draws_provinces_and_switches_to_every_kabkota(dashboard):
    page = dashboard
    boundaries: list[tuple[str, str]] = []
    page.on(
        "response",
        lambda r: (
            boundaries.append((r.url, r.headers.get("content-encoding", "")))
            if "/dasbor/batas/" in r.url
            else None
        ),
    )
    page.goto("/")
    open_menu(page, "Cakupan")
    follow(page, page.get_by_role("link", name="Dasbor", exact=True))
    assert page.url.endswith("/dasbor/")
    _drawn(page, trend=False)
    # 38 province polygons, Kalimantan Utara and the Papua provinces among them; no points.
    assert page.locator("#map-plot path.choroplethlocation").count() == 38
    # The polygons came from this server, each layer's file once, gzip-encoded.
    assert sorted(url.split("/dasbor/batas/")[1].split("-")[0] for url, _ in boundaries) == [
        "kabkota",
        "provinsi",
    ]
    assert {encoding for _, encoding in boundaries} == {"gzip"}
    assert page.locator("#map-plot .scattergeo path.point").count() == 0
    assert "Tidak ada titik" in page.locator("#map-legend").inner_text()
    assert "cahyadsn/wilayah_boundaries" in page.locator("#map-attribution").inner_text()
    # The store has workforce figures for two provinces only: no national UCJ (the chart holds
    # the RPJMN targets alone).
    assert page.locator("#fact-ucj b").inner_text() == "-"
    assert page.locator("#no-trend").is_visible()
    page.screenshot(path=str(ARTIFACTS / "dashboard-national.png"), full_page=True)
    page.locator("#map-plot .updatemenu-button").nth(1).click()
    # Every kab/kota a polygon (the provinces' traces are hidden, so no longer drawn).
    page.wait_for_function(
        "document.querySelectorAll('#map-plot path.choroplethlocation').length === 514"
    )
    assert page.locator("#map-plot .scattergeo path.point").count() == 0
    page.locator("#all-kabkota summary").click()
    assert page.locator("#kabkota tbody tr").count() == 514
    page.screenshot(path=str(ARTIFACTS / "dashboard-national-kabkota.png"), full_page=True)


def test_a_province_dashboard_sorts_and_drills_down_from_the_map(dashboard):
    page = dashboard
    page.goto("/dasbor/61/")
    _drawn(page)
    assert page.locator("#fact-ucj b").inner_text() == "30,00%"
    assert page.locator("#fact-gap-points b").inner_text() == "29,56"
    # Two years of UCJ and the 2025 target.
    assert page.locator("#trend-plot .scatterlayer .trace").count() == 2
    page.screenshot(path=str(ARTIFACTS / "dashboard-province.png"), full_page=True)

    ucj = page.locator("#children th", has_text="UCJ")
    ucj.click()
    assert ucj.get_attribute("aria-sort") == "ascending"
    codes = page.locator("#children tbody tr").evaluate_all("rows => rows.map(r => r.dataset.code)")
    assert codes[:2] == ["61.71", "61.04"]  # 25,00% then 33,33%; regions without data last
    ucj.click()
    first = page.locator("#children tbody tr").first.get_attribute("data-code")
    assert first == "61.04"

    # All 14 kab/kota are polygons; the coloured ones are Ketapang and Pontianak, in code
    # order: click Ketapang's.
    assert page.locator("#map-plot path.choroplethlocation").count() == 14
    assert page.locator("#map-plot .scattergeo path.point").count() == 0
    coloured = page.locator("#map-plot g.trace.choropleth").last.locator("path.choroplethlocation")
    assert coloured.count() == 2
    x, y = coloured.first.evaluate(INSIDE)  # Plotly's background takes the pointer events
    page.mouse.click(x, y)
    page.wait_for_url("**/dasbor/61.04/**")
    _drawn(page)
    assert page.locator("#fact-ucj b").inner_text() == "33,33%"
    assert page.locator("#children tbody tr").count() == 1  # Sungai Putri, the one village
    page.screenshot(path=str(ARTIFACTS / "dashboard-kabkota.png"), full_page=True)


def test_a_village_without_a_ucj_shows_its_active_participants_by_year(dashboard):
    """A village has no workforce figure, so no UCJ and no trend line: on a phone its panel says
    so and lists the active participants of each year, inside the screen."""
    page = dashboard
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/dasbor/61.04.01.2011/")
    assert page.locator("#no-trend").is_visible()
    table = page.locator("#active-by-year")
    assert table.locator("caption").inner_text() == "Peserta aktif per tahun"
    assert table.locator("tbody tr").all_inner_texts() == ["2024\t1", "2025\t1"]
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    page.screenshot(path=str(ARTIFACTS / "dashboard-village-phone.png"), full_page=True)
