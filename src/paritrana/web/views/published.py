"""Published reference figures (`engine.published`): BPS workforce, BPJS active participants,
the RPJMN and regional targets, each with its source and date. Public, like the dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import date as date_filter
from django.utils.translation import gettext_lazy as _

from paritrana.engine.published import NATIONAL, Figure, published_figures
from paritrana.regions.models import Region
from paritrana.web.templatetags.humanize_id import persen, ribuan

MEASURE_LABELS = {
    "labour_force": _("Labour force"),
    "employed": _("Employed population"),
    "formal_share": _("Share of workers in formal work"),
    "active": _("Active participants"),
    "employers": _("Registered employers"),
    "workers": _("Workers"),
    "ucj": _("UCJ achieved"),
    "target": _("Coverage target"),
}
GROUPS = (
    (_("Workforce (BPS Sakernas, August)"), ("labour_force", "employed", "formal_share")),
    (_("BPJS Ketenagakerjaan participants and employers"), ("active", "employers")),
    (_("Coverage targets"), ("target",)),
    (_("Regional figures reported"), ("workers", "ucj")),
)


@dataclass(frozen=True)
class Line:
    figure: Figure
    measure: str
    region: str
    period: str
    value: str


def _period(text: str) -> str:
    if len(text) == 7:  # YYYY-MM
        return str(date_filter(dt.date(int(text[:4]), int(text[5:]), 1), "F Y"))
    return text


def _value(figure: Figure) -> str:
    return str(persen(figure.value) if figure.percent else ribuan(int(figure.value)))


def published_figures_page(request: HttpRequest) -> HttpResponse:
    figures = published_figures()
    codes = {f.region for f in figures if f.region != NATIONAL}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    groups = []
    for title, measures in GROUPS:
        chosen = sorted(
            (f for f in figures if f.measure in measures),
            key=lambda f: (f.region != NATIONAL, f.region, measures.index(f.measure), f.period),
        )
        lines = [
            Line(
                figure=f,
                measure=str(MEASURE_LABELS[f.measure]),
                region="Indonesia" if f.region == NATIONAL else names.get(f.region, f.region),
                period=_period(f.period),
                value=_value(f),
            )
            for f in chosen
        ]
        groups.append((title, lines))
    return render(request, "web/coverage/published.html", {"groups": groups})
