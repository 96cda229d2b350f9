"""Shortlists (/daftar-pendek/): each round's candidates with the reason each is in or out,
drawn, added and removed by hand through the commands of `paritrana.commands.awards`; the
candidates' representatives linked from a workbook (`representative.import`).

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
from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile

from paritrana.access.policy import AccessDenied, allowed, require
from paritrana.api.auth import signed_in
from paritrana.api.cycles import LevelName
from paritrana.api.errors import NotFound
from paritrana.api.lookups import cycle_of_year
from paritrana.awards.domain.nominations import NominationRound
from paritrana.awards.domain.representative_import import Checked
from paritrana.awards.domain.shortlist_reasons import Row, Shortlist, ensure_province, explain
from paritrana.awards.domain.shortlist_reasons import rounds as all_rounds
from paritrana.awards.domain.workbook_problems import problem_dict
from paritrana.awards.models import Category
from paritrana.commands.awards import add_nomination, draw_shortlist, remove_nomination
from paritrana.commands.representatives import (
    RepresentativeImport,
    check_import,
    import_representatives,
    importable,
)
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


# -- candidates' representatives from a workbook ----------------------------------------------

MAX_BYTES = 2 * 1024 * 1024


class WakilProblemOut(Schema):
    file: str
    row: int | None = Field(description="Baris di lembar kerja (judul = 1); null: seluruh berkas.")
    column: str
    value: str
    reason: str


class WakilRowOut(Schema):
    row: int
    key: str = Field(description="Kode kandidat (kode wilayah, atau nomor pemberi kerja).")
    candidate: str
    category: str = Field(description="tingkat/kode kategori, mis. provinsi/pemda-kabkota.")
    nomination: int
    name: str
    person: str = Field(description="Email wakil atau nama akun, seperti tertulis di berkas.")
    state: str = Field(description="baru (akun baru), ada (akun yang ada) atau sudah (tetap).")
    note: str = Field(description="Catatan, mis. nama kandidat yang berbeda; bukan masalah.")


class WakilInvitationOut(Schema):
    username: str
    email: str
    mailed: bool
    activation_link: str | None = Field(
        description="Tautan aktivasi sekali pakai (hanya ditampilkan sekali; null bila dikirim "
        "lewat email)."
    )
    mail_error: str = Field(
        "",
        description="Mengapa email aktivasi gagal dikirim (server email menolak atau tidak "
        "terjangkau); tautannya lalu ada di `activation_link` dan akunnya tetap dibuat.",
    )


class WakilImportOut(Schema):
    file_name: str
    dry_run: bool = Field(description="true: hanya diperiksa (`periksa`), tidak ada yang disimpan.")
    valid: bool = Field(description="Tanpa masalah: berkas dapat (atau sudah) diimpor.")
    rows: int = Field(description="Baris yang menyebut wakil.")
    added: int = Field(description="Wakil yang ditambahkan (pada pemeriksaan: akan ditambahkan).")
    unchanged: int = Field(description="Sudah menjadi wakil kandidat itu: tidak berubah.")
    skipped: int = Field(description="Baris tanpa wakil, dilewati.")
    accounts_created: int = Field(description="Akun baru (pada pemeriksaan: akan dibuat).")
    problems: list[WakilProblemOut]
    checked: list[WakilRowOut] = Field(description="Baris yang diperiksa (hanya pada `periksa`).")
    invitations: list[WakilInvitationOut]


def _state(link: Any) -> str:
    if link.linked:
        return "sudah"
    return "baru" if link.new_account else "ada"


def _checked_out(checked: Checked) -> dict[str, Any]:
    return {
        "file_name": checked.file_name,
        "dry_run": True,
        "valid": not checked.problems,
        "rows": len(checked.links),
        "added": len(checked.to_add),
        "unchanged": checked.unchanged,
        "skipped": checked.skipped,
        "accounts_created": len({link.email for link in checked.to_add if link.new_account}),
        "problems": [problem_dict(p) for p in checked.problems],
        "checked": [
            {
                "row": link.row,
                "key": link.nomination.key,
                "candidate": link.nomination.name,
                "category": f"{link.nomination.category.level}/{link.nomination.category.code}",
                "nomination": link.nomination.pk,
                "name": link.name,
                "person": link.typed,
                "state": _state(link),
                "note": link.note,
            }
            for link in checked.links
        ],
        "invitations": [],
    }


def _import_out(result: RepresentativeImport) -> dict[str, Any]:
    return {
        "file_name": result.file_name,
        "dry_run": False,
        "valid": True,
        "rows": result.rows,
        "added": result.added,
        "unchanged": result.unchanged,
        "skipped": result.skipped,
        "accounts_created": result.accounts_created,
        "problems": [],
        "checked": [],
        "invitations": [
            {
                "username": i.user.get_username(),
                "email": i.user.email,
                "mailed": i.mailed,
                "activation_link": None if i.mailed else i.link,
                "mail_error": i.mail_error,
            }
            for i in result.invitations
        ],
    }


@router.post(
    "/{int:year}/wakil",
    response=WakilImportOut,
    summary="Impor wakil kandidat dari XLSX",
    description="Multipart: `file` (XLSX; kolom kode kandidat, nama kandidat, kategori, nama "
    "lengkap wakil, email wakil atau akun; templatnya di halaman daftar pendek satu babak). "
    "Kandidat yang boleh disebut: yang dinominasikan di babak-babak siklus ini yang boleh Anda "
    "kelola. Dengan `periksa=true` berkas hanya diperiksa: baris dan masalahnya dikembalikan, "
    "tidak ada yang disimpan. Tanpa itu semua baris diperiksa dahulu: berkas masuk seluruhnya "
    "atau tidak sama sekali (422 dengan `details.problems`: berkas, baris, kolom, alasan); "
    "mengimpor berkas yang sama lagi tidak mengubah apa pun. Orang baru mendapat akun dan "
    "tautan aktivasi sekali pakai (`invitations`).",
)
def representatives_import(
    request: HttpRequest,
    year: int,
    file: File[UploadedFile | None] = None,
    periksa: bool = False,
) -> dict[str, Any]:
    cycle = cycle_of_year(year)
    importable(request.user, cycle=cycle)  # refused before anything is read
    if file is None:
        raise DomainError("Kirim berkas XLSX di isian `file`.", code="invalid", http_status=422)
    if (file.size or 0) > MAX_BYTES:
        raise DomainError("Berkas lebih besar dari 2 MB.", code="too_large", http_status=413)
    content, file_name = file.read(), file.name or "wakil.xlsx"
    if periksa:
        return _checked_out(
            check_import(request.user, cycle=cycle, content=content, file_name=file_name)
        )
    # A file with problems: RepresentativesRejected, 422 with `details.problems`.
    result = import_representatives(
        request.user,
        cycle=cycle,
        content=content,
        file_name=file_name,
        base_url=request.build_absolute_uri("/"),
    )
    return _import_out(result)
