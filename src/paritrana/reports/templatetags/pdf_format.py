"""Template filters of the PDF templates: Indonesian number formats (see reports.numbers)."""

from __future__ import annotations

from typing import Any

from django import template

from paritrana.reports.numbers import compact_id, decimal_id, percent_id, whole_id

register = template.Library()


@register.filter
def angka(value: Any, places: int = 2) -> str:
    """A decimal the Indonesian way: 66.9216 -> 66,92."""
    return decimal_id(value, int(places))


@register.filter
def skor(value: Any) -> str:
    """A score on a rubric's scale, trailing zeros dropped: 4.0 -> 4; 4.5 -> 4,5."""
    return compact_id(value)


@register.filter
def bulat(value: Any) -> str:
    """A whole number with thousands dots: 1234567 -> 1.234.567."""
    return whole_id(value)


@register.filter
def bagian(value: Any, places: int = 0) -> str:
    """A share 0..1 as a percentage: 0.95 -> 95%."""
    return percent_id(value, int(places))


@register.filter
def persen_id(value: Any, places: int = 2) -> str:
    """A figure already in percent: 31.234 -> 31,23%."""
    text = decimal_id(value, int(places))
    return text if text == "-" else text + "%"


@register.filter
def lookup(mapping: dict[Any, Any], key: Any) -> Any:
    """mapping[key], or an empty string."""
    return mapping.get(key, "") if mapping else ""
