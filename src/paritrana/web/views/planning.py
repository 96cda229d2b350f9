"""Planning tools for a province or kab/kota (/perencanaan/<code>/), public, a GET form.

Three answers on one page, each from `paritrana.engine.planning` through
`coverage.domain.planning`: the additional workers needed for the target, the APBD budget for N
vulnerable (BPU) workers for a year, and the year the target is reached at a chosen growth.
Blank fields take the region's defaults; a bad field gets its own Indonesian error (status 400),
and the answers that do not depend on it are still shown. A default is never such a field: last
year's change, the default growth, is held within the range the projection takes, with a note.

A region already at its target, or above 100% (participants counted where they work, the
workforce where people live: DKI Jakarta), opens without an error: the page says the target is
reached, leaves the number of BPU workers for the user to type (no workers are needed), and
takes a higher target, above 100 where UCJ already is (`engine.planning.target_ceiling`).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from paritrana.coverage.domain.planning import (
    PlanningNotFound,
    budget,
    default_budget_inputs,
    needed_for,
    planning_region,
    projection,
    starting_point,
    usable,
)
from paritrana.coverage.labels import base_label
from paritrana.engine.planning import GROWTH_MAX, GROWTH_MIN, HORIZON, PlanningError
from paritrana.reports.numbers import in_language
from paritrana.rules import RuleError
from paritrana.web.amounts import AmountField
from paritrana.web.over_hundred import over_hundred_note

# Engine field names -> form field names.
FIELDS = {"workers": "workers", "income": "income", "year": "budget_year", "date": "budget_year"}


def decimal_id(value: Decimal, places: int | None = None) -> str:
    """Indonesian style, exact: Decimal('1072080.5') -> '1.072.080,5'; `places` rounds half up."""
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        text = format(abs(value), "f")
    else:
        text = format(abs(value).normalize(), "f")
    whole, _sep, fraction = text.partition(".")
    sign = "-" if value < 0 and any(c not in "0." for c in text) else ""
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + fraction if fraction else "")


class DecimalCommaField(forms.DecimalField):
    """A decimal as Indonesians type it: 59,56 or 59.56, +2,5 or -1."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
            value = re.sub(r"^\+", "", value)
        result: Decimal | None = super().to_python(value)
        return result


class CountField(forms.IntegerField):
    """A number of people as typed: 12500 or 12.500 (dots between thousands)."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str) and re.fullmatch(r"\s*\d{1,3}(\.\d{3})+\s*", value):
            value = value.replace(".", "")
        result: int | None = super().to_python(value)
        return result


class PlanningForm(forms.Form):
    tahun = forms.TypedChoiceField(label=_("Data year"), coerce=int, required=False)
    dasar = forms.ChoiceField(label=_("Workforce base"), required=False)
    target = DecimalCommaField(label=_("Target UCJ (%)"), required=False)
    workers = CountField(label=_("Number of vulnerable (BPU) workers"), required=False)
    income = AmountField(
        label=_("Declared monthly income (BPU bracket)"),
        whole=True,
        required=False,
        min_value=None,  # the engine says why a negative income is refused
    )
    budget_year = forms.IntegerField(
        label=_("Budget year"), required=False, widget=forms.TextInput(attrs={"size": 6})
    )
    growth = DecimalCommaField(label=_("Annual growth of UCJ (points a year)"), required=False)

    def __init__(self, *args: Any, years: list[int], bases: list[str], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["dasar"].choices = [  # type: ignore[attr-defined]
            (b, base_label(b)) for b in bases
        ]

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if name not in self.errors else None


def default_growth(change: Decimal | None) -> Decimal | None:
    """Last year's change as the default growth, held within the range the projection takes
    (GROWTH_MIN to GROWTH_MAX): a region whose UCJ fell 36,96 points would otherwise open on
    an error for a value the user never typed; only what the user types is refused."""
    if change is None:
        return None
    return min(GROWTH_MAX, max(GROWTH_MIN, change))


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + shown(value)


def _growth_note(form: PlanningForm, starting: Any) -> str:
    """Why the growth is not last year's change, when that change is out of range and the
    growth used is the nearest bound (the default, or the same figure sent back)."""
    change = starting.default_growth
    used = default_growth(change)
    if change is None or used == change or form.value("growth") != used:
        return ""
    assert used is not None
    return _(
        "Last year's change of %(change)s points is outside the range of the calculation "
        "(%(low)s to %(high)s points a year); %(used)s is used."
    ) % {
        "change": _signed(change),
        "low": _signed(GROWTH_MIN),
        "high": _signed(GROWTH_MAX),
        "used": _signed(used),
    }


def _gap(starting: Any) -> bool:
    """Whether the region's own target still needs workers (the default number to price)."""
    return starting.needed is not None and starting.needed.needed > 0


def _defaults(starting: Any, year: int, income: int) -> dict[str, str]:
    metric = starting.metric
    growth = default_growth(starting.default_growth)
    values = {
        "tahun": str(metric.year) if metric else "",
        "dasar": metric.base_kind if metric else "",
        "target": decimal_id(starting.target_pct) if starting.target_pct is not None else "",
        # Nobody is needed once the target is reached: a budget for 0 workers says nothing.
        "workers": decimal_id(Decimal(starting.needed.needed)) if _gap(starting) else "",
        "income": decimal_id(Decimal(income)),
        "budget_year": str(year),
        "growth": decimal_id(growth) if growth is not None else "",
    }
    return values


def planning(request: HttpRequest, code: str) -> HttpResponse:
    try:
        region = planning_region(code=code)
    except PlanningNotFound as exc:
        raise Http404(str(exc)) from None
    if region.code != code:
        query = request.GET.urlencode()
        target = redirect("web:planning", code=region.code)
        return redirect(f"{target.url}?{query}") if query else target
    asked_year = request.GET.get("tahun", "")
    starting = starting_point(
        region=region,
        year=int(asked_year) if asked_year.isdigit() else None,
        base_kind=request.GET.get("dasar") or None,
    )
    today = timezone.localdate()
    budget_year, lowest_income = default_budget_inputs(today=today)
    defaults = _defaults(starting, budget_year, lowest_income)
    typed = {k: v for k, v in request.GET.items() if k in defaults and v.strip()}
    # The year and base only choose the metric; a stale choice falls back, it is no error.
    typed.pop("tahun", None)
    typed.pop("dasar", None)
    form = PlanningForm({**defaults, **typed}, years=starting.years, bases=starting.bases)
    form.is_valid()
    context: dict[str, Any] = {
        "region": region,
        "starting": starting,
        "m": starting.metric,
        "usable": usable(starting.metric),
        "base_label": base_label(starting.metric.base_kind) if starting.metric else "",
        "form": form,
        "horizon": HORIZON,
        "lowest_income": lowest_income,
        "default_workers_from_gap": "workers" not in typed and _gap(starting),
        "over_hundred_note": over_hundred_note(
            [starting.metric.ucj_pct if starting.metric else None]
        ),
    }
    context.update(_needed(form, starting))
    context.update(_budget(form))
    context.update(_projection(form, starting))
    context["growth_note"] = _growth_note(form, starting)
    if starting.missing_year is not None:
        context["missing_year"] = _("No coverage data for %(region)s for %(year)s yet.") % {
            "region": region.name,
            "year": starting.missing_year,
        }
    status = 400 if form.errors else 200
    return render(request, "web/planning/region.html", context, status=status)


def shown(value: Decimal, places: int | None = None) -> str:
    """A result figure in the page's language (1.595,6 / English 1,595.6); what goes back into
    a form field stays Indonesian, which the fields read (`decimal_id`)."""
    return in_language(decimal_id(value, places))


def _needed(form: PlanningForm, starting: Any) -> dict[str, Any]:
    target = form.value("target")
    if target is None or not usable(starting.metric):
        return {"needed": None}
    try:
        needed = needed_for(starting.metric, target)
    except PlanningError as exc:
        form.add_error("target", exc.message)
        return {"needed": None}
    assert needed is not None
    return {
        "needed": needed,
        "needed_text": {
            "target": shown(needed.target_pct),
            "workforce": shown(Decimal(needed.workforce)),
            "active": shown(Decimal(needed.active)),
            "target_workers": shown(needed.target_workers),
            "shortfall": shown(needed.shortfall),
            "needed": shown(Decimal(needed.needed)),
        },
    }


def _budget(form: PlanningForm) -> dict[str, Any]:
    workers, income, year = form.value("workers"), form.value("income"), form.value("budget_year")
    if workers is None or income is None or year is None:
        return {"budget": None}
    try:
        return {"budget": budget(workers=workers, income=income, year=year)}
    except (PlanningError, RuleError) as exc:
        form.add_error(FIELDS.get(exc.field or "", "budget_year"), exc.message)
        return {"budget": None}


def _projection(form: PlanningForm, starting: Any) -> dict[str, Any]:
    growth, target = form.value("growth"), form.value("target")
    if growth is None or target is None:
        return {"projection": None}
    try:
        result = projection(metric=starting.metric, target_pct=target, growth=growth)
    except PlanningError as exc:
        form.add_error("growth" if exc.field == "growth" else "target", exc.message)
        return {"projection": None}
    if result is None:
        return {"projection": None}
    rows = [
        {
            "year": row.year,
            "ucj": shown(row.ucj_pct, 2),
            "remaining": shown(row.remaining_points, 2),
            "reached": row.reached,
        }
        for row in result.rows
    ]
    return {
        "projection": result,
        "projection_rows": rows,
        "growth_text": ("+" if result.growth_points > 0 else "") + shown(result.growth_points),
        "projection_text": {
            "ucj": shown(result.ucj_pct, 2) + "%",
            "target": shown(result.target_pct) + "%",
            "ceiling": shown(result.ceiling),
        },
    }
