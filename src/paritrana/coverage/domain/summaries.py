"""What the coverage pages and `paritrana coverage show` read: one region, its children, trend."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Substr

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
    # The region's years whose figures lack some of its kab/kota (`partial_years`): year ->
    # (kab/kota with figures that year, kab/kota with figures the year before).
    partial: dict[int, tuple[int, int]] = field(default_factory=dict)

    @property
    def shown_partial(self) -> tuple[int, int] | None:
        """(have, had) when the year shown lacks some of the region's kab/kota."""
        return self.partial.get(self.year) if self.year is not None else None


def choose_year(
    *,
    region_years: Collection[int],
    asked: int | None,
    computed: Collection[int],
    partial: dict[int, tuple[int, int]] | None = None,
) -> YearChoice:
    """The year asked for when the region has metrics in it; otherwise the region's latest
    year whose figures are whole (`partial`: the years that lack some of its kab/kota).

    A partial new year (a few kab/kota computed) must not make every other region's page fail,
    nor open the nation's page on it: a first import of 28 rows for one kab/kota made the
    public pages show Indonesia with 23 active participants. Without a year in the address
    each region opens on its own latest whole year (its latest when none is whole). A year
    asked for that was computed for other regions, but not this one, is `missing` (the page
    says so and links to the region's latest); a year nobody computed (a stale or mistyped
    address) quietly falls back, as it always has."""
    partial = partial or {}
    ordered = sorted(set(region_years), reverse=True)
    if asked is not None and asked in ordered:
        return YearChoice(asked, ordered, partial=partial)
    missing = asked if asked is not None and asked in computed else None
    whole = [year for year in ordered if year not in partial]
    default = (whole or ordered or [None])[0]
    return YearChoice(default, ordered, missing, partial)


def kabkota_with_figures(*, level: str, code: str, base_kind: str) -> dict[int, int]:
    """Per computed year, how many of the region's kab/kota have active participants (one
    query); {} for a kab/kota or a village, whose figure is its own."""
    if level not in ("nasional", "zona", "provinsi"):
        return {}
    rows = RegionMetric.objects.filter(level="kabkota", base_kind=base_kind, active__isnull=False)
    if level == "provinsi":
        rows = rows.filter(region_code__startswith=f"{code}.")
    elif level == "zona":  # its provinces' kab/kota, in the same query
        provinces = Region.objects.filter(level="provinsi", zone_id=code).values("code")
        rows = rows.annotate(province=Substr("region_code", 1, 2)).filter(province__in=provinces)
    counted = rows.values("year").annotate(n=Count("id")).order_by()
    return {row["year"]: row["n"] for row in counted}


def partial_years(counts: dict[int, int]) -> dict[int, tuple[int, int]]:
    """The years in which fewer of a region's kab/kota have figures than the year before
    (their records not imported yet): their totals are not the region's and do not compare
    with the year before. year -> (kab/kota with figures, kab/kota the year before)."""
    return {
        year: (have, counts[year - 1])
        for year, have in counts.items()
        if year - 1 in counts and have < counts[year - 1]
    }


def region_year(*, level: str, code: str, base_kind: str, asked: int | None) -> YearChoice:
    """`choose_year` over the region's computed years under `base_kind` (two queries, three
    when the year asked for is not among them)."""
    rows = RegionMetric.objects.filter(level=level, region_code=code, base_kind=base_kind)
    region_years = set(rows.values_list("year", flat=True))
    computed: set[int] = set()
    if asked is not None and asked not in region_years:
        computed = {asked} if RegionMetric.objects.filter(year=asked).exists() else set()
    partial = partial_years(kabkota_with_figures(level=level, code=code, base_kind=base_kind))
    return choose_year(region_years=region_years, asked=asked, computed=computed, partial=partial)


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
