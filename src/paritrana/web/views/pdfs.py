"""PDF downloads: the Juara's certificates, a candidate's assessment report, the Sekda's summary.

Who may download what is decided in `paritrana.reports.downloads`; the PDFs are built by
`paritrana.reports` (WeasyPrint, offline). Refusals are shown as pages with their reason
(403); a PDF that cannot exist yet (no confirmed Juara, no ranking) is a 404 page saying why.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from paritrana.assessment.domain.results import ResultError, group_code, group_name
from paritrana.assessment.models import Panel
from paritrana.awards.models import Category, Level, Nomination
from paritrana.reports.candidate_report import candidate_report_pdf
from paritrana.reports.certificates import CertificateError, certificates_pdf
from paritrana.reports.downloads import certificate_refusal, report_refusal, summary_refusal
from paritrana.reports.pdf import PDF_CONTENT_TYPE
from paritrana.reports.provincial_summary import SummaryError, provincial_summary_pdf
from paritrana.web.responses import attachment
from paritrana.web.views.results import refusing


def _attachment(content: bytes, *parts: object) -> HttpResponse:
    name = "-".join(slugify(str(part)) for part in parts if str(part)) + ".pdf"
    response = attachment(content, name, PDF_CONTENT_TYPE)
    response["Cache-Control"] = "private, no-store"  # judging documents stay off shared caches
    return response


def _unavailable(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "reports/pdf/unavailable.html", {"message": message}, status=404)


@login_required
@refusing
def certificate_pdf(request: HttpRequest, category: int, group: str) -> HttpResponse:
    category_obj = get_object_or_404(Category.objects.select_related("cycle"), pk=category)
    reason = certificate_refusal(request.user, category_obj, group)
    if reason:
        raise PermissionDenied(reason)
    try:
        content = certificates_pdf(category=category_obj, group=group)
    except CertificateError as exc:
        return _unavailable(request, str(exc))
    return _attachment(
        content, "piagam", category_obj.code, group_name(group), category_obj.cycle.ceremony_year
    )


@login_required
@refusing
def candidate_report_pdf_view(
    request: HttpRequest, category: int, group: str, nomination: int
) -> HttpResponse:
    candidate = get_object_or_404(
        Nomination.objects.select_related("category__cycle"), pk=nomination, category_id=category
    )
    if group_code(candidate) != group:
        raise Http404("Kandidat ini tidak bersaing di kelompok tersebut.")
    reason = report_refusal(request.user, candidate)
    if reason:
        raise PermissionDenied(reason)
    try:
        content = candidate_report_pdf(nomination=candidate, reader=request.user)
    except ResultError as exc:
        return _unavailable(request, str(exc))
    return _attachment(
        content,
        "laporan-penilaian",
        candidate.name,
        candidate.category.code,
        candidate.category.cycle.assessment_year,
    )


@login_required
@refusing
def provincial_summary_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    panel = get_object_or_404(Panel.objects.select_related("cycle"), pk=pk)
    reason = summary_refusal(request.user, panel)
    if reason and panel.level != Level.PROVINCIAL:
        return _unavailable(request, reason)
    if reason:
        raise PermissionDenied(reason)
    try:
        content = provincial_summary_pdf(
            cycle=panel.cycle, province=panel.province, user=request.user
        )
    except SummaryError as exc:
        return _unavailable(request, str(exc))
    return _attachment(
        content,
        "ringkasan-penilaian-provinsi",
        group_name(panel.province),
        panel.cycle.assessment_year,
    )
