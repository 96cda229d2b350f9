"""Numbers written the Indonesian way (66,92; 1.234.567), whatever the active locale.

The PDFs are Indonesian documents: a report printed from an English session still writes its
figures as its readers expect them.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import get_language

MISSING = "-"


def decimal_id(value: Any, places: int = 2) -> str:
    """66.9216 -> '66,92'; 1234.5 -> '1.234,50'; None or NaN -> '-'.

    Rounded half up on the number as written (73.125 -> 73,13), as the pages' `floatformat`
    rounds: Python's own formatting rounds the binary float half to even (73,12), so the
    announcement and the results page showed one total two ways."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, Decimal):
        exact = value
    else:
        number = float(value)
        if math.isnan(number):
            return MISSING
        if math.isinf(number):
            return str(number)
        exact = Decimal(repr(number))
    rounded = exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    if not rounded:
        rounded = rounded.copy_abs()
    text = f"{rounded:,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def compact_id(value: Any, places: int = 2) -> str:
    """Up to `places` decimals, trailing zeros dropped: 4.0 -> '4'; 4.5 -> '4,5'."""
    text = decimal_id(value, places)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def whole_id(value: Any) -> str:
    """1234567 -> '1.234.567'; None or NaN -> '-'."""
    if value is None or value == "" or math.isnan(float(value)):
        return MISSING
    return f"{round(float(value)):,}".replace(",", ".")


def percent_id(value: Any, places: int = 1) -> str:
    """A share 0..1 as a percentage: 0.875 -> '87,5%'; None or NaN -> '-'."""
    if value is None or value == "" or math.isnan(float(value)):
        return MISSING
    return decimal_id(float(value) * 100, places) + "%"


_SWAP = str.maketrans({".": ",", ",": "."})


def in_language(text: str) -> str:
    """A figure written the Indonesian way ("1.234,5", "Rp1.234", "0,89%") as the active
    language writes it: unchanged in Indonesian, "1,234.5" in English. For pages, whose every
    figure then follows the language chosen; a PDF keeps the Indonesian way."""
    if (get_language() or "id").startswith("en"):
        return text.translate(_SWAP)
    return text
