"""Rules in words (Bahasa Indonesia), for people: never the table's internal keys.

`rule_label("pu.jkk.rate.medium")` is "JKK, kelompok risiko sedang" and `rule_base` says what a
percent applies to ("upah"), so a rule reads "JKK, kelompok risiko sedang: 0,89% dari upah".
The web page has the same labels in its translation catalogue (English source strings).
"""

from __future__ import annotations

import datetime as dt
import re

RISK_WORDS = {
    "very_low": "sangat rendah",
    "low": "rendah",
    "medium": "sedang",
    "high": "tinggi",
    "very_high": "sangat tinggi",
}
LABELS = {
    "pu.jkm.rate": "JKM",
    "pu.jht.employer": "JHT, bagian pemberi kerja",
    "pu.jht.worker": "JHT, bagian pekerja",
    "pu.jp.employer": "JP, bagian pemberi kerja",
    "pu.jp.worker": "JP, bagian pekerja",
    "pu.jp.wage_cap": "Batas upah JP",
    "pu.jp.pension_age": "Usia pensiun JP",
    "jkp.government": "JKP, iuran pemerintah pusat",
    "jkp.from_jkk": "JKP, rekomposisi dari iuran JKK",
    "jkp.from_jkm": "JKP, rekomposisi dari iuran JKM",
    "jkp.wage_cap": "Batas upah JKP",
    "jkk.discount": "Diskon JKK industri padat karya",
    "bpu.jkk.rate": "JKK BPU",
    "bpu.jkk.min": "JKK BPU, paling sedikit sebulan",
    "bpu.jkk.max": "JKK BPU, paling banyak sebulan",
    "bpu.jkm.flat": "JKM BPU, tetap sebulan",
    "bpu.jht.rate": "JHT BPU (pilihan)",
}
# What a percent rule is taken of.
BASES = {
    "pu.jkk.rate": "upah",
    "pu.jkm.rate": "upah",
    "pu.jht": "upah",
    "pu.jp": "upah, paling banyak batas upah JP",
    "jkp": "upah, paling banyak batas upah JKP",
    "jkk.discount": "iuran JKK",
    "bpu": "penghasilan yang dilaporkan",
    "jakon": "nilai kontrak di lapisan ini",
}
_RISK = re.compile(r"pu\.jkk\.rate\.(\w+)")
_TIER = re.compile(r"jakon\.tier(\d+)\.(upper|jkk|jkm)")


def rule_label(key: str) -> str:
    """The rule's name in words; an unknown key is returned as it is (a new row in the table)."""
    if match := _RISK.fullmatch(key):
        return f"JKK, kelompok risiko {RISK_WORDS.get(match[1], match[1])}"
    if match := _TIER.fullmatch(key):
        tier, what = match.groups()
        if what == "upper":
            return f"Jakon, batas atas nilai kontrak lapisan {tier}"
        return f"{what.upper()} Jakon, lapisan {tier}"
    return LABELS.get(key, key)


def rule_base(key: str) -> str:
    """What a percent rule is a percent of ("upah"); "" when the prefix is unknown."""
    for prefix, base in BASES.items():
        if key == prefix or key.startswith(prefix + "."):
            return base
    return ""


MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def date_words(day: dt.date) -> str:
    """A date as an Indonesian reader writes it: 2025-06-01 -> "1 Juni 2025"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
