"""Issue 16: each programme as the employer's BPJS bill shows it, the JKP recomposition as a note,
and rule values in words, never internal keys; the same through the CLI (table and JSON)."""

from __future__ import annotations

import datetime as dt
import json

from paritrana.cli import main
from paritrana.rules import calculate

PU_2024 = {"segment": "PU", "on": dt.date(2024, 6, 1), "wage": 10_000_000, "risk": "medium"}
CLI_2024 = ["contribution", "--segment", "PU", "--wage", "10000000", "--risk", "medium"]


def test_jkk_and_jkm_are_shown_at_their_full_billed_rates():
    result = calculate(**PU_2024)
    # JKK 0.89% and JKM 0.30% of Rp10,000,000, as on the bill: not 82,000 and 25,000.
    assert result.programme("JKK").employer == 89_000
    assert result.programme("JKM").employer == 30_000
    assert (result.programme("JHT").employer, result.programme("JHT").worker) == (370_000, 200_000)
    assert (result.programme("JP").employer, result.programme("JP").worker) == (200_000, 100_000)
    # JKP is no line of the employer's bill: the government pays its own part.
    assert [p.programme for p in result.programmes] == ["JKK", "JKM", "JHT", "JP"]
    assert result.total_employer == 89_000 + 30_000 + 370_000 + 200_000 == 689_000
    assert result.total_worker == 300_000
    assert result.total == result.total_employer + result.total_worker


def test_the_recomposition_is_a_note_with_its_amounts_and_basis():
    jkp = calculate(**PU_2024).jkp
    # On the JKP base min(10,000,000, JKP cap 5,000,000): 0.14% = 7,000 and 0.10% = 5,000.
    assert (jkp.base, jkp.from_jkk, jkp.from_jkm, jkp.government) == (
        5_000_000,
        7_000,
        5_000,
        11_000,
    )
    assert jkp.note == (
        "Dari iuran JKK 0,14% (Rp7.000) dan JKM 0,10% (Rp5.000) dari upah, paling banyak"
        " Rp5.000.000, dialihkan BPJS untuk mendanai JKP (rekomposisi, PP 37/2021);"
        " tidak menambah tagihan. Pemerintah pusat membayar iuran JKP 0,22% (Rp11.000),"
        " di luar tagihan pemberi kerja."
    )


def test_from_february_2025_only_jkk_is_recomposed():
    result = calculate(**{**PU_2024, "on": dt.date(2025, 6, 1)})
    assert result.programme("JKK").employer == 89_000
    assert result.programme("JKM").employer == 30_000
    assert result.jkp.note.startswith(
        "Dari iuran JKK 0,14% (Rp7.000) dari upah, paling banyak Rp5.000.000, dialihkan BPJS"
        " untuk mendanai JKP (rekomposisi, PP 6/2025)"
    )
    assert "JKM" not in result.jkp.note


def test_rules_are_described_in_words():
    rules = {rule.key: rule for rule in calculate(**PU_2024).rules}
    assert rules["pu.jkk.rate.medium"].description == "JKK, kelompok risiko sedang: 0,89% dari upah"
    assert rules["pu.jkm.rate"].description == "JKM: 0,30% dari upah"
    assert rules["jkp.wage_cap"].description == "Batas upah JKP: Rp5.000.000"


def test_the_cli_table_shows_billed_amounts_and_no_rule_keys(capsys):
    assert main([*CLI_2024, "--date", "2024-06-01"]) == 0
    out = capsys.readouterr().out
    jkk_row = next(line for line in out.splitlines() if "JKK" in line and "Rp" in line)
    assert "Rp89.000" in jkk_row
    jkm_row = next(line for line in out.splitlines() if "JKM" in line and "Rp" in line)
    assert "Rp30.000" in jkm_row
    assert "Rp689.000" in out
    assert "Rp7.000" in out and "Rp5.000" in out and "tidak menambah tagihan" in out
    assert "JKK, kelompok risiko sedang: 0,89% dari upah" in out
    assert "pu.jkk" not in out and "jkp.from" not in out


def test_the_cli_json_has_a_billed_list_and_a_recomposition_note(capsys):
    assert main([*CLI_2024, "--date", "2024-06-01", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    billed = {line["programme"]: line for line in data["billed"]}
    assert list(billed) == ["JKK", "JKM", "JHT", "JP"]
    assert (billed["JKK"]["employer"], billed["JKM"]["employer"]) == (89_000, 30_000)
    assert data["totals"]["employer"] == sum(line["employer"] for line in billed.values())
    assert data["totals"]["billed"] == 989_000
    recomposition = data["recomposition"]
    assert (recomposition["from_jkk"], recomposition["from_jkm"]) == (7_000, 5_000)
    assert "tidak menambah tagihan" in recomposition["note"]
    rule = next(r for r in billed["JKK"]["rules"] if r["key"] == "pu.jkk.rate.medium")
    assert rule["description"] == "JKK, kelompok risiko sedang: 0,89% dari upah"


def test_every_rule_in_the_table_has_a_name_in_words():
    from paritrana.rules import default_table
    from paritrana.rules.labels import rule_label

    for key in {rule.key for rule in default_table()}:
        assert rule_label(key) != key, key


def test_an_absurd_amount_is_an_input_error_not_a_crash():
    import pytest

    from paritrana.rules import RuleError

    # 10**30 overflowed the 28-digit Decimal arithmetic (InvalidOperation: a 500 on the page and
    # in the API); it is a typo, answered like any other wrong input.
    with pytest.raises(RuleError, match="upah: terlalu besar"):
        calculate(**{**PU_2024, "wage": 10**30})
    with pytest.raises(RuleError, match="nilai kontrak: terlalu besar"):
        calculate(segment="Jakon", on=dt.date(2024, 6, 1), contract_value=10**16)
