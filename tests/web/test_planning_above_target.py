"""The planning page for a region already past its target and above 100% UCJ, as DKI Jakarta in
the demo (8.716.642 active participants of 8.130.084 workers: 107,21%, against a 52,15%
target), which opened from the coverage page's own link on "UCJ harus antara 0 dan 100 persen."
with status 400.

The hand-made store of tests/store_fixture.py with Kalimantan Barat's 2025 workforce replaced by
a later batch of 2 workers: its 3 active participants are 150% of it (participants are counted
where their employer is, the workforce where people live); 2024: 2 of 10, 20%, so +130 points,
held at +20 for the default growth. Target 59,56%.
"""

from __future__ import annotations

import pytest

from paritrana.coverage.domain.compute import compute_metrics
from tests.store_fixture import build_store
from tests.web.forms_html import tag

LINK = "/perencanaan/61/?tahun=2025&dasar=sakernas_bekerja"  # as the coverage page links it


@pytest.fixture
def above_hundred(regions, store):
    build_store(store, extra_workforce=[("61", 2025, "sakernas_bekerja", 2, "t", 2)])
    compute_metrics(year=2024)
    compute_metrics(year=2025)


def _section(html: str, name: str) -> str:
    return html.split(f'<section id="{name}">', 1)[1].split("</section>", 1)[0]


def _get(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[-3000:]
    return response.content.decode()


def test_the_coverage_pages_link_opens_without_an_error(client, above_hundred):
    assert LINK.replace("&", "&amp;") in _get(client, "/cakupan/61/")
    html = _get(client, LINK)
    assert 'id="planning-errors"' not in html and "is-invalid" not in html
    assert "harus antara" not in html


def test_the_target_is_said_to_be_reached_with_the_ucj_as_it_is(client, above_hundred):
    html = _get(client, LINK)
    needed = _section(html, "needed")
    # 59,56% x 2 = 1,1912; 1,1912 - 3 = -1,8088: nobody needed.
    assert 'id="needed-workers"><b>0</b>' in needed
    assert "⌈59,56% × 2 − 3⌉ = ⌈1,1912 − 3⌉ = ⌈-1,8088⌉ → 0" in needed
    projection = _section(html, "projection")
    answer = projection.split('id="projection-answer">', 1)[1].split("</p>", 1)[0]
    assert "59,56%" in answer and "150,00%" in answer and "2025" in answer  # not held at 100
    assert 'id="projection-table"' not in projection  # nothing to project


def test_why_ucj_passes_100_is_said_on_the_planning_page(client, above_hundred):
    html = _get(client, LINK)
    assert 'id="ucj-over-hundred"' in html
    assert 'id="ucj-over-hundred"' not in _get(client, "/perencanaan/61.04/")  # 2 of 6


def test_no_workers_are_priced_by_default_when_none_are_needed(client, above_hundred):
    html = _get(client, LINK)
    budget = _section(html, "budget")
    # A budget for 0 workers says nothing: the number is left for the user to type.
    assert '<input type="text" name="workers" inputmode' in html  # no value
    assert 'id="workers-default"' not in budget and 'id="budget-total"' not in budget
    typed = _section(_get(client, LINK + "&workers=10&budget_year=2025"), "budget")
    assert 'id="budget-total"><b>Rp2.016.000</b>' in typed  # 10 x 201.600


def test_a_higher_target_above_100_can_be_planned_there(client, above_hundred):
    html = _get(client, LINK + "&target=200")
    # 200% x 2 = 4; 4 - 3 = 1.
    assert 'id="needed-workers"><b>1</b>' in _section(html, "needed")
    projection = _section(html, "projection")
    # From 150% at +20 a year: (200 - 150) / 20 = 2,5 -> 3 years: 2028.
    assert "<b>2028</b>" in projection
    rows = projection.split('id="projection-table"', 1)[1]
    for year, ucj, remaining in [
        (2025, "150,00", "50,00"),
        (2026, "170,00", "30,00"),
        (2027, "190,00", "10,00"),
        (2028, "200,00", "0,00"),
    ]:
        assert f'<td>{year}</td><td class="num">{ucj}%</td><td class="num">{remaining}</td>' in rows


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (LINK + "&target=1001", "Target harus antara 0 dan 1.000 persen."),
        (LINK + "&target=-1", "Target harus antara 0 dan 1.000 persen."),
        # Elsewhere a target stays within 0..100 (Ketapang: 2 of 6).
        ("/perencanaan/61.04/?target=101&growth=5", "Target harus antara 0 dan 100 persen."),
    ],
)
def test_a_typed_target_out_of_range_is_still_refused_beside_its_field(
    client, above_hundred, url, message
):
    html = _get(client, url, status=400)
    assert message in html.split('id="target_error">', 1)[1].split("</div>", 1)[0]
    assert "is-invalid" in tag(html, "target")
    # Not "no target for this region": the typed one is refused.
    assert "Perbaiki isian yang ditandai di atas." in _section(html, "needed")
