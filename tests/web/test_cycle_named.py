"""The same edition was "Paritrana Award 2026" on the home page and a bare "2025" (the
assessment year) on the rankings, the team, the progress board and the reminders: a reader
took them for two editions. The pages that name the cycle in passing give its name and the
year whose data it judges."""

from __future__ import annotations

import re

import pytest

from tests.assessment import conftest as judging

cast = judging.cast


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("url", "who"),
    [
        ("/hasil/", "admin"),
        ("/hasil/{category}/61/", "admin"),
        ("/sekretariat/{cycle}/kemajuan/", "admin"),
        ("/sekretariat/{cycle}/pengingat/", "admin"),
        ("/sekretariat/{cycle}/tim/", "admin"),
        ("/penilaian/", "assessor"),
    ],
)
def test_a_page_naming_the_cycle_gives_its_name_and_its_assessment_year(client, cast, url, who):
    assert cast.cycle.name == "Paritrana Award 2026" and cast.cycle.assessment_year == 2025
    client.force_login(cast.admin if who == "admin" else cast.a.user)
    response = client.get(url.format(category=cast.category.pk, cycle=cast.cycle.pk))
    assert response.status_code == 200, url
    text = _text(response.content.decode())
    assert "Paritrana Award 2026 (penilaian 2025)" in text, url


def test_the_list_of_rankings_says_its_year_is_the_assessment_year(client, cast):
    """Row after row of the same long name would fill a phone: the column says which year."""
    client.force_login(cast.admin)
    html = client.get("/hasil/").content.decode()
    head = _text(html.split('id="rankings"', 1)[1].split("</thead>", 1)[0])
    assert "Tahun penilaian" in head and "Siklus" not in head
    row = _text(html.split('id="rankings"', 1)[1].split("<tbody>", 1)[1].split("</tr>", 1)[0])
    assert row.strip().startswith("2025 · Tingkat provinsi")
