"""Browse the Kemendagri hierarchy: Indonesia -> province -> kab/kota -> kecamatan -> village."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from paritrana.regions.domain import (
    InvalidRegionCode,
    RegionNotFound,
    children_with_counts,
    descendant_counts,
    get_region,
    parent_chain,
    search_regions,
)
from paritrana.regions.models import Level


def _level_columns(counts: dict[str, int]) -> list[tuple[str, str]]:
    labels = dict(Level.choices)
    return [(level, labels[level]) for level in counts]


def home(request: HttpRequest) -> HttpResponse:
    rows = children_with_counts(None)
    totals = descendant_counts(None)
    columns = _level_columns(rows[0].counts) if rows else []
    return render(
        request,
        "web/home.html",
        {"rows": rows, "totals": totals, "columns": columns, "level_labels": dict(Level.choices)},
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
            "columns": columns,
            "level_labels": dict(Level.choices),
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    results = search_regions(text, limit=100) if text else []
    template = "web/_search_results.html" if request.htmx else "web/search.html"
    return render(request, template, {"q": text, "results": results})
