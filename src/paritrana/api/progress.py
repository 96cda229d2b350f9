"""The progress board, its drill-down to a province, and reminders (`/kemajuan/`).

The same figures as the pages (`paritrana.assessment.domain.progress`), for the same readers
(`access.view_progress`: the national admin every province and the national round, a
provincial admin its own province). Sending reminders is the command `reminders.send`
(`access.send_reminders`), from a logged-in session: a personal token reads only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from paritrana.access.check import require
from paritrana.api.errors import NotFound
from paritrana.api.lookups import NO_NUL, cycle_of_year
from paritrana.assessment.domain.progress import (
    Figures,
    Line,
    UnknownProvince,
    board,
    province_detail,
)
from paritrana.assessment.domain.reminders import Waiting, waiting
from paritrana.commands.progress import progress_scope, send_reminders

router = Router(tags=["kemajuan"])


class ProgressFiguresOut(Schema):
    nominees: int = Field(description="Kandidat yang dinominasikan.")
    submitted: int = Field(description="Penilaian mandiri yang sudah dikirim.")
    evidence: int = Field(description="Berkas bukti.")
    sheets_done: int = Field(description="Lembar nilai terkirim.")
    sheets_due: int = Field(description="Lembar nilai wajib (satu per penugasan).")
    interviews_held: int = Field(description="Wawancara yang kehadirannya sudah dicatat.")
    interviews: int = Field(description="Wawancara terjadwal.")
    places: int = Field(description="Peringkat Juara yang dikonfirmasi.")
    groups: int = Field(description="Kelompok yang memiliki kandidat.")
    decided: int = Field(description="Kelompok yang Juaranya dikonfirmasi.")
    promoted: int = Field(description="Juara I provinsi yang naik ke babak nasional.")
    late: list[str] = Field(description="Yang terlambat, dalam kata-kata.")


class ProgressLineOut(Schema):
    level: str
    province: str = Field(description="Kode provinsi; kosong untuk babak nasional.")
    province_name: str
    category_code: str
    category_name: str
    figures: ProgressFiguresOut


class ProgressProvinceOut(Schema):
    code: str
    name: str
    total: ProgressFiguresOut
    lines: list[ProgressLineOut]


class ProgressBoardOut(Schema):
    assessment_year: int
    as_of: dt.date = Field(description="Tanggal acuan keterlambatan.")
    total: ProgressFiguresOut
    provinces: list[ProgressProvinceOut]
    national: list[ProgressLineOut] = Field(
        description="Babak nasional (hanya untuk admin nasional)."
    )


class ProgressSheetOut(Schema):
    assessor: str
    stage: str
    done: bool
    late: bool


class ProgressCandidateOut(Schema):
    id: int
    name: str
    submitted_at: dt.datetime | None
    evidence: int
    sheets_done: int
    sheets_due: int
    sheets: list[ProgressSheetOut]
    interview: str
    place: str
    promoted: bool
    late: list[str]


class ProgressCategoryOut(Schema):
    line: ProgressLineOut
    decision_late: bool
    candidates: list[ProgressCandidateOut]


class ProgressAssessorOut(Schema):
    name: str
    role: str
    due: int
    done: int
    late: int
    missing: list[str] = Field(description="Kandidat yang lembar nilainya belum dikirim.")


class ProgressProvinceDetailOut(Schema):
    assessment_year: int
    as_of: dt.date
    code: str
    name: str
    categories: list[ProgressCategoryOut]
    assessors: list[ProgressAssessorOut]


class ReminderWaitingOut(Schema):
    kind: str = Field(description="lembar_nilai, penilaian_mandiri atau keputusan.")
    kind_label: str
    person: str
    username: str | None
    province: str
    province_name: str
    items: list[str]
    due: dt.date | None
    late: bool
    last_sent: dt.datetime | None


class ProgressFilter(Schema):
    provinsi: str | None = Field(
        None, max_length=2, pattern=NO_NUL, description="Hanya provinsi ini (kode)."
    )


class ReminderSendIn(Schema):
    provinsi: str | None = Field(
        None, max_length=2, pattern=NO_NUL, description="Hanya provinsi ini (kode)."
    )
    paksa: bool = Field(False, description="Kirim juga kepada yang sudah diingatkan hari ini.")


class ReminderSentOut(Schema):
    reminded: int = Field(description="Pengingat yang dicatat (tampil di aplikasi).")
    emailed: int
    skipped_recent: int = Field(description="Dilewati: sudah diingatkan dalam sehari.")
    without_account: int = Field(description="Pekerjaan menunggu tanpa akun untuk diingatkan.")
    email_failed: int


def _figures(f: Figures) -> dict[str, Any]:
    out = {name: getattr(f, name) for name in ProgressFiguresOut.model_fields if name != "late"}
    out["late"] = f.late
    return out


def _line(line: Line) -> dict[str, Any]:
    return {
        "level": line.level,
        "province": line.province,
        "province_name": line.province_name,
        "category_code": line.category_code,
        "category_name": line.category_name,
        "figures": _figures(line.figures),
    }


def _waiting(entry: Waiting) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "kind_label": entry.kind_label,
        "person": entry.person,
        "username": entry.user.get_username() if entry.user is not None else None,
        "province": entry.province,
        "province_name": entry.province_name,
        "items": entry.items,
        "due": entry.due,
        "late": entry.late,
        "last_sent": entry.last_sent,
    }


@router.get("/{year}", response=ProgressBoardOut, summary="Papan kemajuan satu siklus")
def get_board(
    request: HttpRequest,
    year: int,
    filters: Query[ProgressFilter],
) -> dict[str, Any]:
    """Per provinsi dan kategori: nomine, penilaian mandiri, bukti, lembar nilai, wawancara,
    Juara dan promosi; yang terlambat disebut dengan kata-kata. Admin provinsi melihat
    provinsinya saja."""
    provinsi = filters.provinsi or None
    require(request.user, "access.view_progress", provinsi)
    cycle = cycle_of_year(year)
    found = board(cycle=cycle, provinces=progress_scope(request.user, provinsi))
    return {
        "assessment_year": cycle.assessment_year,
        "as_of": found.today,
        "total": _figures(found.total),
        "provinces": [
            {
                "code": b.code,
                "name": b.name,
                "total": _figures(b.total),
                "lines": [_line(line) for line in b.lines],
            }
            for b in found.provinces
        ],
        "national": [_line(line) for line in found.national],
    }


@router.get(
    "/{year}/provinsi/{province}",
    response=ProgressProvinceDetailOut,
    summary="Kemajuan satu provinsi, per kandidat dan penilai",
)
def get_province(request: HttpRequest, year: int, province: str) -> dict[str, Any]:
    require(request.user, "access.view_progress", province)
    cycle = cycle_of_year(year)
    try:
        detail = province_detail(cycle=cycle, province=province)
    except UnknownProvince:
        raise NotFound(f"Provinsi dengan kode '{province}' tidak ada.") from None
    return {
        "assessment_year": cycle.assessment_year,
        "as_of": detail.today,
        "code": detail.code,
        "name": detail.name,
        "categories": [
            {
                "line": _line(part.line),
                "decision_late": part.decision_late,
                "candidates": [
                    {
                        "id": c.pk,
                        "name": c.name,
                        "submitted_at": c.submitted_at,
                        "evidence": c.evidence,
                        "sheets_done": c.sheets_done,
                        "sheets_due": c.sheets_due,
                        "sheets": [vars(s) for s in c.sheets],
                        "interview": c.interview,
                        "place": c.place,
                        "promoted": c.promoted,
                        "late": c.late,
                    }
                    for c in part.candidates
                ],
            }
            for part in detail.categories
        ],
        "assessors": [
            {
                "name": m.name,
                "role": m.role,
                "due": m.due,
                "done": m.done,
                "late": m.late,
                "missing": m.missing,
            }
            for m in detail.assessors
        ],
    }


@router.get(
    "/{year}/pengingat",
    response=list[ReminderWaitingOut],
    summary="Siapa yang pekerjaannya menunggu",
)
def get_reminders(
    request: HttpRequest,
    year: int,
    filters: Query[ProgressFilter],
) -> list[dict[str, Any]]:
    """Penilai dengan lembar nilai terbuka, kandidat yang belum mengirim penilaian mandiri,
    ketua dengan kelompok yang Juaranya belum dikonfirmasi, pada tahap yang sedang dibuka."""
    provinsi = filters.provinsi or None
    require(request.user, "access.view_progress", provinsi)
    cycle = cycle_of_year(year)
    return [
        _waiting(e) for e in waiting(cycle=cycle, provinces=progress_scope(request.user, provinsi))
    ]


@router.post("/{year}/pengingat", response=ReminderSentOut, summary="Kirim pengingat")
def post_reminders(request: HttpRequest, year: int, body: ReminderSendIn) -> dict[str, Any]:
    """Catat pengingat untuk setiap orang yang pekerjaannya menunggu (tampil di aplikasi) dan
    kirim lewat email bila server email dikonfigurasi; tidak dua kali dalam sehari kecuali
    `paksa`."""
    cycle = cycle_of_year(year)
    sent = send_reminders(
        request.user, cycle=cycle, province=body.provinsi or None, force=body.paksa
    )
    return dataclasses.asdict(sent)
