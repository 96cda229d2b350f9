"""A round's candidates' representatives from a workbook (the shortlist page's "upload the
representatives" section): /sekretariat/<cycle>/daftar-pendek/<category>/<province>/wakil/.

- GET: the section on a page of its own (the template to download, the upload form);
- POST `preview`: every row checked, what would be linked listed, the problems with their row,
  column and reason; nothing written. A valid file is carried back in the form (base64) for
  the confirmation, as the members' import does (`panel_setup`);
- POST `import`: `representative.import` on the round, all rows or nothing; the counts and the
  new people's one-time activation links, shown in this answer only (never redirected to,
  never cached, stored nowhere).
- `.../wakil/templat.xlsx`: the round's nominees, code, name and category filled in.

Who may: `access.nominate` on the round (the national admin every round, a provincial admin
their province's provincial rounds), asked by the command again per nomination.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from paritrana.access.policy import require
from paritrana.awards.domain import representative_import
from paritrana.awards.domain.nominations import NominationRound
from paritrana.awards.domain.shortlist_reasons import ensure_province
from paritrana.awards.models import Category
from paritrana.commands.representatives import check_import, import_representatives, importable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 2 * 1024 * 1024
DEFAULT_NAME = "wakil.xlsx"


class RepresentativesUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Representatives' workbook (XLSX)"))


def _round(cycle: int, category: int, province: str) -> NominationRound:
    the_category = get_object_or_404(
        Category.objects.select_related("cycle"), pk=category, cycle_id=cycle
    )
    ensure_province(the_category, province)
    return NominationRound(the_category, province)


def _page(
    request: HttpRequest, the_round: NominationRound, *, status: int = 200, **extra: Any
) -> HttpResponse:
    category = the_round.category
    context = {
        "cycle": category.cycle,
        "category": category,
        "province": the_round.province,
        "round_name": the_round.name,
        "form": extra.pop("form", None) or RepresentativesUploadForm(),
        **extra,
    }
    return render(request, "web/secretariat/representative_import.html", context, status=status)


def _read_upload(request: HttpRequest, form: RepresentativesUploadForm) -> tuple[str, bytes] | None:
    if request.POST.get("content"):  # the confirmation of a preview carries the file back
        try:
            content = base64.b64decode(request.POST["content"], validate=True)
        except (binascii.Error, ValueError):
            return None
        return request.POST.get("file_name", DEFAULT_NAME)[:200] or DEFAULT_NAME, content
    if not form.is_valid():
        return None
    upload = form.cleaned_data["file"]
    if upload.size > MAX_BYTES:
        form.add_error("file", _("The workbook is larger than 2 MB."))
        return None
    return upload.name or DEFAULT_NAME, upload.read()


@never_cache
@login_required
def representatives_import(
    request: HttpRequest, cycle: int, category: int, province: str
) -> HttpResponse:
    the_round = _round(cycle, category, province)
    require(request.user, "access.nominate", the_round)
    if request.method != "POST":
        return _page(request, the_round)
    form = RepresentativesUploadForm(request.POST, request.FILES)
    upload = _read_upload(request, form)
    if upload is None:
        return _page(request, the_round, form=form, status=400)
    file_name, content = upload
    the_category = the_round.category
    if request.POST.get("action") == "preview":
        checked = check_import(
            request.user,
            cycle=the_category.cycle,
            content=content,
            file_name=file_name,
            category=the_category,
            province=the_round.province,
        )
        return _page(
            request,
            the_round,
            checked=checked,
            problems=checked.problems,
            file_name=file_name,
            content=base64.b64encode(content).decode() if not checked.problems else "",
            status=400 if checked.problems else 200,
        )
    try:
        result = import_representatives(
            request.user,
            cycle=the_category.cycle,
            content=content,
            file_name=file_name,
            category=the_category,
            province=the_round.province,
            base_url=request.build_absolute_uri("/"),
        )
    except representative_import.RepresentativesRejected as exc:
        return _page(request, the_round, problems=exc.problems, file_name=file_name, status=400)
    return _page(request, the_round, result=result)


@login_required
def representatives_template(
    request: HttpRequest, cycle: int, category: int, province: str
) -> HttpResponse:
    the_round = _round(cycle, category, province)
    the_category = the_round.category
    nominations, _scope = importable(
        request.user,
        cycle=the_category.cycle,
        category=the_category,
        province=the_round.province,
    )
    content = representative_import.template_workbook(nominations, title=the_round.name)
    response = HttpResponse(content, content_type=XLSX)
    name = (
        f"wakil-{the_category.cycle.assessment_year}-{the_category.level}-"
        f"{the_category.code}-{the_round.province}.xlsx"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
