"""Coverage pages: Universal Coverage Jamsostek per region, drill-down from nation to village."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from paritrana.coverage.domain.summaries import (
    LEVEL_LABELS,
    MetricsNotFound,
    YearChoice,
    level_of,
    names_for,
    region_coverage,
    region_year,
)
from paritrana.coverage.domain.targets import target_reading
from paritrana.coverage.labels import BASE_LABELS, base_label
from paritrana.coverage.models import EmployerMetric, RegionMetric
from paritrana.regions.domain import InvalidRegionCode, normalize_code
from paritrana.web.listing import Column, Listing, listing
from paritrana.web.over_hundred import over_hundred_note
from paritrana.web.tables import Table, asked, base_query, download


def asked_year(request: HttpRequest) -> int | None:
    text = request.GET.get("tahun", "")
    return int(text) if text.isdigit() else None


def chosen_base(asked: str | None, computed: set[str]) -> str:
    """The workforce base asked for when computed, else the first computed (BPS Sakernas)."""
    if asked in computed:
        assert asked is not None
        return asked
    return next((key for key in BASE_LABELS if key in computed), "sakernas_bekerja")


def _choices(request: HttpRequest, code: str) -> tuple[YearChoice, str, dict[str, str]] | None:
    """The year and workforce base asked for, falling back to ones that have metrics for the
    region (`choose_year`: without a year, the region's latest); the years offered are the
    region's, the bases those computed in the year. None: no metrics computed at all."""
    computed = set(RegionMetric.objects.values_list("base_kind", flat=True).distinct())
    if not computed:
        return None
    base = chosen_base(request.GET.get("dasar"), computed)
    choice = region_year(level=level_of(code), code=code, base_kind=base, asked=asked_year(request))
    if choice.year is None:
        return choice, base, {}
    in_year = set(
        RegionMetric.objects.filter(year=choice.year).values_list("base_kind", flat=True).distinct()
    )
    bases = {key: str(label) for key, label in BASE_LABELS.items() if key in in_year}
    return choice, base, bases


def no_data(
    request: HttpRequest, *, title: str, name: str, choice: YearChoice, base: str
) -> HttpResponse:
    """The 404 of a region without metrics in the year asked for (or in any year), in words:
    the region's name and the base's label, never their codes, and a link to the region's
    latest year when it has one."""
    if choice.missing is not None:
        reason = _("No coverage data for %(region)s for %(year)s yet.") % {
            "region": name,
            "year": choice.missing,
        }
    else:
        reason = _("No coverage data for %(region)s yet.") % {"region": name}
    context = {
        "title": title,
        "name": name,
        "reason": reason,
        "base_label": base_label(base),
        "latest": choice.year if choice.missing is not None else None,
        "latest_url": f"{request.path}?{urlencode({'tahun': choice.year, 'dasar': base})}",
    }
    return render(request, "web/coverage/no_data.html", context, status=404)


def region_name(level: str, code: str) -> str:
    """The region's name; Http404 for a code that names no region or zone."""
    name = names_for(level, [code]).get(code) if level else None
    if name is None:
        raise Http404(_("Unknown region: %(code)s") % {"code": code})
    return name


def _of(name: str) -> Any:
    return lambda pair: getattr(pair[1], name)


COLUMNS = [
    Column("kode", _("Code"), lambda pair: pair[1].region_code),
    Column("nama", _("Name"), lambda pair: pair[0]),
    Column("peserta", _("active participants"), _of("active"), numeric=True),
    Column("angkatan", _("workforce"), _of("workforce"), numeric=True),
    Column("ucj", "UCJ", _of("ucj_pct"), numeric=True),
    Column("target", _("target"), _of("target_pct"), numeric=True),
    Column("tambahan", _("additional workers needed"), _of("gap_workers"), numeric=True),
    Column("tepat", _("on-time payment"), _of("on_time_pct"), numeric=True),
]


def _columns(children: list[tuple[str, RegionMetric]]) -> list[Column]:
    """Kemendagri codes are for the provinces and below; a zone's code is ours, not a reader's
    ("jawa-bali"), so the zones are listed by name only."""
    if children and children[0][1].level == "zona":
        return COLUMNS[1:]
    return COLUMNS


def _children(request: HttpRequest, children: list[tuple[str, RegionMetric]]) -> Listing:
    """The region's children, searched, sorted and paged from the URL (a kab/kota lists its
    villages with data: hundreds on the national scale)."""
    columns = _columns(children)
    return listing(
        request,
        children,
        columns=columns,
        default=columns[0].key,
        search=lambda pair: f"{pair[1].region_code} {pair[0]}",
        search_label=_("Name or code"),
    )


def _children_table(view: Any, children: Listing, year: int, base_label: str) -> Table:
    """The children as searched and sorted (every page), numbers as numbers."""
    columns = _columns(view.children)
    skip = len(COLUMNS) - len(columns)
    rows = [[c.order(pair) for c in columns] for pair in children.page.paginator.object_list]  # type: ignore[operator, misc]
    headers = [capfirst(str(c.label)) for c in columns]
    percent = {"ucj": "UCJ (%)", "target": f"{capfirst(str(_('target')))} (%)"}
    headers = [
        percent.get(c.key, f"{h} (%)" if c.key == "tepat" else h)
        for c, h in zip(columns, headers, strict=True)
    ]
    return Table(
        name=f"cakupan-{view.name}-{year}",
        title=f"{view.name} {year}",
        headers=headers,
        rows=rows,
        formats=["@", None, "#,##0", "#,##0", "0.00", "0.00", "#,##0", "0.00"][skip:],
        notes=[str(_("Workforce base: %(base)s.") % {"base": base_label})],
    )


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
    chosen = _choices(request, code)
    if chosen is None:
        return render(request, "web/coverage/empty.html", {"code": code})
    choice, base, bases = chosen
    if choice.year is None or choice.missing is not None:
        name = region_name(level_of(code), code)
        return no_data(request, title=str(_("Coverage")), name=name, choice=choice, base=base)
    year = choice.year
    context = {
        "code": code,
        "year": year,
        "base": base,
        "years": choice.years,
        "partial": choice.partial,
        "shown_partial": choice.shown_partial,
        "base_kinds": bases,
        "base_label": base_label(base),
        "level_labels": LEVEL_LABELS,
    }
    try:
        view = region_coverage(code=code, year=year, base_kind=base)
    except MetricsNotFound as exc:  # removed between the two reads
        raise Http404(str(exc)) from None
    employers = []
    if view.level == "kabkota":
        employers = list(
            EmployerMetric.objects.filter(year=year, kabkota=code).order_by("on_time_pct")[:50]
        )
    # Without a target of its own, the award's data scores read the province's (see
    # awards.domain.auto_scoring): the page says so instead of a bare "-".
    province_target = None
    if view.level in ("kabkota", "desa") and view.metric.target_pct is None:
        province_target = (
            RegionMetric.objects.filter(
                year=year, base_kind=base, level="provinsi", region_code=code[:2]
            )
            .values_list("target_pct", flat=True)
            .first()
        )
    children = _children(request, view.children)
    wanted = asked(request)
    if wanted is not None:
        return download(wanted[0], _children_table(view, children, year, bases.get(base, base)))
    context.update(
        {
            "listing": children,
            "download_base": base_query(request),
            "view": view,
            "m": view.metric,
            # Its target, as the dashboard reads it (the nation: the RPJMN's of the year).
            "target": target_reading(view.metric, change_points=view.metric.change_points),
            "trend": [(t, target_reading(t).pct) for t in view.trend],
            "province_target": province_target,
            "employers": employers,
            "child_label": LEVEL_LABELS.get(view.children[0][1].level) if view.children else "",
            "show_codes": len(_columns(view.children)) == len(COLUMNS),
            "over_hundred_note": over_hundred_note(
                [view.metric.ucj_pct, *(child.ucj_pct for _name, child in view.children)]
            ),
        }
    )
    return render(request, "web/coverage/region.html", context)
