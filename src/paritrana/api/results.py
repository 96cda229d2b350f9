"""Published results (public): the confirmed Juara and each group's ranking, once a round's
publication stage has opened (`access.view_results`).

Everything comes from `assessment.domain.publication`, as on the public pages: no assessors,
no individual scores or comments, no reasons for departing from the ranking, nothing about
conflicts of interest. Decided groups are read as decided; a re-decision is listed as a
correction with its date and reason."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from paritrana.access.check import require
from paritrana.api.auth import PUBLIC_DOC, public
from paritrana.api.cycles import LevelName
from paritrana.api.errors import NotFound
from paritrana.api.lookups import NO_NUL
from paritrana.api.pagination import Pages
from paritrana.assessment.domain.publication import (
    LEVELS,
    begun_cycles,
    category_for,
    cycle_for,
    is_published,
    published_group,
    published_results,
)
from paritrana.awards.models import Cycle, Level

router = Router(tags=["hasil"], auth=public())


class RoundOut(Schema):
    level: str
    name: str
    published: bool


class CycleResultsOut(Schema):
    assessment_year: int
    ceremony_year: int
    name: str
    rounds: list[RoundOut]


class WinnerOut(Schema):
    place: int
    label: str = Field(description="Juara I, II atau III.")
    name: str
    province: str = Field(description="Provinsi tempat kandidat bersaing.")
    total: float | None = Field(description="Nilai akhir (0-100) yang dikonfirmasi.")


class CorrectionOut(Schema):
    version: int = Field(description="Versi keputusan (2 dan seterusnya: koreksi).")
    decided_at: datetime = Field(description="Waktu keputusan ulang.")
    reason: str = Field(description="Alasan koreksi, sebagaimana diumumkan.")


class GroupOut(Schema):
    level: str
    category_code: str
    category_name: str
    group: str = Field(description="Kode provinsi, kode zona, atau ID untuk nasional.")
    group_name: str
    zone: str
    winners: list[WinnerOut]
    corrections: list[CorrectionOut] = Field(description="Keputusan ulang, yang terlama dahulu.")
    departs_from_ranking: bool = Field(
        False,
        description="Tim penilai menetapkan Juara tidak menurut urutan total akhir (alasannya "
        "tercatat bersama keputusan tim, tidak diumumkan).",
    )


class RankedOut(Schema):
    rank: int
    name: str
    total: float | None = Field(description="Nilai akhir (0-100); null: tidak dinilai.")
    place: str = Field(description="Juara I.. bagi Juara yang dikonfirmasi, selain itu kosong.")


class GroupPageOut(Schema):
    level: str
    category_code: str
    category_name: str
    group: str
    group_name: str
    published: bool
    winners: list[WinnerOut]
    corrections: list[CorrectionOut]
    departs_from_ranking: bool = Field(
        False,
        description="Tim penilai menetapkan Juara tidak menurut urutan total akhir (alasannya "
        "tercatat bersama keputusan tim, tidak diumumkan).",
    )
    ranking: list[RankedOut] = Field(
        description="Peringkat sebagaimana diputuskan; kosong bila Juaranya belum dikonfirmasi."
    )


class ResultFilters(Schema):
    tingkat: LevelName | None = Field(None, description="Babak: provinsi atau nasional.")
    provinsi: str | None = Field(
        None,
        max_length=2,
        pattern=NO_NUL,
        description="Kelompok provinsi ini dan kelompok tempat kandidatnya juara.",
    )
    zona: str | None = Field(
        None, max_length=40, pattern=NO_NUL, description="Kode zona (mis. kalimantan)."
    )


def _rounds(cycle: Cycle) -> list[dict[str, Any]]:
    return [
        {"level": level, "name": str(Level(level).label), "published": is_published(cycle, level)}
        for level in LEVELS
    ]


def _corrections(group: Any) -> list[dict[str, Any]]:
    if group is None:
        return []
    return [
        {"version": c.version, "decided_at": c.decided_at, "reason": c.reason}
        for c in group.corrections
    ]


def _winner(w: Any) -> dict[str, Any]:
    total = w.total
    return {
        "place": w.place,
        "label": w.label,
        "name": w.name,
        "province": w.province,
        "total": float(total) if isinstance(total, Decimal) else total,
    }


@router.get(
    "",
    response=list[CycleResultsOut],
    summary="Siklus dan status pengumumannya",
    openapi_extra=PUBLIC_DOC,
)
@paginate(Pages)
def result_cycles(request: HttpRequest) -> Any:
    return [
        {
            "assessment_year": cycle.assessment_year,
            "ceremony_year": cycle.ceremony_year,
            "name": cycle.name,
            "rounds": _rounds(cycle),
        }
        for cycle in begun_cycles()
    ]


@router.get(
    "/{int:year}",
    response=list[GroupOut],
    summary="Juara yang sudah diumumkan",
    description=(
        "Juara I-III setiap kategori dan kelompok dari babak yang sudah diumumkan; babak yang "
        "belum diumumkan tidak tercantum."
    ),
    openapi_extra=PUBLIC_DOC,
)
@paginate(Pages)
def cycle_results(request: HttpRequest, year: int, filters: Query[ResultFilters]) -> Any:
    cycle = cycle_for(year)
    groups = published_results(
        cycle=cycle,
        level=filters.tingkat,
        province=filters.provinsi or None,
        zone=filters.zona or None,
    )
    return [
        {
            "level": g.level,
            "category_code": g.category_code,
            "category_name": g.category_name,
            "group": g.group,
            "group_name": g.group_name,
            "zone": g.zone,
            "winners": [_winner(w) for w in g.winners],
            "corrections": _corrections(g),
            "departs_from_ranking": g.departs,
        }
        for g in groups
    ]


@router.get(
    "/{int:year}/{level}/{category_code}/{group}",
    response=GroupPageOut,
    summary="Juara dan peringkat satu kelompok",
    description=(
        "Kelompok: kode provinsi di babak provinsi; kode zona atau ID di babak nasional. "
        "Sebelum diumumkan: 403 'Hasil belum diumumkan.'"
    ),
    openapi_extra=PUBLIC_DOC,
)
def group_results(
    request: HttpRequest, year: int, level: LevelName, category_code: str, group: str
) -> dict[str, Any]:
    cycle = cycle_for(year)
    if "\x00" in category_code + group:  # PostgreSQL refuses NUL in text; no code has one
        raise NotFound(f"Kategori '{category_code}' atau kelompok '{group}' tidak dikenal.")
    # An unknown category or group is a 404 whether or not the round is out: before
    # publication the page holds nothing (no Juara, no ranking), so it is read before asking.
    page = published_group(cycle=cycle, level=level, category_code=category_code, group=group)
    require(request.user, "access.view_results", category_for(cycle, level, category_code))
    return {
        "level": page.level,
        "category_code": page.category_code,
        "category_name": page.category_name,
        "group": page.group,
        "group_name": page.group_name,
        "published": page.published,
        "winners": [_winner(w) for w in page.found.winners] if page.found else [],
        "corrections": _corrections(page.found),
        "departs_from_ranking": bool(page.found and page.found.departs),
        "ranking": [
            {"rank": r.rank, "name": r.name, "total": r.total, "place": r.place}
            for r in page.ranking
        ],
    }
