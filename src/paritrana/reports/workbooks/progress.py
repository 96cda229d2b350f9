"""The progress board as a workbook: one row per province and category (and per national
category), the same figures as the page, with what is late in words."""

from __future__ import annotations

from typing import IO, Any

from django.utils import timezone, translation

from paritrana.assessment.domain.progress import Board, Line
from paritrana.reports.workbooks.style import Book, Column, Kind

COLUMNS = [
    Column("Babak", width=16),
    Column("Kode provinsi", width=10),
    Column("Provinsi", width=28),
    Column("Kategori", width=36),
    Column("Nomine", Kind.INT, 10, "Kandidat yang dinominasikan (tidak termasuk yang dicoret)"),
    Column("Penilaian mandiri terkirim", Kind.INT, 14),
    Column("Bukti", Kind.INT, 10, "Jumlah berkas bukti yang diunggah"),
    Column("Lembar nilai terkirim", Kind.INT, 12),
    Column("Lembar nilai wajib", Kind.INT, 12, "Satu per penugasan penilai"),
    Column("Wawancara terlaksana", Kind.INT, 12, "Kehadiran sudah dicatat"),
    Column("Wawancara terjadwal", Kind.INT, 12),
    Column("Juara dikonfirmasi", Kind.INT, 12, "Jumlah peringkat Juara yang dikonfirmasi"),
    Column("Kelompok diputuskan", Kind.INT, 12, "Kelompok yang Juaranya sudah dikonfirmasi"),
    Column("Kelompok", Kind.INT, 10, "Kelompok yang memiliki kandidat"),
    Column("Naik ke babak nasional", Kind.INT, 12, "Juara I provinsi di babak nasional"),
    Column("Terlambat", width=60, note="Yang melewati batas waktu tahapnya dan belum selesai"),
]


def _row(line: Line) -> list[Any]:
    f = line.figures
    return [
        "Provinsi" if line.province else "Nasional",
        line.province or None,
        line.province_name,
        line.category_name,
        f.nominees,
        f.submitted,
        f.evidence,
        f.sheets_done,
        f.sheets_due,
        f.interviews_held,
        f.interviews,
        f.places,
        f.decided,
        f.groups,
        f.promoted if line.province else None,
        "; ".join(f.late),
    ]


def write_progress(target: Any | IO[bytes], *, board: Board, requested_by: str) -> Book:
    book = Book(
        title=f"Papan kemajuan, {board.cycle.label}",
        about=[
            (
                "Isi",
                "Kemajuan setiap provinsi dan kategori: nomine, penilaian mandiri, bukti, "
                "lembar nilai, wawancara, Juara dan promosi ke babak nasional",
            ),
            ("Per tanggal", board.today.isoformat()),
            ("Dibuat", timezone.now()),
            ("Diminta oleh", requested_by),
        ],
    )
    sheet = book.sheet("Kemajuan", COLUMNS)
    with translation.override("id"):  # an Indonesian document, like the PDFs, whoever asks
        for block in board.provinces:
            for line in block.lines:
                sheet.append(_row(line))
        for line in board.national:
            sheet.append(_row(line))
    book.note(
        "Terlambat: batas waktu tahap (tanggal selesai) sudah lewat dan pekerjaannya belum "
        "selesai: penilaian mandiri belum dikirim, lembar nilai belum dikirim, kehadiran "
        "wawancara belum dicatat, atau Juara belum dikonfirmasi."
    )
    book.save(target)
    return book
