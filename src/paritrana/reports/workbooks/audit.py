"""A cycle's audit log as a workbook: one row per entry, the same words as the page
(`awards.domain.audit_log`), for an inspector who reads it in Excel."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from django.utils import timezone, translation

from paritrana.awards.domain.audit_log import Line, entries, every_line
from paritrana.awards.models import Cycle
from paritrana.reports.workbooks.style import Book, Column, Kind

COLUMNS = [
    Column("Waktu", Kind.DATETIME, 17, "Waktu Indonesia Barat (WIB)"),
    Column("Oleh", width=20, note="Nama pengguna yang melakukannya"),
    Column("Tindakan", width=32),
    Column("Objek", width=48),
    Column("Alasan", width=40, note="Alasan untuk tetap melanjutkan meski ada yang belum lengkap"),
    Column("Perubahan", width=80, note="Isian yang berubah: sebelum → sesudah"),
]


def changes_text(line: Line) -> str:
    """The changed fields in one cell (the page shows the same, one per line)."""
    if line.withheld:
        return "Isi lembar nilai dibaca di halaman penilaian."
    parts = [f"{c.field}: {c.before} → {c.after}" for c in line.changes]
    if line.unnamed:
        parts.append(f"{line.unnamed} isian lain")
    return "; ".join(parts)


def write_audit_log(
    target: Any | IO[bytes],
    *,
    cycle: Cycle,
    requested_by: str,
    progress: Callable[[int, int], None] | None = None,
) -> Book:
    """Every entry of the cycle's history, newest first (built in the background: a national
    cycle's history runs to tens of thousands of entries)."""
    book = Book(
        title=f"Riwayat perubahan, {cycle.label}",
        about=[
            ("Isi", "Setiap perubahan siklus: siapa, kapan, tindakan, objek, alasan dan isian"),
            ("Dibuat", timezone.now()),
            ("Diminta oleh", requested_by),
        ],
    )
    sheet = book.sheet("Riwayat", COLUMNS)
    with translation.override("id"):  # an Indonesian document, like the PDFs, whoever asks
        for line in every_line(entries(cycle), progress):
            sheet.append(
                [line.at, line.actor, line.action, line.subject, line.reason, changes_text(line)]
            )
    book.note(
        "Isi lembar nilai (nilai, komentar, catatan) tidak dicantumkan: dibaca di halaman "
        "penilaian, yang menahannya dari penilai yang berkonflik kepentingan."
    )
    book.save(target)
    return book
