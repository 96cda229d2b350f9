"""An Excel error value saved into a CSV (#N/A, #VALUE!, #REF!, ...: Excel writes a failed formula
as that text) is refused in any column, with its file, row, column and reason, and nothing lands.
Before the fix a text column stored it: an employer named "#N/A" on the coverage pages. Number,
date and month columns refused it only as a format problem, which did not say what it was."""

from __future__ import annotations

import pytest

from tests.engine import conftest
from tests.engine.conftest import NIKS, find, listing, valid_rows, write_csv

# The fixtures of conftest.py, bound here as well so these tests also run with --noconftest.
importer = conftest.importer
region_index = conftest.region_index
store_root = conftest.store_root

# What Excel writes for a failed formula (ERROR.TYPE's values and the newer ones).
ERRORS = (
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CONNECT!",
    "#BLOCKED!",
    "#UNKNOWN!",
    "#FIELD!",
    "#CALC!",
    "#BUSY!",
    "#EXTERNAL!",
    "#PYTHON!",
)
FIX = "perbaiki rumusnya atau isi nilainya"
NOT_BLANK = "Sel galat tidak dibaca sebagai kosong"


def employers(tmp_path, **changes: dict[str, str]):
    """The valid employers file, each row (by its employer_id) with `changes` applied."""
    rows = valid_rows("employers")
    for row in rows:
        row.update(changes.get(row["employer_id"].replace("-", "_"), {}))
    return write_csv(tmp_path / "pemberi-kerja.csv", rows, kind="employers")


def test_na_in_a_text_column_is_refused_naming_file_row_column_and_error(
    tmp_path, importer, store_root
):
    first = importer(employers(tmp_path), "employers")
    assert first.status == "imported"
    before = listing(store_root)
    path = write_csv(
        tmp_path / "pemberi-kerja-baru.csv",
        [
            {**valid_rows("employers")[0], "employer_id": "NPP-61-000999", "name": "#N/A"},
            {**valid_rows("employers")[1], "employer_id": "NPP-63-000999"},
        ],
        kind="employers",
    )

    result = importer(path, "employers")

    assert result.status == "rejected"
    assert "tidak ada yang diubah" in result.message
    (problem,) = result.problems
    assert problem == find(result, row=2, column="name", code="xlsx.error")
    assert problem.file == "pemberi-kerja-baru.csv"
    assert problem.value == "#N/A"
    assert problem.reason == (
        f"Sel berisi galat Excel #N/A; {FIX}. {NOT_BLANK}, karena sel kosong berarti tidak "
        "dilaporkan."
    )
    assert [(c.column, c.code, c.count) for c in result.problem_summary] == [
        ("name", "xlsx.error", 1)
    ]
    assert listing(store_root) == before


def test_na_in_an_amount_column_names_the_excel_error_not_a_format_error(
    tmp_path, importer, store_root
):
    rows = valid_rows("contributions")
    rows[0]["paid_jkk"] = "#N/A"
    rows[2]["employer_id"] = "#VALUE!"
    path = write_csv(tmp_path / "iuran.csv", rows)

    result = importer(path)

    assert result.status == "rejected"
    found = sorted((p.row, p.column, p.code, p.value) for p in result.problems)
    assert found == [
        (2, "paid_jkk", "xlsx.error", "#N/A"),
        (4, "employer_id", "xlsx.error", "#VALUE!"),
    ]
    amount = find(result, row=2, column="paid_jkk", code="xlsx.error")
    assert amount.file == "iuran.csv"
    assert amount.reason.startswith(f"Sel berisi galat Excel #N/A; {FIX}.")
    employer = find(result, row=4, column="employer_id", code="xlsx.error")
    assert employer.reason.startswith(f"Sel berisi galat Excel #VALUE!; {FIX}.")
    summary = {(c.column, c.code): c for c in result.problem_summary}
    assert {key: c.count for key, c in summary.items()} == {
        ("paid_jkk", "xlsx.error"): 1,
        ("employer_id", "xlsx.error"): 1,
    }
    assert "#N/A" in summary["paid_jkk", "xlsx.error"].reason
    assert listing(store_root) == {}


@pytest.mark.parametrize("error", ERRORS)
def test_every_excel_error_is_refused_in_a_text_column(error, tmp_path, importer, store_root):
    path = employers(tmp_path, NPP_63_000001={"sector": error})

    result = importer(path, "employers")

    assert result.status == "rejected"
    problem = find(result, row=3, column="sector", code="xlsx.error")
    assert problem.value == error
    assert f"galat Excel {error};" in problem.reason and FIX in problem.reason
    assert listing(store_root) == {}


def test_any_case_and_surrounding_spaces_are_the_same_error(tmp_path, importer, store_root):
    path = employers(tmp_path, NPP_61_000123={"name": "  #n/a "}, NPP_63_000001={"sector": "#Ref!"})

    result = importer(path, "employers")

    assert result.status == "rejected"
    name = find(result, row=2, column="name", code="xlsx.error")
    assert name.value == "#n/a"
    assert name.reason.startswith("Sel berisi galat Excel #N/A;")  # as Excel writes it
    sector = find(result, row=3, column="sector", code="xlsx.error")
    assert sector.reason.startswith("Sel berisi galat Excel #REF!;")
    assert listing(store_root) == {}


@pytest.mark.parametrize(
    ("column", "error"),
    [
        ("month", "#REF!"),
        ("due_date", "#VALUE!"),
        ("wage", "#DIV/0!"),
        ("segment", "#N/A"),
        ("programmes", "#NAME?"),
        ("kabkota_code", "#N/A"),
        ("village_code", "#NULL!"),
    ],
)
def test_an_error_in_a_typed_column_is_one_problem_naming_it(
    column, error, tmp_path, importer, store_root
):
    rows = valid_rows("contributions")
    rows[1][column] = error
    path = write_csv(tmp_path / "iuran.csv", rows)

    result = importer(path)

    assert result.status == "rejected"
    here = [p for p in result.problems if (p.row, p.column) == (3, column)]
    assert [(p.code, p.value) for p in here] == [("xlsx.error", error)]
    assert here[0].reason.startswith(f"Sel berisi galat Excel {error};")
    assert listing(store_root) == {}


def test_an_error_in_the_participant_column_is_refused_and_still_masked(
    tmp_path, importer, store_root
):
    rows = valid_rows("contributions")
    rows[3]["participant"] = "#N/A"
    path = write_csv(tmp_path / "iuran.csv", rows)

    result = importer(path)

    assert result.status == "rejected"
    (problem,) = result.problems
    assert problem == find(result, row=5, column="participant", code="xlsx.error")
    assert problem.value != "#N/A"  # the participant column shows no value at all
    assert problem.reason.startswith("Sel berisi galat Excel (#N/A, #VALUE!")
    assert NIKS[2] not in repr(result)
    assert listing(store_root) == {}


def test_text_that_only_looks_like_an_error_is_accepted(tmp_path, importer, store_root):
    path = employers(
        tmp_path,
        NPP_61_000123={"name": "PT #1 Jaya", "sector": "#N/A Sawit"},
        NPP_63_000001={"name": "CV #REF Banua", "sector": "#NA"},
    )

    result = importer(path, "employers")

    assert result.status == "imported", result.problems
    assert result.rows_written == 2
