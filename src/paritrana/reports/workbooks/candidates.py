"""The candidates of a cycle: who competes where, why they are on the list, and their status.

Which candidates a reader gets is the policy's (`paritrana.access.policy.listed_nominations`):
the national admin every one; those who manage a panel its whole round; an assessor only the
candidates assigned to them; nobody a candidate a conflict of interest bars them from.
"""

from __future__ import annotations

from typing import IO, Any

from django.utils import timezone, translation

from paritrana.access.policy import listed_nominations
from paritrana.awards.models import Cycle, Level, NominationSource, NominationStatus
from paritrana.regions.models import Region
from paritrana.reports.workbooks.style import Book, Column, Kind, Progress

ENTITIES = {
    "provinsi": "Pemerintah provinsi",
    "kabkota": "Pemerintah kabupaten/kota",
    "desa": "Desa/kelurahan",
    "perusahaan": "Perusahaan",
}
COLUMNS = [
    Column("Tingkat", width=16),
    Column("Kategori", width=34),
    Column("Kode provinsi", width=10),
    Column("Provinsi", width=22),
    Column("Nama kandidat", width=34),
    Column("Kunci", width=16, note="Kode Kemendagri wilayah, atau ID pemberi kerja"),
    Column("Jenis", width=22),
    Column("Kode wilayah", width=15, note="Wilayah kandidat (perusahaan: kab/kota-nya)"),
    Column("Wilayah", width=26),
    Column("Skala usaha", width=12),
    Column("Sektor", width=16),
    Column("Sumber", width=26, note="Daftar pendek berbasis data, manual, atau promosi"),
    Column("Dasar", width=40, note="Metrik dan nilai yang memasukkan kandidat ke daftar"),
    Column("Status", width=14),
    Column("Alasan", width=40, note="Alasan penambahan atau pengeluaran manual"),
    Column("Dicatat", Kind.DATETIME, 17),
]


def write_candidates(
    target: Any | IO[bytes],
    *,
    cycle: Cycle,
    user: Any,
    progress: Progress | None = None,
) -> Book:
    nominations = list(
        listed_nominations(user, cycle).order_by(
            "category__level", "category__order", "province", "name"
        )
    )
    codes = {n.province for n in nominations} | {n.region_code for n in nominations}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    book = Book(
        title=f"Kandidat {cycle.label}",
        about=[
            (
                "Isi",
                "Kandidat siklus ini yang boleh Anda lihat (penilai: yang ditugaskan kepada "
                "Anda), termasuk yang dikeluarkan",
            ),
            ("Sumber", "Nominasi Paritrana (daftar pendek berbasis data dan perubahan manual)"),
            ("Berkas dibuat", timezone.now()),
            ("Diminta oleh", getattr(user, "username", "")),
        ],
        progress=progress,
        total=len(nominations),
    )
    sheet = book.sheet("Kandidat", COLUMNS)
    with translation.override("id"):
        for n in nominations:
            sheet.append(
                [
                    str(Level(n.category.level).label),
                    n.category.name,
                    n.province,
                    names.get(n.province, ""),
                    n.name,
                    n.key,
                    ENTITIES.get(n.entity, n.entity),
                    n.region_code,
                    names.get(n.region_code, ""),
                    n.size_class,
                    n.sector,
                    str(NominationSource(n.source).label),
                    n.basis_in_words,
                    str(NominationStatus(n.status).label),
                    n.reason,
                    n.created_at,
                ]
            )
    book.save(target)
    return book
