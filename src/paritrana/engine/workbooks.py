"""Spreadsheets for data officers: the input template per kind and the rejection report.

The template's first sheet is named after the kind (the importer looks for that sheet first) and
holds only the header row, so nothing but the officer's own rows is ever imported; the "Petunjuk"
sheet explains every column and the rules validation applies.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

# openpyxl ships no type information (types-openpyxl is not a dependency): its objects are Any.
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell  # type: ignore[import-untyped]
from openpyxl.comments import Comment  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from paritrana.engine.accepts import accepts
from paritrana.engine.problems import Problem, ProblemCount
from paritrana.engine.schemas import SCHEMAS, ColumnType, Schema

_TEXT_TYPES = {
    ColumnType.TEXT,
    ColumnType.IDENTIFIER,
    ColumnType.SECRET,
    ColumnType.REGION,
    ColumnType.AREA,
    ColumnType.LOCAL,
    ColumnType.KABKOTA,
    ColumnType.VILLAGE,
    ColumnType.CHOICE,
    ColumnType.CHOICES,
    ColumnType.MONTH,
}

GENERAL_RULES = (
    "Baris pertama berisi judul kolom persis seperti di lembar pertama (huruf besar/kecil "
    "bebas). Kolom yang tidak dikenal ditolak; kolom wajib harus ada.",
    "Isi data mulai baris 2. Nomor baris dalam laporan kesalahan sama dengan nomor baris di "
    "berkas (judul = baris 1).",
    "CSV: UTF-8 (boleh dengan BOM), pemisah koma atau titik koma. Pada CSV bertitik koma, "
    "pisahkan beberapa program dengan koma atau beri tanda kutip.",
    "Angka ditulis tanpa pemisah ribuan: 1.500 berarti 1500 di Excel berbahasa Indonesia dan "
    "1,5 di Excel berbahasa Inggris, jadi tidak diterima. Akhiran ,00 atau .00 boleh.",
    "Kode wilayah memakai kode Kemendagri (mis. 61.04 atau 61.04.01.2011), bukan kode BPS: "
    "kedua penomoran berbeda. Di Excel, format kolom kode sebagai Teks.",
    "NIK harus diformat sebagai Teks di Excel: angka 16 digit kehilangan digit terakhirnya.",
    "Kunci unik tidak boleh muncul dua kali dalam satu berkas.",
    "Sel berisi galat Excel (#N/A, #VALUE!, #REF!, #DIV/0!, #NAME?, #NUM!, #NULL!) ditolak, "
    "tidak dianggap kosong: perbaiki rumusnya atau isi nilainya.",
    "Berkas yang memuat satu kesalahan pun ditolak seluruhnya dan tidak mengubah data apa pun.",
)
KIND_RULES = {
    "contributions": (
        "Program harus sesuai segmen: PU wajib JKK, JKM, JHT dan JP; BPU wajib JKK dan JKM, "
        "boleh JHT, tidak boleh JP; Jakon hanya JKK dan JKM; PMI wajib JKK dan JKM, boleh JHT.",
        "employer_id wajib untuk segmen PU dan Jakon.",
        "Iuran terutang (due_*) dan dibayar (paid_*) boleh kosong (tidak dilaporkan); iuran "
        "dibayar tanpa iuran terutang diterima. Iuran untuk program yang tidak diikuti ditolak.",
        "Bila ada iuran dibayar, paid_date wajib diisi; paid_date kosong berarti belum dibayar.",
        "due_date antara awal bulan iuran dan akhir bulan ketiga sesudahnya; paid_date tidak "
        "boleh sesudah tanggal impor dan tidak lebih dari 12 bulan sebelum bulan iuran.",
        "Bulan iuran tidak boleh sesudah bulan berjalan.",
        "village_code harus berada di dalam kabkota_code baris yang sama.",
        "Data yang sudah pernah diimpor (peserta, pemberi kerja, bulan yang sama) ditolak.",
    ),
    "active_counts": ("Bulan tidak boleh sesudah bulan berjalan.",),
    "workforce": ("Jumlah pekerja harus lebih dari 0.",),
    "benefits": (
        "Tahun tidak boleh sesudah tahun berjalan.",
        "Bila ada manfaat dibayar, jumlah penerima harus lebih dari 0.",
    ),
}

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")


def write_template(kind: str, path: Path | str) -> Path:
    """An XLSX template for `kind`: the header row on the first sheet, "Petunjuk" after it."""
    schema = SCHEMAS[kind]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = kind
    for index, column in enumerate(schema.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.name)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        cell.comment = Comment(column.description, "Paritrana")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(column.name) + 4)
        if column.type in _TEXT_TYPES:
            sheet.column_dimensions[letter].number_format = "@"
        if column.type is ColumnType.CHOICE:
            choices = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"')
            choices.add(f"{letter}2:{letter}1048576")
            sheet.add_data_validation(choices)
    sheet.freeze_panes = "A2"
    _write_instructions(workbook.create_sheet("Petunjuk"), schema)
    target = Path(path)
    workbook.save(target)
    return target


def _write_instructions(sheet: Worksheet, schema: Schema) -> None:
    sheet.append([schema.title])
    sheet["A1"].font = Font(bold=True, size=14)
    if schema.description:
        sheet.append([schema.description])
    sheet.append([f"Kunci unik (tidak boleh ganda): {', '.join(schema.key)}"])
    sheet.append([])
    header_row = sheet.max_row + 1
    sheet.append(["Kolom", "Jenis", "Wajib", "Nilai yang diizinkan", "Keterangan", "Contoh"])
    for cell in sheet[header_row]:
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    for column in schema.columns:
        row = [
            column.name,
            accepts(column),
            "Ya" if column.required else "Tidak",
            ", ".join(column.choices),
            column.description,
            column.example,
        ]
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.alignment = _WRAP
            cell.number_format = "@"  # examples such as 61.04 stay text
    sheet.append([])
    sheet.append(["Aturan"])
    sheet.cell(row=sheet.max_row, column=1).font = _BOLD
    for rule in GENERAL_RULES + KIND_RULES.get(schema.kind, ()):
        sheet.append([rule])
    for letter, width in zip("ABCDEF", (22, 40, 8, 28, 60, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


REPORT_HEADER = ("Berkas", "Baris", "Kolom", "Nilai", "Alasan")


def write_problem_report(
    problems: Sequence[Problem],
    path: Path | str,
    *,
    summary: Sequence[ProblemCount] = (),
) -> Path:
    """The rejection report: sheet "Masalah" (one problem per row; row numbers as numbers) and,
    when `summary` is given, sheet "Ringkasan" counting every problem per (column, reason)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Masalah"
    _header(sheet, REPORT_HEADER)
    for problem in problems:
        sheet.append([None, problem.row, None, None, None])
        row = sheet.max_row
        for column, text in ((1, problem.file), (3, problem.column), (4, problem.value)):
            _put_text(sheet.cell(row=row, column=column), text)
        _put_text(sheet.cell(row=row, column=5), problem.reason)
    sheet.auto_filter.ref = f"A1:E{max(sheet.max_row, 1)}"
    for letter, width in zip("ABCDE", (24, 8, 24, 28, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    if summary:
        counted = workbook.create_sheet("Ringkasan")
        _header(counted, ("Kolom", "Alasan", "Jumlah baris"))
        for count in summary:
            counted.append([None, None, count.count])
            _put_text(counted.cell(row=counted.max_row, column=1), count.column)
            _put_text(counted.cell(row=counted.max_row, column=2), count.reason)
        total = sum(count.count for count in summary)
        if total > len(problems):
            counted.append([])
            counted.append(
                [
                    f"Lembar 'Masalah' menampilkan {_ribuan(len(problems))} dari "
                    f"{_ribuan(total)} masalah. "
                    "Perbaiki lalu impor ulang untuk melihat sisanya."
                ]
            )
        for letter, width in zip("ABC", (24, 90, 14), strict=True):
            counted.column_dimensions[letter].width = width
    target = Path(path)
    workbook.save(target)
    return target


def _header(sheet: Worksheet, names: Sequence[str]) -> None:
    sheet.append(list(names))
    for cell in sheet[1]:
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    sheet.freeze_panes = "A2"


def _put_text(cell: Cell, text: str) -> None:
    """Always a string cell: a value such as "=HYPERLINK(...)" from a bad file must not become
    a formula in the report, and control characters Excel cannot hold are dropped."""
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"


def _ribuan(number: int) -> str:
    """1.234.567: a count written the Indonesian way, as the pages write it."""
    return f"{number:,}".replace(",", ".")
