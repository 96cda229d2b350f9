"""Text and identifier columns of every input kind: no NIK outside the participant column, no
control or invisible characters, bounded lengths, employer ids trimmed and upper-cased; and the
documented table of what every column accepts is the schema's."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from paritrana.engine.accepts import markdown_table
from paritrana.engine.schemas import SCHEMAS, ColumnType
from paritrana.engine.store import imported_files
from tests.engine import conftest
from tests.engine.conftest import NIKS, find, valid_rows, write_csv

importer = conftest.importer
region_index = conftest.region_index
store_root = conftest.store_root

ROOT = Path(__file__).resolve().parents[2]
TEXT_COLUMNS = [
    (kind, column.name)
    for kind, schema in SCHEMAS.items()
    for column in schema.columns
    if column.type in (ColumnType.TEXT, ColumnType.IDENTIFIER)
]
NIK = NIKS[0]  # 6104...: Ketapang, a kab/kota of the test hierarchy
NIK_FORMS = {
    "alone": NIK,
    "inside text": f"PT Maju {NIK} Jaya",
    "grouped by spaces": "6104 0123 4567 0001",
    "grouped by dots": "6104.0123.4567.0001",
}


def test_every_kind_has_text_columns_under_test():
    assert TEXT_COLUMNS == [
        ("contributions", "employer_id"),
        ("workforce", "source"),
        ("targets", "source"),
        ("employers", "employer_id"),
        ("employers", "name"),
        ("employers", "sector"),
    ]


def _import_with(tmp_path, importer, kind: str, column: str, value: str):
    rows = valid_rows(kind)
    rows[0][column] = value
    return importer(write_csv(tmp_path / f"{kind}.csv", rows, kind=kind), kind)


@pytest.mark.parametrize("form", sorted(NIK_FORMS))
@pytest.mark.parametrize(("kind", "column"), TEXT_COLUMNS)
def test_a_nik_in_any_text_column_is_refused_and_never_shown(
    kind, column, form, tmp_path, importer, store_root
):
    value = NIK_FORMS[form]
    result = _import_with(tmp_path, importer, kind, column, value)

    assert result.status == "rejected"
    problem = find(result, row=2, column=column, code="text.nik")
    assert "NIK" in problem.reason and "participant" in problem.reason
    assert problem.value.replace(" ", "").replace(".", "").count("6104********01") == 1
    shown = repr(result)
    for secret in (NIK, value, "0123 4567", "0123.4567", "01234567"):
        assert secret not in shown
    assert not imported_files(store_root, kind)


NUMBER_COLUMNS = [
    (kind, column.name)
    for kind, schema in SCHEMAS.items()
    for column in schema.columns
    if column.type is ColumnType.INTEGER
]


@pytest.mark.parametrize(("kind", "column"), NUMBER_COLUMNS)
def test_a_nik_in_a_whole_number_column_is_refused(kind, column, tmp_path, importer, store_root):
    result = _import_with(tmp_path, importer, kind, column, NIK)

    assert result.status == "rejected"
    problem = find(result, row=2, column=column, code="integer.nik")
    assert problem.value == "6104********01"
    assert NIK not in repr(result)
    assert not imported_files(store_root, kind)


def test_a_large_amount_that_is_not_nik_shaped_is_accepted(tmp_path, importer):
    result = _import_with(tmp_path, importer, "benefits", "amount", "9999012345670001")
    assert result.status == "imported", result.problems


@pytest.mark.parametrize(
    "value",
    [
        "9999012345670001",  # no kab/kota 99.99: not a NIK
        "61040123456700012",  # 17 digits
        "NPP-61-000123",
        "610401234567",  # 12 digits
    ],
)
def test_numbers_that_are_not_nik_shaped_are_accepted(value, tmp_path, importer):
    result = _import_with(tmp_path, importer, "employers", "name", value)
    assert result.status == "imported", result.problems


@pytest.mark.parametrize(
    ("character", "label"),
    [("\n", "newline"), ("\t", "tab"), ("\u202e", "right-to-left override"), ("\u200b", "zwsp")],
)
@pytest.mark.parametrize(("kind", "column"), TEXT_COLUMNS)
def test_control_and_invisible_characters_are_refused(
    kind, column, character, label, tmp_path, importer
):
    result = _import_with(tmp_path, importer, kind, column, f"AB{character}CD")

    assert result.status == "rejected", label
    problem = find(result, row=2, column=column, code="text.control")
    assert "karakter kendali" in problem.reason


@pytest.mark.parametrize(("kind", "column"), TEXT_COLUMNS)
def test_text_is_bounded_per_column_with_the_limit_in_the_reason(kind, column, tmp_path, importer):
    limit = SCHEMAS[kind].column_index[column].max_length
    assert limit in (64, 100, 200)
    fits = _import_with(tmp_path, importer, kind, column, "A" * limit)
    assert fits.status == "imported", fits.problems
    (tmp_path / "again").mkdir()
    longer = _import_with(tmp_path / "again", importer, kind, column, "B" * (limit + 1))
    assert longer.status == "rejected"
    problem = find(longer, row=2, column=column, code="text.too_long")
    assert problem.reason == f"Teks terlalu panjang: paling banyak {limit} karakter."
    assert problem.file == f"{kind}.csv"


def test_employer_ids_are_trimmed_and_upper_cased(tmp_path, importer, store_root):
    rows = valid_rows("employers")
    rows[0]["employer_id"] = "  npp-61-000123 "
    result = importer(write_csv(tmp_path / "e.csv", rows, kind="employers"), "employers")
    assert result.status == "imported", result.problems
    [path] = imported_files(store_root, "employers")
    stored = duckdb.connect().execute(f"SELECT employer_id FROM '{path}' ORDER BY 1").fetchall()
    assert stored == [("NPP-61-000123",), ("NPP-63-000001",)]


def test_employer_ids_differing_only_in_case_are_the_same_employer(tmp_path, importer):
    rows = valid_rows("employers")
    rows[1]["employer_id"] = rows[0]["employer_id"].lower()
    result = importer(write_csv(tmp_path / "e.csv", rows, kind="employers"), "employers")
    assert result.status == "rejected"
    find(result, row=3, column="employer_id", code="key.duplicate")


def test_contributions_use_the_upper_cased_employer_id(tmp_path, importer, store_root):
    rows = valid_rows("contributions")
    rows[0]["employer_id"] = "npp-61-000123"
    rows[1]["employer_id"] = "NPP-61-000123"
    result = importer(write_csv(tmp_path / "c.csv", rows))
    assert result.status == "imported", result.problems
    ids = duckdb.connect().execute(
        "SELECT DISTINCT employer_id FROM read_parquet(?, hive_partitioning = false) "
        "ORDER BY 1 NULLS FIRST",
        [[str(p) for p in imported_files(store_root, "contributions")]],
    )
    assert ids.fetchall() == [(None,), ("NPP-61-000123",), ("NPP-63-000001",)]


def test_the_documented_column_table_is_the_schema():
    documented = (ROOT / "docs" / "input-columns.md").read_text(encoding="utf-8")
    assert documented == markdown_table() + "\n", (
        "docs/input-columns.md is out of date: regenerate it with "
        "python -c 'from paritrana.engine.accepts import markdown_table; print(markdown_table())'"
    )


EVERY_COLUMN = [
    (kind, column.name)
    for kind, schema in SCHEMAS.items()
    for column in schema.columns
    if column.type is not ColumnType.SECRET
]


@pytest.mark.parametrize(("kind", "column"), EVERY_COLUMN)
def test_a_nik_in_any_column_but_the_participant_never_reaches_the_store_or_the_report(
    kind, column, tmp_path, importer, store_root
):
    result = _import_with(tmp_path, importer, kind, column, NIK)

    assert result.status == "rejected"
    assert any(p.column == column and p.row == 2 for p in result.problems), result.problems
    assert NIK not in repr(result)
    stored = [p for p in store_root.rglob("*") if p.is_file()] if store_root.exists() else []
    assert stored == []


def test_the_participant_column_is_the_one_place_a_nik_is_taken_and_it_is_not_stored(
    tmp_path, importer, store_root
):
    result = importer(write_csv(tmp_path / "c.csv", valid_rows("contributions")))
    assert result.status == "imported", result.problems
    con = duckdb.connect()
    for path in store_root.rglob("*.parquet"):
        text = con.execute(
            f"SELECT string_agg(CAST(COLUMNS(*) AS VARCHAR), '|') FROM read_parquet('{path}', "
            "hive_partitioning = false)"
        ).fetchall()
        assert not any(nik in str(text) for nik in NIKS), path
