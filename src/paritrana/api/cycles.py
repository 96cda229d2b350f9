"""Award cycles (public): their stages, categories, and each category's criteria and weights.

All of this is the published rulebook of a cycle; nothing here says who is judged or how."""

from datetime import date, datetime
from typing import Any, Literal

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from paritrana import versions
from paritrana.api.auth import PUBLIC_DOC, public
from paritrana.api.errors import NotFound
from paritrana.api.pagination import Pages
from paritrana.awards.models import Category, Criterion, Cycle, Level, RubricLevel, Stage

router = Router(tags=["siklus"], auth=public())

# A round (`awards.models.Level`), as the routers of candidates, cycles and results take it.
LevelName = Literal["provinsi", "nasional"]


class StageOut(Schema):
    level: str = Field(description="provinsi atau nasional.")
    kind: str
    name: str
    order: int
    starts_on: date | None
    ends_on: date | None
    status: str = Field(description="draft (belum dibuka), open, closed.")
    opened_at: datetime | None
    closed_at: datetime | None

    @staticmethod
    def resolve_name(stage: Stage) -> str:
        return str(stage.get_kind_display())


class CategoryBrief(Schema):
    level: str
    code: str
    name: str
    enabled: bool = Field(description="Dipakai pada siklus ini.")


class CycleOut(Schema):
    assessment_year: int = Field(description="Tahun data yang dinilai.")
    ceremony_year: int = Field(description="Tahun penganugerahan.")
    name: str
    label: str
    stages: list[StageOut]

    @staticmethod
    def resolve_stages(cycle: Cycle) -> list[Stage]:
        return list(cycle.stages.all())


class CycleDetail(CycleOut):
    categories: list[CategoryBrief]

    @staticmethod
    def resolve_categories(cycle: Cycle) -> list[Category]:
        return list(cycle.categories.all())


class RubricOut(Schema):
    score: float
    descriptor: str


class CriterionOut(Schema):
    code: str
    name: str
    description: str
    parent: str | None = Field(description="Kode kriteria induk; null untuk kriteria utama.")
    stage: str = Field(description="Tahap penilaiannya.")
    weight: float = Field(description="Bobot di antara saudara-saudaranya.")
    weight_is_assumption: bool = Field(
        description="Bobot asumsi yang dapat diubah (bobot resmi tidak diterbitkan)."
    )
    kind: str = Field(
        description="kuantitatif (dari data), kualitatif (oleh penilai), atau kosong."
    )
    metric: str = Field(description="Metrik cakupan kriteria kuantitatif.")
    function: str
    scale_min: float
    scale_max: float
    rubric: list[RubricOut]

    @staticmethod
    def resolve_parent(criterion: Criterion) -> str | None:
        parent = criterion.parent
        return parent.code if parent else None

    @staticmethod
    def resolve_rubric(criterion: Criterion) -> list[RubricLevel]:
        return list(criterion.rubric.all())


class CategoryOut(CategoryBrief):
    cycle: int = Field(description="Tahun penilaian siklusnya.")
    description: str
    eligibility: dict[str, Any] = Field(description="Siapa yang boleh bersaing.")
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_cycle(category: Category) -> int:
        return category.cycle.assessment_year

    @staticmethod
    def resolve_criteria(category: Category) -> list[Criterion]:
        return list(category.criteria.all())


def _cycles() -> QuerySet[Cycle]:
    return Cycle.objects.order_by("-assessment_year").prefetch_related(
        Prefetch("stages", queryset=Stage.objects.order_by("level", "order"))
    )


def _cycle(year: int) -> Cycle:
    cycle = _cycles().prefetch_related("categories").filter(assessment_year=year).first()
    if cycle is None:
        raise NotFound(f"Tidak ada siklus Paritrana Award dengan tahun penilaian {year}.")
    return cycle


@router.get(
    "",
    response=list[CycleOut],
    summary="Siklus Paritrana Award",
    description="Setiap siklus dengan tahap-tahapnya, yang terbaru dahulu.",
    openapi_extra=PUBLIC_DOC,
)
@paginate(Pages)
def cycle_list(request: HttpRequest) -> Any:
    return _cycles()


@router.get(
    "/{int:year}",
    response=CycleDetail,
    summary="Satu siklus",
    description="Menurut tahun penilaian (mis. 2025).",
    openapi_extra=PUBLIC_DOC,
)
def cycle_detail(request: HttpRequest, year: int) -> Cycle:
    return _cycle(year)


@router.get(
    "/{int:year}/kategori",
    response=list[CategoryOut],
    summary="Kategori satu siklus",
    description="Kategori kedua babak dengan kriteria, bobot dan rubriknya.",
    openapi_extra=PUBLIC_DOC,
)
@paginate(Pages)
def category_list(request: HttpRequest, year: int, tingkat: LevelName | None = None) -> Any:
    cycle = _cycle(year)
    return _kept_categories(cycle, tingkat)


def _kept_categories(cycle: Cycle, level: str | None) -> list[Category]:
    """A cycle's categories with their criteria and rubrics read (prefetched), kept in this
    process until the data changes (`paritrana.versions`): public reference data, the same
    whoever asks. Shared between requests: only read, never changed."""

    def compute() -> list[Category]:
        rows = _categories().filter(cycle=cycle)
        if level:
            rows = rows.filter(level=level)
        return list(rows)

    return versions.remembered("api.categories", (cycle.pk, level), compute)


def _categories() -> QuerySet[Category]:
    criteria = Criterion.objects.select_related("parent").prefetch_related("rubric")
    return (
        Category.objects.select_related("cycle")
        .prefetch_related(Prefetch("criteria", queryset=criteria.order_by("order")))
        .order_by("level", "order", "code")
    )


@router.get(
    "/{int:year}/kategori/{level}/{code}",
    response=CategoryOut,
    summary="Satu kategori",
    description="Babak (provinsi atau nasional) dan kode kategori (mis. pemda-kabkota).",
    openapi_extra=PUBLIC_DOC,
)
def category_detail(request: HttpRequest, year: int, level: LevelName, code: str) -> Category:
    # PostgreSQL refuses a NUL character in text: no category has one in its code.
    category = (
        None
        if "\x00" in code
        else _categories().filter(cycle=_cycle(year), level=level, code=code).first()
    )
    if category is None:
        raise NotFound(f"Kategori '{code}' tidak ada di babak {Level(level).label} siklus {year}.")
    return category
