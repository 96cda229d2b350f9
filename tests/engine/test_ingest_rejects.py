"""Every class of bad input is rejected with its reason in Bahasa Indonesia, at the row and column
the user sees, and the store is left exactly as it was."""

from __future__ import annotations

import pytest

from tests.engine import conftest
from tests.engine.conftest import find, listing, valid_rows, write_csv

# The fixtures of conftest.py, bound here as well so these tests also run with --noconftest.
importer = conftest.importer
region_index = conftest.region_index
store_root = conftest.store_root


@pytest.fixture
def seeded(tmp_path, importer, store_root):
    """A store holding one earlier import, so "unchanged" means something."""
    path = write_csv(tmp_path / "pemberi-kerja.csv", valid_rows("employers"), kind="employers")
    assert importer(path, "employers").status == "imported"
    return listing(store_root)


def edit(kind, index, **cells):
    rows = valid_rows(kind)
    rows[index].update(cells)
    return rows


# (case id, kind, rows, row, column, problem code, words the reason must contain)
CELL_CASES = [
    (
        "required",
        "contributions",
        edit("contributions", 1, wage=""),
        3,
        "wage",
        "required",
        "Wajib diisi",
    ),
    (
        "thousands",
        "contributions",
        edit("contributions", 0, wage="3.500.000"),
        2,
        "wage",
        "integer.thousands",
        "Pemisah ribuan",
    ),
    (
        "thousands-comma",
        "contributions",
        edit("contributions", 0, due_jkk="8,400"),
        2,
        "due_jkk",
        "integer.thousands",
        "Pemisah ribuan",
    ),
    (
        "negative",
        "contributions",
        edit("contributions", 2, paid_jkm="-6800"),
        4,
        "paid_jkm",
        "integer.negative",
        "negatif",
    ),
    (
        "not-integer",
        "contributions",
        edit("contributions", 0, wage="3,5 juta"),
        2,
        "wage",
        "integer.format",
        "Bukan bilangan bulat",
    ),
    (
        "decimal",
        "employers",
        edit("employers", 1, reported_workforce="12.5"),
        3,
        "reported_workforce",
        "integer.format",
        "Bukan bilangan bulat",
    ),
    (
        "too-large",
        "benefits",
        edit("benefits", 0, amount="1" * 20),
        2,
        "amount",
        "integer.too_large",
        "terlalu besar",
    ),
    (
        "percent",
        "targets",
        edit("targets", 0, target_pct="enam puluh"),
        2,
        "target_pct",
        "percent.format",
        "Bukan persentase",
    ),
    (
        "percent-range",
        "targets",
        edit("targets", 1, target_pct="120"),
        3,
        "target_pct",
        "percent.range",
        "antara 0 dan 100",
    ),
    (
        "date",
        "contributions",
        edit("contributions", 0, due_date="2025/02/15"),
        2,
        "due_date",
        "date.format",
        "Bukan tanggal",
    ),
    (
        "date-calendar",
        "contributions",
        edit("contributions", 0, paid_date="2025-02-30"),
        2,
        "paid_date",
        "date.calendar",
        "tidak ada di kalender",
    ),
    (
        "date-range",
        "contributions",
        edit("contributions", 0, paid_date="10/02/1925"),
        2,
        "paid_date",
        "date.range",
        "antara 2000 dan 2100",
    ),
    (
        "month",
        "contributions",
        edit("contributions", 3, month="Feb 25"),
        5,
        "month",
        "month.format",
        "TTTT-BB",
    ),
    (
        "month-calendar",
        "active_counts",
        edit("active_counts", 0, month="2025-13"),
        2,
        "month",
        "month.calendar",
        "01 sampai 12",
    ),
    ("year", "workforce", edit("workforce", 1, year="25"), 3, "year", "year.format", "Bukan tahun"),
    (
        "year-range",
        "targets",
        edit("targets", 2, year="2150"),
        4,
        "year",
        "year.range",
        "antara 2000 dan 2100",
    ),
    (
        "choice",
        "contributions",
        edit("contributions", 2, segment="Informal"),
        4,
        "segment",
        "choice.unknown",
        "PU, BPU, Jakon, PMI",
    ),
    (
        "choice-kind",
        "workforce",
        edit("workforce", 0, base_kind="sakernas"),
        2,
        "base_kind",
        "choice.unknown",
        "sakernas_bekerja",
    ),
    (
        "choices",
        "contributions",
        edit("contributions", 0, programmes="JKK;JKM;JHT;JPK"),
        2,
        "programmes",
        "choices.unknown",
        "tidak dikenal",
    ),
    (
        "choices-empty",
        "contributions",
        edit("contributions", 2, programmes=";"),
        4,
        "programmes",
        "choices.empty",
        "Tidak ada nilai",
    ),
    (
        "bps-kecamatan",
        "active_counts",
        edit("active_counts", 1, region_code="6104010"),
        3,
        "region_code",
        "region.bps",
        "kode BPS",
    ),
    (
        "bps-village",
        "contributions",
        edit("contributions", 0, village_code="6104010001"),
        2,
        "village_code",
        "region.bps",
        "kode BPS",
    ),
    (
        "bps-dotted",
        "targets",
        edit("targets", 0, region_code="61.04.010"),
        2,
        "region_code",
        "region.bps",
        "kode BPS",
    ),
    (
        "code-format",
        "employers",
        edit("employers", 0, kabkota_code="61-04"),
        2,
        "kabkota_code",
        "region.format",
        "Bukan kode wilayah Kemendagri",
    ),
    (
        "code-unknown",
        "benefits",
        edit("benefits", 1, region_code="99.99"),
        3,
        "region_code",
        "region.unknown",
        "tidak ada dalam daftar",
    ),
    (
        "kabkota-level",
        "contributions",
        edit("contributions", 2, kabkota_code="61"),
        4,
        "kabkota_code",
        "region.level",
        "Harus kode kabupaten/kota",
    ),
    (
        "village-level",
        "contributions",
        edit("contributions", 0, village_code="61.04.01"),
        2,
        "village_code",
        "region.level",
        "Harus kode desa/kelurahan",
    ),
    (
        "village-outside",
        "contributions",
        edit("contributions", 0, kabkota_code="61.71"),
        2,
        "village_code",
        "village.outside",
        "tidak berada di kabupaten/kota",
    ),
    (
        "participant-missing",
        "contributions",
        edit("contributions", 1, participant=""),
        3,
        "participant",
        "required",
        "Wajib diisi",
    ),
    (
        "participant-scientific",
        "contributions",
        edit("contributions", 1, participant="6.10401E+15"),
        3,
        "participant",
        "secret.scientific",
        "notasi ilmiah",
    ),
    (
        "participant-shape",
        "contributions",
        edit("contributions", 1, participant="12/3"),
        3,
        "participant",
        "secret.format",
        "Bukan NIK",
    ),
    (
        "text-long",
        "employers",
        edit("employers", 0, name="x" * 501),
        2,
        "name",
        "text.too_long",
        "terlalu panjang",
    ),
    (
        "bpu-with-jp",
        "contributions",
        edit("contributions", 2, programmes="JKK;JKM;JP"),
        4,
        "programmes",
        "segment.banned.BPU",
        "tidak boleh ikut JP",
    ),
    (
        "jakon-with-jht",
        "contributions",
        edit("contributions", 3, programmes="JKK;JKM;JHT"),
        5,
        "programmes",
        "segment.banned.Jakon",
        "tidak boleh ikut JHT dan JP",
    ),
    (
        "pu-without-jp",
        "contributions",
        edit("contributions", 0, programmes="JKK;JKM;JHT"),
        2,
        "programmes",
        "segment.required.PU",
        "wajib ikut JKK, JKM, JHT dan JP",
    ),
    (
        "due-not-enrolled",
        "contributions",
        edit("contributions", 2, due_jht="40000"),
        4,
        "due_jht",
        "programme.not_enrolled",
        "JHT tidak ada di kolom programmes",
    ),
    (
        "paid-without-date",
        "contributions",
        edit("contributions", 1, paid_jkk="9600"),
        3,
        "paid_date",
        "paid_date.missing",
        "tanggal bayar kosong",
    ),
    (
        "due-date-far",
        "contributions",
        edit("contributions", 0, due_date="2025-06-15"),
        2,
        "due_date",
        "due_date.window",
        "Tanggal jatuh tempo",
    ),
    (
        "due-date-before",
        "contributions",
        edit("contributions", 3, due_date="2025-01-31"),
        5,
        "due_date",
        "due_date.window",
        "awal bulan iuran",
    ),
    (
        "paid-future",
        "contributions",
        edit("contributions", 2, paid_date="2026-01-05"),
        4,
        "paid_date",
        "paid_date.future",
        "2025-12-31",
    ),
    (
        "paid-early",
        "contributions",
        edit("contributions", 0, paid_date="2023-12-01"),
        2,
        "paid_date",
        "paid_date.early",
        "12 bulan",
    ),
    (
        "month-future",
        "active_counts",
        edit("active_counts", 2, month="2026-01"),
        4,
        "month",
        "month.future",
        "2025-12",
    ),
    (
        "employer-for-pu",
        "contributions",
        edit("contributions", 1, employer_id=""),
        3,
        "employer_id",
        "employer.required",
        "PU dan Jakon",
    ),
    (
        "workers-zero",
        "workforce",
        edit("workforce", 1, workers="0"),
        3,
        "workers",
        "workers.zero",
        "lebih dari 0",
    ),
    (
        "recipients-zero",
        "benefits",
        edit("benefits", 1, recipients="0"),
        3,
        "recipients",
        "recipients.zero",
        "penerima 0",
    ),
    (
        "benefits-future",
        "benefits",
        edit("benefits", 1, year="2026"),
        3,
        "year",
        "year.future",
        "2025",
    ),
]


@pytest.mark.parametrize(
    ("kind", "rows", "row", "column", "code", "words"),
    [pytest.param(*case[1:], id=case[0]) for case in CELL_CASES],
)
def test_a_bad_cell_is_rejected_with_its_reason(
    kind, rows, row, column, code, words, tmp_path, importer, store_root, seeded
):
    result = importer(write_csv(tmp_path / "berkas.csv", rows, kind=kind), kind)

    assert result.status == "rejected"
    assert "tidak ada yang diubah" in result.message
    problem = find(result, row=row, column=column, code=code)
    assert words in problem.reason
    assert problem.file == "berkas.csv"
    assert listing(store_root) == seeded


def test_a_participant_identifier_is_never_shown_in_a_report(tmp_path, importer):
    rows = edit("contributions", 1, participant="6.10401E+15")
    rows.append(dict(rows[0]))  # a duplicate key shows the key, masked

    result = importer(write_csv(tmp_path / "a.csv", rows))

    values = [p.value for p in result.problems]
    assert "(disamarkan)" in values
    assert "(disamarkan), NPP-61-000123, 2025-01" in values
    assert not any("6104" in value or "E+15" in value for value in values)


def test_a_duplicate_key_names_both_rows(tmp_path, importer, store_root, seeded):
    rows = valid_rows("contributions")
    twin = dict(rows[0], wage="3600000", participant=" 6104.0123.4567.0001 ")  # same NIK
    rows.append(twin)

    result = importer(write_csv(tmp_path / "a.csv", rows))

    problem = find(result, row=6, column="participant, employer_id, month", code="key.duplicate")
    assert "sama dengan baris 2" in problem.reason
    assert listing(store_root) == seeded


def test_a_duplicate_key_with_an_empty_optional_part_is_still_a_duplicate(tmp_path, importer):
    rows = valid_rows("contributions")
    rows.append(dict(rows[2]))  # BPU row without employer_id

    result = importer(write_csv(tmp_path / "a.csv", rows))

    assert (
        "baris 4"
        in find(
            result, row=6, column="participant, employer_id, month", code="key.duplicate"
        ).reason
    )


@pytest.mark.parametrize(
    ("header", "column", "code", "words"),
    [
        (
            ["region_code", "segment", "month", "active", "nik"],
            "nik",
            "header.unknown",
            "Kolom tidak dikenal",
        ),
        (["region_code", "segment", "month"], "active", "header.missing", "Kolom wajib"),
        (
            ["region_code", "segment", "month", "active", "Segment"],
            "Segment",
            "header.duplicate",
            "lebih dari sekali",
        ),
    ],
)
def test_a_bad_header_is_rejected_naming_the_column(
    header, column, code, words, tmp_path, importer, store_root, seeded
):
    rows = [dict(r, Segment=r["segment"], nik="1") for r in valid_rows("active_counts")]
    path = write_csv(tmp_path / "a.csv", rows, header=header)

    result = importer(path, "active_counts")

    assert words in find(result, row=1, column=column, code=code).reason
    assert listing(store_root) == seeded


def test_an_unnamed_column_holding_data_is_rejected(tmp_path, importer):
    path = tmp_path / "a.csv"
    path.write_text("region_code;segment;month;active;\n61.04;PU;2025-12;5;catatan\n")

    result = importer(path, "active_counts")

    assert find(result, row=1, column="(kolom ke-5)", code="header.unnamed")


def test_an_empty_trailing_column_is_harmless(tmp_path, importer):
    path = tmp_path / "a.csv"
    path.write_text("region_code;segment;month;active;\n61.04;PU;2025-12;5;\n")

    assert importer(path, "active_counts").status == "imported"


def test_a_file_of_the_wrong_kind_lists_every_missing_column(tmp_path, importer):
    path = write_csv(tmp_path / "a.csv", valid_rows("targets"), kind="targets")

    result = importer(path, "benefits")

    missing = {p.column for p in result.problems if p.code == "header.missing"}
    assert missing == {"programme", "amount", "recipients"}
    assert {p.column for p in result.problems if p.code == "header.unknown"} == {
        "target_pct",
        "source",
    }


def test_row_numbers_count_blank_lines_as_the_user_sees_them(tmp_path, importer):
    path = tmp_path / "a.csv"
    path.write_text(
        "region_code,segment,month,active\r\n61.04,PU,2025-12,1\r\n\r\n\r\n"
        "61.04,PU,2025-11,x\r\n\r\n61.04,PU,2025-10,y\r\n"
    )

    result = importer(path, "active_counts")

    assert [(p.row, p.column) for p in result.problems] == [(5, "active"), (7, "active")]


@pytest.mark.parametrize(
    ("content", "row", "code", "words"),
    [
        (
            b"region_code,segment,month,active\n61.04,PU,2025-12,1,9\n",
            2,
            "csv.too_many",
            "lebih banyak",
        ),
        (
            b"region_code,segment,month,active\n61.04,PU,2025-12,1\n61.04,PU\n",
            3,
            "csv.too_few",
            "lebih sedikit",
        ),
        (
            b"region_code,segment,month,active\n61.04,PU,2025-12,1\n61.04,P\xe9U,2025-11,2\n",
            3,
            "csv.encoding",
            "UTF-8",
        ),
        (b'region_code,segment,month,active\n61.04,"PU,2025-12,1\n', 2, "csv.quote", "kutip"),
    ],
)
def test_a_line_that_does_not_parse_is_rejected(
    content, row, code, words, tmp_path, importer, store_root, seeded
):
    path = tmp_path / "a.csv"
    path.write_bytes(content)

    result = importer(path, "active_counts")

    assert result.status == "rejected"
    problem = next(p for p in result.problems if p.code.startswith("csv."))
    assert (problem.row, problem.code) == (row, code), result.problems
    assert words in problem.reason
    assert listing(store_root) == seeded


@pytest.mark.parametrize(
    ("name", "content", "code", "words"),
    [
        ("kosong.csv", b"", "file.empty", "Berkas kosong"),
        ("judul.csv", b"region_code,segment,month,active\n", "file.no_rows", "tidak berisi"),
        ("latin1.csv", "r\xe9gion,segment\n".encode("latin-1"), "file.unreadable", "UTF-8"),
        (
            "blank-first.csv",
            b"\nregion_code,segment,month,active\n",
            "file.unreadable",
            "Baris pertama kosong",
        ),
        ("data.json", b"{}", "file.unreadable", "tidak didukung"),
        ("rusak.xlsx", b"PK\x03\x04 not really a zip", "file.unreadable", "Excel"),
        ("rusak.parquet", b"PAR1 not really parquet", "file.unreadable", "tidak dapat dibaca"),
    ],
)
def test_an_unreadable_file_is_rejected_as_a_whole(
    name, content, code, words, tmp_path, importer, store_root, seeded
):
    path = tmp_path / name
    path.write_bytes(content)

    result = importer(path, "active_counts")

    assert result.status == "rejected"
    (problem,) = result.problems
    assert (problem.row, problem.column, problem.code) == (None, "", code)
    assert words in problem.reason
    assert listing(store_root) == seeded


def test_a_broken_large_file_gives_a_capped_report_with_full_counts(tmp_path, importer):
    rows = [
        {"region_code": "61.04", "segment": "PU", "month": f"2025-{m:02d}", "active": "1.000"}
        for m in range(1, 13)
    ] * 400  # 4,800 rows: thousands separators everywhere, and 4,788 duplicate keys
    rows += [{"region_code": "6104010", "segment": "X", "month": "2025-01", "active": "1"}] * 5

    result = importer(write_csv(tmp_path / "a.csv", rows, kind="active_counts"), "active_counts")

    counts = {(c.column, c.code): c.count for c in result.problem_summary}
    assert counts[("active", "integer.thousands")] == 4800
    assert counts[("region_code", "region.bps")] == 5
    assert counts[("segment", "choice.unknown")] == 5
    assert result.problem_count == sum(counts.values())
    shown = [(p.column, p.code) for p in result.problems]
    assert len(shown) <= 1000
    assert shown.count(("active", "integer.thousands")) == 100
    assert shown.count(("region_code", "region.bps")) == 5
    assert [p.row for p in result.problems] == sorted(p.row for p in result.problems)


def test_unknown_kind_and_missing_secret_are_programming_errors(tmp_path, importer):
    path = write_csv(tmp_path / "a.csv", valid_rows("targets"), kind="targets")
    with pytest.raises(ValueError, match="unknown input kind"):
        importer(path, "target")
    with pytest.raises(ValueError, match="secret"):
        importer(path, "targets", secret="")


def test_aggregated_counts_at_province_level_are_refused_not_silently_dropped(tmp_path, importer):
    path = write_csv(
        tmp_path / "aktif.csv",
        [{"region_code": "61", "segment": "PU", "month": "2025-12", "active": "5"}],
        kind="active_counts",
    )
    result = importer(path, kind="active_counts")
    assert result.status == "rejected"
    problem = find(result, row=2, column="region_code", code="region.level")
    assert "kabupaten/kota atau desa/kelurahan" in problem.reason


def test_workforce_for_a_village_is_refused(tmp_path, importer):
    path = write_csv(
        tmp_path / "pekerja.csv",
        [
            {
                "region_code": "61.04.01.2011",
                "year": "2025",
                "base_kind": "potensi",
                "workers": "100",
            }
        ],
        kind="workforce",
    )
    result = importer(path, kind="workforce")
    assert result.status == "rejected"
    assert (
        "provinsi atau kabupaten/kota"
        in find(result, row=2, column="region_code", code="region.level").reason
    )


def test_a_spreadsheet_bomb_is_refused_before_it_is_read(tmp_path, importer, store_root, seeded):
    """A 5 KB workbook declaring 200,000 x 2,000 cells would need tens of GB once read."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "active_counts"
    for column, name in enumerate(("region_code", "segment", "month", "active"), start=1):
        sheet.cell(row=1, column=column, value=name)
    sheet.cell(row=200_000, column=2_000, value="x")
    path = tmp_path / "bom.xlsx"
    workbook.save(path)
    assert path.stat().st_size < 10_000

    result = importer(path, "active_counts")

    assert result.status == "rejected"
    (problem,) = result.problems
    assert problem.code == "file.unreadable"
    assert "200.000 baris x 2.000 kolom" in problem.reason
    assert listing(store_root) == seeded


def test_a_zip_bomb_disguised_as_a_workbook_is_refused(tmp_path, importer, store_root, seeded):
    import zipfile

    path = tmp_path / "bom-zip.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * 30_000_000 + b"/>")

    result = importer(path, "active_counts")

    assert result.status == "rejected"
    (problem,) = result.problems
    assert "bom ZIP" in problem.reason
    assert listing(store_root) == seeded
