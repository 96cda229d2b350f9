"""Coverage metrics (public), as the coverage pages and the dashboard show them: one row per
region, year and workforce base, from the nation down to the village."""

import math
from datetime import date
from typing import Any, Literal

from django.db.models import Case, CharField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import field_validator

from paritrana.api.auth import PUBLIC_DOC, public
from paritrana.api.lookups import NO_NUL
from paritrana.api.pagination import Pages
from paritrana.coverage.domain.summaries import (
    MetricsNotFound,
    level_of,
    region_coverage,
    region_year,
)
from paritrana.coverage.models import RegionMetric
from paritrana.regions.domain import normalize_code
from paritrana.regions.models import Region, Zone

router = Router(tags=["cakupan"], auth=public())

Base = Literal["sakernas_bekerja", "potensi", "lainnya"]
MetricLevel = Literal["nasional", "zona", "provinsi", "kabkota", "desa"]
LEVEL_ORDER = ("nasional", "zona", "provinsi", "kabkota", "desa")
BASE_DOC = "Dasar angkatan kerja: sakernas_bekerja (BPS Sakernas, bawaan), potensi, lainnya."


class MetricOut(Schema):
    region_code: str = Field(description="ID (nasional), kode zona, atau kode Kemendagri.")
    level: str
    name: str
    year: int
    base_kind: str
    as_of_month: date | None = Field(description="Bulan data peserta aktif.")
    active: int | None = Field(description="Peserta aktif.")
    active_pu: int | None = Field(description="Peserta aktif Penerima Upah.")
    active_bpu: int | None = Field(description="Peserta aktif Bukan Penerima Upah.")
    active_jakon: int | None = Field(description="Peserta aktif jasa konstruksi.")
    active_pmi: int | None = Field(description="Peserta aktif Pekerja Migran Indonesia.")
    active_jkk: int | None = Field(description="Peserta aktif program JKK.")
    active_jkm: int | None = Field(description="Peserta aktif program JKM.")
    active_jht: int | None = Field(description="Peserta aktif program JHT.")
    active_jp: int | None = Field(description="Peserta aktif program JP.")
    from_aggregated: bool = Field(description="Sebagian dari hitungan agregat.")
    prev_active: int | None = Field(description="Peserta aktif tahun sebelumnya.")
    workforce: int | None = Field(description="Angkatan kerja (dasar yang dipilih).")
    workforce_derived: bool | None
    workforce_partial: bool | None = Field(
        description="Angkatan kerja hanya mencakup sebagian wilayah: UCJ tidak dihitung."
    )
    prev_workforce: int | None
    target_pct: float | None = Field(description="Target UCJ (%).")
    ucj_pct: float | None = Field(description="Universal Coverage Jamsostek (%).")
    prev_ucj_pct: float | None
    change_points: float | None = Field(description="Perubahan UCJ dari tahun lalu (poin).")
    change_pct: float | None
    active_growth_pct: float | None
    attainment_pct: float | None = Field(description="Capaian target (%).")
    gap_workers: int | None = Field(description="Tambahan pekerja yang diperlukan.")
    projected_year: int | None = Field(description="Tahun target tercapai dengan tren kini.")
    bpu_coverage_pct: float | None = Field(description="Cakupan BPU (pekerja rentan) (%).")
    benefits_amount: int | None = Field(description="Manfaat dibayar (Rp).")
    benefits_recipients: int | None
    benefits_per_participant: float | None
    employers: int | None = Field(description="Pemberi kerja.")
    employers_in_arrears: int | None
    on_time_pct: float | None = Field(description="Pembayaran iuran tepat waktu (%).")
    complete_pct: float | None
    paid_pct_of_due: float | None
    paid_pct_of_expected: float | None
    registered_share_pct: float | None

    @field_validator("*", mode="before")
    @classmethod
    def _finite(cls, value: Any) -> Any:
        # JSON has no NaN or infinity: an undefined ratio is null.
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return value


class YearOut(Schema):
    year: int
    bases: list[str]


class ParentOut(Schema):
    level: str
    code: str
    name: str


class IncompleteOut(Schema):
    kabkota_with_figures: int = Field(
        description="Kab/kota wilayah ini yang punya angka tahun ini."
    )
    kabkota_year_before: int = Field(description="Kab/kota yang punya angka tahun sebelumnya.")


class RegionCoverageOut(Schema):
    metric: MetricOut
    parents: list[ParentOut] = Field(description="Dari nasional ke bawah.")
    incomplete: IncompleteOut | None = Field(
        None,
        description="Bila tahun ini belum lengkap (lebih sedikit kab/kota wilayah ini yang punya "
        "angka daripada tahun sebelumnya): totalnya belum total seluruh wilayah. Tanpa `tahun`, "
        "jawabannya tahun lengkap terakhir wilayah ini, seperti halaman cakupan.",
    )


class BaseOnly(Schema):
    dasar: Base = Field("sakernas_bekerja", description=BASE_DOC)


class YearAndBase(BaseOnly):
    tahun: int | None = Field(
        None, ge=2000, le=2100, description="Tahun; bawaan: tahun terakhir yang dihitung."
    )


class MetricFilters(YearAndBase):
    tingkat: MetricLevel | None = Field(None, description="Tingkat wilayah.")
    induk: str | None = Field(
        None,
        max_length=40,
        pattern=NO_NUL,
        description="Hanya wilayah di bawah kode ini (ID, kode zona atau kode Kemendagri).",
    )


def _named(rows: QuerySet[RegionMetric]) -> QuerySet[RegionMetric]:
    """Each row with its region's name, in the same query."""
    region = Region.objects.filter(code=OuterRef("region_code")).values("name")[:1]
    zone = Zone.objects.filter(code=OuterRef("region_code")).values("name")[:1]
    return rows.annotate(
        name=Case(
            When(level="nasional", then=Value("Indonesia")),
            When(level="zona", then=Coalesce(Subquery(zone), "region_code")),
            default=Coalesce(Subquery(region), "region_code"),
            output_field=CharField(),
        )
    )


def _code(text: str) -> str:
    """ID, a zone's code, or a Kemendagri code (dotted or plain)."""
    text = text.strip()
    if text.upper() == "ID":
        return "ID"
    return normalize_code(text) if text[:1].isdigit() else text.lower()


def _latest_year(base: str) -> int:
    year = (
        RegionMetric.objects.filter(base_kind=base)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if year is None:
        raise MetricsNotFound(
            f"Belum ada metrik cakupan dengan dasar {base}. Impor data lalu jalankan perhitungan."
        )
    return year


@router.get(
    "/tahun",
    response=list[YearOut],
    summary="Tahun dan dasar yang sudah dihitung",
    openapi_extra=PUBLIC_DOC,
)
def computed_years(request: HttpRequest) -> list[dict[str, Any]]:
    pairs = RegionMetric.objects.values_list("year", "base_kind").distinct().order_by()
    years: dict[int, set[str]] = {}
    for year, base in pairs:
        years.setdefault(year, set()).add(base)
    return [{"year": y, "bases": sorted(years[y])} for y in sorted(years, reverse=True)]


@router.get(
    "",
    response=list[MetricOut],
    summary="Metrik cakupan per wilayah",
    description="Satu baris per wilayah untuk satu tahun dan dasar; urut tingkat dan kode.",
    openapi_extra=PUBLIC_DOC,
)
@paginate(Pages)
def metric_list(request: HttpRequest, filters: Query[MetricFilters]) -> Any:
    year = filters.tahun or _latest_year(filters.dasar)
    rows = RegionMetric.objects.filter(year=year, base_kind=filters.dasar)
    if filters.tingkat:
        rows = rows.filter(level=filters.tingkat)
    if filters.induk:
        parent = _code(filters.induk)
        if parent == "ID":
            pass
        elif level_of(parent) == "zona":
            provinces = Region.objects.filter(zone_id=parent).values_list("code", flat=True)
            rows = rows.filter(level="provinsi", region_code__in=list(provinces))
        else:
            rows = rows.filter(region_code__startswith=f"{parent}.")
    order = Case(
        *(When(level=lv, then=Value(i)) for i, lv in enumerate(LEVEL_ORDER)),
        default=Value(9),
    )
    return _named(rows).order_by(order, "region_code")


@router.get(
    "/{code}",
    response=RegionCoverageOut,
    summary="Cakupan satu wilayah",
    description="Kode: ID untuk nasional, kode zona (mis. kalimantan), atau kode Kemendagri.",
    openapi_extra=PUBLIC_DOC,
)
def region_metric(
    request: HttpRequest,
    code: str,
    choice: Query[YearAndBase],
) -> dict[str, Any]:
    code = _code(code)
    # As the coverage page: the year asked for, else the region's last whole year.
    chosen = region_year(
        level=level_of(code), code=code, base_kind=choice.dasar, asked=choice.tahun
    )
    year = choice.tahun or chosen.year or _latest_year(choice.dasar)
    view = region_coverage(code=code, year=year, base_kind=choice.dasar)
    metric = _named(RegionMetric.objects.filter(pk=view.metric.pk)).get()
    lacking = chosen.partial.get(year)
    return {
        "metric": metric,
        "parents": [{"level": lv, "code": c, "name": n} for lv, c, n in view.parents],
        "incomplete": {"kabkota_with_figures": lacking[0], "kabkota_year_before": lacking[1]}
        if lacking
        else None,
    }


@router.get(
    "/{code}/tren",
    response=list[MetricOut],
    summary="Tren cakupan satu wilayah",
    description="Setiap tahun yang sudah dihitung, dari yang terlama.",
    openapi_extra=PUBLIC_DOC,
)
def region_trend(
    request: HttpRequest,
    code: str,
    choice: Query[BaseOnly],
) -> Any:
    code = _code(code)
    base = choice.dasar
    rows = RegionMetric.objects.filter(base_kind=base, level=level_of(code), region_code=code)
    found = list(_named(rows).order_by("year"))
    if not found:
        raise MetricsNotFound(f"Belum ada metrik cakupan untuk {code} (dasar {base}).")
    return found
