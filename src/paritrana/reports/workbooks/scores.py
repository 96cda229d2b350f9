"""Every individual score and comment of a panel: per stage, assessor, candidate and criterion.

What a viewer gets (`paritrana.access.policy.scored_nominations`): the candidates they may open
on the pages, never one a conflict bars them from; submitted sheets for everyone, unsubmitted
ones (status "Draf") only for those who run the panel. A score given by an assessor later
barred by a conflict is listed with "Dipakai di peringkat: Tidak", as the ranking leaves it out.
"""

from __future__ import annotations

from typing import IO, Any

from django.utils import timezone, translation

from paritrana.access.policy import round_nominations, scored_nominations, sees_drafts
from paritrana.assessment.domain.conflicts import barred_pairs
from paritrana.assessment.models import Panel, Score
from paritrana.awards.models import StageKind
from paritrana.reports.workbooks.style import Book, Column, Kind, Progress

COLUMNS = [
    Column("Tahap", width=14),
    Column("Kategori", width=30),
    Column("Kode kandidat", width=15),
    Column("Kandidat", width=30),
    Column("Penilai", width=24),
    Column("Kode kriteria", width=16),
    Column("Kriteria", width=34),
    Column("Nilai", Kind.NUMBER, 8, "Pada skala kriteria (lihat kolom skala)"),
    Column("Skala terendah", Kind.NUMBER, 9),
    Column("Skala tertinggi", Kind.NUMBER, 9),
    Column("Komentar", width=60),
    Column("Status lembar", width=12, note="Terkirim (terkunci) atau Draf"),
    Column("Dikirim", Kind.DATETIME, 17, "Waktu lembar dikirim"),
    Column(
        "Dipakai di peringkat",
        Kind.YESNO,
        11,
        "Tidak bila lembar belum dikirim atau penilai berkonflik kepentingan",
    ),
]


def write_scores(
    target: Any | IO[bytes],
    *,
    panel: Panel,
    user: Any,
    progress: Progress | None = None,
) -> Book:
    visible = scored_nominations(user, panel)
    drafts = sees_drafts(user, panel)
    scores = Score.objects.filter(
        sheet__member__panel=panel,
        sheet__stage__cycle_id=panel.cycle_id,
        sheet__stage__level=panel.level,
    )
    if visible is not None:
        scores = scores.filter(sheet__nomination_id__in=visible)
    if not drafts:
        scores = scores.filter(sheet__submitted_at__isnull=False)
    scores = scores.select_related(
        "criterion",
        "sheet__stage",
        "sheet__member__user",
        "sheet__nomination__category",
    ).order_by(
        "sheet__stage__order",
        "sheet__nomination__category__order",
        "sheet__nomination__name",
        "sheet__member_id",
        "criterion__order",
    )
    barred = barred_pairs(panel.members.select_related("panel"), round_nominations(panel))
    book = Book(
        title=f"Nilai penilai: {panel.name}, {panel.cycle.label}",
        about=[
            ("Isi", "Setiap nilai dan komentar per tahap, penilai, kandidat dan kriteria"),
            (
                "Cakupan",
                "Hanya kandidat yang boleh Anda buka; kandidat yang berkonflik kepentingan "
                "dengan Anda tidak dimuat. "
                + (
                    "Termasuk lembar yang belum dikirim (Draf)."
                    if drafts
                    else "Hanya lembar yang sudah dikirim."
                ),
            ),
            ("Sumber", "Lembar nilai penilai di Paritrana"),
            ("Berkas dibuat", timezone.now()),
            ("Diminta oleh", getattr(user, "username", "")),
        ],
        progress=progress,
        total=scores.count(),
    )
    sheet = book.sheet("Nilai", COLUMNS)
    with translation.override("id"):
        for score in scores.iterator(chunk_size=2000):
            record = score.sheet
            nomination = record.nomination
            criterion = score.criterion
            submitted = record.submitted_at is not None
            sheet.append(
                [
                    str(StageKind(record.stage.kind).label),
                    nomination.category.name,
                    nomination.key,
                    nomination.name,
                    record.member.display_name,
                    criterion.code,
                    criterion.name,
                    score.value,
                    criterion.scale_min,
                    criterion.scale_max,
                    score.comment,
                    "Terkirim" if submitted else "Draf",
                    record.submitted_at,
                    submitted and (record.member_id, nomination.pk) not in barred,
                ]
            )
    book.save(target)
    return book
