"""The secretariat's workbench over the API: cycles, their set-up (name, categories added,
changed and removed, criteria, stage dates), and the stages with their pre-checks (the same
commands and policy as /sekretariat/ and `paritrana siklus`).

Reading the list of cycles is for the national and provincial admins; everything else for the
national admin (`access.manage_cycle`). Changes are made from a logged-in session: a personal
token reads only here. Opening or closing a stage with something missing answers 409
`precheck_failed` with the findings in `details`, unless `override_reason` says why to go on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from paritrana.access.policy import require
from paritrana.api.cycles import (
    CategoryBrief,
    CategoryOut,
    CriterionOut,
    CycleOut,
    LevelName,
    StageOut,
)
from paritrana.api.errors import NotFound
from paritrana.api.lookups import cycle_of_year
from paritrana.api.pagination import Pages
from paritrana.assessment.domain.prechecks import CLOSE, OPEN, Finding, findings
from paritrana.awards.domain.setup import SetupError
from paritrana.awards.models import Category, Criterion, Cycle, Stage, StageKind
from paritrana.commands.awards import close_stage, copy_cycle, create_cycle, open_stage
from paritrana.commands.setup import (
    add_category,
    remove_category,
    rename_cycle,
    schedule_stage,
    update_category,
    update_criterion,
    update_rubric,
)

router = Router(tags=["sekretariat"])

StageName = Literal[
    "penyaringan", "penilaian_mandiri", "verifikasi", "wawancara", "keputusan", "publikasi"
]


# Required fields are checked after the access policy, so a refused caller learns nothing of
# the body (403 first, then 422).
class NewCycle(Schema):
    assessment_year: int | None = Field(
        None, ge=2000, le=2100, description="Tahun data yang dinilai (wajib)."
    )


class CopiedCycle(NewCycle):
    source_year: int | None = Field(
        None, description="Tahun penilaian siklus yang disalin (wajib)."
    )


class FindingOut(Schema):
    code: str = Field(description="Kode tetap, mis. panels_missing, weights, groups_undecided.")
    message: str = Field(description="Apa yang kurang, dengan jumlahnya.")
    count: int
    link: str = Field(description="Halaman web tempat kekurangan itu dilengkapi, atau kosong.")


class PrecheckOut(Schema):
    stage: StageOut
    action: str = Field(description="open (dibuka) atau close (ditutup).")
    findings: list[FindingOut]


class Override(Schema):
    override_reason: str | None = Field(
        None, description="Alasan untuk tetap melanjutkan meskipun ada yang kurang (diaudit)."
    )


class Dates(Schema):
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


# PostgreSQL refuses a NUL character in text (a server error): such a value is invalid (422).
NO_NUL = r"^[^\x00]*$"


class CycleName(Schema):
    name: str | None = Field(
        None, pattern=NO_NUL, description="Nama baru siklus (wajib, paling panjang 120)."
    )


class NewCategory(Schema):
    name: str | None = Field(None, pattern=NO_NUL, description="Nama kategori baru (wajib).")
    basis: str | None = Field(
        None,
        pattern=NO_NUL,
        description="Kode kategori babak yang sama yang ditiru (wajib): siapa yang boleh ikut, "
        "aturan daftar pendek, kriteria dan rubriknya disalin.",
    )


class CategoryChange(Schema):
    name: str | None = None
    enabled: bool | None = None
    metric: str | None = Field(None, description="Ukuran cakupan untuk daftar pendek.")
    top_n: int | None = Field(None, description="Jumlah kandidat daftar pendek per provinsi.")
    minimum: dict[str, float] | None = Field(None, description="Nilai minimal per ukuran.")
    size_classes: list[str] | None = Field(
        None, description="Kategori perusahaan: skala yang boleh ikut (besar, menengah, ...)."
    )
    sectors: list[str] | None = Field(
        None, description="Kategori perusahaan: sektor yang boleh ikut (kosong: semua)."
    )


class CriterionChange(Schema):
    name: str | None = None
    description: str | None = None
    weight: str | None = Field(None, description='Bobot 0-100, mis. "12.5".')
    rubric: dict[str, str] | None = Field(
        None, description="Skor -> deskriptor; teks kosong menghapus tingkat itu."
    )


def _stage(request: HttpRequest, year: int, level: str, kind: str) -> Stage:
    require(request.user, "access.manage_cycle")
    stage = (
        Stage.objects.select_related("cycle")
        .filter(cycle=cycle_of_year(year), level=level, kind=kind)
        .first()
    )
    if stage is None:
        raise NotFound(f"Tidak ada tahap {StageKind(kind).label} di siklus {year}.")
    return stage


def _category(request: HttpRequest, year: int, level: str, code: str) -> Category:
    require(request.user, "access.manage_cycle")
    category = (
        Category.objects.select_related("cycle")
        .filter(cycle=cycle_of_year(year), level=level, code=code)
        .first()
        if "\x00" not in code  # PostgreSQL refuses NUL in text; no category code has one
        else None
    )
    if category is None:
        raise NotFound(f"Kategori '{code}' tidak ada di siklus {year}.")
    return category


def _required(value: int | None, name: str = "assessment_year") -> int:
    if value is None:
        raise SetupError(name, "Tahun penilaian wajib diisi.")
    return value


def _link(finding: Finding) -> str:
    try:
        return reverse(finding.link, args=finding.link_args) if finding.link else ""
    except NoReverseMatch:
        return ""


@router.get("/siklus", response=list[CycleOut], summary="Siklus (meja kerja sekretariat)")
@paginate(Pages)
def cycles(request: HttpRequest) -> Any:
    require(request.user, "access.view_workbench")
    return Cycle.objects.order_by("-assessment_year").prefetch_related("stages")


@router.post("/siklus", response={201: CycleOut}, summary="Buat siklus dari templat bawaan")
def create(request: HttpRequest, body: NewCycle) -> Status[Cycle]:
    require(request.user, "access.manage_cycle")
    return Status(201, create_cycle(request.user, assessment_year=_required(body.assessment_year)))


@router.post("/siklus/salin", response={201: CycleOut}, summary="Salin siklus ke tahun baru")
def copy(request: HttpRequest, body: CopiedCycle) -> Status[Cycle]:
    require(request.user, "access.manage_cycle")
    source = cycle_of_year(_required(body.source_year, "source_year"))
    year = _required(body.assessment_year)
    return Status(201, copy_cycle(request.user, source=source, assessment_year=year))


@router.patch("/siklus/{int:year}", response=CycleOut, summary="Ganti nama siklus")
def rename(request: HttpRequest, year: int, body: CycleName) -> Cycle:
    require(request.user, "access.manage_cycle")
    return rename_cycle(request.user, cycle=cycle_of_year(year), name=body.name or "")


@router.get(
    "/siklus/{int:year}/tahap/{level}/{kind}/periksa",
    response=PrecheckOut,
    summary="Pemeriksaan sebelum tahap dibuka atau ditutup",
    description="Apa yang masih kurang, dengan jumlahnya. aksi: open (bawaan) atau close.",
)
def precheck(
    request: HttpRequest,
    year: int,
    level: LevelName,
    kind: StageName,
    aksi: Literal["open", "close"] = "open",
) -> dict[str, Any]:
    stage = _stage(request, year, level, kind)
    found = findings(stage, OPEN if aksi == "open" else CLOSE)
    return {
        "stage": stage,
        "action": aksi,
        "findings": [{**f.as_dict(), "link": _link(f)} for f in found],
    }


@router.post(
    "/siklus/{int:year}/tahap/{level}/{kind}/buka",
    response=StageOut,
    summary="Buka tahap (tahap publikasi: umumkan hasil babaknya)",
)
def open_(
    request: HttpRequest, year: int, level: LevelName, kind: StageName, body: Override
) -> Stage:
    stage = _stage(request, year, level, kind)
    return open_stage(request.user, stage=stage, override_reason=body.override_reason)


@router.post(
    "/siklus/{int:year}/tahap/{level}/{kind}/tutup", response=StageOut, summary="Tutup tahap"
)
def close(
    request: HttpRequest, year: int, level: LevelName, kind: StageName, body: Override
) -> Stage:
    stage = _stage(request, year, level, kind)
    return close_stage(request.user, stage=stage, override_reason=body.override_reason)


@router.patch(
    "/siklus/{int:year}/tahap/{level}/{kind}", response=StageOut, summary="Atur tanggal tahap"
)
def dates(request: HttpRequest, year: int, level: LevelName, kind: StageName, body: Dates) -> Stage:
    stage = _stage(request, year, level, kind)
    given = body.dict(exclude_unset=True)  # a date not sent stays as it is
    return schedule_stage(
        request.user,
        stage=stage,
        starts_on=given.get("starts_on", stage.starts_on),
        ends_on=given.get("ends_on", stage.ends_on),
    )


@router.patch(
    "/siklus/{int:year}/kategori/{level}/{code}", response=CategoryOut, summary="Ubah kategori"
)
def category(
    request: HttpRequest, year: int, level: LevelName, code: str, body: CategoryChange
) -> Category:
    found = _category(request, year, level, code)
    update_category(request.user, category=found, **body.dict())
    return found


@router.post(
    "/siklus/{int:year}/kategori/{level}",
    response={201: CategoryOut},
    summary="Tambah kategori (salinan kategori babak yang sama)",
    description="Siapa yang boleh ikut, aturan daftar pendek, kriteria dan rubrik disalin dari "
    "kategori `basis`; kodenya dibentuk dari namanya. Ditolak (409) setelah tahap verifikasi "
    "babaknya dibuka.",
)
def category_add(
    request: HttpRequest, year: int, level: LevelName, body: NewCategory
) -> Status[Category]:
    require(request.user, "access.manage_cycle")
    cycle = cycle_of_year(year)
    # A code not in the round: no basis, refused by the command naming the round (422 basis).
    basis = Category.objects.filter(cycle=cycle, level=level, code=body.basis or "").first()
    added = add_category(request.user, cycle=cycle, level=level, name=body.name or "", basis=basis)
    return Status(201, added)


@router.post(
    "/siklus/{int:year}/kategori/{level}/{code}/hapus",
    response=CategoryBrief,
    summary="Hapus kategori yang belum punya kandidat",
    description="Yang dihapus dikembalikan. Kategori dengan kandidat, nilai atau keputusan "
    "ditolak (409 `in_use`, alasannya menyebut apa): nonaktifkan saja (`enabled`: false).",
)
def category_remove(request: HttpRequest, year: int, level: LevelName, code: str) -> Any:
    found = _category(request, year, level, code)
    removed = CategoryBrief.model_validate(found)  # as it was: the row goes
    remove_category(request.user, category=found)
    return removed


@router.patch(
    "/siklus/{int:year}/kategori/{level}/{code}/kriteria/{criterion}",
    response=CriterionOut,
    summary="Ubah kriteria, bobot dan rubriknya",
)
def criterion(
    request: HttpRequest,
    year: int,
    level: LevelName,
    code: str,
    criterion: str,
    body: CriterionChange,
) -> Criterion:
    found = Criterion.objects.filter(
        category=_category(request, year, level, code), code=criterion
    ).first()
    if found is None:
        raise NotFound(f"Kriteria '{criterion}' tidak ada di kategori '{code}'.")
    if body.name is not None or body.weight is not None or body.description is not None:
        update_criterion(
            request.user,
            criterion=found,
            name=body.name,
            weight=body.weight,
            description=body.description,
        )
    if body.rubric is not None:
        update_rubric(request.user, criterion=found, descriptors=body.rubric)
    return found
