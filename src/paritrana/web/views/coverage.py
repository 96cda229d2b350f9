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
from paritrana.coverage.labels import BASE_LABELS, base_label
from paritrana.coverage.models import EmployerMetric, RegionMetric
from paritrana.regions.domain import InvalidRegionCode, normalize_code


def _choices(request: HttpRequest) -> tuple[int | None, str, list[int], dict[str, str]]:
    """The year and workforce base asked for, falling back to ones that have metrics; the
    years and bases offered are only those computed."""
    available = years()
    text = request.GET.get("tahun", "")
    year = int(text) if text.isdigit() else None
    if year not in available:
        year = available[0] if available else None
    computed = set(
        RegionMetric.objects.filter(year=year).values_list("base_kind", flat=True).distinct()
    )
    bases = {key: str(label) for key, label in BASE_LABELS.items() if key in computed}
    base = request.GET.get("dasar", "sakernas_bekerja")
    if base not in bases:
        base = next(iter(bases), "sakernas_bekerja")
    return year, base, available, bases


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
    year, base, available, bases = _choices(request)
    context = {
        "code": code,
        "year": year,
        "base": base,
        "years": available,
        "base_kinds": bases,
        "base_label": base_label(base),
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
            # Kemendagri codes are for the provinces and below; a zone's code is ours, not a
            # reader's ("jawa-bali"), so the zones are listed by name only.
            "show_codes": bool(view.children) and view.children[0][1].level != "zona",
        }
    )
    return render(request, "web/coverage/region.html", context)
