"""Amounts as Indonesians write them, for every amount field of the web forms (`AmountField`).

Accepted: digits alone (1250000000), dots between groups of three (1.250.000.000), a leading
"Rp" or "Rp." (Rp 1.250.000.000), and sen after a comma (1.250.000,50). Refused, with a message
that says why, is text that could be read two ways: "1,250" (one thousand two hundred and fifty
in English, one and a quarter here), "1.25" (not three digits after the dot), "1,250,000" and
"1.250.000.50"; and anything that is not a number at all.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

_PREFIX = re.compile(r"^rp\.?\s*", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
# The whole part: digits alone, or 1-3 digits then groups of exactly three after dots.
_WHOLE = re.compile(r"^(\d+|\d{1,3}(?:\.\d{3})+)$")
_SEN = re.compile(r"^\d{1,2}$")


class AmountError(ValueError):
    """Text that is not an amount in Indonesian notation; `message` says why (translatable)."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


AMBIGUOUS_COMMA = _(
    "Write the amount as 1.250.000 (dots between thousands) or 1.250.000,50 (sen after the "
    "comma): %(text)s can be read two ways."
)
AMBIGUOUS_DOT = _(
    "Write thousands with three digits after each dot (1.250.000) and sen after a comma "
    "(1.250.000,50): %(text)s can be read two ways."
)
NOT_AN_AMOUNT = _("%(text)s is not an amount. Write it as 1.250.000 or Rp 1.250.000,50.")
TOO_MANY_SEN = _("Sen have at most two digits after the comma (1.250.000,50).")
NEGATIVE = _("The amount cannot be negative.")


def parse_amount(text: str) -> Decimal:
    """The amount `text` states, in rupiah; AmountError when it is not one or is ambiguous."""
    shown = text.strip()
    quoted = {"text": f"“{shown}”"}
    value = _SPACES.sub("", _PREFIX.sub("", shown))
    negative = value.startswith("-")
    if negative:
        value = _PREFIX.sub("", value[1:])
    if not value or not re.fullmatch(r"[\d.,]+", value) or not value[0].isdigit():
        raise AmountError(NOT_AN_AMOUNT % quoted)
    if value.count(",") > 1:
        raise AmountError(AMBIGUOUS_COMMA % quoted)
    whole, _comma, sen = value.partition(",")
    if _comma:
        if "." in sen:
            raise AmountError(AMBIGUOUS_COMMA % quoted)
        if len(sen) == 3 and "." not in whole:
            # "1,250": an English thousand or one and a quarter.
            raise AmountError(AMBIGUOUS_COMMA % quoted)
        if not _SEN.match(sen):
            raise AmountError(TOO_MANY_SEN if sen.isdigit() else NOT_AN_AMOUNT % quoted)
    if not _WHOLE.match(whole):
        raise AmountError(AMBIGUOUS_DOT % quoted)
    amount = Decimal(whole.replace(".", "") + (f".{sen}" if sen else ""))
    return -amount if negative else amount


class AmountField(forms.Field):
    """A rupiah amount typed in Indonesian notation (see the module docstring).

    `whole=True` gives an int (sen rounded to the nearest rupiah, half up), for the rules that
    count in whole rupiah; otherwise a Decimal with at most two places. `min_value=None` lets a
    negative amount through, for a domain that says itself why it refuses one.
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, whole: bool = False, min_value: int | None = 0, **kwargs: Any) -> None:
        self.whole = whole
        self.min_value = min_value
        kwargs.setdefault("help_text", _("For example 1.250.000 or Rp 1.250.000,50."))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int | Decimal):
            amount = Decimal(value)
        else:
            try:
                amount = parse_amount(str(value))
            except AmountError as exc:
                raise forms.ValidationError(exc.message, code="amount") from None
        if self.min_value is not None and amount < self.min_value:
            raise forms.ValidationError(NEGATIVE, code="min_value")
        if self.whole:
            return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return amount

    def prepare_value(self, value: Any) -> Any:
        """A stored amount shown back as Indonesians write it (1.250.000 or 1.250.000,50)."""
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return format_amount(value)
        return value


def format_amount(value: int | Decimal) -> str:
    amount = Decimal(value)
    whole = int(amount)
    text = f"{whole:,}".replace(",", ".")
    sen = (amount - whole).quantize(Decimal("0.01"))
    return f"{text},{str(sen)[-2:]}" if sen else text
