"""Amounts as Indonesians write them (issue 16): one field for every amount, the calculator's
wage first; text that could be read two ways is refused with a message that says how to write
it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from paritrana.web.amounts import AmountError, AmountField, parse_amount
from tests.web.forms_html import tag


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.250.000.000", Decimal("1250000000")),
        ("Rp 1.250.000.000", Decimal("1250000000")),
        ("Rp1.250.000.000", Decimal("1250000000")),
        ("rp. 1.250.000.000", Decimal("1250000000")),
        ("1250000000", Decimal("1250000000")),
        ("1.250.000,50", Decimal("1250000.50")),
        ("1250000,5", Decimal("1250000.5")),
        (" 1 250 000 ", Decimal("1250000")),
        ("1.250", Decimal("1250")),
        ("0", Decimal("0")),
    ],
)
def test_indonesian_notation_is_read(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("1,250", "dapat dibaca dua cara"),  # an English thousand, or one and a quarter?
        ("1,250,000", "dapat dibaca dua cara"),
        ("1,250.50", "dapat dibaca dua cara"),
        ("1.25", "dapat dibaca dua cara"),
        ("1.250.000.50", "dapat dibaca dua cara"),
        ("12.50.000", "dapat dibaca dua cara"),
        ("1.250.000,505", "paling banyak dua angka"),
        ("sejuta", "bukan jumlah uang"),
        ("Rp", "bukan jumlah uang"),
        ("1e6", "bukan jumlah uang"),
    ],
)
def test_ambiguous_or_wrong_text_is_refused_with_the_reason(text, says):
    with pytest.raises(AmountError) as refused:
        parse_amount(text)
    assert says in str(refused.value.message)


def test_the_field_rounds_sen_for_whole_rupiah_and_refuses_negatives():
    whole = AmountField(whole=True)
    assert whole.clean("1.250.000,50") == 1_250_001 and whole.clean("1.250.000,49") == 1_250_000
    assert AmountField().clean("1.250.000,50") == Decimal("1250000.50")
    with pytest.raises(Exception, match="tidak boleh negatif"):
        whole.clean("-Rp 5.000")
    assert AmountField(min_value=None).clean("-5.000") == Decimal("-5000")


CALCULATOR = "/kalkulator-iuran/?segment=PU&date=2024-06-01&risk=medium&wage="


def _employer_total(html: str) -> str:
    return re.search(r'id="total-employer"><b>(.*?)</b>', html).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", ["10.000.000", "Rp 10.000.000", "Rp10.000.000", "10000000", "10.000.000,00"]
)
def test_the_calculator_reads_every_way_of_writing_the_wage(client, typed):
    html = client.get(CALCULATOR + typed).content.decode()
    assert _employer_total(html) == "Rp689.000"


@pytest.mark.django_db
def test_the_calculator_takes_a_wage_of_billions_with_sen(client):
    html = client.get(CALCULATOR + "1.250.000.000,50").content.decode()
    assert 'id="wage_error"' not in html and 'id="total-employer"' in html


@pytest.mark.django_db
def test_an_ambiguous_wage_is_refused_beside_its_field(client):
    html = client.get(CALCULATOR + "10,000,000").content.decode()
    assert 'id="total-employer"' not in html
    wage = tag(html, "wage")
    assert "is-invalid" in wage and 'aria-invalid="true"' in wage
    assert 'aria-describedby="wage_helptext wage_error"' in wage
    error = html.split('<div class="invalid-feedback" id="wage_error">', 1)[1].split("</div>")[0]
    assert "“10,000,000” dapat dibaca dua cara" in error
    summary = html.split("form-summary", 1)[1].split("</div>", 1)[0]
    assert 'href="#wage"' in summary  # the summary at the top links to the field


@pytest.mark.django_db
def test_with_htmx_the_form_comes_back_with_its_errors(client):
    html = client.get(CALCULATOR + "1.25", headers={"HX-Request": "true"}).content.decode()
    assert html.startswith('<div id="calculator">') or 'id="calculator"' in html[:200]
    assert 'id="wage_error"' in html and 'id="calculator-form"' in html
