"""The rules table: the packaged CSV is complete and honest, and the loader is strict."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from paritrana.rules import RuleError, default_table, parse_rules

D = dt.date
HEADER = "key,value,unit,valid_from,valid_to,basis,verified,note\n"


@pytest.fixture(scope="module")
def table():
    return default_table()


def value(table, key, on):
    return table.lookup(key, on).value


def test_it_loads_the_packaged_table(table):
    assert len(table) > 50
    for key in (
        "pu.jkk.rate.very_low",
        "pu.jkk.rate.very_high",
        "pu.jkm.rate",
        "pu.jht.employer",
        "pu.jht.worker",
        "pu.jp.employer",
        "pu.jp.worker",
        "pu.jp.wage_cap",
        "pu.jp.pension_age",
        "jkp.government",
        "jkp.from_jkk",
        "jkp.from_jkm",
        "jkp.wage_cap",
        "jkk.discount",
        "bpu.jkk.rate",
        "bpu.jkk.min",
        "bpu.jkk.max",
        "bpu.jkm.flat",
        "bpu.jht.rate",
        "jakon.tier5.jkk",
    ):
        assert key in table, key


def test_it_holds_every_value_of_the_domain_table(table):
    on = D(2024, 6, 1)
    rates = {"very_low": "0.24", "low": "0.54", "medium": "0.89", "high": "1.27"}
    rates["very_high"] = "1.74"
    for group, rate in rates.items():
        assert value(table, f"pu.jkk.rate.{group}", on) == Decimal(rate)
    assert value(table, "pu.jkm.rate", on) == Decimal("0.30")
    assert value(table, "pu.jht.employer", on) + value(table, "pu.jht.worker", on) == Decimal("5.7")
    assert value(table, "pu.jp.employer", on) == 2
    assert value(table, "pu.jp.worker", on) == 1
    assert value(table, "jkp.government", D(2021, 2, 2)) == Decimal("0.22")
    assert value(table, "jkp.from_jkk", D(2021, 2, 2)) == Decimal("0.14")
    assert value(table, "jkp.from_jkm", D(2025, 1, 31)) == Decimal("0.10")
    assert value(table, "jkp.from_jkm", D(2025, 2, 1)) == 0
    assert value(table, "jkp.wage_cap", on) == 5_000_000
    assert value(table, "jkk.discount", D(2025, 2, 1)) == 50
    assert value(table, "bpu.jkk.rate", on) == 1
    assert value(table, "bpu.jkk.min", on) == 10_000
    assert value(table, "bpu.jkk.max", on) == 207_000
    assert value(table, "bpu.jkm.flat", on) == 6_800
    assert value(table, "bpu.jht.rate", on) == 2
    tiers = [
        (100_000_000, "0.21", "0.03"),
        (500_000_000, "0.17", "0.02"),
        (1_000_000_000, "0.13", "0.02"),
        (5_000_000_000, "0.11", "0.01"),
        (None, "0.09", "0.01"),
    ]
    for number, (upper, jkk, jkm) in enumerate(tiers, 1):
        upper_rule = table.find(f"jakon.tier{number}.upper", on)
        assert (upper_rule.value if upper_rule else None) == upper
        assert value(table, f"jakon.tier{number}.jkk", on) == Decimal(jkk)
        assert value(table, f"jakon.tier{number}.jkm", on) == Decimal(jkm)


@pytest.mark.parametrize(
    ("on", "cap"),
    [
        (D(2015, 7, 1), 7_000_000),
        (D(2016, 2, 29), 7_000_000),
        (D(2016, 3, 1), 7_335_300),
        (D(2021, 6, 1), 8_754_600),
        (D(2023, 3, 1), 9_559_600),
        (D(2024, 6, 1), 10_042_300),
        (D(2025, 3, 1), 10_547_400),
        (D(2026, 3, 1), 11_086_300),
        (D(2027, 2, 28), 11_086_300),
    ],
)
def test_it_looks_up_the_jp_wage_cap_in_force(table, on, cap):
    assert table.lookup("pu.jp.wage_cap", on).value == cap


@pytest.mark.parametrize(
    ("on", "age"),
    [
        (D(2015, 7, 1), 56),
        (D(2018, 12, 31), 56),
        (D(2019, 1, 1), 57),
        (D(2022, 1, 1), 58),
        (D(2025, 1, 1), 59),
        (D(2028, 1, 1), 60),
        (D(2042, 12, 31), 64),
        (D(2043, 1, 1), 65),
        (D(2090, 1, 1), 65),
    ],
)
def test_pension_age_rises_one_year_every_three_years_up_to_65(table, on, age):
    assert table.lookup("pu.jp.pension_age", on).value == age


@pytest.mark.parametrize("key", ["pu.jp.wage_cap", "pu.jp.pension_age", "jkp.from_jkm"])
def test_dated_series_have_no_gaps(table, key):
    rows = table.history(key)
    for earlier, later in itertools.pairwise(rows):
        assert earlier.valid_to + dt.timedelta(days=1) == later.valid_from


def test_every_domain_unverified_item_is_flagged_unverified(table):
    # DOMAIN.md marks as unverified: the JKK discount end date (Jan 2026, PP 36/2025), the JP
    # wage caps of March 2025 and March 2026, and the JKP wage cap of 5,000,000.
    assert not table.lookup("jkk.discount", D(2025, 6, 1)).verified
    assert not table.lookup("pu.jp.wage_cap", D(2025, 3, 1)).verified
    assert not table.lookup("pu.jp.wage_cap", D(2026, 3, 1)).verified
    assert not table.lookup("jkp.wage_cap", D(2021, 2, 2)).verified
    # Intermediate JP caps (2016-2022) come only from secondary sources.
    for year in range(2016, 2023):
        rule = table.lookup("pu.jp.wage_cap", D(year, 6, 1))
        assert not rule.verified
        assert "not in DOMAIN.md" in rule.note
    # BPU rows: the start date is not verified.
    assert all(not rule.verified for rule in table if rule.key.startswith("bpu."))
    # What DOMAIN.md does state is not flagged.
    for year in (2015, 2023, 2024):
        assert table.lookup("pu.jp.wage_cap", D(year, 9, 1)).verified


def test_every_row_names_its_legal_basis(table):
    assert all(rule.basis for rule in table)


def test_lookup_before_the_first_rule_names_the_date_and_the_start(table):
    with pytest.raises(RuleError, match=r"30 Juni 2015.*1 Juli 2015") as caught:
        table.lookup("pu.jkm.rate", D(2015, 6, 30))
    assert caught.value.field == "date"


def test_lookup_after_the_last_loaded_cap_says_it_is_not_loaded(table):
    with pytest.raises(RuleError, match="belum dimuat"):
        table.lookup("pu.jp.wage_cap", D(2027, 3, 1))


def test_lookup_of_an_unknown_key_is_an_error(table):
    with pytest.raises(RuleError, match=r"pu\.jkk\.rate\.extreme"):
        table.lookup("pu.jkk.rate.extreme", D(2024, 1, 1))


def test_it_rejects_overlapping_periods_of_one_key():
    text = HEADER + (
        "a.rate,1,percent,2020-01-01,2020-12-31,PP 1,true,\n"
        "a.rate,2,percent,2020-12-31,,PP 2,true,\n"
    )
    with pytest.raises(RuleError, match="tumpang tindih"):
        parse_rules(text)


def test_it_rejects_an_open_period_followed_by_another():
    text = HEADER + (
        "a.rate,1,percent,2020-01-01,,PP 1,true,\na.rate,2,percent,2021-01-01,,PP 2,true,\n"
    )
    with pytest.raises(RuleError, match="tumpang tindih"):
        parse_rules(text)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("a,1,pct,2020-01-01,,PP,true,", "satuan 'pct' tidak dikenal"),
        ("a,1,percent,2020-13-01,,PP,true,", "valid_from"),
        ("a,1,percent,2020-01-01,2019-01-01,PP,true,", "sebelum valid_from"),
        ("a,abc,percent,2020-01-01,,PP,true,", "bukan angka"),
        ('a,"1,5",percent,2020-01-01,,PP,true,', "bukan angka"),
        ("a,-1,percent,2020-01-01,,PP,true,", "negatif"),
        ("a,1.5,rupiah,2020-01-01,,PP,true,", "bilangan bulat"),
        ("a,101,percent,2020-01-01,,PP,true,", "lebih dari 100"),
        ("a,1,percent,2020-01-01,,PP,maybe,", "verified"),
        ("a,1,percent,2020-01-01,,,true,", "basis kosong"),
    ],
)
def test_it_rejects_bad_rows_naming_the_line(row, message):
    with pytest.raises(RuleError, match=message) as caught:
        parse_rules(HEADER + row + "\n", source="x.csv")
    assert "x.csv baris 2" in str(caught.value)


def test_it_rejects_a_missing_column():
    with pytest.raises(RuleError, match=r"kolom hilang.*verified"):
        parse_rules("key,value,unit,valid_from,valid_to,basis,note\n")


def test_it_accepts_what_a_spreadsheet_saves():
    # Excel in an Indonesian locale saves with ';', a byte-order mark and blank trailing lines.
    text = (
        "\ufeff"
        + HEADER.replace(",", ";")
        + "a.rate;0.5;Percent;2020-01-01;;PP 1;TRUE;x\n;;;;;;;\n"
    )
    table = parse_rules(text)
    rule = table.lookup("a.rate", D(2020, 5, 1))
    assert (rule.value, rule.unit, rule.verified) == (Decimal("0.5"), "percent", True)
