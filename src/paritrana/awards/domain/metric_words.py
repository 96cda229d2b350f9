"""The coverage metrics a shortlist names, in words: "cakupan UCJ 25,38%", never "ucj_pct = 25.38".

A nomination drawn from data keeps why in `basis` ("peringkat 3 menurut cakupan UCJ 25,38%");
`basis_words` rewrites the form of earlier draws ("peringkat 3: ucj_pct = 25.38") the same way,
so no page, workbook or API reader sees a metric's column name. The stored sentence is Bahasa
Indonesia whatever the language of the page that drew it; an English page reads it back in
English ("rank 3 by UCJ coverage 25.38%"): the same rank, metric and value.
"""

from __future__ import annotations

import math
import re

from django.utils import translation

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


# The same labels on English pages.
ENGLISH: dict[str, str] = {
    "ucj_pct": "UCJ coverage",
    "on_time_pct": "on-time payment",
    "registered_share_pct": "reported workers who are registered",
    "complete_pct": "programme completeness",
    "paid_pct_of_due": "contributions paid of those billed",
    "paid_pct_of_expected": "contributions paid of those owed",
    "attainment_pct": "UCJ target attainment",
    "active_growth_pct": "growth in active participants",
    "bpu_coverage_pct": "BPU coverage",
    "change_points": "UCJ increase",
    "active": "active participants",
    "registered": "registered participants",
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
_BY_LABEL = {label: metric for metric, (label, _unit) in METRICS.items()}
_BASIS = re.compile(
    r"peringkat (\d+) menurut (?P<label>"
    + "|".join(re.escape(label) for label in sorted(_BY_LABEL, key=len, reverse=True))
    + r") (?P<value>tidak tersedia|-?[\d.]+(?:,\d+)?)(?:%| poin)?"
)


def _parsed(basis: str) -> tuple[int, str, float | None] | None:
    """(rank, metric, value) of a basis ranked_basis wrote, or an earlier draw's form."""
    text = basis.strip()
    if match := _EARLIER_BASIS.fullmatch(text):
        return int(match[1]), match[2], float(match[3])
    if match := _BASIS.fullmatch(text):
        value = match["value"]
        number = (
            None if value == "tidak tersedia" else float(value.replace(".", "").replace(",", "."))
        )
        return int(match[1]), _BY_LABEL[match["label"]], number
    return None


def _english_value(metric: str, value: float | None) -> str:
    if value is None or math.isnan(value):
        return "not available"
    unit = METRICS.get(metric, ("", ""))[1]
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if unit else f"{value:,.0f}"
    return f"{text}{' points' if unit == ' poin' else unit}"


def basis_words(basis: str) -> str:
    """A stored basis in the page's words: "peringkat 3 menurut cakupan UCJ 25,38%" (also for one
    written as "peringkat 3: ucj_pct = 25.38" by earlier draws), on an English page "rank 3 by
    UCJ coverage 25.38%". A basis written otherwise (by hand) reads as written."""
    parsed = _parsed(basis)
    if parsed is None:
        return basis
    position, metric, value = parsed
    if (translation.get_language() or "id").startswith("en"):
        label = ENGLISH.get(metric, metric.replace("_", " "))
        return f"rank {position} by {label} {_english_value(metric, value)}"
    if value is None or not _EARLIER_BASIS.fullmatch(basis.strip()):
        return basis  # already in words
    return ranked_basis(position, metric, value)
