"""Coverage pages: Universal Coverage Jamsostek per region, drill-down from nation to village."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from paritrana.coverage.domain.summaries import (
    LEVEL_LABELS,
    MetricsNotFound,
    region_coverage,
    years,
)
from paritrana.coverage.models import EmployerMetric
from paritrana.regions.domain import InvalidRegionCode, normalize_code

BASE_KINDS = {
    "sakernas_bekerja": "BPS Sakernas: penduduk bekerja",
    "potensi": "Potensi (BPJS)",
    "lainnya": "Lainnya",
}


def _choices(request: HttpRequest) -> tuple[int | None, str, list[int]]:
    available = years()
    try:
        year = int(request.GET.get("tahun", "")) if request.GET.get("tahun") else None
    except ValueError:
        year = None
    if year not in available:
        year = available[0] if available else None
    base = request.GET.get("dasar", "sakernas_bekerja")
    if base not in BASE_KINDS:
        base = "sakernas_bekerja"
    return year, base, available


def coverage_home(request: HttpRequest) -> HttpResponse:
    return redirect("web:coverage", code="ID")


def coverage_region(request: HttpRequest, code: str) -> HttpResponse:
    if code != "ID" and code[:1].isdigit():
        try:
            dotted = normalize_code(code)
        except InvalidRegionCode as exc:
            raise Http404(str(exc)) from None
        if dotted != code:
            return redirect("web:coverage", code=dotted)
    year, base, available = _choices(request)
    context = {
        "code": code,
        "year": year,
        "base": base,
        "years": available,
        "base_kinds": BASE_KINDS,
        "level_labels": LEVEL_LABELS,
    }
    if year is None:
        return render(request, "web/coverage/empty.html", context)
    try:
        view = region_coverage(code=code, year=year, base_kind=base)
    except MetricsNotFound as exc:
        raise Http404(str(exc)) from None
    employers = []
    if view.level == "kabkota":
        employers = list(
            EmployerMetric.objects.filter(year=year, kabkota=code).order_by("on_time_pct")[:50]
        )
    context.update(
        {
            "view": view,
            "m": view.metric,
            "employers": employers,
            "child_label": LEVEL_LABELS.get(view.children[0][1].level) if view.children else "",
        }
    )
    return render(request, "web/coverage/region.html", context)
