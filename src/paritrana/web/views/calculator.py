"""The contribution calculator page (/kalkulator-iuran/): a GET form, results on the same page.

All arithmetic is `paritrana.rules.calculate`; this module only turns the form into its
arguments and the result into display strings. With HTMX only the result fragment is returned.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from paritrana.coverage.labels import local_date
from paritrana.reports.numbers import in_language
from paritrana.rules import (
    AGE_RANGE,
    ContributionResult,
    JkpFunding,
    RuleError,
    calculate,
    format_percent,
    format_rupiah,
)
from paritrana.web.amounts import AmountField
from paritrana.web.rule_words import note_words, rule_label, rule_value

RISK_CHOICES = [
    ("", _("(choose)")),
    ("very_low", _("Very low")),
    ("low", _("Low")),
    ("medium", _("Medium")),
    ("high", _("High")),
    ("very_high", _("Very high")),
]
SEGMENT_CHOICES = [
    ("PU", _("PU: wage earners")),
    ("BPU", _("BPU: non-wage earners")),
    ("Jakon", _("Jakon: construction projects")),
]
# Which form fields each segment uses; values typed into the others are ignored (and said so).
SEGMENT_FIELDS = {
    "PU": ("wage", "risk", "age", "discount"),
    "BPU": ("income", "bpu_jht"),
    "Jakon": ("contract_value",),
}
# The fields each segment cannot do without: all reported at once, each beside its field.
SEGMENT_REQUIRED = {"PU": ("wage", "risk"), "BPU": ("income",), "Jakon": ("contract_value",)}


def _rupiah(amount: int) -> str:
    """Rp1.234.567, in English Rp1,234,567: the page's language, like every figure on it."""
    return in_language(format_rupiah(amount))


def _filled(value: Any) -> bool:
    # 0 is a real answer (a wage of Rp0, age 0); only blanks and unticked boxes are "not given".
    return value is not None and value != "" and value is not False


class ContributionForm(forms.Form):
    segment = forms.ChoiceField(label=_("Segment"), choices=SEGMENT_CHOICES, initial="PU")
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        input_formats=["%Y-%m-%d"],
    )
    wage = AmountField(label=_("Monthly wage (PU)"), whole=True, required=False)
    risk = forms.ChoiceField(label=_("Risk group (PU)"), choices=RISK_CHOICES, required=False)
    age = forms.IntegerField(label=_("Age in years (PU, for JP)"), required=False)
    discount = forms.BooleanField(label=_("Eligible for the JKK discount (PU)"), required=False)
    income = AmountField(label=_("Declared monthly income (BPU)"), whole=True, required=False)
    bpu_jht = forms.BooleanField(label=_("Include optional JHT (BPU)"), required=False)
    contract_value = AmountField(label=_("Contract value (Jakon)"), whole=True, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")  # stable element ids: segment, date, wage, ...
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        """Every field the chosen segment needs, and a plausible age, checked together, so the
        reader sees all that is missing at once rather than one error per submission."""
        data = super().clean()
        segment = data.get("segment")
        for name in SEGMENT_REQUIRED.get(segment or "", ()):
            if name not in self.errors and not _filled(data.get(name)):
                self.add_error(
                    name,
                    gettext("Fill this in for the %(segment)s segment.") % {"segment": segment},
                )
        age = data.get("age")
        low, high = AGE_RANGE
        if segment == "PU" and age is not None and not low <= age <= high:
            self.add_error(
                "age",
                gettext("Enter an age between %(low)s and %(high)s years (not %(age)s).")
                % {"low": low, "high": high, "age": age},
            )
        return data

    def refuse(self, exc: RuleError) -> bool:
        """Show a refusal of the rules beside the field it names; False when it names none
        of this form's fields (a fault of the rules table, shown above the form)."""
        if exc.field not in self.fields:
            return False
        reason = exc.reason
        self.add_error(exc.field, reason[:1].upper() + reason[1:])
        return True

    def calculator_arguments(self) -> tuple[dict[str, Any], list[str]]:
        """Keyword arguments for `calculate`, and the labels of filled-in fields it ignores."""
        data = self.cleaned_data
        segment = data["segment"]
        used = SEGMENT_FIELDS[segment]
        kwargs: dict[str, Any] = {"segment": segment, "on": data["date"]}
        names = {"discount": "discount_eligible"}
        for name in used:
            if _filled(data.get(name)):
                kwargs[names.get(name, name)] = data[name]
        ignored = [
            str(self.fields[name].label)
            for segment_fields in SEGMENT_FIELDS.values()
            for name in segment_fields
            if name not in used and _filled(data.get(name))
        ]
        return kwargs, ignored


def _rupiah_or_dash(amount: int | None) -> str:
    return "-" if amount is None else _rupiah(amount)


def recomposition_note(jkp: JkpFunding) -> str:
    """The JKP recomposition in words, with its amounts; every number comes from the rules."""
    values = {
        "jkk_rate": in_language(format_percent(jkp.from_jkk_rate)),
        "jkk": _rupiah(jkp.from_jkk),
        "jkm_rate": in_language(format_percent(jkp.from_jkm_rate)),
        "jkm": _rupiah(jkp.from_jkm),
        "cap": _rupiah(jkp.wage_cap),
        "basis": jkp.basis,
        "government_rate": in_language(format_percent(jkp.government_rate)),
        "government": _rupiah(jkp.government),
    }
    if jkp.from_jkm_rate:
        moved = gettext(
            "Of the JKK contribution %(jkk_rate)s (%(jkk)s) and of the JKM contribution"
            " %(jkm_rate)s (%(jkm)s) of the wage, up to %(cap)s, BPJS moves money to fund JKP"
            " (recomposition, %(basis)s); it adds nothing to the bill."
        )
    else:
        moved = gettext(
            "Of the JKK contribution %(jkk_rate)s (%(jkk)s) of the wage, up to %(cap)s, BPJS"
            " moves money to fund JKP (recomposition, %(basis)s); it adds nothing to the bill."
        )
    government = gettext(
        "The central government pays its own JKP contribution of %(government_rate)s"
        " (%(government)s), outside the employer's bill."
    )
    return f"{moved % values} {government % values}"


def _present(result: ContributionResult) -> dict[str, Any]:
    """Display strings for the result fragment (Indonesian number style: Rp1.234.567)."""
    rows = [
        {
            "programme": amount.programme,
            "rates": [
                f"{rule_label(rule.key)}: {rule_value(rule)}"
                for rule in amount.rules
                if rule.unit == "percent" and rule.key != "jkk.discount"
            ],
            "employer": _rupiah(amount.employer),
            "worker": _rupiah(amount.worker),
            "total": _rupiah(amount.total),
            "base": _rupiah_or_dash(amount.base),
            "discount": _rupiah(amount.discount) if amount.discount else "",
        }
        for amount in result.programmes
    ]
    rules = [
        {
            "label": rule_label(rule.key),
            "value": rule_value(rule),
            "basis": rule.basis,
            "valid_from": local_date(rule.valid_from),
            "valid_to": local_date(rule.valid_to) if rule.valid_to else "",
            "verified": rule.verified,
        }
        for rule in result.rules
    ]
    return {
        "segment": result.segment,
        "date": local_date(result.on),
        "rows": rows,
        "total_employer": _rupiah(result.total_employer),
        "total_worker": _rupiah(result.total_worker),
        "total_all": _rupiah(result.total),
        "recomposition": recomposition_note(result.jkp) if result.jkp else "",
        "notes": [note_words(note) for note in result.notes],
        "rules": rules,
    }


def calculator(request: HttpRequest) -> HttpResponse:
    form = ContributionForm(request.GET) if "segment" in request.GET else ContributionForm()
    context: dict[str, Any] = {"form": form, "result": None, "error": None, "ignored": []}
    if form.is_bound and form.is_valid():
        kwargs, context["ignored"] = form.calculator_arguments()
        try:
            context["result"] = _present(calculate(**kwargs))
        except RuleError as exc:
            if not form.refuse(exc):
                context["error"] = exc.message
    if getattr(request, "htmx", False):
        return render(request, "web/_calculator.html", context)
    return render(request, "web/calculator.html", context)
