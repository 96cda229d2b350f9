"""A NIK however it is written (hyphens, slashes, underscores, any mix of separators, full-width
or other scripts' digits) is refused in every text column and masked wherever a value is shown;
numbers that are not 16 digits (NPWP, phone numbers) are left alone."""

from __future__ import annotations

import re
import unicodedata

import pytest

from paritrana.engine.redact import mask_identifiers
from paritrana.engine.schemas import SCHEMAS, ColumnType
from paritrana.engine.store import imported_files
from tests.engine import conftest
from tests.engine.conftest import find, valid_rows, write_csv

# The fixtures of conftest.py, bound here as well so these tests also run with --noconftest.
importer = conftest.importer
region_index = conftest.region_index
store_root = conftest.store_root

DIGITS = "6104012345670011"  # 61.04: Ketapang, a kab/kota of the test hierarchy
WRITTEN = {
    "hyphens": "6104-0123-4567-0011",
    "slashes": "6104/0123/4567/0011",
    "underscores": "6104_0123_4567_0011",
    "mixed": "6104-0123 4567.0011",
    "spaced hyphens": "6104 - 0123 - 4567 - 0011",
    "en dashes": "6104\u20130123\u20134567\u20130011",
    "no-break spaces": "6104\u00a00123\u00a04567\u00a00011",
    "full-width digits": "\uff16\uff11\uff10\uff14\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17"
    "\uff10\uff10\uff11\uff11",
    "full-width hyphens": "\uff16\uff11\uff10\uff14\uff0d0123\uff0d4567\uff0d0011",
    "arabic-indic digits": "\u0666\u0661\u0660\u0664\u0660\u0661\u0662\u0663\u0664\u0665\u0666"
    "\u0667\u0660\u0660\u0661\u0661",
    "after another number": "12-6104-0123-4567-0011",
    # Excel's en-US thousands format, and groups of four with commas: stored and shown raw
    # before (the dotted form was refused beside them).
    "thousands commas": "6,104,012,345,670,011",
    "comma groups": "6104,0123,4567,0011",
    "full-width commas": "6104\uff0c0123\uff0c4567\uff0c0011",
}
MASKED = "6104********11"
TEXT_COLUMNS = [
    (kind, column.name)
    for kind, schema in SCHEMAS.items()
    for column in schema.columns
    if column.type in (ColumnType.TEXT, ColumnType.IDENTIFIER)
]
EVERY_COLUMN = [
    (kind, column.name)
    for kind, schema in SCHEMAS.items()
    for column in schema.columns
    if column.type is not ColumnType.SECRET
]


def _import_with(tmp_path, importer, kind: str, column: str, value: str):
    rows = valid_rows(kind)
    rows[0][column] = value
    return importer(write_csv(tmp_path / f"{kind}.csv", rows, kind=kind), kind)


def _digits_only(text: str) -> str:
    """`text` with digits of any script as 0-9 and everything but letters and digits removed
    (so a NIK shows however it is grouped)."""
    folded = "".join(
        str(unicodedata.decimal(c, "")) or c for c in unicodedata.normalize("NFKC", text)
    )
    return re.sub(r"[^0-9A-Za-z]", "", folded)


def _leaks(result) -> bool:
    """The NIK's digits, in any script, with any separators, anywhere the result shows text."""
    texts = [result.message, result.file_name]
    texts += [f"{p.file}|{p.column}|{p.value}|{p.reason}" for p in result.problems]
    texts += [f"{c.column}|{c.reason}" for c in result.problem_summary]
    return DIGITS in _digits_only("\n".join(texts))


@pytest.mark.parametrize("form", sorted(WRITTEN))
def test_an_employer_name_holding_a_nik_in_any_writing_is_refused_and_masked(
    form, tmp_path, importer, store_root
):
    result = _import_with(tmp_path, importer, "employers", "name", f"PT Satu {WRITTEN[form]}")

    assert result.status == "rejected", form
    problem = find(result, row=2, column="name", code="text.nik")
    assert problem.file == "employers.csv"
    assert "NIK" in problem.reason and "participant" in problem.reason
    assert problem.value.startswith("PT Satu ") and problem.value.endswith(MASKED)
    assert not _leaks(result)
    assert not imported_files(store_root, "employers")


@pytest.mark.parametrize("form", ["hyphens", "slashes", "full-width digits"])
@pytest.mark.parametrize(("kind", "column"), TEXT_COLUMNS)
def test_every_text_column_refuses_a_nik_with_separators_or_wide_digits(
    kind, column, form, tmp_path, importer, store_root
):
    result = _import_with(tmp_path, importer, kind, column, WRITTEN[form])

    assert result.status == "rejected"
    assert find(result, row=2, column=column, code="text.nik").value == MASKED
    assert not _leaks(result)
    assert not imported_files(store_root, kind)


@pytest.mark.parametrize(("kind", "column"), EVERY_COLUMN)
def test_a_hyphenated_nik_in_any_column_is_never_shown_or_stored(
    kind, column, tmp_path, importer, store_root
):
    result = _import_with(tmp_path, importer, kind, column, WRITTEN["hyphens"])

    assert result.status == "rejected"
    assert any(p.column == column and p.row == 2 for p in result.problems), result.problems
    assert not _leaks(result)
    stored = [p for p in store_root.rglob("*") if p.is_file()] if store_root.exists() else []
    assert stored == []


@pytest.mark.parametrize(
    "value",
    [
        "NPWP 01.234.567.8-901.000",  # 15 digits
        "NPWP 012345678901000",
        "Telp 0812-3456-7890",  # 12 digits
        "Telp +62 812-3456-78901",  # 13 digits
        "Telp (0561) 712-345 / 0812-3456-7890",
        "6104-0123-4567-001",  # 15 digits
        "61040-12345-67000-11",  # 17 digits, no 16 of them between separators
        "9999-0123-4567-0011",  # 16 digits, but 99.99 is no kab/kota
        "\uff16\uff11\uff10\uff14\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff10\uff10"
        "\uff11\uff11\uff12",  # 17 full-width digits
        "Periode 2021-2025",
    ],
)
def test_numbers_that_are_not_16_digits_are_accepted(value, tmp_path, importer):
    result = _import_with(tmp_path, importer, "employers", "name", value)
    assert result.status == "imported", result.problems


@pytest.mark.parametrize("form", sorted(WRITTEN))
def test_masking_hides_a_nik_in_any_writing(form):
    shown = mask_identifiers(f"nama PT Satu {WRITTEN[form]} ditolak")
    assert shown.startswith("nama PT Satu ") and shown.endswith(f"{MASKED} ditolak")
    assert DIGITS not in _digits_only(shown)


@pytest.mark.parametrize(
    "text",
    [
        "NPWP 01.234.567.8-901.000",
        "Telp 0812-3456-7890",
        "61040-12345-67000-11",
        "impor 2025-01-31 12:00:00, baris 1234567",
        "baris 10, 11, 12, 13, 14, 15, 16, 17",  # a list is no grouping
        "Rp1,234,567,890",
    ],
)
def test_masking_leaves_other_numbers_alone(text):
    assert mask_identifiers(text) == text


@pytest.mark.parametrize("form", ["thousands commas", "comma groups"])
def test_a_nik_with_commas_in_a_number_column_is_refused_masked(
    form, tmp_path, importer, store_root
):
    """Refused only for its thousands separator, the value unmasked, in the problems stored,
    the page and the workbook."""
    result = _import_with(tmp_path, importer, "employers", "reported_workforce", WRITTEN[form])
    assert result.status == "rejected"
    assert any(p.column == "reported_workforce" and p.row == 2 for p in result.problems)
    assert not _leaks(result)
