"""Candidates (nominations): those the caller may open, as `access.view_candidate` decides.

The list is the policy's `visible_nominations` (`paritrana.access.policy`), which agrees
object by object with the permission the detail asks (tests/access/test_scopes.py): a conflict
of interest hides a candidate from the list and refuses its detail with the reason.
"""

from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import BaseModel

from paritrana.access.policy import require, visible_nominations
from paritrana.api.auth import signed_in
from paritrana.api.cycles import LevelName
from paritrana.api.errors import NotFound
from paritrana.api.lookups import NO_NUL
from paritrana.api.pagination import Pages, Shaped
from paritrana.awards.models import Category, Nomination

router = Router(tags=["kandidat"], auth=signed_in())

StatusName = Literal["nominated", "removed"]


# Plain pydantic models, given plain rows (`_rows`): a page holds up to 500 candidates, and
# django-ninja's Schema reads each one through its attribute getter and resolvers (15 ms of a
# 500-row page against 4 ms for plain rows, benchmarks/national_cycle.py).
class CategoryRef(BaseModel):
    cycle: int = Field(description="Tahun penilaian siklusnya.")
    level: str
    code: str
    name: str


class CandidateOut(BaseModel):
    id: int
    name: str
    category: CategoryRef
    province: str = Field(description="Provinsi tempat kandidat bersaing (kode Kemendagri).")
    entity: str = Field(description="kabkota, provinsi, desa atau perusahaan.")
    key: str = Field(description="Kode wilayah, atau nomor pemberi kerja pada data cakupan.")
    region_code: str
    size_class: str
    sector: str
    source: str = Field(description="data (daftar pendek), manual, atau promosi.")
    status: str = Field(description="nominated atau removed.")
    basis: str = Field(description="Dasar pencalonan (metrik dan nilainya).")


FIELDS = (
    "id",
    "name",
    "province",
    "entity",
    "key",
    "region_code",
    "size_class",
    "sector",
    "source",
    "status",
    "basis",
)


def _category_ref(category: Category) -> dict[str, Any]:
    return {
        "cycle": category.cycle.assessment_year,
        "level": category.level,
        "code": category.code,
        "name": category.name,
    }


def _rows(nominations: QuerySet[Nomination]) -> list[dict[str, Any]]:
    """A page of candidates as plain rows: their own columns in one query, their few
    categories (with the cycle) in one more, shared by the rows."""
    rows = list(nominations.values(*FIELDS, "category_id"))
    wanted = {row["category_id"] for row in rows}
    categories = {
        category.pk: _category_ref(category)
        for category in Category.objects.select_related("cycle").filter(pk__in=wanted)
    }
    for row in rows:
        row["category"] = categories[row.pop("category_id")]
    return rows


def _row(nomination: Nomination) -> dict[str, Any]:
    row = {field: getattr(nomination, "pk" if field == "id" else field) for field in FIELDS}
    row["category"] = _category_ref(nomination.category)
    return row


class CandidateFilters(Schema):
    siklus: int | None = Field(None, ge=2000, le=2100, description="Tahun penilaian.")
    tingkat: LevelName | None = Field(None, description="Babak: provinsi atau nasional.")
    kategori: str | None = Field(None, max_length=60, pattern=NO_NUL, description="Kode kategori.")
    provinsi: str | None = Field(
        None, max_length=2, pattern=NO_NUL, description="Kode provinsi (mis. 61)."
    )
    status: StatusName | None = None
    q: str | None = Field(None, max_length=200, pattern=NO_NUL, description="Bagian nama kandidat.")


@router.get(
    "",
    response=list[CandidateOut],
    summary="Kandidat yang boleh Anda lihat",
    description=(
        "Perwakilan: kandidatnya sendiri; penilai: yang ditugaskan kepadanya; ketua dan "
        "sekretaris tim: kandidat timnya; admin provinsi: babak provinsinya; admin nasional: "
        "semua. Kandidat yang berkonflik kepentingan dengan Anda tidak tercantum."
    ),
)
@paginate(Pages)
def candidate_list(request: HttpRequest, filters: Query[CandidateFilters]) -> Any:
    rows = visible_nominations(request.user)
    if filters.siklus:
        rows = rows.filter(category__cycle__assessment_year=filters.siklus)
    if filters.tingkat:
        rows = rows.filter(category__level=filters.tingkat)
    if filters.kategori:
        rows = rows.filter(category__code=filters.kategori)
    if filters.provinsi:
        rows = rows.filter(province=filters.provinsi)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.q and filters.q.strip():
        rows = rows.filter(name__icontains=filters.q.strip())
    ordered = rows.select_related(None).order_by(
        "-category__cycle__assessment_year",
        "category__level",
        "category__order",
        "province",
        "name",
        "pk",
    )
    return Shaped(ordered, _rows)


@router.get(
    "/{int:nomination_id}",
    response=CandidateOut,
    summary="Satu kandidat",
    description="Ditolak (403, dengan alasannya) bila Anda tidak berhak melihatnya.",
)
def candidate_detail(request: HttpRequest, nomination_id: int) -> dict[str, Any]:
    nomination = (
        Nomination.objects.select_related("category__cycle").filter(pk=nomination_id).first()
    )
    if nomination is None:
        raise NotFound(f"Kandidat #{nomination_id} tidak ditemukan.")
    require(request.user, "access.view_candidate", nomination)
    return _row(nomination)
