"""The certificates' wording on the secretariat's workbench (/sekretariat/<cycle>/piagam/):
one form per round (provincial, national) with the title, the text and its placeholders, the
place and date, up to three signatories and the logo; a preview prints what is typed, without
saving it. Saving is the command `certificate.save` (national admin, audited); a field it
refuses is shown at the field with what was typed kept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from paritrana.access.policy import require
from paritrana.awards.models import Cycle, Level
from paritrana.commands.certificates import save_wording
from paritrana.errors import DomainError
from paritrana.reports.certificate_setup import (
    TEXT_FIELDS,
    WordingRefused,
    checked_wording,
    template_for,
    unnamed_signatories,
)
from paritrana.reports.certificates import preview_pdf
from paritrana.reports.models import CertificateTemplate
from paritrana.reports.models.certificate import PLACEHOLDERS
from paritrana.reports.pdf import PDF_CONTENT_TYPE
from paritrana.web.views.results import refusing


def _model_field(name: str) -> Any:
    return CertificateTemplate._meta.get_field(name)


def _text(name: str, **options: Any) -> forms.CharField:
    """A form field for one of the wording's text fields, labelled, limited and explained as
    the model says (the command checks the value itself)."""
    field = _model_field(name)
    return forms.CharField(
        label=capfirst(field.verbose_name),
        help_text=field.help_text,
        max_length=field.max_length,
        required=not field.blank,
        **options,
    )


class WordingForm(forms.Form):
    """What a person types; the command checks it (`certificate_setup.checked_wording`)."""

    title = _text("title")
    issuer = _text("issuer")
    body = _text("body", widget=forms.Textarea(attrs={"rows": 8}))
    place_and_date = _text("place_and_date")
    signatory_1_name = _text("signatory_1_name")
    signatory_1_position = _text("signatory_1_position")
    signatory_2_name = _text("signatory_2_name")
    signatory_2_position = _text("signatory_2_position")
    signatory_3_name = _text("signatory_3_name")
    signatory_3_position = _text("signatory_3_position")
    logo = forms.FileField(label=capfirst(_model_field("logo").verbose_name), required=False)
    remove_logo = forms.BooleanField(label=gettext_lazy("Remove the logo"), required=False)


def _initial(template: CertificateTemplate) -> dict[str, Any]:
    return {name: getattr(template, name) for name in TEXT_FIELDS}


def _values(form: WordingForm) -> dict[str, str]:
    # The raw text typed (not cleaned): the command checks it, and a refused form shows it.
    return {name: form.data.get(form.add_prefix(name), "") for name in TEXT_FIELDS}


def _rounds(
    cycle: Cycle, bound: tuple[str, WordingForm] | None
) -> list[tuple[str, str, WordingForm, CertificateTemplate]]:
    rounds = []
    for level, label in Level.choices:
        template = template_for(cycle=cycle, level=level)
        if bound is not None and bound[0] == level:
            form = bound[1]
        else:
            form = WordingForm(prefix=level, initial=_initial(template))
        rounds.append((level, str(label), form, template))
    return rounds


@login_required
@refusing
def certificate_setup(request: HttpRequest, cycle: int) -> HttpResponse:
    found = get_object_or_404(Cycle, pk=cycle)
    require(request.user, "access.manage_cycle", found)
    bound: tuple[str, WordingForm] | None = None
    status = 200
    if request.method == "POST":
        level = request.POST.get("level", "")
        form = WordingForm(request.POST, request.FILES, prefix=level)
        form.is_valid()  # cleaned_data for the logo and the box; the command checks the text
        logo = request.FILES.get(form.add_prefix("logo"))
        remove = bool(form.cleaned_data.get("remove_logo"))
        try:
            if request.POST.get("action") == "preview":
                template = checked_wording(
                    cycle=found, level=level, values=_values(form), logo=logo, remove_logo=remove
                )
                return HttpResponse(
                    preview_pdf(template),
                    content_type=PDF_CONTENT_TYPE,
                    headers={
                        "Content-Disposition": 'inline; filename="pratinjau-piagam.pdf"',
                        "Cache-Control": "private, no-store",
                    },
                )
            save_wording(
                request.user,
                cycle=found,
                level=level,
                values=_values(form),
                logo=logo,
                remove_logo=remove,
            )
        except WordingRefused as exc:
            form.errors.clear()
            for name, message in exc.errors.items():
                form.add_error(name if name in form.fields else None, message)
            bound, status = (level, form), 422
        except DomainError as exc:  # a wording that cannot print (CertificateError), a lock
            form.errors.clear()
            form.add_error(None, exc.message)
            bound, status = (level, form), 422
        else:
            messages.success(
                request,
                _("The certificates' wording (%(round)s) is saved.")
                % {"round": Level(level).label if level in Level.values else level},
            )
            return redirect("web:certificate_setup", cycle=found.pk)
    return render(
        request,
        "web/secretariat/certificates.html",
        {
            "cycle": found,
            "rounds": [
                (level, label, form, template, unnamed_signatories(template))
                for level, label, form, template in _rounds(found, bound)
            ],
            "placeholders": PLACEHOLDERS,
        },
        status=status,
    )
