"""Seating the panels over the API (issue 15): a cycle's panels with their members, a panel
formed, a member seated or taken off, the members' workbook imported, an earlier cycle's teams
copied.

The same commands and access policy as the pages (`paritrana.commands.roster`): the national
admin everywhere, a provincial admin on their province's panel, a panel's chair and secretary
on their own panel. A token's writes need the scope `tim` (a token made to upload data
files, `impor`, seats no one). An activation link made for a new
person is in the answer once (`activation_link`, null when it was mailed) and nowhere else.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile

from paritrana.access.invitations import Invitation, awaiting_activation, find_account
from paritrana.access.policy import administered_provinces, allowed, require
from paritrana.api.auth import signed_in
from paritrana.api.errors import NotFound
from paritrana.api.lookups import cycle_of_year
from paritrana.assessment.models import MemberRole, Panel, PanelMember
from paritrana.awards.models import Level
from paritrana.commands.judging import remove_member
from paritrana.commands.roster import copy_teams, create_missing, import_roster, seat
from paritrana.errors import DomainError
from paritrana.regions.models import Region

router = Router(tags=["tim"], auth=signed_in("tim"))

MAX_BYTES = 2 * 1024 * 1024


class TimMemberOut(Schema):
    id: int
    username: str
    name: str
    email: str
    role: str = Field(description="ketua, sekretaris atau anggota.")
    role_label: str
    affiliation: str = Field(description="Unsur (kode).")
    affiliation_label: str
    institution: str
    region_code: str
    employer_key: str
    awaiting_activation: bool = Field(description="Akun belum diaktifkan pemiliknya.")


class TimPanelOut(Schema):
    id: int
    level: str
    province: str = Field(description="Kode Kemendagri; kosong untuk Dewan Juri Nasional.")
    province_name: str
    name: str
    missing: list[str] = Field(description="Yang belum ada: ketua, sekretaris, anggota.")
    members: list[TimMemberOut]


class TimInvitationOut(Schema):
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


class TimImportOut(Schema):
    file_name: str
    rows: int
    panels_created: int
    added: int
    changed: int
    unchanged: int
    invitations: list[TimInvitationOut]


class TimPanelIn(Schema):
    province: str = Field("", description="Kode provinsi; kosong untuk Dewan Juri Nasional.")


class TimSeatIn(Schema):
    account: str = Field("", description="Akun yang sudah ada: nama pengguna atau email.")
    name: str = Field("", description="Orang baru: nama lengkap.")
    email: str = Field("", description="Orang baru: email (akun baru dengan tautan aktivasi).")
    role: str = Field("", description="ketua, sekretaris atau anggota.")
    affiliation: str = Field("", description="Unsur (kode), mis. sekda, bpjs, pengusaha.")
    institution: str = ""
    region_code: str = ""
    employer_key: str = ""


class TimSeatOut(Schema):
    member: TimMemberOut
    invitation: TimInvitationOut | None


class TimRemoveIn(Schema):
    member: int = Field(0, description="Id kursi anggota (dari daftar tim).")


class TimCopyIn(Schema):
    source_year: int | None = Field(
        None,
        ge=2000,
        le=2100,
        description="Tahun penilaian siklus sebelumnya yang timnya disalin (wajib).",
    )
    provinces: list[str] | None = Field(
        None,
        description="Kode provinsi yang timnya disalin; 'nasional' (atau kosong) untuk Dewan "
        "Juri Nasional. Tidak diisi: semua tim siklus sumber yang Anda kelola.",
    )


class TimSkippedOut(Schema):
    name: str
    reason: str = Field(description="Mis. akun nonaktif, ketua sudah dipegang orang lain.")


class TimCopiedOut(Schema):
    province: str = Field(description="Kode Kemendagri; kosong untuk Dewan Juri Nasional.")
    name: str
    panel_id: int
    panel_created: bool = Field(description="Tim penilai dibentuk oleh penyalinan ini.")
    copied: list[str] = Field(description="Nama anggota yang disalin dengan peran dan kursinya.")
    kept: list[str] = Field(description="Sudah duduk di tim siklus ini: tidak diubah.")
    skipped: list[TimSkippedOut]
    summary: str = Field(description="Ringkasan satu baris, seperti di halaman tim.")


class TimCopyOut(Schema):
    source_year: int
    teams: list[TimCopiedOut]


def _member(m: PanelMember) -> dict[str, Any]:
    return {
        "id": m.pk,
        "username": m.user.get_username(),
        "name": m.display_name,
        "email": m.user.email,
        "role": m.role,
        "role_label": str(m.get_role_display()),
        "affiliation": m.affiliation,
        "affiliation_label": str(m.get_affiliation_display()),
        "institution": m.institution,
        "region_code": m.region_code,
        "employer_key": m.employer_key,
        "awaiting_activation": awaiting_activation(m.user),
    }


def _missing(members: list[PanelMember]) -> list[str]:
    roles = {m.role for m in members}
    gaps = [
        f"belum ada {word}"
        for role, word in ((MemberRole.CHAIR, "ketua"), (MemberRole.SECRETARY, "sekretaris"))
        if role not in roles
    ]
    return gaps + (["belum ada anggota"] if not members else [])


def _panel(panel: Panel, names: dict[str, str]) -> dict[str, Any]:
    members = list(panel.members.all())
    return {
        "id": panel.pk,
        "level": panel.level,
        "province": panel.province,
        "province_name": names.get(panel.province, "") if panel.province else "",
        "name": panel.name,
        "missing": _missing(members),
        "members": [_member(m) for m in members],
    }


def _names() -> dict[str, str]:
    return dict(Region.objects.filter(level="provinsi").values_list("code", "name"))


def _invitation(found: Invitation | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "username": found.user.get_username(),
        "email": found.user.email,
        "mailed": found.mailed,
        "activation_link": None if found.mailed else found.link,
        "mail_error": found.mail_error,
    }


@router.get(
    "/{int:year}",
    response=list[TimPanelOut],
    summary="Tim penilai satu siklus",
    description="Setiap tim penilai siklus (admin provinsi: tim provinsinya) dengan anggotanya "
    "dan apa yang belum ada.",
)
def panel_list(request: HttpRequest, year: int) -> list[dict[str, Any]]:
    require(request.user, "access.seat_panels")
    panels = Panel.objects.filter(cycle=cycle_of_year(year)).prefetch_related("members__user")
    if not allowed(request.user, "access.manage_judging"):
        panels = panels.filter(
            level=Level.PROVINCIAL, province__in=administered_provinces(request.user)
        )
    names = _names()
    return [_panel(p, names) for p in panels.order_by("level", "province")]


@router.post(
    "/{int:year}/panel",
    response={201: TimPanelOut},
    summary="Bentuk tim penilai",
    description="Tim provinsi (`province`) atau Dewan Juri Nasional (kosong); yang sudah ada "
    "dikembalikan apa adanya. Hanya admin nasional.",
)
def panel_create(
    request: HttpRequest, year: int, payload: TimPanelIn
) -> tuple[int, dict[str, Any]]:
    cycle = cycle_of_year(year)
    province = payload.province.strip()
    create_missing(request.user, cycle=cycle, provinces=[province])
    level = Level.PROVINCIAL if province else Level.NATIONAL
    panel = Panel.objects.get(cycle=cycle, level=level, province=province)
    return 201, _panel(panel, _names())


def _managed(request: HttpRequest, panel_id: int) -> Panel:
    panel = Panel.objects.select_related("cycle").filter(pk=panel_id).first()
    if panel is None:
        raise NotFound(f"Tim penilai #{panel_id} tidak ditemukan.")
    require(request.user, "access.manage_panel", panel)
    return panel


@router.post(
    "/panel/{int:panel_id}/anggota",
    response={200: TimSeatOut, 201: TimSeatOut},
    summary="Dudukkan anggota",
    description="Akun yang sudah ada (`account`) atau orang baru (`name`, `email`): akun baru "
    "mendapat tautan aktivasi sekali pakai, dikirim lewat email bila email dikonfigurasi, "
    "selain itu dikembalikan sekali di `invitation.activation_link`. Akun yang sudah duduk di "
    "tim ini persis sama: 200, tidak ada yang berubah; duduk dengan kursi lain: 409, kursinya "
    "tidak ditimpa.",
)
def member_add(
    request: HttpRequest, panel_id: int, payload: TimSeatIn
) -> tuple[int, dict[str, Any]]:
    panel = _managed(request, panel_id)
    account = find_account(payload.account) if payload.account else None
    if payload.account and account is None:
        raise DomainError(
            f"Tidak ada akun {payload.account}; untuk orang baru isi `name` dan `email`.",
            code="invalid",
            http_status=422,
        )
    result = seat(
        request.user,
        panel=panel,
        account=account,
        name=payload.name,
        email=payload.email if account is None else "",
        role=payload.role,
        affiliation=payload.affiliation,
        institution=payload.institution,
        region_code=payload.region_code,
        employer_key=payload.employer_key,
        base_url=request.build_absolute_uri("/"),
    )
    status = 200 if result.unchanged else 201
    return status, {"member": _member(result.member), "invitation": _invitation(result.invitation)}


@router.post(
    "/panel/{int:panel_id}/keluarkan",
    response={204: None},
    summary="Keluarkan anggota",
    description="Kursi `member` dilepas (ditolak bila anggota sudah mengisi lembar nilai).",
)
def member_remove(request: HttpRequest, panel_id: int, payload: TimRemoveIn) -> tuple[int, None]:
    panel = _managed(request, panel_id)
    member = panel.members.select_related("user").filter(pk=payload.member).first()
    if member is None:
        raise DomainError(
            f"Kursi #{payload.member} tidak ada di {panel.name}.", code="invalid", http_status=422
        )
    remove_member(request.user, member=member)
    return 204, None


@router.post(
    "/{int:year}/impor",
    response=TimImportOut,
    summary="Impor anggota tim dari XLSX",
    description="Multipart: `file` (XLSX; kolom provinsi, nama, email, peran, unsur, instansi, "
    "wilayah sendiri, pemberi kerja sendiri). Semua baris diperiksa dahulu: berkas masuk "
    "seluruhnya atau tidak sama sekali (422 dengan `details.problems`: berkas, baris, kolom, "
    "alasan); mengimpor berkas yang sama lagi tidak mengubah apa pun.",
)
def roster_import(
    request: HttpRequest, year: int, file: File[UploadedFile | None] = None
) -> dict[str, Any]:
    require(request.user, "access.seat_panels")
    cycle = cycle_of_year(year)
    if file is None:
        raise DomainError("Kirim berkas XLSX di isian `file`.", code="invalid", http_status=422)
    if (file.size or 0) > MAX_BYTES:
        raise DomainError("Berkas lebih besar dari 2 MB.", code="too_large", http_status=413)
    result = import_roster(
        request.user,
        cycle=cycle,
        content=file.read(),
        file_name=file.name or "anggota.xlsx",
        base_url=request.build_absolute_uri("/"),
    )
    return {
        "file_name": result.file_name,
        "rows": result.rows,
        "panels_created": result.panels_created,
        "added": result.added,
        "changed": result.changed,
        "unchanged": result.unchanged,
        "invitations": [_invitation(i) for i in result.invitations],
    }


@router.post(
    "/{int:year}/salin",
    response=TimCopyOut,
    summary="Salin tim dari siklus sebelumnya",
    description="Anggota tim siklus `source_year` disalin ke tim siklus ini dengan peran dan "
    "kursinya (unsur, instansi, wilayah dan pemberi kerja sendiri); tim yang belum ada "
    "dibentuk (hanya admin nasional). Yang sudah duduk di tim siklus ini tidak diubah, akun "
    "nonaktif dilewati, konflik kepentingan tidak disalin. Satu transaksi: semua tim disalin "
    "atau tidak sama sekali; 409 bila tahap verifikasi siklus ini sudah dibuka.",
)
def roster_copy(request: HttpRequest, year: int, payload: TimCopyIn) -> dict[str, Any]:
    require(request.user, "access.seat_panels")
    cycle = cycle_of_year(year)
    if payload.source_year is None:
        raise DomainError(
            "Isi `source_year`: tahun siklus yang timnya disalin.", code="invalid", http_status=422
        )
    source = cycle_of_year(payload.source_year)
    provinces = None
    if payload.provinces is not None:
        # Compared in the database: PostgreSQL refuses a NUL character in text.
        if any("\x00" in code or len(code) > 20 for code in payload.provinces):
            raise DomainError(
                "`provinces` berisi kode provinsi yang tidak sah.", code="invalid", http_status=422
            )
        provinces = [
            "" if code.strip().lower() in ("", "nasional") else code.strip()
            for code in payload.provinces
        ]
    copied = copy_teams(request.user, cycle=cycle, source=source, provinces=provinces)
    return {
        "source_year": source.assessment_year,
        "teams": [
            {
                "province": team.province,
                "name": team.name,
                "panel_id": team.panel.pk,
                "panel_created": team.created,
                "copied": team.copied,
                "kept": team.kept,
                "skipped": [{"name": s.name, "reason": s.reason} for s in team.skipped],
                "summary": team.summary,
            }
            for team in copied
        ],
    }
