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

from paritrana.assessment.domain.publication import (
    LEVELS,
    NOT_PUBLISHED,
    FilterError,
    PublicationNotFound,
    PublishedGroup,
    cycle_for,
    filter_choices,
    is_published,
    published_group,
    published_results,
)
from paritrana.awards.models import Cycle, Level


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
        for cycle in Cycle.objects.order_by("-assessment_year")
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
        "not_published": NOT_PUBLISHED,
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
            CategoryBlock(code, items[0].category_name, items)
            for code, items in (
                (code, list(rows)) for code, rows in groupby(mine, key=lambda g: g.category_code)
            )
        ]
        blocks.append(
            LevelBlock(level, str(Level(level).label), is_published(cycle, level), categories)
        )
    context["levels"] = blocks
    context["any_published"] = any(block.published for block in blocks)  # the PDF's link
    return render(request, "web/public/cycle.html", context)


def public_group(
    request: HttpRequest, year: int, level: str, category_code: str, group: str
) -> HttpResponse:
    cycle = _cycle(year)
    try:
        page = published_group(cycle=cycle, level=level, category_code=category_code, group=group)
    except PublicationNotFound as exc:
        raise Http404(str(exc)) from None
    return render(
        request,
        "web/public/group.html",
        {
            "cycle": cycle,
            "page": page,
            "level_label": Level(page.level).label,
            "not_published": NOT_PUBLISHED,
        },
    )
