"""Browse the Kemendagri hierarchy: Indonesia -> province -> kab/kota -> kecamatan -> village."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from paritrana.regions.domain import (
    InvalidRegionCode,
    RegionNotFound,
    children_with_counts,
    descendant_counts,
    get_region,
    parent_chain,
    search_regions,
)
from paritrana.regions.domain.queries import ChildRow
from paritrana.regions.models import Level
from paritrana.web.listing import Column, Listing, listing


def _level_columns(counts: dict[str, int]) -> list[tuple[str, str]]:
    labels = dict(Level.choices)
    return [(level, labels[level]) for level in counts]


def _children(
    request: HttpRequest, rows: list[ChildRow], columns: list[tuple[str, str]], *, zone: bool
) -> Listing:
    """A region's children (a kecamatan has dozens of villages), searched by name or code,
    sorted by any column and paged, from the URL."""
    fixed = [
        Column("kode", _("Code"), lambda r: r.region.code),
        Column("nama", _("Name"), lambda r: r.region.name),
    ]
    if zone:
        fixed.append(Column("zona", _("Award zone"), lambda r: str(r.region.zone or "") or None))
    counted = [
        Column(level, label, lambda r, level=level: r.counts.get(level), numeric=True)
        for level, label in columns
    ]
    return listing(
        request,
        rows,
        columns=[*fixed, *counted],
        default="kode",
        search=lambda r: f"{r.region.code} {r.region.name}",
        search_label=_("Name or code"),
    )


def home(request: HttpRequest) -> HttpResponse:
    rows = children_with_counts(None)
    totals = descendant_counts(None)
    columns = _level_columns(rows[0].counts) if rows else []
    return render(
        request,
        "web/home.html",
        {
            "listing": _children(request, rows, columns, zone=True),
            "totals": totals,
            "columns": columns,
            "level_labels": dict(Level.choices),
        },
    )


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        region = get_region(code)
    except (InvalidRegionCode, RegionNotFound) as exc:
        raise Http404(str(exc)) from None
    if region.code != code:
        return redirect("web:region", code=region.code)
    rows = children_with_counts(region)
    columns = _level_columns(rows[0].counts) if rows else []
    return render(
        request,
        "web/region.html",
        {
            "region": region,
            "chain": parent_chain(region),
            "totals": descendant_counts(region),
            "rows": rows,
            "listing": _children(request, rows, columns, zone=False),
            "columns": columns,
            "level_labels": dict(Level.choices),
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    results = search_regions(text, limit=100) if text else []
    template = "web/_search_results.html" if request.htmx else "web/search.html"
    return render(request, template, {"q": text, "results": results})
