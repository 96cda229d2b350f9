"""What the coverage pages and `paritrana coverage show` read: one region, its children, trend."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from paritrana.coverage.models import RegionMetric
from paritrana.errors import Missing
from paritrana.regions.models import Region, Zone

NATIONAL = ("nasional", "ID")
CHILD_LEVEL = {"nasional": "zona", "zona": "provinsi", "provinsi": "kabkota", "kabkota": "desa"}
LEVEL_LABELS = {
    "nasional": "Nasional",
    "zona": "Zona",
    "provinsi": "Provinsi",
    "kabkota": "Kabupaten/Kota",
    "desa": "Desa/Kelurahan",
}


class MetricsNotFound(Missing):
    """No computed metrics for the region and year (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class RegionCoverage:
    level: str
    code: str
    name: str
    metric: RegionMetric
    children: list[tuple[str, RegionMetric]]  # (name, metric)
    trend: list[RegionMetric]  # every computed year, oldest first
    parents: list[tuple[str, str, str]]  # (level, code, name) from the nation down


def years() -> list[int]:
    return sorted(set(RegionMetric.objects.values_list("year", flat=True)), reverse=True)


@dataclass(frozen=True)
class YearChoice:
    """The year a page of one region shows: the coverage, dashboard and planning pages all
    choose it here, so they agree."""

    year: int | None  # the year to show; None: the region has no metrics under the base
    years: list[int]  # the region's years with metrics under the base, newest first
    missing: int | None = None  # a computed year asked for in which the region has none


def choose_year(
    *, region_years: Collection[int], asked: int | None, computed: Collection[int]
) -> YearChoice:
    """The year asked for when the region has metrics in it; otherwise the region's latest.

    A partial new year (a few kab/kota computed) must not make every other region's page fail:
    without a year in the address each region opens on its own latest year, not the newest
    computed one. A year asked for that was computed for other regions, but not this one, is
    `missing` (the page says so and links to the region's latest); a year nobody computed (a
    stale or mistyped address) quietly falls back, as it always has."""
    ordered = sorted(set(region_years), reverse=True)
    if asked is not None and asked in ordered:
        return YearChoice(asked, ordered)
    missing = asked if asked is not None and asked in computed else None
    return YearChoice(ordered[0] if ordered else None, ordered, missing)


def region_year(*, level: str, code: str, base_kind: str, asked: int | None) -> YearChoice:
    """`choose_year` over the region's computed years under `base_kind` (one query, two when
    the year asked for is not among them)."""
    rows = RegionMetric.objects.filter(level=level, region_code=code, base_kind=base_kind)
    region_years = set(rows.values_list("year", flat=True))
    computed: set[int] = set()
    if asked is not None and asked not in region_years:
        computed = {asked} if RegionMetric.objects.filter(year=asked).exists() else set()
    return choose_year(region_years=region_years, asked=asked, computed=computed)


def level_of(code: str) -> str:
    """The level a code names: ID, a zone slug, or a Kemendagri code by its length."""
    if code == "ID":
        return "nasional"
    if not code[:1].isdigit():
        return "zona"
    return {2: "provinsi", 5: "kabkota", 8: "kecamatan", 13: "desa"}.get(len(code), "")


def names_for(level: str, codes: list[str]) -> dict[str, str]:
    if level == "nasional":
        return {"ID": "Indonesia"}
    if level == "zona":
        return dict(Zone.objects.filter(code__in=codes).values_list("code", "name"))
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


def _parents(level: str, code: str) -> list[tuple[str, str, str]]:
    chain = [("nasional", "ID", "Indonesia")]
    if level in ("nasional", "zona"):
        return chain if level == "zona" else []
    province = Region.objects.select_related("zone").get(code=code[:2])
    if province.zone:
        chain.append(("zona", province.zone.code, province.zone.name))
    prefixes = [code[:n] for n in (2, 5) if n < len(code)]
    names = names_for("provinsi", prefixes)
    chain += [(level_of(p), p, names.get(p, p)) for p in prefixes]
    return chain


def children_codes(level: str, code: str) -> list[str] | None:
    """Codes of the children to list, or None for 'every row of the child level under code'."""
    if level == "nasional":
        return list(Zone.objects.values_list("code", flat=True))
    if level == "zona":
        return list(Region.objects.filter(zone_id=code).values_list("code", flat=True))
    return None


def region_coverage(*, code: str, year: int, base_kind: str = "sakernas_bekerja") -> RegionCoverage:
    level = level_of(code)
    rows = RegionMetric.objects.filter(base_kind=base_kind)
    try:
        metric = rows.get(year=year, level=level, region_code=code)
    except RegionMetric.DoesNotExist:
        raise MetricsNotFound(
            f"Belum ada metrik cakupan untuk {code} tahun {year} (dasar {base_kind}). "
            "Impor data lalu jalankan perhitungan."
        ) from None
    child_level = CHILD_LEVEL.get(level)
    children: list[tuple[str, RegionMetric]] = []
    if child_level:
        child_rows = rows.filter(year=year, level=child_level)
        codes = children_codes(level, code)
        if codes is None:
            child_rows = child_rows.filter(region_code__startswith=f"{code}.")
        else:
            child_rows = child_rows.filter(region_code__in=codes)
        child_list = list(child_rows.order_by("region_code"))
        names = names_for(child_level, [m.region_code for m in child_list])
        children = [(names.get(m.region_code, m.region_code), m) for m in child_list]
    trend = list(rows.filter(level=level, region_code=code).order_by("year"))
    return RegionCoverage(
        level=level,
        code=code,
        name=names_for(level, [code]).get(code, code),
        metric=metric,
        children=children,
        trend=trend,
        parents=_parents(level, code),
    )
