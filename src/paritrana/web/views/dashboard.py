"""Coverage dashboard (public): nation -> zone -> province -> kab/kota -> village.

A page reads a fixed number of queries whatever the level, so the national page, which carries
every one of the 514 kab/kota (a map layer and a ranking table), costs about what a province
costs: the computed years and bases (1), the region over the years plus its children and, for
the nation, every province and kab/kota of the year (1; 2 when the region has no metrics in the
newest year and opens on its own latest: `choose_year`), names (1-2) and shapes (1-2).

The page body is a pure function of the metrics, the boundaries and the language, so it is
cached under a key that changes when any of them does (the latest metric computation of the
base, the boundaries' count and last load): a repeated visit costs two small queries. The 514-row
table is written in Python (`_table_rows`), not in the template language, which would take ten
times longer. Figures are Plotly JSON built here and drawn by the plotly.js of the installed
`plotly` package, served by `plotly.plotly_js` (never a CDN); the map is `dashboard_map`'s.
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache as django_cache
from django.db.models import Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from paritrana.coverage.domain.summaries import (
    YearChoice,
    choose_year,
    kabkota_with_figures,
    partial_years,
)
from paritrana.coverage.domain.targets import plan_target, target_reading
from paritrana.coverage.labels import BASE_LABELS
from paritrana.coverage.models import MetricRun, RegionMetric
from paritrana.engine.published import RPJMN, target_series
from paritrana.regions.domain import InvalidRegionCode, normalize_code
from paritrana.regions.models import Region, Zone
from paritrana.reports.charts_plotly import TrendPoint, coverage_trend
from paritrana.reports.maps import format_value
from paritrana.web.listing import Column, Listing, listing
from paritrana.web.over_hundred import over_hundred_note
from paritrana.web.tables import Table, asked, base_query, download
from paritrana.web.templatetags.humanize_id import persen, poin, ribuan
from paritrana.web.views.boundaries import boundaries_version
from paritrana.web.views.coverage import asked_year, chosen_base, no_data, region_name
from paritrana.web.views.dashboard_map import dashboard_map
from paritrana.web.views.plotly import plotly_version

CHILD = {"nasional": "zona", "zona": "provinsi", "provinsi": "kabkota", "kabkota": "desa"}
LEVEL_LABELS = {
    "nasional": gettext_lazy("National"),
    "zona": gettext_lazy("Award zone"),
    "provinsi": gettext_lazy("Province"),
    "kabkota": gettext_lazy("Regency/City"),
    "desa": gettext_lazy("Village"),
}
CHILD_LABELS = {
    "zona": gettext_lazy("Award zones"),
    "provinsi": gettext_lazy("Provinces"),
    "kabkota": gettext_lazy("Regencies/cities"),
    "desa": gettext_lazy("Villages"),
}
CACHE_SECONDS = 600  # region names change only with `paritrana regions load`


@dataclass(frozen=True, slots=True)
class Metric:
    """The columns of a RegionMetric the dashboard shows (read without model instances)."""

    year: int
    level: str
    region_code: str
    as_of_month: Any
    active: int | None
    workforce: int | None
    workforce_partial: bool | None
    ucj_pct: float | None
    target_pct: float | None
    change_points: float | None
    gap_workers: int | None


FIELDS = [f for f in Metric.__dataclass_fields__]


@dataclass(frozen=True, slots=True)
class Row:
    code: str
    name: str
    url: str
    m: Metric | None

    @property
    def gap_points(self) -> float | None:
        """Target minus UCJ in points (zero or less: target reached)."""
        if self.m is None or self.m.ucj_pct is None or self.m.target_pct is None:
            return None
        return self.m.target_pct - self.m.ucj_pct


@dataclass
class Page:
    name: str
    crumbs: list[tuple[str, str]]  # (name, url) from the nation down, without the page itself
    children: list[Row]
    provinces: list[Row]  # the nation only: every province (map)
    kabkota: list[Row]  # the nation only: every kab/kota (map layer and ranking)


def _level(code: str) -> str:
    if code == "ID":
        return "nasional"
    if not code[:1].isdigit():
        return "zona"
    return {2: "provinsi", 5: "kabkota", 13: "desa"}.get(len(code), "")


@dataclass(frozen=True)
class Choices:
    """What the address asks for and what was computed, read before the cache (one query)."""

    asked: int | None  # the year in the address, if any
    base: str
    runs: frozenset[tuple[int, str]]  # (year, base) computed
    version: str  # changes whenever a computation of the base does

    @property
    def years(self) -> list[int]:
        """The years computed under the base, newest first."""
        return sorted({y for y, b in self.runs if b == self.base}, reverse=True)

    def bases(self, year: int) -> dict[str, str]:
        return {k: str(v) for k, v in BASE_LABELS.items() if (year, k) in self.runs}


def _choices(request: HttpRequest) -> Choices | None:
    """Year and base asked for, what was computed, a data version; None: nothing computed.
    The year shown is the region's (`choose_year`), chosen in `_body` from the region's rows."""
    runs = list(
        MetricRun.objects.values_list("year", "base_kind")
        .annotate(last=Max("id"), at=Max("computed_at"))
        .order_by()
    )
    if not runs:
        return None
    base = chosen_base(request.GET.get("dasar"), {b for _y, b, *_rest in runs})
    version = ",".join(f"{y}:{i}:{at.timestamp():.6f}" for y, b, i, at in sorted(runs) if b == base)
    pairs = frozenset((y, b) for y, b, *_rest in runs)
    return Choices(asked_year(request), base, pairs, version)


def _metrics(level: str, code: str, year: int, base: str) -> list[Metric]:
    """The region in every year, and what the page lists or maps of `year`, in one query."""
    wanted = Q(level=level, region_code=code)
    if level == "nasional":
        wanted |= Q(year=year, level__in=["zona", "provinsi", "kabkota"])
    elif level == "zona":
        wanted |= Q(year=year, level="provinsi")
    elif level in ("provinsi", "kabkota"):
        wanted |= Q(year=year, level=CHILD[level], region_code__startswith=f"{code}.")
    rows = RegionMetric.objects.filter(wanted, base_kind=base).values_list(*FIELDS)
    return [Metric(*row) for row in rows]


def _gather(
    level: str, code: str, by_key: dict[tuple[str, str], Metric], query: str, base_query: str
) -> Page:
    """The page's names, crumbs and rows. A row without metrics in the year links without
    the year (`base_query`), so its page opens on that region's own latest year."""
    prefix = reverse("web:dashboard_region", args=["~"]).split("~")[0]

    def url(c: str, q: str = query) -> str:
        return f"{prefix}{c}/{q}"

    def rows(pairs: list[tuple[str, str]], child: str) -> list[Row]:
        found = ((c, n, by_key.get((child, c))) for c, n in pairs)
        return [Row(c, n, url(c) if m else url(c, base_query), m) for c, n, m in found]

    home = [("Indonesia", reverse("web:dashboard") + query)]
    if level == "nasional":
        regions = Region.objects.filter(level__in=["provinsi", "kabkota"]).values_list(
            "code", "name", "level"
        )
        provinces = [(c, n) for c, n, lv in regions if lv == "provinsi"]
        kabkota = [(c, n) for c, n, lv in regions if lv == "kabkota"]
        zones = rows(list(Zone.objects.values_list("code", "name")), "zona")
        return Page("Indonesia", [], zones, rows(provinces, "provinsi"), rows(kabkota, "kabkota"))
    if level == "zona":
        zone = Zone.objects.filter(code=code).values_list("name", flat=True).first()
        if zone is None:
            raise Http404(_("Unknown region: %(code)s") % {"code": code})
        provinces = list(Region.objects.filter(zone_id=code).values_list("code", "name"))
        return Page(zone, home, rows(provinces, "provinsi"), [], [])
    parents = [code[:n] for n in (2, 5) if n < len(code)]
    named = Q(code__in=[code, *parents])
    if level == "provinsi":
        named |= Q(parent_id=code)
    elif level == "kabkota":  # villages with data only: most of a kab/kota's have none
        named |= Q(code__in=[c for lv, c in by_key if lv == "desa"])
    fields = ("code", "name", "zone__code", "zone__name")
    found = {c: (n, zc, zn) for c, n, zc, zn in Region.objects.filter(named).values_list(*fields)}
    if code not in found:
        raise Http404(_("Unknown region: %(code)s") % {"code": code})
    crumbs = list(home)
    _province, zone_code, zone_name = found[code[:2]]
    if zone_code:
        crumbs.append((zone_name, url(zone_code)))
    crumbs += [(found[p][0], url(p)) for p in parents]
    child = CHILD.get(level)
    pairs = sorted((c, v[0]) for c, v in found.items() if c != code and c not in parents)
    return Page(found[code][0], crumbs, rows(pairs, child) if child else [], [], [])


def _json_script(value: Any, element_id: str) -> SafeString:
    """django.utils.html.json_script, with the escaping done by str.replace (five times
    faster on the national map's few hundred kilobytes)."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    text = text.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")
    return mark_safe(f'<script id="{element_id}" type="application/json">{text}</script>')


def _points(value: float | None) -> str:
    """A gap in points, unsigned when short of the target: 28.564 -> '28,56', -3.2 -> '-3,20'."""
    return "-" if value is None else format_value(value, percent=True).removesuffix("%")


def _table_rows(rows: list[Row], *, compact: bool = False, codes: bool = True) -> SafeString:
    """The <tbody> rows: values formatted in the page's language, raw numbers for sorting.
    Compact (villages, which have no workforce figure): code, name, active participants.
    Without `codes` (the award zones, whose codes are ours, not Kemendagri's) no code cell."""

    def cell(raw: Any, shown: str) -> str:
        return f'<td class="num" data-value="{"" if raw is None else raw}">{shown}</td>'

    out = []
    for r in rows:
        m = r.m
        active, workforce, ucj, target, gap_workers, change = (
            (m.active, m.workforce, m.ucj_pct, m.target_pct, m.gap_workers, m.change_points)
            if m
            else (None,) * 6
        )
        head = (
            f'<tr data-code="{html.escape(r.code)}">'
            + (f"<td>{html.escape(r.code)}</td>" if codes else "")
            + f'<td><a href="{html.escape(r.url)}">{html.escape(r.name)}</a></td>'
        )
        if compact:
            out.append(head + cell(active, ribuan(active)) + "</tr>")
            continue
        out.append(
            head
            + cell(active, ribuan(active))
            + cell(workforce, ribuan(workforce))
            + cell(ucj, persen(ucj))
            + cell(target, persen(target))
            + cell(r.gap_points, _points(r.gap_points))
            + cell(gap_workers, ribuan(gap_workers))
            + cell(change, poin(change))
            + "</tr>"
        )
    return mark_safe("\n".join(out))


def _plan_note(points: list[tuple[int, float]]) -> str:
    values = ", ".join(f"{year}: {persen(value)}" for year, value in points)
    return _(
        "Dotted line: the national coverage targets of the %(plan)s (%(values)s); the targets "
        "of the years between them are not among the published figures."
    ) % {"plan": RPJMN, "values": values}


def _gap_text(gap: float | None) -> str:
    if gap is None:
        return "-"
    return str(_("reached")) if gap <= 0 else _points(gap)


@dataclass(frozen=True)
class Gap:
    """The headline gap: the figure, what it is against, and why it is "-" when it is."""

    text: str
    label: str
    reason: str = ""
    workers: int | None = None  # additional active participants needed to reach that target
    workers_label: str = ""


def _headline_gap(metric: Metric, year: int, plan: list[tuple[int, float]]) -> Gap:
    """The region's gap to its own target; for the nation, which has no target of its own,
    the gap of the national UCJ to the RPJMN target of the year (2025: 32,15%), or "-" with
    the reason: no national UCJ, or no RPJMN target published for that year. The figures are
    `target_reading`'s, as the coverage page's."""
    reading = target_reading(metric, change_points=metric.change_points)
    if not reading.plan:
        return Gap(
            _gap_text(reading.gap_points),
            _("gap to target (points)"),
            workers=reading.workers,
            workers_label=_("additional workers needed"),
        )
    label = _("gap to the %(plan)s target %(year)s (points)") % {
        "plan": reading.plan_name,
        "year": year,
    }
    if reading.pct is None:
        years = ", ".join(str(y) for y, _v in plan)
        reason = _("The %(plan)s sets a national target for %(years)s only, not for %(year)s.") % {
            "plan": RPJMN,
            "years": years,
            "year": year,
        }
        return Gap("-", _("gap to the %(plan)s target (points)") % {"plan": "RPJMN"}, reason)
    if metric.ucj_pct is None:
        reason = _(
            "No UCJ for this region yet: its workforce figure is missing or covers only part of it."
        )
        return Gap("-", label, reason)
    workers_label = _("additional workers needed for the %(plan)s target %(year)s") % {
        "plan": reading.plan_name,
        "year": year,
    }
    return Gap(
        _gap_text(reading.gap_points), label, workers=reading.workers, workers_label=workers_label
    )


def _columns(compact: bool, codes: bool = True) -> list[Column]:
    """The columns of a table of regions, as the page shows them and sorts them; without
    `codes` (the award zones, whose codes are ours, not Kemendagri's) no code column."""
    if not codes:
        return _columns(compact)[1:]

    def of(name: str) -> Any:
        return lambda r: getattr(r.m, name) if r.m is not None else None

    columns = [
        Column("kode", _("Code"), lambda r: r.code),
        Column("nama", _("Name"), lambda r: r.name),
        Column("peserta", _("active participants"), of("active"), numeric=True),
    ]
    if compact:
        return columns
    return [
        *columns,
        Column("angkatan", _("workforce"), of("workforce"), numeric=True),
        Column("ucj", "UCJ", of("ucj_pct"), numeric=True),
        Column("target", _("target"), of("target_pct"), numeric=True),
        Column("selisih", _("gap (points)"), lambda r: r.gap_points, numeric=True),
        Column("tambahan", _("additional workers needed"), of("gap_workers"), numeric=True),
        Column("perubahan", _("change from last year (points)"), of("change_points"), numeric=True),
    ]


def _region_listing(
    request: HttpRequest, rows: list[Row], compact: bool, codes: bool = True
) -> Listing:
    columns = _columns(compact, codes)
    return listing(
        request,
        rows,
        columns=columns,
        default=columns[0].key,
        search=lambda r: f"{r.code} {r.name}",
        search_label=_("Name or code"),
    )


def _download_table(
    level: str,
    page: Page,
    rows: list[Row],
    which: str,
    year: int,
    base_label: str,
    *,
    codes: bool = True,
) -> Table:
    """A table of the page as a workbook or CSV: the children (as searched and sorted), or
    the nation's every kab/kota. Percentages as numbers (33.33 for 33,33%)."""
    compact = level == "kabkota" and which == "wilayah"
    columns = _columns(compact, codes)
    percent = {"ucj": "UCJ (%)", "target": f"{capfirst(_('target'))} (%)"}
    headers = [percent.get(c.key, capfirst(str(c.label))) for c in columns]
    title = f"{page.name} {year}: {CHILD_LABELS.get(CHILD.get(level, ''), '')}"
    if which == "kabkota":
        title = f"Indonesia {year}: {_('Regencies/cities')}"
    table_rows = [[c.order(r) for c in columns] for r in rows]  # type: ignore[operator, misc]
    formats = (["@"] if codes else []) + [None, "#,##0"]
    formats += [] if compact else ["#,##0", "0.00", "0.00", "0.00", "#,##0", "0.00"]
    return Table(
        name=f"dasbor-{page.name}-{which}-{year}",
        title=title,
        headers=headers,
        rows=table_rows,
        formats=formats,
        notes=[_("Workforce base: %(base)s.") % {"base": base_label}],
    )


def _active_by_year(own: list[Metric]) -> list[tuple[int, int]]:
    """(year, active participants) of a region's years, when there are two or more: without a
    UCJ (a village has no workforce figure) they still say where the region goes; one year
    would only repeat the page's own figure."""
    years = [(m.year, m.active) for m in own if m.active is not None]
    return years if len(years) > 1 else []


def _body(
    request: HttpRequest,
    level: str,
    code: str,
    choices: Choices,
    boundaries: str = "",
) -> tuple[str, str]:
    """(page name, rendered body) of one region's dashboard, in the year `choose_year` picks
    for the region; NoData (a 404 in words) without metrics. `boundaries`: the version of the
    national map's boundary files."""
    base, computed = choices.base, choices.years
    # Read as if the region had the year asked for (or the newest computed); read again only
    # when it has not: the region's rows of every year come with the first read.
    guess = choices.asked if choices.asked in computed else computed[0]
    metrics = _metrics(level, code, guess, base)
    region_years = {m.year for m in metrics if m.level == level and m.region_code == code}
    every_year = {y for y, _b in choices.runs}  # under any base, as `region_year` counts them
    partial = partial_years(kabkota_with_figures(level=level, code=code, base_kind=base))
    choice = choose_year(
        region_years=region_years, asked=choices.asked, computed=every_year, partial=partial
    )
    if choice.year is None or choice.missing is not None:
        raise NoData(choice)
    year = choice.year
    if year != guess:
        metrics = _metrics(level, code, year, base)
    query = f"?tahun={year}&dasar={base}"
    every = sorted(
        (m for m in metrics if m.level == level and m.region_code == code), key=lambda m: m.year
    )
    metric = next(m for m in every if m.year == year)
    # The trend leaves out the years that lack some of the region's kab/kota: the nation drawn
    # at 23 participants for a year with one kab/kota imported is no trend (the page says so).
    own = [m for m in every if m.year not in partial]
    bases = choices.bases(year)
    by_key = {(m.level, m.region_code): m for m in metrics if m.year == year}
    page = _gather(level, code, by_key, query, f"?dasar={base}")
    compact = level == "kabkota"
    codes = CHILD.get(level) != "zona"
    children = _region_listing(request, page.children, compact, codes)
    wanted = asked(request)
    if wanted is not None:
        kind, which = wanted
        rows = page.kabkota if which == "kabkota" and page.kabkota else _all(children)
        which = "kabkota" if rows is page.kabkota else "wilayah"
        table = _download_table(
            level,
            page,
            rows,
            which,
            year,
            bases.get(base, base),
            codes=codes or which == "kabkota",
        )
        raise Download(download(kind, table))
    layer_title = str(CHILD_LABELS.get(CHILD.get(level, ""), ""))
    drawn = dashboard_map(level, code, page, boundaries, layer_title)
    map_figure, legend = drawn if drawn else (None, None)
    plan = (RPJMN, target_series(RPJMN)) if level == "nasional" else None
    trend = coverage_trend([TrendPoint(m.year, m.ucj_pct, m.target_pct) for m in own], plan=plan)
    context = {
        "years": choice.years,
        "partial": partial,
        "shown_partial": choice.shown_partial,
        "trend_left_out": [m.year for m in every if m.year in partial],
        "base_kinds": bases,
        "year": year,
        "base": base,
        "level": level,
        "code": code,
        "page": page,
        "m": metric,
        "gap": _headline_gap(metric, year, plan[1] if plan else []),
        "base_label": bases.get(base, base),
        "trend_script": _json_script(trend, "trend-figure"),
        "plan_note": _plan_note(plan[1]) if plan else "",
        "plan_target": plan_target(year) if plan else None,
        "has_ucj": any(m.ucj_pct is not None for m in every),
        # The regions shown: the page's own, its list, and (the nation) the map's layers.
        "over_hundred_note": over_hundred_note(
            [
                metric.ucj_pct,
                *(r.m.ucj_pct for r in (*page.children, *page.provinces, *page.kabkota) if r.m),
            ]
        ),
        "has_trend": bool(plan) or any(m.ucj_pct is not None for m in own),
        "active_by_year": _active_by_year(own),
        "map_script": _json_script(map_figure, "map-figure") if map_figure else "",
        "legend": legend,
        "children_rows": _table_rows(children.rows, compact=compact, codes=codes),
        "listing": children,
        "download_base": base_query(request),
        "compact": level == "kabkota",
        "kabkota_rows": _table_rows(page.kabkota),
        "child_level": CHILD.get(level, ""),
        "level_label": LEVEL_LABELS[level],
        "child_label": CHILD_LABELS.get(CHILD.get(level, ""), ""),
        "map_label": _("Provinces and regencies/cities")
        if level == "nasional"
        else CHILD_LABELS.get(CHILD.get(level, ""), ""),
        "plotly_version": plotly_version(),
    }
    return page.name, render_to_string("web/dashboard/body.html", context)


def dashboard(request: HttpRequest) -> HttpResponse:
    return dashboard_region(request, "ID")


def dashboard_region(request: HttpRequest, code: str) -> HttpResponse:
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    if code == "ID" and request.resolver_match and request.resolver_match.url_name != "dashboard":
        return redirect(reverse("web:dashboard") + query)
    if code[:1].isdigit():
        try:
            dotted = normalize_code(code)
        except InvalidRegionCode as exc:
            raise Http404(str(exc)) from None
        if dotted != code:
            return redirect(reverse("web:dashboard_region", args=[dotted]) + query)
    level = _level(code)
    if not level:
        raise Http404(
            _("The dashboard covers the nation, zones, provinces, regencies/cities and villages.")
        )
    choices = _choices(request)
    if choices is None:
        return render(request, "web/dashboard/empty.html", {})
    boundaries = boundaries_version()
    year_text = "" if choices.asked is None else str(choices.asked)
    state = f"{code}|{year_text}|{choices.base}|{get_language()}|{choices.version}|{boundaries}"
    # A page of the list, its search and sort are part of what is cached.
    # (Only the list's own parameters: any other would make a new entry for nothing.)
    state += "|" + "|".join(request.GET.get(name, "")[:100] for name in ("q", "urut", "hal"))
    key = "dasbor:" + hashlib.sha256(state.encode()).hexdigest()
    cached = None if asked(request) else django_cache.get(key)
    if cached is None:
        try:
            cached = _body(request, level, code, choices, boundaries)
        except Download as done:
            return done.response
        except NoData as none:
            name = region_name(level, code)
            title = _("Coverage dashboard")
            return no_data(request, title=title, name=name, choice=none.choice, base=choices.base)
        django_cache.set(key, cached, CACHE_SECONDS)
    name, body = cached
    return render(request, "web/dashboard/page.html", {"name": name, "body": mark_safe(body)})


class Download(Exception):
    """A download asked of the page, answered instead of the page."""

    def __init__(self, response: HttpResponse) -> None:
        super().__init__()
        self.response = response


class NoData(Exception):
    """The region has no metrics in the year asked for, or in none."""

    def __init__(self, choice: YearChoice) -> None:
        super().__init__()
        self.choice = choice


def _all(children: Listing) -> list[Row]:
    """Every row of the children's list as searched and sorted, not only its page."""
    return list(children.page.paginator.object_list)
