"""BPU (informal and self-employed workers) and Jakon (construction contracts)."""

from __future__ import annotations

from decimal import Decimal

from paritrana.rules.errors import RuleError
from paritrana.rules.lookup import RuleBook, round_rupiah, share, uses
from paritrana.rules.notes import Figure, Note
from paritrana.rules.result import ProgrammeAmount, format_percent, format_rupiah
from paritrana.rules.table import Rule


def bpu_contributions(
    rules: RuleBook, income: int, with_jht: bool
) -> tuple[list[ProgrammeAmount], list[Note]]:
    notes = [
        Note(
            "Iuran BPU per bulan, seluruhnya dibayar peserta (kolom pekerja). BPU tanpa JP/JKP.",
            "BPU contributions per month, all paid by the participant (worker column)."
            " BPU has no JP/JKP.",
        )
    ]
    rate, low, high = rules.get("bpu.jkk.rate"), rules.get("bpu.jkk.min"), rules.get("bpu.jkk.max")
    exact = share(income, rate)
    clamped = min(max(exact, low.value), high.value)
    if exact != clamped:
        low_end = exact < low.value
        bound = "minimum" if low_end else "maksimum"
        notes.append(
            Note(
                f"JKK BPU {format_percent(rate.value)} x {format_rupiah(income)} di luar"
                f" batas: dipakai {bound} {format_rupiah(int(clamped))}.",
                "BPU JKK %(rate)s x %(income)s out of bounds: the minimum %(used)s is used."
                if low_end
                else "BPU JKK %(rate)s x %(income)s out of bounds: the maximum %(used)s is used.",
                rate=Figure(format_percent(rate.value)),
                income=Figure(format_rupiah(income)),
                used=Figure(format_rupiah(int(clamped))),
            )
        )
    flat = rules.get("bpu.jkm.flat")
    programmes = [
        ProgrammeAmount(
            "JKK", worker=round_rupiah(clamped), base=income, rules=uses(rate, low, high)
        ),
        ProgrammeAmount("JKM", worker=flat.as_int(), rules=uses(flat)),
    ]
    if with_jht:
        jht = rules.get("bpu.jht.rate")
        programmes.append(
            ProgrammeAmount(
                "JHT", worker=round_rupiah(share(income, jht)), base=income, rules=uses(jht)
            )
        )
    else:
        notes.append(Note("JHT BPU opsional: tidak dipilih.", "BPU JHT is optional: not chosen."))
    return programmes, notes


def jakon_contributions(rules: RuleBook, value: int) -> tuple[list[ProgrammeAmount], list[Note]]:
    notes = [
        Note(
            "Iuran Jakon dihitung sekali untuk nilai kontrak proyek, dibayar kontraktor"
            " (kolom pemberi kerja); tarif marjinal per lapisan nilai kontrak.",
            "Jakon contributions are computed once for the project's contract value, paid by"
            " the contractor (employer column); marginal rates per contract value tier.",
        )
    ]
    jkk_exact = jkm_exact = Decimal(0)
    jkk_rules: list[Rule] = []
    jkm_rules: list[Rule] = []
    lower, tier = 0, 1
    while True:
        jkk = rules.get("jakon.tier1.jkk") if tier == 1 else rules.find(f"jakon.tier{tier}.jkk")
        if jkk is None:
            raise RuleError(
                f"tabel aturan: lapisan Jakon terakhir ({tier - 1}) punya batas atas;"
                f" nilai kontrak {format_rupiah(value)} melebihinya."
            )
        jkm = rules.get(f"jakon.tier{tier}.jkm")
        upper_rule = rules.find(f"jakon.tier{tier}.upper")
        upper = upper_rule.as_int() if upper_rule else None
        if upper is not None and upper <= lower:
            raise RuleError(f"tabel aturan: batas atas lapisan Jakon {tier} tidak naik.")
        portion = max(0, (value if upper is None else min(value, upper)) - lower)
        jkk_rules.append(jkk)
        jkm_rules.append(jkm)
        jkk_exact += share(portion, jkk)
        jkm_exact += share(portion, jkm)
        if portion:
            notes.append(
                Note(
                    f"Lapisan {tier}: {format_rupiah(portion)} x JKK"
                    f" {format_percent(jkk.value)}, JKM {format_percent(jkm.value)}.",
                    "Tier %(tier)s: %(portion)s x JKK %(jkk)s, JKM %(jkm)s.",
                    tier=tier,
                    portion=Figure(format_rupiah(portion)),
                    jkk=Figure(format_percent(jkk.value)),
                    jkm=Figure(format_percent(jkm.value)),
                )
            )
        if upper is None or value <= upper:
            break
        lower, tier = upper, tier + 1
    programmes = [
        ProgrammeAmount(
            "JKK", employer=round_rupiah(jkk_exact), base=value, rules=uses(*jkk_rules)
        ),
        ProgrammeAmount(
            "JKM", employer=round_rupiah(jkm_exact), base=value, rules=uses(*jkm_rules)
        ),
    ]
    return programmes, notes
