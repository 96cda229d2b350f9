"""PU (wage earners): JKK, JKM, JHT, JP and JKP with its recomposition, and the JKK discount."""

from __future__ import annotations

from decimal import Decimal

from paritrana.rules.errors import RuleError
from paritrana.rules.labels import date_words
from paritrana.rules.lookup import HUNDRED, RuleBook, round_rupiah, share, uses
from paritrana.rules.notes import Figure, Note
from paritrana.rules.result import JkpFunding, ProgrammeAmount, format_percent, format_rupiah
from paritrana.rules.table import Rule


def pu_contributions(
    rules: RuleBook, wage: int, group: str, age: int | None, discount_eligible: bool
) -> tuple[list[ProgrammeAmount], JkpFunding | None, list[Note]]:
    """The billed lines (JKK, JKM, JHT, JP) and JKP's funding, which is a note: JKK and JKM are
    billed in full and BPJS moves part of them into JKP (the recomposition)."""
    notes = [Note("Iuran PU per bulan.", "PU contributions per month.")]
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


def _jkp(rules: RuleBook, wage: int, jkk: int, jkm: int) -> tuple[JkpFunding | None, list[Note]]:
    government = rules.find("jkp.government")
    if government is None:
        start = rules.table.history("jkp.government")
        if not start:
            text = f"JKP belum berlaku pada {date_words(rules.on)}: tanpa rekomposisi."
            return None, [Note(text, "JKP not in force on %(on)s: no recomposition.", on=rules.on)]
        since = start[0].valid_from
        text = (
            f"JKP belum berlaku pada {date_words(rules.on)}"
            f" (berlaku mulai {date_words(since)}): tanpa rekomposisi."
        )
        source = "JKP not in force on %(on)s (in force from %(since)s): no recomposition."
        return None, [Note(text, source, on=rules.on, since=since)]
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


def _discount(rules: RuleBook, rule: Rule | None, jkk_net: int) -> tuple[int, Note]:
    if rule is None:
        history = rules.table.history("jkk.discount")
        periods = "; ".join(r.period for r in history) or "tidak ada"
        return 0, Note(
            f"Diskon JKK tidak berlaku pada {date_words(rules.on)} (periode diskon: {periods}):"
            " JKK dihitung penuh.",
            "JKK discount not in force on %(on)s (discount periods: %(periods)s): JKK in full.",
            on=rules.on,
            periods=tuple((r.valid_from, r.valid_to) for r in history),
        )
    discount = round_rupiah(Decimal(jkk_net) * rule.value / HUNDRED)
    return discount, Note(
        f"Diskon JKK {format_percent(rule.value)} ({rule.basis}): {format_rupiah(discount)}."
        " Asumsi: diskon dihitung atas JKK tanpa bagian yang dialihkan BPJS ke JKP"
        " (rekomposisi).",
        "JKK discount %(rate)s (%(basis)s): %(amount)s. Assumption: the discount is taken of"
        " JKK without the part BPJS moves to JKP (recomposition).",
        rate=Figure(format_percent(rule.value)),
        basis=rule.basis,
        amount=Figure(format_rupiah(discount)),
    )


def _jp(rules: RuleBook, wage: int, age: int | None) -> tuple[ProgrammeAmount | None, list[Note]]:
    pension_age = rules.get("pu.jp.pension_age")
    if age is not None and age >= pension_age.as_int():
        return None, [
            Note(
                f"JP tidak dipungut: usia {age} >= usia pensiun {pension_age.as_int()}"
                f" pada {rules.on.year} ({date_words(rules.on)}).",
                "JP not collected: age %(age)s >= pension age %(pension_age)s"
                " in %(year)s (%(on)s).",
                age=age,
                pension_age=pension_age.as_int(),
                year=rules.on.year,
                on=rules.on,
            )
        ]
    notes = []
    if age is None:
        notes.append(
            Note(
                f"usia tidak diisi: JP dihitung (JP berhenti pada usia pensiun"
                f" {pension_age.as_int()} yang berlaku pada {date_words(rules.on)}).",
                "age not given: JP is charged (JP stops at the pension age %(pension_age)s"
                " in force on %(on)s).",
                pension_age=pension_age.as_int(),
                on=rules.on,
            )
        )
    cap = rules.get("pu.jp.wage_cap")
    base = min(wage, cap.as_int())
    if wage > base:
        notes.append(
            Note(
                f"JP dihitung atas batas upah JP {format_rupiah(base)}, bukan upah penuh.",
                "JP is charged on the JP wage cap %(cap)s, not the full wage.",
                cap=Figure(format_rupiah(base)),
            )
        )
    employer, worker = rules.get("pu.jp.employer"), rules.get("pu.jp.worker")
    amount = ProgrammeAmount(
        "JP",
        employer=round_rupiah(share(base, employer)),
        worker=round_rupiah(share(base, worker)),
        base=base,
        rules=uses(employer, worker, cap, pension_age),
    )
    return amount, notes
