"""`floatformat2`, the ranking's number filter, writes exactly what `floatformat:2` writes, in
both languages, with and without a thousands mark."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation

from paritrana.web.templatetags.humanize_id import floatformat2

EDGES = [
    0.0,
    -0.0,
    0.005,
    -0.005,
    -0.004,
    0.015,
    2.675,
    1.005,
    12.345,
    99.995,
    100.0,
    999.994,
    999.995,
    -999.995,
    1000.0,
    1234567.891,
    1e-12,
    -1e-12,
    1e20,
    float("nan"),
    float("inf"),
    None,
    "",
    "abc",
    3,
    Decimal("12.345"),
    "12.345",
]


def _values() -> list[object]:
    draw = random.Random(15)
    floats = [draw.uniform(-1500, 1500) for _ in range(3000)]
    scores = [round(draw.uniform(0, 100), draw.randint(0, 4)) for _ in range(3000)]
    halves = [k / 1000 + 0.005 for k in range(0, 100000, 37)]
    return [*EDGES, *floats, *scores, *halves]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("thousands", [False, True])
def test_it_writes_what_floatformat_writes(settings, language, thousands):
    settings.USE_THOUSAND_SEPARATOR = thousands
    with translation.override(language):
        for value in _values():
            assert floatformat2(value) == floatformat(value, 2), value


def test_a_reader_sees_the_languages_decimal_mark():
    with translation.override("id"):
        assert floatformat2(2.675) == "2,68"
        assert floatformat2(-0.004) == "0,00"
        assert floatformat2(None) == ""
    with translation.override("en"):
        assert floatformat2(2.675) == "2.68"
