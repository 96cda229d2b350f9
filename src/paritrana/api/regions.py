"""Regions (public): the Kemendagri 2025 hierarchy and the award zones."""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from paritrana.api.auth import PUBLIC_DOC, public
from paritrana.api.lookups import NO_NUL
from paritrana.api.pagination import Pages
from paritrana.regions.domain import (
    descendant_counts,
    get_region,
    normalize_code,
    parent_chain,
    search_regions,
)
from paritrana.regions.models import Region, Zone

router = Router(tags=["wilayah"], auth=public())

LevelName = Literal["provinsi", "kabkota", "kecamatan", "desa"]
SEARCH_LIMIT = 500  # a name search returns at most this many matches, best first


class RegionOut(Schema):
    code: str = Field(description="Kode Kemendagri bertitik, mis. 61.04.")
    name: str
    level: str = Field(description="provinsi, kabkota, kecamatan atau desa.")
    kind: str = Field(description="kabupaten, kota, desa, kelurahan, desa_adat, atau kosong.")
    parent: str | None = Field(description="Kode wilayah induk; null untuk provinsi.")
    zone: str | None = Field(description="Zona penghargaan (hanya pada provinsi).")

    @staticmethod
    def resolve_parent(region: Region) -> str | None:
        return region.parent_id

    @staticmethod
    def resolve_zone(region: Region) -> str | None:
        return region.zone_id


class ParentOut(Schema):
    code: str
    name: str
    level: str


class RegionDetail(RegionOut):
    parents: list[ParentOut] = Field(description="Induk dari provinsi ke bawah.")
    counts: dict[str, int] = Field(description="Jumlah wilayah di bawahnya per tingkat.")


class ZoneOut(Schema):
    code: str
    name: str
    provinces: list[str]


class RegionFilters(Schema):
    induk: str | None = Field(
        None,
        max_length=40,
        pattern=NO_NUL,
        description="Kode wilayah induk (anak langsungnya saja).",
    )
    tingkat: LevelName | None = Field(None, description="Tingkat wilayah.")
    q: str | None = Field(
        None,
        max_length=120,
        pattern=NO_NUL,
        description="Cari nama (tahan huruf besar/kecil dan awalan Kab./Kota/Kec.); paling "
        f"banyak {SEARCH_LIMIT} hasil, yang paling cocok dahulu.",
    )


@router.get(
    "",
    response=list[RegionOut],
    summary="Daftar wilayah",
    description="Wilayah Kemendagri 2025, urut kode; saring menurut induk, tingkat atau nama.",
    openapi_extra=PUBLIC_DOC,
)
@paginate(Pages)
def region_list(request: HttpRequest, filters: Query[RegionFilters]) -> Any:
    parent = normalize_code(filters.induk) if filters.induk else None
    if filters.q and filters.q.strip():
        return search_regions(filters.q, level=filters.tingkat, parent=parent, limit=SEARCH_LIMIT)
    rows = Region.objects.order_by("code")
    if parent:
        rows = rows.filter(parent_id=parent)
    if filters.tingkat:
        rows = rows.filter(level=filters.tingkat)
    return rows


@router.get(
    "/zona",
    response=list[ZoneOut],
    summary="Zona penghargaan",
    description="Lima zona Paritrana Award dengan kode provinsi anggotanya.",
    openapi_extra=PUBLIC_DOC,
)
def zones(request: HttpRequest) -> list[dict[str, Any]]:
    members: dict[str, list[str]] = {}
    for code, zone in Region.objects.filter(level="provinsi").values_list("code", "zone_id"):
        if zone:
            members.setdefault(zone, []).append(code)
    return [
        {"code": z.code, "name": z.name, "provinces": sorted(members.get(z.code, []))}
        for z in Zone.objects.order_by("order")
    ]


@router.get(
    "/{code}",
    response=RegionDetail,
    summary="Satu wilayah",
    description="Kode bertitik atau tanpa titik (6104 = 61.04); kode BPS ditolak.",
    openapi_extra=PUBLIC_DOC,
)
def region_detail(request: HttpRequest, code: str) -> Region:
    region = get_region(code)
    region.parents = parent_chain(region)  # type: ignore[attr-defined]
    region.counts = descendant_counts(region)  # type: ignore[attr-defined]
    return region
