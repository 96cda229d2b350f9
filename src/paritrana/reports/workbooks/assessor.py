"""An assessor's own work in one stage: every criterion of every assigned candidate.

The caller (the page) decides which candidates the assessor may see, a conflict leaving a
candidate out, and how each sheet's status is named; this module only writes the workbook in
the house style.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.utils import timezone

from paritrana.awards.models import Criterion, Nomination, Stage
from paritrana.reports.workbooks.style import Book, Column, Kind

COLUMNS = [
    Column("Kandidat", width=32),
    Column("Kategori", width=32),
    Column("Kriteria", width=36),
    Column("Nilai", Kind.NUMBER, 8, "Tingkat rubrik yang dipilih; kosong bila belum dinilai"),
    Column("Komentar", width=60),
    Column("Status", width=20, note="Status lembar nilai: belum dinilai, draf, atau terkirim"),
]


@dataclass(frozen=True)
class Line:
    nomination: Nomination
    criterion: Criterion
    score: Decimal | None
    comment: str
    status: str


def write_assessor_sheet(
    target: Any | IO[bytes], *, stage: Stage, lines: Iterable[Line], requested_by: str
) -> Book:
    book = Book(
        title=f"Penilaian {stage.get_kind_display()} ({stage.get_level_display()}), "
        f"{stage.cycle.label}",
        about=[
            ("Isi", "Nilai dan komentar penilai untuk setiap kandidat yang ditugaskan"),
            ("Dibuat", timezone.now()),
            ("Diminta oleh", requested_by),
        ],
    )
    sheet = book.sheet("Penilaian", COLUMNS)
    for line in lines:
        sheet.append(
            [
                line.nomination.name,
                line.nomination.category.name,
                line.criterion.name,
                line.score,
                line.comment,
                line.status,
            ]
        )
    book.save(target)
    return book
