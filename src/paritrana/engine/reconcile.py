"""Does a published coverage figure reconcile with its own numerator and denominator?

Published figures sometimes do not (DOMAIN.md): national UCJ 35.68% with 39.7 M active implies
a base of about 111 M, not the 144.64 M employed of Sakernas. `reconcile` says whether a
percentage matches numerator / denominator within the rounding of its published decimals, by
how many points it is off, and which denominator the percentage implies.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


class ReconcileError(ValueError):
    """Inputs that cannot describe a coverage figure (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class Reconciliation:
    published_pct: Decimal
    numerator: int
    denominator: int
    computed_pct: Decimal  # numerator / denominator x 100, to 4 decimals
    difference_points: Decimal  # published - computed
    tolerance_points: Decimal
    reconciles: bool
    implied_denominator: int  # the base the published percentage implies
    implied_numerator: int  # the count the published percentage implies on this base

    def explain(self) -> str:
        """One sentence in Bahasa Indonesia."""
        ratio = f"{_id(self.numerator)} / {_id(self.denominator)} = {_id(self.computed_pct)}%"
        if self.reconciles:
            return f"Cocok: {ratio} (dipublikasikan {_id(self.published_pct)}%)."
        return (
            f"Tidak cocok: {ratio}, dipublikasikan {_id(self.published_pct)}% "
            f"(selisih {'+' if self.difference_points > 0 else ''}"
            f"{_id(self.difference_points)} poin). Persentase itu menyiratkan penyebut "
            f"{_id(self.implied_denominator)} atau pembilang {_id(self.implied_numerator)}."
        )


def _id(number: int | Decimal) -> str:
    """Indonesian number style: 39.700.000 and 27,4475."""
    text = f"{number:,}" if isinstance(number, int) else f"{number:,f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _decimal(value: float | str | Decimal, name: str) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", "."))
    except ArithmeticError:
        raise ReconcileError(f"{name} '{value}' bukan angka.") from None
    if not number.is_finite():
        raise ReconcileError(f"{name} '{value}' bukan angka.")
    return number


def reconcile(
    *,
    published_pct: float | str | Decimal,
    numerator: int,
    denominator: int,
    tolerance_points: float | str | Decimal | None = None,
) -> Reconciliation:
    """Compare a published percentage with numerator / denominator.

    Without a tolerance, half a unit of the last published decimal is allowed (35.68 may stand
    for anything from 35.675 to 35.685): a figure that only differs by its rounding reconciles.
    """
    pct = _decimal(published_pct, "Persentase")
    if numerator < 0 or denominator <= 0:
        raise ReconcileError("Pembilang harus >= 0 dan penyebut harus > 0.")
    if pct < 0:
        raise ReconcileError("Persentase tidak boleh negatif.")
    if tolerance_points is None:
        exponent = pct.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        tolerance = Decimal(5) / (Decimal(10) ** (places + 1))
    else:
        tolerance = _decimal(tolerance_points, "Toleransi")
    exact = Decimal(numerator) * 100 / Decimal(denominator)
    computed = exact.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    difference = pct - exact
    implied_denominator = (
        int((Decimal(numerator) * 100 / pct).to_integral_value(ROUND_HALF_UP)) if pct else 0
    )
    implied_numerator = int((pct * denominator / 100).to_integral_value(ROUND_HALF_UP))
    return Reconciliation(
        published_pct=pct,
        numerator=numerator,
        denominator=denominator,
        computed_pct=computed,
        difference_points=difference.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
        tolerance_points=tolerance,
        reconciles=abs(difference) <= tolerance,
        implied_denominator=implied_denominator,
        implied_numerator=implied_numerator,
    )
