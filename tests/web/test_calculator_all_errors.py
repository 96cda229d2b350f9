"""The calculator's empty form (a user tour on a phone): every missing field is reported at once,
each beside its field and named by its label, and an impossible age is refused at the field."""

from __future__ import annotations

import re

import pytest

PAGE = "/kalkulator-iuran/"


def _error_beside(html: str, name: str) -> str:
    """The text of the message beside field `name` ("" when there is none)."""
    found = re.search(
        rf'<div class="invalid-feedback[^"]*" id="{name}_error">(.*?)</div>', html, re.S
    )
    return " ".join(found.group(1).split()) if found else ""


def _summary_links(html: str) -> list[str]:
    summary = re.search(r'<div class="alert alert-danger form-summary".*?</div>', html, re.S)
    if summary is None:
        return []
    return [" ".join(t.split()) for t in re.findall(r"<a href=\"#\w+\">(.*?)</a>", summary[0])]


@pytest.mark.django_db
def test_the_empty_form_reports_every_missing_field_beside_it(client):
    html = client.get(PAGE, {"segment": "PU", "date": "2024-06-01", "wage": "", "risk": ""})
    html = html.content.decode()
    assert _error_beside(html, "wage") and _error_beside(html, "risk")
    assert 'id="wage"' in html and 'aria-invalid="true"' in html
    # The summary names the fields as they are labelled, not the rules' lower-case names.
    assert _summary_links(html) == ["Upah sebulan (PU)", "Kelompok risiko (PU)"]
    assert "upah:" not in html and "kelompok risiko:" not in html
    assert 'id="contribution-result"' not in html


@pytest.mark.django_db
def test_other_segments_report_their_own_missing_field(client):
    html = client.get(PAGE, {"segment": "BPU", "date": "2024-06-01"}).content.decode()
    assert _error_beside(html, "income")
    assert _summary_links(html) == ["Penghasilan sebulan yang dilaporkan (BPU)"]


@pytest.mark.django_db
@pytest.mark.parametrize("age", ["200", "14", "-1"])
def test_an_age_outside_a_working_life_is_refused_at_the_field(client, age):
    query = {"segment": "PU", "date": "2024-06-01", "wage": "10.000.000", "risk": "medium"}
    html = client.get(PAGE, {**query, "age": age}).content.decode()
    message = _error_beside(html, "age")
    assert "15" in message and "100" in message
    assert _summary_links(html) == ["Usia dalam tahun (PU, untuk JP)"]
    assert 'id="contribution-result"' not in html
    assert ">= usia pensiun" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("age", ["15", "58", "100"])
def test_a_working_age_is_calculated(client, age):
    query = {"segment": "PU", "date": "2024-06-01", "wage": "10.000.000", "risk": "medium"}
    html = client.get(PAGE, {**query, "age": age}).content.decode()
    assert not _error_beside(html, "age")
    assert 'id="contribution-result"' in html


@pytest.mark.django_db
def test_a_refusal_of_the_rules_is_shown_beside_its_field(client, monkeypatch):
    from paritrana.rules.calculator import _error
    from paritrana.web.views import calculator as view

    def refuse(**_kwargs):
        raise _error("wage", "terlalu besar (paling banyak Rp1.000).")

    monkeypatch.setattr(view, "calculate", refuse)
    query = {"segment": "PU", "date": "2024-06-01", "wage": "10.000.000", "risk": "medium"}
    html = client.get(PAGE, query).content.decode()
    assert _error_beside(html, "wage") == "Terlalu besar (paling banyak Rp1.000)."
    assert _summary_links(html) == ["Upah sebulan (PU)"]
    assert "upah:" not in html
