"""Downloads (/unduhan/): ask for a workbook, watch it being built, take the file.

Workbooks are built in the background (`paritrana.reports.exports`); the list polls itself with
HTMX every 2 seconds while one is queued or running, as the import page does. A single ranking
is small and is also sent at once from its own address.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from paritrana.access.policy import allowed, denied, exportable_cycles, visible_panels
from paritrana.assessment.domain.decided import ranking_of
from paritrana.assessment.domain.decisions import panel_for
from paritrana.assessment.domain.results import ResultError
from paritrana.awards.models import Category
from paritrana.commands.exports import request_export
from paritrana.reports.exports import ExportRefused, file_path
from paritrana.reports.models import Export, ExportKind, ExportStatus
from paritrana.reports.workbooks.coverage import coverage_years
from paritrana.reports.workbooks.rankings import panel_rankings, write_ranking
from paritrana.web.responses import XLSX, attachment

PARAMETER = {
    ExportKind.COVERAGE: "year",
    ExportKind.CANDIDATES: "cycle",
    ExportKind.SCORES: "panel",
    ExportKind.RANKINGS: "panel",
    ExportKind.AUDIT: "cycle",
}
RANKING_ONLY = (
    "Peringkat ini hanya untuk anggota tim penilai yang bersangkutan, admin provinsinya dan admin "
    "nasional."
)


def _refused(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    return render(request, "web/exports/refused.html", {"message": message}, status=status)


def _offers(user: Any) -> dict[str, Any]:
    """What the user may ask for: the choices of each form, and the rankings to take at once."""
    panels = list(visible_panels(user))
    # Per panel: the national admin sees every province's (about 160 rankings in all).
    rankings = [(panel, found) for panel in panels if (found := list(panel_rankings(panel)))]
    cycles = list(exportable_cycles(user))
    return {
        "years": coverage_years(),
        "cycles": cycles,
        # the change history: the national secretariat's (asked cycle by cycle, as it is
        # when the export is built)
        "audit_cycles": [c for c in cycles if allowed(user, "access.view_audit", c)],
        "panels": panels,
        "rankings": rankings,
    }


def _list_context(request: HttpRequest) -> dict[str, Any]:
    exports = list(Export.objects.filter(requested_by=request.user)[:30])
    return {
        "exports": exports,
        "pending": any(not e.finished for e in exports),
    }


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    if request.htmx and request.method == "GET":
        return render(request, "web/exports/_list.html", _list_context(request))
    error = ""
    status = 200
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        name = PARAMETER.get(kind, "")
        params = {name: request.POST.get(name, "")} if name else {}
        try:
            export = request_export(request.user, kind=kind, params=params)
        except ExportRefused as exc:
            error, status = str(exc), exc.status
        else:
            if export.status == ExportStatus.DONE:
                messages.success(request, _("The workbook is ready: %(t)s.") % {"t": export.title})
            elif export.status == ExportStatus.FAILED:
                messages.error(request, export.message)
            else:
                messages.success(
                    request,
                    _("The workbook is being built: %(t)s. This page shows its progress.")
                    % {"t": export.title},
                )
            return redirect("web:exports")
    context = {**_list_context(request), **_offers(request.user), "error": error}
    return render(request, "web/exports/list.html", context, status=status)


@login_required
def export_file(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(Export, pk=pk)
    if (reason := denied(request.user, "access.download_export", export)) is not None:
        return _refused(request, reason)
    path = file_path(export) if export.file else None
    if export.status != ExportStatus.DONE or path is None or not path.is_file():
        raise Http404("Berkas unduhan ini belum selesai dibuat atau sudah tidak ada.")
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=export.file_name, content_type=XLSX
    )


@login_required
def ranking_xlsx(request: HttpRequest, category: int, group: str) -> HttpResponse:
    """One ranking as a workbook, built within the request (a few dozen rows)."""
    category_obj = get_object_or_404(Category.objects.select_related("cycle"), pk=category)
    panel = panel_for(category_obj, group)
    # A group without a panel: `access.view_panel` of None admits the national admin only.
    if not allowed(request.user, "access.view_panel", panel):
        return _refused(request, RANKING_ONLY)
    try:
        result = ranking_of(category_obj, group)
    except ResultError as exc:
        raise Http404(str(exc)) from exc
    buffer = io.BytesIO()
    write_ranking(
        buffer, result=result, user=request.user, requested_by=request.user.get_username()
    )
    name = f"peringkat-{category_obj.cycle.assessment_year}-{category_obj.code}-{group}.xlsx"
    return attachment(buffer.getvalue(), name, XLSX)
