"""A sheet's place among the assessor's sheets ("ini lembar ke-2 dari 4") and its previous and
next links follow the order the assessor's list on /penilaian/ shows by default: "Lembar
berikutnya" from the list's first goes to the list's second, whatever order the categories
were set up in."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from paritrana.assessment.domain.assignments import assign
from tests.assessment import conftest as judging_conftest
from tests.assessment.conftest import nominate

cast = judging_conftest.cast


@pytest.fixture
def verification(cast):
    """Assessor A judges two kab/kota and two villages of Kabupaten Ketapang. The villages'
    category ("Pemerintah Desa/Kelurahan") comes after the kab/kota's in the cycle's set-up,
    but before it by name, which is how the list sorts by default."""
    stage = cast.open("verifikasi")
    villages = cast.cycle.categories.get(level="provinsi", code="pemda-desa")
    assert villages.order > cast.category.order  # set up after the kab/kota
    sungai_putri = nominate(villages, "61.04.01.2011", "Desa Sungai Putri", "61", entity="desa")
    kuala_tolak = nominate(villages, "61.04.01.2013", "Desa Kuala Tolak", "61", entity="desa")
    for nomination in (cast.pontianak, sungai_putri, cast.ketapang, kuala_tolak):
        assign(stage=stage, member=cast.a, nomination=nomination, user=cast.admin)
    return stage


def _text(html: str, element_id: str) -> str:
    """The words a reader sees in the element with that id (tags dropped, spaces folded)."""
    found = re.search(rf'<(\w+)[^>]* id="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert found, f"no #{element_id} on the page"
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", found.group(2))).split())


def _href(html: str, element_id: str) -> str:
    found = re.search(rf'<a id="{element_id}"[^>]* href="([^"]+)"', html)
    assert found, f"no link #{element_id} on the page"
    return found.group(1)


def _listed(client, stage) -> list[tuple[str, str]]:
    """The list's rows on /penilaian/, top to bottom: (the candidate's name, its sheet)."""
    html = client.get("/penilaian/").content.decode()
    rows = re.findall(
        rf'<tr data-nomination="\d+">.*?<a href="(/penilaian/{stage.pk}/\d+/)">(.*?)</a>',
        html,
        re.S,
    )
    return [(html_lib.unescape(name), href) for href, name in rows]


def test_next_and_previous_follow_the_order_of_the_assessors_list(client, cast, verification):
    client.force_login(cast.a.user)
    listed = _listed(client, verification)
    names = [name.split(" (")[0] for name, _ in listed]  # a village: "(kab/kota)" after it
    assert names == [
        "Desa Kuala Tolak",
        "Desa Sungai Putri",
        "Kabupaten Ketapang",
        "Kota Pontianak",
    ]
    for index, (_name, href) in enumerate(listed):
        html = client.get(href).content.decode()
        assert _text(html, "progress-position") == f"ini lembar ke-{index + 1} dari 4"
        if index + 1 < len(listed):
            assert _href(html, "next-sheet") == listed[index + 1][1]
        else:
            assert 'id="next-sheet"' not in html
        if index > 0:
            assert _href(html, "previous-sheet") == listed[index - 1][1]
        else:
            assert 'id="previous-sheet"' not in html


def test_the_lists_first_sheet_leads_to_the_lists_second(client, cast, verification):
    client.force_login(cast.a.user)
    (_first, first_href), (second, second_href), *_rest = _listed(client, verification)
    html = client.get(first_href).content.decode()
    assert _text(html, "progress-position") == "ini lembar ke-1 dari 4"
    assert _href(html, "next-sheet") == second_href
    assert _text(html, "next-sheet") == f"Lembar berikutnya: {second.split(' (')[0]} ›"
