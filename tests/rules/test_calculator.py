"""The contribution calculator, against hand-computed cases (arithmetic in the comments)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paritrana.errors import DomainError
from paritrana.rules import RISK_GROUPS, RuleError, RulesTable, calculate, default_table

D = dt.date


def amounts(result, programme):
    row = result.programme(programme)
    assert row is not None, f"{programme} missing"
    return row.employer, row.worker


def totals(result):
    return result.total_employer, result.total_worker


def without_jkp():
    return RulesTable(rule for rule in default_table() if not rule.key.startswith("jkp."))


# --- PU and the JP wage cap -------------------------------------------------------------------


def test_pu_2016_below_the_jp_cap():
    result = calculate(segment="PU", on=D(2016, 6, 1), wage=5_000_000, risk="low")
    # JKK 0.54% x 5,000,000 = 27,000; JKM 0.30% = 15,000 (no JKP before 2021-02-02)
    assert amounts(result, "JKK") == (27_000, 0)
    assert amounts(result, "JKM") == (15_000, 0)
    # JHT 3.7% = 185,000 and 2% = 100,000
    assert amounts(result, "JHT") == (185_000, 100_000)
    # JP: 5,000,000 < cap 7,335,300 -> 2% = 100,000, 1% = 50,000
    assert amounts(result, "JP") == (100_000, 50_000)
    assert result.programme("JP").base == 5_000_000
    assert result.programme("JKP") is None
    # employer 27,000 + 15,000 + 185,000 + 100,000 = 327,000; worker 150,000
    assert totals(result) == (327_000, 150_000)
    assert result.total == 477_000


def test_pu_2016_above_the_jp_cap():
    result = calculate(segment="PU", on=D(2016, 6, 1), wage=10_000_000, risk="medium")
    # JP base = cap 7,335,300 (March 2016): 2% = 146,706; 1% = 73,353
    assert amounts(result, "JP") == (146_706, 73_353)
    assert result.programme("JP").base == 7_335_300
    # employer 89,000 (JKK 0.89%) + 30,000 + 370,000 + 146,706 = 635,706; worker 200,000 + 73,353
    assert totals(result) == (635_706, 273_353)
    assert any("batas upah JP Rp7.335.300" in note for note in result.notes)
    assert any(r.key == "pu.jp.wage_cap" and not r.verified for r in result.rules)


def test_pu_2024_above_the_jp_cap_with_jkp():
    result = calculate(segment="PU", on=D(2024, 6, 1), wage=12_000_000, risk="high")
    # JKP base min(12,000,000, 5,000,000) = 5,000,000: government 0.22% = 11,000,
    # from JKK 0.14% = 7,000, from JKM 0.10% = 5,000 (still recomposed before Feb 2025)
    jkp = result.jkp
    assert (jkp.base, jkp.government, jkp.from_jkk, jkp.from_jkm, jkp.total) == (
        5_000_000,
        11_000,
        7_000,
        5_000,
        23_000,
    )
    # Billed in full: JKK 1.27% x 12,000,000 = 152,400; JKM 0.30% = 36,000; no JKP line
    assert amounts(result, "JKK") == (152_400, 0)
    assert amounts(result, "JKM") == (36_000, 0)
    assert result.programme("JKP") is None
    # JHT 444,000 / 240,000; JP on cap 10,042,300: 200,846 / 100,423
    assert amounts(result, "JHT") == (444_000, 240_000)
    assert amounts(result, "JP") == (200_846, 100_423)
    # employer 152,400 + 36,000 + 444,000 + 200,846 = 833,246
    assert totals(result) == (833_246, 340_423)


def test_pu_2025_jkp_takes_only_from_jkk():
    result = calculate(segment="PU", on=D(2025, 6, 1), wage=12_000_000, risk="high")
    # From 2025-02-01: JKP = 0.22% government + 0.14% from JKK, nothing from JKM
    assert (result.jkp.government, result.jkp.from_jkk, result.jkp.from_jkm) == (11_000, 7_000, 0)
    assert amounts(result, "JKK") == (152_400, 0)
    assert amounts(result, "JKM") == (36_000, 0)
    assert result.programme("JKP") is None
    # JP cap March 2025 10,547,400 (unverified): 210,948 / 105,474
    assert amounts(result, "JP") == (210_948, 105_474)
    # employer 152,400 + 36,000 + 444,000 + 210,948 = 843,348
    assert totals(result) == (843_348, 345_474)


def test_jkp_starts_on_2021_02_02_with_the_2021_recomposition():
    before = calculate(segment="PU", on=D(2021, 2, 1), wage=4_000_000, risk="medium")
    assert before.jkp is None and before.programme("JKP") is None
    assert any("JKP belum berlaku" in note for note in before.notes)
    result = calculate(segment="PU", on=D(2021, 6, 1), wage=4_000_000, risk="medium")
    # base 4,000,000 (< JKP cap): government 8,800; from JKK 5,600; from JKM 4,000
    assert (result.jkp.government, result.jkp.from_jkk, result.jkp.from_jkm) == (
        8_800,
        5_600,
        4_000,
    )
    # Billed in full: JKK 0.89% x 4,000,000 = 35,600; JKM 12,000; the 9,600 stays inside them
    assert amounts(result, "JKK") == (35_600, 0)
    assert amounts(result, "JKM") == (12_000, 0)
    assert result.programme("JKP") is None
    # employer 35,600 + 12,000 + 148,000 + 80,000 = 275,600
    assert result.total_employer == 275_600


@pytest.mark.parametrize("on", [D(2021, 6, 1), D(2024, 6, 1), D(2025, 6, 1)])
def test_jkp_does_not_change_what_the_employer_pays(on):
    args = {"segment": "PU", "on": on, "wage": 7_654_321, "risk": "very_low"}
    with_jkp = calculate(**args)
    plain = calculate(**args, table=without_jkp())
    assert with_jkp.jkp is not None and plain.jkp is None
    assert with_jkp.total_employer == plain.total_employer
    assert with_jkp.total_worker == plain.total_worker


# --- JP and the pension age -------------------------------------------------------------------


def test_no_jp_at_pension_age():
    result = calculate(segment="PU", on=D(2022, 6, 1), wage=5_000_000, risk="very_low", age=58)
    assert result.programme("JP") is None
    assert "JP tidak dipungut: usia 58 >= usia pensiun 58 pada 2022 (1 Juni 2022)." in result.notes
    # JKK 12,000 + JKM 15,000 + JHT 185,000 = 212,000; worker 100,000
    assert totals(result) == (212_000, 100_000)


def test_jp_below_pension_age():
    result = calculate(segment="PU", on=D(2022, 6, 1), wage=5_000_000, risk="very_low", age=57)
    # 2% and 1% of 5,000,000
    assert amounts(result, "JP") == (100_000, 50_000)
    assert not any("usia tidak diisi" in note for note in result.notes)


def test_jp_without_age_is_charged_and_says_so():
    result = calculate(segment="PU", on=D(2019, 1, 1), wage=5_000_000, risk="low")
    assert result.programme("JP") is not None
    assert any(note.startswith("usia tidak diisi: JP dihitung") for note in result.notes)
    # age 57 on the day the pension age became 57
    stopped = calculate(segment="PU", on=D(2019, 1, 1), wage=5_000_000, risk="low", age=57)
    assert stopped.programme("JP") is None


# --- the JKK discount -------------------------------------------------------------------------


def test_jkk_discount_inside_its_window():
    result = calculate(
        segment="PU", on=D(2025, 6, 1), wage=20_000_000, risk="very_high", discount_eligible=True
    )
    # JKK 1.74% x 20,000,000 = 348,000; without the JKP part 0.14% x 5,000,000 = 7,000 it is
    # 341,000; 50% discount = 170,500 -> billed 348,000 - 170,500 = 177,500
    assert amounts(result, "JKK") == (177_500, 0)
    assert result.programme("JKK").discount == 170_500
    assert any("Asumsi" in note for note in result.notes)
    assert any(r.key == "jkk.discount" and not r.verified for r in result.rules)


@pytest.mark.parametrize(
    ("on", "applies"),
    [
        (D(2025, 1, 31), False),
        (D(2025, 2, 1), True),
        (D(2026, 1, 31), True),
        (D(2026, 2, 1), False),
    ],
)
def test_jkk_discount_window_edges(on, applies):
    result = calculate(
        segment="PU", on=on, wage=20_000_000, risk="very_high", discount_eligible=True
    )
    assert amounts(result, "JKK")[0] == (177_500 if applies else 348_000)
    if not applies:
        assert any("Diskon JKK tidak berlaku" in note for note in result.notes)


def test_jkk_discount_needs_eligibility():
    result = calculate(segment="PU", on=D(2025, 6, 1), wage=20_000_000, risk="very_high")
    assert amounts(result, "JKK") == (348_000, 0)
    assert result.programme("JKK").discount == 0


def test_jkk_discount_rounds_half_up():
    result = calculate(
        segment="PU", on=D(2025, 6, 1), wage=3_333_333, risk="very_low", discount_eligible=True
    )
    # JKK 0.24% x 3,333,333 = 7,999.9992 -> 8,000; JKP part 0.14% = 4,666.6662 -> 4,667;
    # net 3,333; discount 50% = 1,666.5 -> 1,667; billed 8,000 - 1,667 = 6,333
    assert amounts(result, "JKK") == (6_333, 0)
    assert result.programme("JKK").discount == 1_667


# --- rounding ---------------------------------------------------------------------------------


def test_each_amount_is_rounded_once_half_up():
    result = calculate(segment="PU", on=D(2020, 6, 1), wage=1_000_025, risk="very_low")
    # JKK 0.24% = 2,400.06 -> 2,400; JKM 0.30% = 3,000.075 -> 3,000
    # JHT 3.7% = 37,000.925 -> 37,001; 2% = 20,000.5 -> 20,001 (half up, not half even)
    # JP 2% = 20,000.5 -> 20,001; 1% = 10,000.25 -> 10,000
    assert amounts(result, "JKK") == (2_400, 0)
    assert amounts(result, "JKM") == (3_000, 0)
    assert amounts(result, "JHT") == (37_001, 20_001)
    assert amounts(result, "JP") == (20_001, 10_000)
    # totals are sums of rounded amounts: 2,400 + 3,000 + 37,001 + 20,001 = 62,402
    assert totals(result) == (62_402, 30_001)


# --- BPU --------------------------------------------------------------------------------------


def test_bpu_at_the_jkk_floor():
    result = calculate(segment="BPU", on=D(2024, 6, 1), income=500_000)
    # 1% x 500,000 = 5,000 < minimum 10,000; JKM flat 6,800; no JHT
    assert amounts(result, "JKK") == (0, 10_000)
    assert amounts(result, "JKM") == (0, 6_800)
    assert result.programme("JHT") is None
    assert totals(result) == (0, 16_800)
    assert any("minimum Rp10.000" in note for note in result.notes)


def test_bpu_at_the_jkk_ceiling_with_jht():
    result = calculate(segment="BPU", on=D(2024, 6, 1), income=30_000_000, bpu_jht=True)
    # 1% x 30,000,000 = 300,000 > maximum 207,000; JHT 2% = 600,000
    assert amounts(result, "JKK") == (0, 207_000)
    assert amounts(result, "JHT") == (0, 600_000)
    # 207,000 + 6,800 + 600,000 = 813,800, all paid by the participant
    assert totals(result) == (0, 813_800)
    assert result.programme("JP") is None and result.jkp is None


def test_bpu_between_the_bounds_rounds_half_up():
    result = calculate(segment="BPU", on=D(2024, 6, 1), income=1_234_550, bpu_jht=True)
    # JKK 1% = 12,345.5 -> 12,346; JHT 2% = 24,691
    assert amounts(result, "JKK") == (0, 12_346)
    assert amounts(result, "JHT") == (0, 24_691)


# --- Jakon ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contract", "jkk", "jkm"),
    [
        # 50 M x 0.21% = 105,000; x 0.03% = 15,000
        (50_000_000, 105_000, 15_000),
        # exactly on the first threshold
        (100_000_000, 210_000, 30_000),
        # 100 M x 0.21% + 400 M x 0.17% + 500 M x 0.13% + 1 bn x 0.11%
        #   = 210,000 + 680,000 + 650,000 + 1,100,000 = 2,640,000
        # 100 M x 0.03% + 400 M x 0.02% + 500 M x 0.02% + 1 bn x 0.01%
        #   = 30,000 + 80,000 + 100,000 + 100,000 = 310,000
        (2_000_000_000, 2_640_000, 310_000),
        # + 3 bn more in tier 4 (3,300,000 / 300,000) + 2 bn x 0.09% / 0.01% (1,800,000 / 200,000)
        #   JKK 210,000 + 680,000 + 650,000 + 4,400,000 + 1,800,000 = 7,740,000
        #   JKM 30,000 + 80,000 + 100,000 + 400,000 + 200,000 = 810,000
        (7_000_000_000, 7_740_000, 810_000),
        # 100 M in tier 1 + 23,456,789 x 0.17% = 39,876.54 -> 249,876.54 -> 249,877
        # JKM 30,000 + 23,456,789 x 0.02% = 4,691.36 -> 34,691
        (123_456_789, 249_877, 34_691),
    ],
)
def test_jakon_marginal_tiers(contract, jkk, jkm):
    result = calculate(segment="Jakon", on=D(2024, 6, 1), contract_value=contract)
    assert amounts(result, "JKK") == (jkk, 0)
    assert amounts(result, "JKM") == (jkm, 0)
    assert [p.programme for p in result.programmes] == ["JKK", "JKM"]
    assert totals(result) == (jkk + jkm, 0)


# --- input handling and errors ----------------------------------------------------------------


@pytest.mark.parametrize("risk", ["very-high", "Very_High", "sangat_tinggi", "Sangat Tinggi"])
def test_risk_groups_accept_hyphens_and_indonesian_names(risk):
    result = calculate(segment="pu", on=D(2020, 6, 1), wage=1_000_000, risk=risk)
    assert result.inputs["risk"] == "very_high"
    assert amounts(result, "JKK") == (17_400, 0)  # 1.74% x 1,000,000


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"segment": "PU", "on": D(2015, 6, 30), "wage": 1, "risk": "low"}, "date", "1 Juli 2015"),
        ({"segment": "BPU", "on": D(2020, 12, 31), "income": 1}, "date", "1 Januari 2021"),
        ({"segment": "PU", "on": D(2027, 3, 1), "wage": 1, "risk": "low"}, "date", "belum dimuat"),
        ({"segment": "PU", "on": D(2024, 1, 1), "wage": -1, "risk": "low"}, "wage", "negatif"),
        ({"segment": "PU", "on": D(2024, 1, 1), "wage": 1, "risk": "extreme"}, "risk", "extreme"),
        ({"segment": "PU", "on": D(2024, 1, 1), "risk": "low"}, "wage", "wajib"),
        ({"segment": "PU", "on": D(2024, 1, 1), "wage": 1}, "risk", "wajib"),
        (
            {"segment": "PU", "on": D(2024, 1, 1), "wage": 1, "risk": "low", "age": -3},
            "age",
            "usia",
        ),
        ({"segment": "PU", "on": D(2024, 1, 1), "wage": 1.5, "risk": "low"}, "wage", "bulat"),
        ({"segment": "PU", "on": D(2024, 1, 1), "wage": True, "risk": "low"}, "wage", "bulat"),
        ({"segment": "BPU", "on": D(2024, 1, 1)}, "income", "wajib"),
        ({"segment": "BPU", "on": D(2024, 1, 1), "income": -5}, "income", "negatif"),
        ({"segment": "BPU", "on": D(2024, 1, 1), "wage": 5}, "wage", "tidak dipakai"),
        ({"segment": "Jakon", "on": D(2024, 1, 1)}, "contract_value", "wajib"),
        (
            {"segment": "Jakon", "on": D(2024, 1, 1), "contract_value": -1},
            "contract_value",
            "negatif",
        ),
        (
            {"segment": "Jakon", "on": D(2024, 1, 1), "contract_value": 1, "risk": "low"},
            "risk",
            "Jakon",
        ),
        (
            {"segment": "BPU", "on": D(2024, 1, 1), "income": 1, "discount_eligible": True},
            "discount",
            "tidak dipakai untuk segmen BPU",
        ),
        ({"segment": "PMI", "on": D(2024, 1, 1)}, "segment", "PMI"),
        ({"segment": "PU", "on": "2024-01-01", "wage": 1, "risk": "low"}, "date", "tanggal"),
    ],
)
def test_bad_input_is_a_rule_error_naming_the_field(kwargs, field, message):
    with pytest.raises(RuleError, match=message) as caught:
        calculate(**kwargs)
    assert caught.value.field == field
    # The project's one error type: the API answers it 422 with its message, the CLI in a line.
    assert isinstance(caught.value, DomainError)
    assert (caught.value.http_status, caught.value.code) == (422, "invalid")


def test_to_dict_is_json_with_integer_rupiah():
    result = calculate(segment="PU", on=D(2024, 6, 1), wage=12_000_000, risk="high", age=30)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["segment"] == "PU" and data["date"] == "2024-06-01"
    assert data["totals"] == {"employer": 833_246, "worker": 340_423, "billed": 1_173_669}
    assert data["recomposition"]["from_jkk"] == 7_000
    assert data["recomposition"]["government"] == 11_000
    jp = next(p for p in data["billed"] if p["programme"] == "JP")
    assert jp["base"] == 10_042_300
    assert {
        "key": "pu.jp.wage_cap",
        "label": "Batas upah JP",
        "description": "Batas upah JP: Rp10.042.300",
        "value": "10042300",
        "unit": "rupiah",
        "valid_from": "2024-03-01",
        "valid_to": "2025-02-28",
        "basis": "PP 45/2015 pasal 28-29; surat BPJS Ketenagakerjaan",
        "verified": True,
    } in jp["rules"]
    assert "jkp.wage_cap" in data["unverified_rules"]
    for programme in data["billed"]:
        for party in ("employer", "worker", "total"):
            assert type(programme[party]) is int


# --- properties -------------------------------------------------------------------------------

dates = st.dates(min_value=D(2015, 7, 1), max_value=D(2027, 2, 28))
wages = st.integers(min_value=0, max_value=500_000_000)


@settings(max_examples=200, deadline=None)
@given(on=dates, wage=wages, risk=st.sampled_from(RISK_GROUPS), discount=st.booleans())
def test_pu_amounts_are_non_negative_integers(on, wage, risk, discount):
    result = calculate(segment="PU", on=on, wage=wage, risk=risk, discount_eligible=discount)
    for programme in result.programmes:
        for amount in (programme.employer, programme.worker):
            assert type(amount) is int and amount >= 0
    assert result.total == result.total_employer + result.total_worker


@settings(max_examples=200, deadline=None)
@given(
    on=dates,
    wage=wages,
    step=st.integers(min_value=0, max_value=2_000_000),
    risk=st.sampled_from(RISK_GROUPS),
)
def test_pu_totals_never_fall_when_the_wage_rises(on, wage, step, risk):
    low = calculate(segment="PU", on=on, wage=wage, risk=risk)
    high = calculate(segment="PU", on=on, wage=wage + step, risk=risk)
    assert high.total_employer >= low.total_employer
    assert high.total_worker >= low.total_worker
    assert high.total >= low.total


@settings(max_examples=100, deadline=None)
@given(
    on=st.dates(min_value=D(2021, 2, 2), max_value=D(2027, 2, 28)),
    wage=wages,
    risk=st.sampled_from(RISK_GROUPS),
)
def test_jkp_recomposition_never_changes_the_employer_total(on, wage, risk):
    with_jkp = calculate(segment="PU", on=on, wage=wage, risk=risk)
    plain = calculate(segment="PU", on=on, wage=wage, risk=risk, table=without_jkp())
    assert with_jkp.total_employer == plain.total_employer


@settings(max_examples=100, deadline=None)
@given(
    value=st.integers(min_value=0, max_value=50_000_000_000),
    step=st.integers(min_value=0, max_value=5_000_000_000),
)
def test_jakon_is_monotone_in_contract_value(value, step):
    low = calculate(segment="Jakon", on=D(2024, 1, 1), contract_value=value)
    high = calculate(segment="Jakon", on=D(2024, 1, 1), contract_value=value + step)
    assert high.total_employer >= low.total_employer >= 0
