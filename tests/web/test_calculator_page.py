"""The calculator page (issue 16): each programme as billed, the JKP recomposition as a note,
rule values in words and never internal keys such as pu.jkk.rate.medium."""

from __future__ import annotations

import re

import pytest

URL = "/kalkulator-iuran/?segment=PU&date=2024-06-01&wage=10.000.000&risk=medium"


def _cell(html: str, row_id: str, column: int) -> str:
    row = re.search(rf'<tr id="{row_id}">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
    return re.sub(r"<[^>]+>", "", cells[column]).strip()


@pytest.mark.django_db
def test_the_page_shows_each_programme_as_billed(client):
    html = client.get(URL).content.decode()
    assert _cell(html, "programme-jkk", 1) == "Rp89.000"
    assert _cell(html, "programme-jkm", 1) == "Rp30.000"
    assert _cell(html, "programme-jht", 1) == "Rp370.000"
    assert _cell(html, "programme-jp", 1) == "Rp200.000"
    assert 'id="programme-jkp"' not in html
    assert re.search(r'id="total-employer"><b>Rp689\.000</b>', html)
    note = re.search(r'<p[^>]*id="recomposition-note"[^>]*>(.*?)</p>', html, re.S).group(1)
    note = " ".join(note.split())
    assert "JKK 0,14% (Rp7.000)" in note and "JKM 0,10% (Rp5.000)" in note
    assert "PP 37/2021" in note and "tidak menambah tagihan" in note


@pytest.mark.django_db
def test_the_page_shows_rules_in_words_not_keys(client):
    html = client.get(URL).content.decode()
    assert "pu.jkk" not in html and "jkp." not in html and "pu.j" not in html
    assert "JKK, kelompok risiko sedang" in html
    assert "0,89% dari upah" in html


@pytest.mark.django_db
def test_the_page_in_english_words_too(client):
    client.cookies["django_language"] = "en"
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "pu.jkk" not in html
    assert (
        "JKK, risk group medium" in html and "0.89% of the wage" in html
    )  # English figures in English


def test_every_rule_in_the_table_has_a_name_on_the_page():
    from paritrana.rules import default_table
    from paritrana.web.views.calculator import rule_label

    for key in {rule.key for rule in default_table()}:
        assert rule_label(key) != "Other rule", key
