"""Public results pages (/pengumuman/): no login, and only what has been published.

Everything shown comes from `assessment.domain.publication`, which returns nothing of a round
before its publication stage opens, and never assessors, comments or conflicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from paritrana.assessment.domain.publication import (
    LEVELS,
    FilterError,
    GroupPage,
    PublicationNotFound,
    PublishedGroup,
    Ranked,
    begun_cycles,
    cycle_for,
    filter_choices,
    is_published,
    published_group,
    published_results,
)
from paritrana.awards.models import Criterion, Cycle, Level
from paritrana.web.tables import Table, asked, base_query, download
from paritrana.web.views.results import tie_words


@dataclass(frozen=True)
class CategoryBlock:
    code: str
    name: str
    groups: list[PublishedGroup]


@dataclass(frozen=True)
class LevelBlock:
    level: str
    label: str
    published: bool
    categories: list[CategoryBlock]


def public_results(request: HttpRequest) -> HttpResponse:
    cycles = [
        (cycle, [(Level(level).label, is_published(cycle, level)) for level in LEVELS])
        for cycle in begun_cycles()
    ]
    return render(
        request,
        "web/public/results.html",
        {"cycles": cycles, "level_labels": [Level(level).label for level in LEVELS]},
    )


def _cycle(year: int) -> Cycle:
    try:
        return cycle_for(year)
    except PublicationNotFound as exc:
        raise Http404(str(exc)) from None


def public_cycle(request: HttpRequest, year: int) -> HttpResponse:
    cycle = _cycle(year)
    province = request.GET.get("provinsi", "").strip()
    zone = request.GET.get("zona", "").strip()
    provinces, zones = filter_choices()
    context: dict[str, Any] = {
        "cycle": cycle,
        "province": province,
        "zone": zone,
        "provinces": provinces,
        "zones": zones,
        "filtered": bool(province or zone),
    }
    try:
        groups = published_results(cycle=cycle, province=province or None, zone=zone or None)
    except FilterError as exc:
        context["error"] = str(exc)
        return render(request, "web/public/cycle.html", context, status=400)
    blocks = []
    for level in LEVELS:
        mine = [g for g in groups if g.level == level]
        categories = [
            CategoryBlock(code, items[0].category_display_name, items)
            for code, items in (
                (code, list(rows)) for code, rows in groupby(mine, key=lambda g: g.category_code)
            )
        ]
        blocks.append(
            LevelBlock(level, str(Level(level).label), is_published(cycle, level), categories)
        )
    context["levels"] = blocks
    context["any_published"] = any(block.published for block in blocks)  # the PDF's link
    wanted = asked(request)
    if wanted is not None:
        return download(wanted[0], _winners_table(cycle, blocks))
    context["download_base"] = base_query(request)
    return render(request, "web/public/cycle.html", context)


def _winners_table(cycle: Cycle, blocks: list[LevelBlock]) -> Table:
    """The confirmed Juara of the published rounds, as the page shows them (filters applied)."""
    rows = [
        [
            block.label,
            category.name,
            group.group_display_name,
            winner.label,
            winner.display_name or winner.name,
            winner.total,
        ]
        for block in blocks
        if block.published
        for category in block.categories
        for group in category.groups
        for winner in group.winners
    ]
    return Table(
        name=f"juara-paritrana-{cycle.assessment_year}",
        title=f"{cycle.name}: Juara",
        headers=[_("Round"), _("Category"), _("Group"), _("Juara"), _("Name"), _("Final total")],
        rows=rows,
        formats=[None, None, None, None, None, "0.00"],
        notes=[_("Final totals are on a 0–100 scale, as confirmed with the decision.")],
    )


def public_group(
    request: HttpRequest, year: int, level: str, category_code: str, group: str
) -> HttpResponse:
    cycle = _cycle(year)
    try:
        page = published_group(cycle=cycle, level=level, category_code=category_code, group=group)
    except PublicationNotFound as exc:
        raise Http404(str(exc)) from None
    criteria = dict(
        Criterion.objects.filter(
            category__cycle=cycle, category__level=level, category__code=category_code
        ).values_list("code", "name")
    )
    lines = [
        (row, tie_words(row.broken_by, row.first_rule, row.total, criteria)) for row in page.ranking
    ]
    wanted = asked(request)
    if wanted is not None and page.published:
        return download(wanted[0], _group_table(cycle, page, lines, wanted[1]))
    return render(
        request,
        "web/public/group.html",
        {
            "cycle": cycle,
            "page": page,
            "lines": lines,
            "level_label": Level(page.level).label,
            "download_base": base_query(request),
        },
    )


def _group_table(
    cycle: Cycle, page: GroupPage, lines: list[tuple[Ranked, str]], which: str
) -> Table:
    """The group's Juara (`which` "juara") or its ranking, as published."""
    title = f"{page.category_display_name}: {page.group_display_name} ({cycle.assessment_year})"
    if which == "juara":
        winners = page.found.winners if page.found else ()
        return Table(
            name=f"juara-{page.category_code}-{page.group}-{cycle.assessment_year}",
            title=title,
            headers=[_("Juara"), _("Name"), _("Final total")],
            rows=[[w.label, w.display_name or w.name, w.total] for w in winners],
            formats=[None, None, "0.00"],
        )
    return Table(
        name=f"peringkat-{page.category_code}-{page.group}-{cycle.assessment_year}",
        title=title,
        headers=[_("Rank"), _("Name"), _("Final total"), _("Juara"), _("Tie-break")],
        rows=[
            [row.rank, row.display_name or row.name, row.total, row.place, tie]
            for row, tie in lines
        ],
        formats=["0", None, "0.00", None, None],
        notes=[
            _(
                "Final totals on a 0–100 scale; candidates without a total rank last. "
                "The ranking is shown as decided."
            )
        ],
    )
