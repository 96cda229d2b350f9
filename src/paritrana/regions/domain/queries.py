"""Read-side helpers: one region with its parents, counts below it, children, search."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.db.models.functions import Substr

from paritrana.errors import Missing
from paritrana.regions.domain.codes import normalize_code
from paritrana.regions.models import Level, Region


class RegionNotFound(Missing):
    """A well-formed code that is not in the loaded hierarchy."""


def get_region(code: str) -> Region:
    """Look a region up by dotted or plain Kemendagri code."""
    dotted = normalize_code(code)
    try:
        return Region.objects.select_related("parent", "zone").get(code=dotted)
    except Region.DoesNotExist:
        raise RegionNotFound(
            f"Kode wilayah {dotted} tidak ditemukan dalam data Kemendagri 2025."
        ) from None


def parent_chain(region: Region) -> list[Region]:
    """Ancestors from the province down to the direct parent (at most three queries-free steps:
    the codes are prefixes of each other, so one query fetches them all)."""
    prefixes = [region.code[:n] for n in (2, 5, 8) if n < len(region.code)]
    return list(Region.objects.filter(code__in=prefixes).order_by("code"))


def _descendants(code: str) -> Q:
    # Codes of descendants start with "<code>."; a range on the primary key uses its index on
    # every database ("/" is the character after "." in ASCII).
    return Q(code__gt=f"{code}.", code__lt=f"{code}/")


def descendant_counts(region: Region | None = None) -> dict[str, int]:
    """Number of regions per level below `region` (or nationally when None)."""
    rows = (
        Region.objects.all() if region is None else Region.objects.filter(_descendants(region.code))
    )
    counts = dict(rows.values_list("level").annotate(n=Count("code")).order_by())
    start = 0 if region is None else Level.ordered().index(region.level_enum) + 1
    return {level.value: counts.get(level.value, 0) for level in Level.ordered()[start:]}


@dataclass(frozen=True)
class ChildRow:
    region: Region
    counts: dict[str, int]  # level -> number of regions below this child


def children_with_counts(region: Region | None) -> list[ChildRow]:
    """Direct children (provinces when region is None), each with its counts per lower level.

    Two queries whatever the number of children: the children, and one grouped count of every
    descendant by (child prefix, level)."""
    if region is None:
        children = list(Region.objects.filter(level=Level.PROVINSI).select_related("zone"))
        below: QuerySet[Region] = Region.objects.exclude(level=Level.PROVINSI)
        child_level = Level.PROVINSI
    else:
        child_level = region.level_enum.child  # type: ignore[assignment]
        if child_level is None:
            return []
        children = list(region.children.order_by("code"))
        below = Region.objects.filter(_descendants(region.code)).exclude(level=child_level)
    width = child_level.code_length
    grouped = (
        below.annotate(prefix=Substr("code", 1, width))
        .values_list("prefix", "level")
        .annotate(n=Count("code"))
        .order_by()
    )
    table: dict[str, dict[str, int]] = {}
    for prefix, level, n in grouped:
        table.setdefault(prefix, {})[level] = n
    lower = Level.ordered()[Level.ordered().index(child_level) + 1 :]
    return [
        ChildRow(
            child, {level.value: table.get(child.code, {}).get(level.value, 0) for level in lower}
        )
        for child in children
    ]


_PREFIXES = [
    (re.compile(r"^(kabupaten|kab\.?)\s+"), "kabupaten"),
    (re.compile(r"^(kota|kot\.?)\s+"), "kota"),
    (re.compile(r"^(kelurahan|kel\.?)\s+"), "kelurahan"),
    (re.compile(r"^desa\s+adat\s+"), "desa_adat"),
    (re.compile(r"^(desa|ds\.?)\s+"), "desa"),
    (re.compile(r"^(kecamatan|kec\.?)\s+"), "kecamatan"),
    (re.compile(r"^(provinsi|prov\.?)\s+"), "provinsi"),
]


def fold(text: str) -> str:
    """Lower-case, single-spaced form used for searching."""
    return re.sub(r"\s+", " ", text.strip().lower())


def search_key(name: str, level: str) -> str:
    """The stored search form of a name: folded, without the Kabupaten/Kota prefix of kab/kota."""
    folded = fold(name)
    if level == Level.KABKOTA:
        folded = re.sub(r"^(kabupaten|kota)\s+", "", folded)
    return folded


def search_regions(
    text: str, *, level: str | None = None, parent: str | None = None, limit: int = 50
) -> list[Region]:
    """Regions whose name contains `text`, tolerant of case and of Kab./Kabupaten/Kota/Kec. etc.;
    `parent`: only the direct children of that (dotted) code.

    "Kab. Ketapang" finds Kabupaten Ketapang only; "Kota Pontianak" finds Kota Pontianak; a bare
    "pontianak" finds both. Exact name matches come first, then higher levels, then by code."""
    query = fold(text)
    if not query:
        return []
    condition = Q(search_name__contains=query)
    for pattern, kind in _PREFIXES:
        if pattern.match(query):
            term = pattern.sub("", query)
            if kind == "kecamatan":
                condition |= Q(search_name__contains=term, level=Level.KECAMATAN)
            elif kind == "provinsi":
                condition |= Q(search_name__contains=term, level=Level.PROVINSI)
            else:
                condition |= Q(search_name__contains=term, kind=kind)
            break
    rows = Region.objects.filter(condition).select_related("parent")
    if level:
        rows = rows.filter(level=level)
    if parent:
        rows = rows.filter(parent_id=parent)
    stripped = {pattern.sub("", query) for pattern, _kind in _PREFIXES} | {query}
    exact_first = Case(When(search_name__in=stripped, then=Value(0)), default=Value(1))
    level_rank = Case(
        *(When(level=lvl, then=Value(i)) for i, lvl in enumerate(Level.ordered())),
        default=Value(9),
    )
    return list(rows.order_by(exact_first, level_rank, "code")[:limit])
