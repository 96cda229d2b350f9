"""Numbers as the page's language writes them: 1.234.567 and 31,23% in Indonesian, 1,234,567 and
31.23% in English (`reports.numbers.in_language`), never a mix of the two on one page."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from paritrana.coverage.labels import kind_label, type_label
from paritrana.reports.numbers import in_language
from paritrana.rules import RuleUse
from paritrana.web.rule_words import rule_label, rule_value

register = template.Library()


@register.filter
def ribuan(value: Any) -> str:
    """Thousands separated: 83762 -> 83.762 (English 83,762)."""
    if value is None or value == "":
        return "-"
    return in_language(f"{int(value):,}".replace(",", "."))


@register.filter
def rupiah(value: Any) -> str:
    """Rupiah amount: 1234567 -> Rp1.234.567."""
    if value is None or value == "":
        return "-"
    number = int(value)
    sign = "-" if number < 0 else ""
    return in_language(f"{sign}Rp{abs(number):,}".replace(",", "."))


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


def _decimal_id(number: float, places: int) -> str:
    return f"{number:,.{places}f}".replace(",", "_").replace(".", ",").replace("_", ".")


@register.filter
def persen(value: Any, places: int = 2) -> str:
    """A percentage: 31.234 -> 31,23% (English 31.23%); "-" for no number (None, NaN)."""
    if value is None or value == "" or not math.isfinite(float(value)):
        return "-"
    return in_language(_decimal_id(float(value), int(places)) + "%")


@register.filter
def poin(value: Any) -> str:
    """A signed change in points: 2.5 -> +2,50."""
    if value is None or value == "":
        return "-"
    number = float(value)
    return ("+" if number > 0 else "") + in_language(_decimal_id(number, 2))


@register.filter
def rule_words(rule: RuleUse) -> str:
    """A contribution rule's name in words ("JKK, kelompok risiko sedang"), never its key."""
    return rule_label(rule.key)


@register.filter
def rule_value_words(rule: RuleUse) -> str:
    """A contribution rule's value in words ("0,89% dari upah")."""
    return rule_value(rule)


_CENT = Decimal("0.01")


@register.filter
def minimum_value(value: Any) -> str:
    """A shortlist minimum in its form field: 50.0 as "50", 60.5 as "60,5" (no grouping)."""
    from paritrana.awards.domain.setup import minimum_words

    return minimum_words(value, grouping=False) if isinstance(value, int | float) else str(value)


@register.filter(is_safe=True)
def floatformat2(value: Any) -> str:
    """Exactly `floatformat:2` (the active language's decimal mark, "" for no number), faster
    for the floats of a ranking's hundreds of cells: below 1000 there is no thousands mark, so
    the rounding is floatformat's own (`Decimal(str(value))`, half up) and the text is the
    digits with the language's decimal mark. Anything else goes to `floatformat` itself."""
    if isinstance(value, float) and math.isfinite(value) and -1000 < value < 1000:
        rounded = Decimal(str(value)).quantize(_CENT, ROUND_HALF_UP)
        if not rounded:
            rounded = rounded.copy_abs()  # floatformat shows no sign on a zero: -0.001 -> 0.00
        if -1000 < rounded < 1000:
            return mark_safe(str(rounded).replace(".", get_format("DECIMAL_SEPARATOR")))
    return floatformat(value, 2)


@register.filter(is_safe=True)
def desimal(value: Any) -> str:
    """A figure to two decimals as `floatformat2` writes it, "-" for no figure: None, "" and
    NaN or infinity. A criterion nobody scored yet (an interview still to come) is NaN in the
    aggregation (`scoring.aggregate`), which `floatformat` writes "nan" and `|default:"-"`
    cannot catch."""
    if isinstance(value, float) and not math.isfinite(value):
        return "-"
    return floatformat2(value) or "-"


def _counts_people(metric: str) -> bool:
    """Whether a coverage metric is a count (an integer field of the computed metrics: active
    participants, registered participants), as its definition in `coverage.models` says."""
    from django.core.exceptions import FieldDoesNotExist
    from django.db import models

    from paritrana.coverage.models import EmployerMetric, RegionMetric

    for model in (RegionMetric, EmployerMetric):
        try:
            field = model._meta.get_field(metric)
        except FieldDoesNotExist:
            continue
        return isinstance(field, models.IntegerField)
    return False


@register.filter(is_safe=True)
def metric_value(value: Any, metric: str) -> str:
    """A data criterion's metric value as its kind is written: a count whole, with thousands
    marks (2461.0 -> 2.461), any other figure to two decimals as `desimal` writes it."""
    if isinstance(value, int | float) and math.isfinite(value) and _counts_people(metric):
        return ribuan(round(value))
    return desimal(value)


@register.filter
def kind_words(kind: str) -> str:
    """An input file's kind in words ("Target cakupan"), never its code ("targets")."""
    return kind_label(kind)


@register.filter
def type_words(column_type: str) -> str:
    """What an input column holds in words ("bilangan bulat"), never its type code."""
    return type_label(str(column_type))


@register.filter
def values_as_code(description: str, choices: Any) -> str:
    """A column's description with the values a file must hold, as the file writes them, marked
    as literal text: "Jenis dasar: <code>sakernas_bekerja</code> (BPS ...)". Everything else is
    escaped."""
    text = escape(description)
    values = sorted({escape(str(c)) for c in choices or ()}, key=len, reverse=True)
    if not values:
        return mark_safe(text)
    pattern = re.compile(r"(?<![\w.])(" + "|".join(re.escape(v) for v in values) + r")(?![\w])")
    return mark_safe(pattern.sub(r"<code>\1</code>", text))
