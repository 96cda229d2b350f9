"""The coverage metrics a shortlist names, in words: "cakupan UCJ 25,38%", never "ucj_pct = 25.38".

A nomination drawn from data keeps why in `basis` ("peringkat 3 menurut cakupan UCJ 25,38%");
`basis_words` rewrites the form of earlier draws ("peringkat 3: ucj_pct = 25.38") the same way,
so no page, workbook or API reader sees a metric's column name.
"""

from __future__ import annotations

import math
import re

# The coverage metrics a shortlist rule may name: (label, unit). "%" values print as "25,38%".
METRICS: dict[str, tuple[str, str]] = {
    "ucj_pct": ("cakupan UCJ", "%"),
    "on_time_pct": ("ketepatan bayar", "%"),
    "registered_share_pct": ("pekerja terlapor yang terdaftar", "%"),
    "complete_pct": ("kelengkapan program", "%"),
    "paid_pct_of_due": ("iuran terbayar dari tagihan", "%"),
    "paid_pct_of_expected": ("iuran terbayar dari kewajiban", "%"),
    "attainment_pct": ("capaian target UCJ", "%"),
    "active_growth_pct": ("pertumbuhan peserta aktif", "%"),
    "bpu_coverage_pct": ("cakupan BPU", "%"),
    "change_points": ("kenaikan UCJ", " poin"),
    "active": ("peserta aktif", ""),
    "registered": ("peserta terdaftar", ""),
}


def metric_label(metric: str) -> str:
    return METRICS.get(metric, (metric.replace("_", " "), ""))[0]


def number_id(value: float, places: int = 2, *, trim: bool = True) -> str:
    """25.384 -> '25,38'; 42.0 -> '42'; 12345 -> '12.345' (trailing zeros dropped, as a sentence
    writes them; `trim=False` keeps them, as a column of figures lines them up: '42,00')."""
    text = f"{value:,.{places}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return text.rstrip("0").rstrip(",") if trim and "," in text else text


def metric_value(metric: str, value: float | None, *, column: bool = False) -> str:
    """A metric's value in words ("25,38%", "1.234"); `column`: for a table's column of values,
    every percentage with its two decimals ("16,70%" beside "16,12%", not "16,7%")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "tidak tersedia"
    unit = METRICS.get(metric, ("", ""))[1]
    return f"{number_id(value, 2 if unit else 0, trim=not column)}{unit}"


def ranked_basis(position: int, metric: str, value: float) -> str:
    """Why a candidate was drawn: "peringkat 3 menurut cakupan UCJ 25,38%"."""
    return f"peringkat {position} menurut {metric_label(metric)} {metric_value(metric, value)}"


_EARLIER_BASIS = re.compile(r"peringkat (\d+): (\w+) = (-?\d+(?:\.\d+)?)")


def basis_words(basis: str) -> str:
    """A stored basis in words; one written as "peringkat 3: ucj_pct = 25.38" by earlier draws is
    read as "peringkat 3 menurut cakupan UCJ 25,38%"."""
    match = _EARLIER_BASIS.fullmatch(basis.strip())
    if match is None:
        return basis
    return ranked_basis(int(match[1]), match[2], float(match[3]))
