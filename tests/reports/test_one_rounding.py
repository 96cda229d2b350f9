"""One total is written one way everywhere: the results page (Django's floatformat, half up on
the number as written), the PDFs (`reports.numbers.decimal_id`) and the confirmed Juara (the
total stored with the decision). 73.125 was 73,13 on the page and 73,12 in the announcement
(Python's formatting rounds the binary float half to even); 79.0745 was 79,07 in the ranking and
79,08 among the confirmed Juara (stored to the thousandth, 79.075, then rounded again)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from paritrana.assessment.domain.results import as_decimal
from paritrana.reports.numbers import decimal_id
from paritrana.web.templatetags.humanize_id import floatformat2

TOTALS = [73.125, 79.0745, 60.625, 45.625, 88.75000000000001, 0.005, 66.9216, 99.995, 12.345]


@pytest.mark.parametrize("total", TOTALS)
def test_the_pdfs_write_a_total_as_the_pages_do(total):
    with translation.override("id"):
        assert decimal_id(total) == floatformat2(total)


@pytest.mark.parametrize("total", TOTALS)
def test_a_decided_total_is_written_as_the_ranking_wrote_it(total):
    stored = as_decimal(total)
    with translation.override("id"):
        assert decimal_id(stored) == decimal_id(total)
        assert floatformat2(stored) == floatformat2(total)


def test_the_worked_examples():
    assert decimal_id(73.125) == "73,13"
    assert decimal_id(79.0745) == "79,07"
    assert decimal_id(as_decimal(79.0745)) == "79,07"
    assert decimal_id(1234.5) == "1.234,50"
    assert decimal_id(-0.001) == "0,00"
    assert decimal_id(None) == "-" and decimal_id(float("nan")) == "-"
    assert as_decimal(79.0745) == Decimal("79.074500")
