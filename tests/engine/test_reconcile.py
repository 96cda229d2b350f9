"""Published coverage figures checked against their own numerator and denominator."""

from __future__ import annotations

from decimal import Decimal

import pytest

from paritrana.engine.reconcile import ReconcileError, reconcile


def test_the_april_2025_national_figure_does_not_reconcile_with_sakernas():
    # DOMAIN.md: national UCJ 35.68% with 39.7 M active; Sakernas Aug 2024: 144.64 M employed.
    result = reconcile(published_pct="35.68", numerator=39_700_000, denominator=144_640_000)
    assert not result.reconciles
    assert result.computed_pct == Decimal("27.4475")  # 39.7 / 144.64 x 100
    assert result.difference_points == Decimal("8.2325")
    assert result.implied_denominator == 111_266_816  # 39.7 M / 0.3568: the "potensi" base
    assert "Tidak cocok" in result.explain()
    assert "selisih +8,2325 poin" in result.explain()
    assert "111.266.816" in result.explain()


def test_a_figure_within_its_rounding_reconciles():
    result = reconcile(published_pct="35.68", numerator=39_700_000, denominator=111_267_000)
    assert result.reconciles  # 35.67993...% rounds to 35.68
    assert result.tolerance_points == Decimal("0.005")
    assert result.explain().startswith("Cocok")


def test_a_whole_percent_allows_half_a_point():
    # Kalimantan Barat 2025: "about 1.8 M workers, 31% covered".
    assert reconcile(published_pct=31, numerator=560_000, denominator=1_800_000).reconciles
    assert not reconcile(published_pct=31, numerator=500_000, denominator=1_800_000).reconciles


def test_an_explicit_tolerance_overrides_the_rounding_rule():
    result = reconcile(
        published_pct="27.0",
        numerator=1_400_000 * 27 // 100 + 5_000,
        denominator=1_400_000,
        tolerance_points="0.5",
    )
    assert result.reconciles


@pytest.mark.parametrize(
    ("pct", "num", "den", "message"),
    [
        ("abc", 1, 2, "bukan angka"),
        ("10", -1, 2, "Pembilang"),
        ("10", 1, 0, "penyebut"),
        ("-3", 1, 2, "negatif"),
    ],
)
def test_impossible_inputs_are_refused(pct, num, den, message):
    with pytest.raises(ReconcileError, match=message):
        reconcile(published_pct=pct, numerator=num, denominator=den)
