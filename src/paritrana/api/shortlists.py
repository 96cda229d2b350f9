"""Shortlists (/daftar-pendek/): each round's candidates with the reason each is in or out,
drawn, added and removed by hand through the commands of `paritrana.commands.awards`.

A round is a category of a cycle in one province; `00` is the whole national round of a
national category. Who may is the policy's `access.nominate` on the round (the national admin
every round, a provincial admin their province's provincial rounds), for reading as for
writing. Changes are made from a login session (a personal token has no scope for them).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from paritrana.access.policy import AccessDenied, allowed, require
from paritrana.api.auth import signed_in
from paritrana.api.cycles import LevelName
from paritrana.api.errors import NotFound
from paritrana.api.lookups import cycle_of_year
from paritrana.awards.domain.nominations import NominationRound
from paritrana.awards.domain.shortlist_reasons import Row, Shortlist, ensure_province, explain
from paritrana.awards.domain.shortlist_reasons import rounds as all_rounds
from paritrana.awards.models import Category
from paritrana.commands.awards import add_nomination, draw_shortlist, remove_nomination
from paritrana.errors import DomainError

router = Router(tags=["daftar pendek"], auth=signed_in())

ROUND = "/{int:year}/{level}/{category_code}/{province}"
REFUSED = "Daftar pendek hanya untuk admin nasional dan admin provinsi."
CODE = re.compile(r"[a-z0-9-]{1,60}")  # a category's code (a slug)


class ShortlistRowOut(Schema):
    key: str = Field(description="Kode wilayah, atau nomor pemberi kerja pada data cakupan.")
    name: str
    place: str = Field(description="Kab/kota perusahaan atau desa; provinsi sebuah wilayah.")
    province: str = Field(description="Kode provinsi (Kemendagri) tempat kandidat bersaing.")
    value: float | None = Field(description="Nilai metrik aturan daftar pendek.")
    value_text: str = Field(description="Nilai itu, ditulis cara Indonesia (25,38%).")
    position: int | None = Field(description="Peringkat di antara yang memenuhi minimum.")
    of: int = Field(description="Dari berapa kandidat yang diperingkat.")
    state: str = Field(description="in, drawn, added, promoted, removed atau out.")
    state_text: str
    reason: str = Field(description="Mengapa masuk atau tidak, dalam Bahasa Indonesia.")
    nomination: int | None = Field(description="Nomor nominasinya, bila ada.")


class ShortlistOut(Schema):
    year: int
    level: str
    category: str
    category_name: str
    province: str = Field(description="Kode provinsi, atau 00 untuk seluruh babak nasional.")
    round: str
    rule: str = Field(description="Aturan daftar pendek, dalam kata-kata.")
    metric: str
    drawn_at: datetime | None = Field(description="Penarikan terakhir (null: belum ditarik).")
    drawn_by: str
    by_data: int
    by_hand: int
    removed: int
    waiting: int = Field(description="Masuk menurut aturan tetapi belum ditarik.")
    rows: list[ShortlistRowOut]


class ShortlistRoundOut(Schema):
    category: str
    category_name: str
    level: str
    province: str
    province_name: str
    nominated: int
    by_data: int
    by_hand: int
    removed: int
    drawn: bool


class ShortlistChangeIn(Schema):
    key: str = Field("", max_length=60, description="Kunci kandidat (kode wilayah atau nomor).")
    reason: str = Field("", max_length=2000, description="Alasan; wajib.")


def _row(row: Row) -> dict[str, Any]:
    return {
        "key": row.key,
        "name": row.name,
        "place": row.place,
        "province": row.province,
        "value": row.value,
        "value_text": row.value_text,
        "position": row.position,
        "of": row.of,
        "state": row.state,
        "state_text": row.state_text,
        "reason": row.reason,
        "nomination": row.nomination.pk if row.nomination is not None else None,
    }


def _out(found: Shortlist, round_name: str) -> dict[str, Any]:
    category = found.category
    return {
        "year": found.year,
        "level": category.level,
        "category": category.code,
        "category_name": category.name,
        "province": found.province,
        "round": round_name,
        "rule": found.rule,
        "metric": found.metric,
        "drawn_at": found.drawn.at if found.drawn else None,
        "drawn_by": found.drawn.actor if found.drawn else "",
        "by_data": found.by_data,
        "by_hand": found.by_hand,
        "removed": found.removed,
        "waiting": found.waiting,
        "rows": [_row(r) for r in found.rows],
    }


def _round(
    request: HttpRequest, year: int, level: str, category_code: str, province: str
) -> NominationRound:
    category = (
        Category.objects.select_related("cycle")
        .filter(cycle__assessment_year=year, level=level, code=category_code)
        .first()
        if CODE.fullmatch(category_code)
        else None
    )
    if category is None:
        raise NotFound(f"Tidak ada kategori '{category_code}' babak {level} tahun {year}.")
    ensure_province(category, province)
    the_round = NominationRound(category, province)
    require(request.user, "access.nominate", the_round)
    return the_round


def _shortlist(the_round: NominationRound) -> dict[str, Any]:
    category = the_round.category
    found = explain(
        category=category, province=the_round.province, year=category.cycle.assessment_year
    )
    return _out(found, the_round.name)


@router.get(
    "/{int:year}",
    response=list[ShortlistRoundOut],
    summary="Babak-babak daftar pendek yang boleh Anda kelola",
    description="Admin nasional: semua babak; admin provinsi: babak provinsinya.",
)
def round_list(request: HttpRequest, year: int) -> list[dict[str, Any]]:
    cycle = cycle_of_year(year)
    every = all_rounds(cycle)
    mine = [
        r
        for r in every
        if allowed(request.user, "access.nominate", NominationRound(r.category, r.province))
    ]
    if every and not mine:
        raise AccessDenied(REFUSED)
    return [
        {
            "category": r.category.code,
            "category_name": r.category.name,
            "level": r.category.level,
            "province": r.province,
            "province_name": r.province_name,
            "nominated": r.nominated,
            "by_data": r.by_data,
            "by_hand": r.by_hand,
            "removed": r.removed,
            "drawn": r.drawn,
        }
        for r in mine
    ]


@router.get(
    ROUND,
    response=ShortlistOut,
    summary="Daftar pendek satu babak, dengan alasan setiap kandidat",
    description=(
        "Setiap kandidat yang memenuhi syarat, diperingkat menurut aturan kategori, dan setiap "
        "nominasi babak itu, masing-masing dengan alasannya."
    ),
)
def shortlist_detail(
    request: HttpRequest, year: int, level: LevelName, category_code: str, province: str
) -> dict[str, Any]:
    return _shortlist(_round(request, year, level, category_code, province))


@router.post(
    ROUND + "/tarik",
    response=ShortlistOut,
    summary="Tarik daftar pendek",
    description="Menominasikan yang masuk menurut aturan; perubahan dengan tangan tetap.",
)
def shortlist_draw(
    request: HttpRequest, year: int, level: LevelName, category_code: str, province: str
) -> dict[str, Any]:
    the_round = _round(request, year, level, category_code, province)
    category = the_round.category
    draw_shortlist(
        request.user,
        category=category,
        province=the_round.province,
        year=category.cycle.assessment_year,
    )
    return _shortlist(the_round)


def _key(body: ShortlistChangeIn) -> str:
    if not body.key.strip():
        raise DomainError(
            "Pilih kandidat (key).", code="invalid", http_status=422, details={"field": "key"}
        )
    return body.key.strip()


@router.post(
    ROUND + "/tambah",
    response=ShortlistOut,
    summary="Tambah kandidat dengan tangan",
    description="Kandidat yang memenuhi syarat dan belum dinominasikan; alasan wajib.",
)
def shortlist_add(
    request: HttpRequest,
    year: int,
    level: LevelName,
    category_code: str,
    province: str,
    body: ShortlistChangeIn,
) -> dict[str, Any]:
    the_round = _round(request, year, level, category_code, province)
    category = the_round.category
    found = explain(
        category=category, province=the_round.province, year=category.cycle.assessment_year
    )
    add_nomination(
        request.user,
        category=category,
        province=the_round.province,
        candidate=found.candidate(_key(body)),
        reason=body.reason,
    )
    return _shortlist(the_round)


@router.post(
    ROUND + "/keluarkan",
    response=ShortlistOut,
    summary="Keluarkan kandidat",
    description="Nominasi tetap tercatat dengan status dikeluarkan dan alasannya; alasan wajib.",
)
def shortlist_remove(
    request: HttpRequest,
    year: int,
    level: LevelName,
    category_code: str,
    province: str,
    body: ShortlistChangeIn,
) -> dict[str, Any]:
    the_round = _round(request, year, level, category_code, province)
    category = the_round.category
    found = explain(
        category=category, province=the_round.province, year=category.cycle.assessment_year
    )
    remove_nomination(request.user, nomination=found.nomination(_key(body)), reason=body.reason)
    return _shortlist(the_round)
