"""PU (wage earners): JKK, JKM, JHT, JP and JKP with its recomposition, and the JKK discount."""

from __future__ import annotations

from decimal import Decimal

from paritrana.rules.errors import RuleError
from paritrana.rules.labels import date_words
from paritrana.rules.lookup import HUNDRED, RuleBook, round_rupiah, share, uses
from paritrana.rules.result import JkpFunding, ProgrammeAmount, format_percent, format_rupiah
from paritrana.rules.table import Rule


def pu_contributions(
    rules: RuleBook, wage: int, group: str, age: int | None, discount_eligible: bool
) -> tuple[list[ProgrammeAmount], JkpFunding | None, list[str]]:
    """The billed lines (JKK, JKM, JHT, JP) and JKP's funding, which is a note: JKK and JKM are
    billed in full and BPJS moves part of them into JKP (the recomposition)."""
    notes = ["Iuran PU per bulan."]
    jkk_rule = rules.get(f"pu.jkk.rate.{group}")
    jkm_rule = rules.get("pu.jkm.rate")
    jkk, jkm = round_rupiah(share(wage, jkk_rule)), round_rupiah(share(wage, jkm_rule))
    jkp, jkp_notes = _jkp(rules, wage, jkk, jkm)
    notes += jkp_notes
    discount, discount_rule = 0, None
    if discount_eligible:
        discount_rule = rules.find("jkk.discount")
        discount, discount_note = _discount(
            rules, discount_rule, jkk - (jkp.from_jkk if jkp else 0)
        )
        notes.append(discount_note)
    programmes = [
        ProgrammeAmount(
            "JKK",
            employer=jkk - discount,
            base=wage,
            discount=discount,
            rules=uses(jkk_rule, discount_rule),
        ),
        ProgrammeAmount("JKM", employer=jkm, base=wage, rules=uses(jkm_rule)),
    ]
    jht_employer, jht_worker = rules.get("pu.jht.employer"), rules.get("pu.jht.worker")
    programmes.append(
        ProgrammeAmount(
            "JHT",
            employer=round_rupiah(share(wage, jht_employer)),
            worker=round_rupiah(share(wage, jht_worker)),
            base=wage,
            rules=uses(jht_employer, jht_worker),
        )
    )
    jp, jp_notes = _jp(rules, wage, age)
    notes += jp_notes
    if jp is not None:
        programmes.append(jp)
    return programmes, jkp, notes


def _basis(*rules: Rule) -> str:
    """The rules' legal bases, each named once, in order ("PP 37/2021")."""
    parts: list[str] = []
    for rule in rules:
        parts += [part.strip() for part in rule.basis.split(";") if part.strip() not in parts]
    return "; ".join(parts)


def _jkp(rules: RuleBook, wage: int, jkk: int, jkm: int) -> tuple[JkpFunding | None, list[str]]:
    government = rules.find("jkp.government")
    if government is None:
        start = rules.table.history("jkp.government")
        since = f" (berlaku mulai {date_words(start[0].valid_from)})" if start else ""
        return None, [f"JKP belum berlaku pada {date_words(rules.on)}{since}: tanpa rekomposisi."]
    cap, from_jkk, from_jkm = (
        rules.get("jkp.wage_cap"),
        rules.get("jkp.from_jkk"),
        rules.get("jkp.from_jkm"),
    )
    base = min(wage, cap.as_int())
    funding = JkpFunding(
        base=base,
        wage_cap=cap.as_int(),
        government=round_rupiah(share(base, government)),
        from_jkk=round_rupiah(share(base, from_jkk)),
        from_jkm=round_rupiah(share(base, from_jkm)),
        government_rate=government.value,
        from_jkk_rate=from_jkk.value,
        from_jkm_rate=from_jkm.value,
        basis=_basis(from_jkk, *([from_jkm] if from_jkm.value else [])),
    )
    if funding.from_jkk > jkk or funding.from_jkm > jkm:
        raise RuleError("tabel aturan: bagian JKP yang direkomposisi melebihi iuran JKK/JKM.")
    return funding, []


def _discount(rules: RuleBook, rule: Rule | None, jkk_net: int) -> tuple[int, str]:
    if rule is None:
        periods = "; ".join(r.period for r in rules.table.history("jkk.discount")) or "tidak ada"
        return 0, (
            f"Diskon JKK tidak berlaku pada {date_words(rules.on)} (periode diskon: {periods}):"
            " JKK dihitung penuh."
        )
    discount = round_rupiah(Decimal(jkk_net) * rule.value / HUNDRED)
    return discount, (
        f"Diskon JKK {format_percent(rule.value)} ({rule.basis}): {format_rupiah(discount)}."
        " Asumsi: diskon dihitung atas JKK tanpa bagian yang dialihkan BPJS ke JKP"
        " (rekomposisi)."
    )


def _jp(rules: RuleBook, wage: int, age: int | None) -> tuple[ProgrammeAmount | None, list[str]]:
    pension_age = rules.get("pu.jp.pension_age")
    if age is not None and age >= pension_age.as_int():
        return None, [
            f"JP tidak dipungut: usia {age} >= usia pensiun {pension_age.as_int()}"
            f" pada {rules.on.year} ({date_words(rules.on)})."
        ]
    notes = []
    if age is None:
        notes.append(
            f"usia tidak diisi: JP dihitung (JP berhenti pada usia pensiun"
            f" {pension_age.as_int()} yang berlaku pada {date_words(rules.on)})."
        )
    cap = rules.get("pu.jp.wage_cap")
    base = min(wage, cap.as_int())
    if wage > base:
        notes.append(f"JP dihitung atas batas upah JP {format_rupiah(base)}, bukan upah penuh.")
    employer, worker = rules.get("pu.jp.employer"), rules.get("pu.jp.worker")
    amount = ProgrammeAmount(
        "JP",
        employer=round_rupiah(share(base, employer)),
        worker=round_rupiah(share(base, worker)),
        base=base,
        rules=uses(employer, worker, cap, pension_age),
    )
    return amount, notes
