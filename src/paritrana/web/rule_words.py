"""Contribution rules in words, in the page's language: never the rules table's internal keys.

`rule_label("pu.jkk.rate.medium")` is "JKK, kelompok risiko sedang" and `rule_value` "0,89% dari
upah". The CLI's and the API's Indonesian words are `paritrana.rules.labels`; these are the
page's, with English source strings in the translation catalogue.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from paritrana.coverage.labels import local_date
from paritrana.reports.numbers import in_language
from paritrana.rules import RuleUse
from paritrana.rules.notes import Figure, Note

RISK_WORDS = {
    "very_low": _("very low"),
    "low": _("low"),
    "medium": _("medium"),
    "high": _("high"),
    "very_high": _("very high"),
}
RULE_LABELS = {
    "pu.jkm.rate": "JKM",
    "pu.jht.employer": _("JHT, employer's share"),
    "pu.jht.worker": _("JHT, worker's share"),
    "pu.jp.employer": _("JP, employer's share"),
    "pu.jp.worker": _("JP, worker's share"),
    "pu.jp.wage_cap": _("JP wage cap"),
    "pu.jp.pension_age": _("JP pension age"),
    "jkp.government": _("JKP, central government contribution"),
    "jkp.from_jkk": _("JKP, recomposed from the JKK contribution"),
    "jkp.from_jkm": _("JKP, recomposed from the JKM contribution"),
    "jkp.wage_cap": _("JKP wage cap"),
    "jkk.discount": _("JKK discount for labour-intensive industries"),
    "bpu.jkk.rate": _("BPU JKK"),
    "bpu.jkk.min": _("BPU JKK, monthly minimum"),
    "bpu.jkk.max": _("BPU JKK, monthly maximum"),
    "bpu.jkm.flat": _("BPU JKM, flat monthly amount"),
    "bpu.jht.rate": _("BPU JHT (optional)"),
}
# What a percent rule is a percent of, by key prefix ("%(value)s" is "0,89%").
RULE_BASES = {
    "pu.jkk.rate": _("%(value)s of the wage"),
    "pu.jkm.rate": _("%(value)s of the wage"),
    "pu.jht": _("%(value)s of the wage"),
    "pu.jp": _("%(value)s of the wage, up to the JP wage cap"),
    "jkp": _("%(value)s of the wage, up to the JKP wage cap"),
    "jkk.discount": _("%(value)s of the JKK contribution"),
    "bpu": _("%(value)s of the declared income"),
    "jakon": _("%(value)s of the contract value inside the tier"),
}
_RISK_KEY = re.compile(r"pu\.jkk\.rate\.(\w+)")
_TIER_KEY = re.compile(r"jakon\.tier(\d+)\.(upper|jkk|jkm)")


def rule_label(key: str) -> str:
    """A rule's name in words, in the page's language: never the table's internal key."""
    if match := _RISK_KEY.fullmatch(key):
        risk = RISK_WORDS.get(match[1], match[1])
        return gettext("JKK, risk group %(risk)s") % {"risk": risk}
    if match := _TIER_KEY.fullmatch(key):
        tier, what = match.groups()
        if what == "upper":
            return gettext("Jakon, upper contract value of tier %(tier)s") % {"tier": tier}
        return gettext("Jakon %(programme)s, tier %(tier)s") % {
            "programme": what.upper(),
            "tier": tier,
        }
    return str(RULE_LABELS.get(key, gettext("Other rule")))


def rule_value(rule: RuleUse) -> str:
    """The value in words: "0,89% of the wage", "Rp5.000.000", "58 years"."""
    if rule.unit == "years":
        return gettext("%(years)s years") % {"years": int(rule.value)}
    if rule.unit != "percent":
        return in_language(rule.display_value)
    for prefix, phrase in RULE_BASES.items():
        if rule.key == prefix or rule.key.startswith(prefix + "."):
            return str(phrase) % {"value": in_language(rule.display_value)}
    return in_language(rule.display_value)


def _note_value(value: object) -> str:
    if isinstance(value, Figure):
        return in_language(value)
    if isinstance(value, dt.date):
        return local_date(value)
    if isinstance(value, tuple):  # periods: (from, to or None)
        periods = [
            gettext("%(start)s to %(end)s")
            % {"start": local_date(start), "end": local_date(end) if end else gettext("onwards")}
            for start, end in value
        ]
        return "; ".join(periods) or gettext("none")
    return str(value)


def note_words(note: str) -> str:
    """A calculator note in the page's language (the rules package writes it in Bahasa
    Indonesia; its English source and values come with it)."""
    if not isinstance(note, Note) or not note.source:
        return note
    values = {name: _note_value(value) for name, value in note.values.items()}
    return gettext(note.source) % values
