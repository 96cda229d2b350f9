"""Data officers' import pages: upload, progress, outcome with its problem report, templates."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from paritrana.commands.data import queue_compute, queue_import
from paritrana.coverage.domain.compute import background_computations
from paritrana.coverage.domain.import_recovery import INTERRUPTED, heal_interrupted_imports
from paritrana.coverage.domain.imports import ImportRefused, problem_report
from paritrana.coverage.labels import KIND_LABELS, kind_label, local_time
from paritrana.coverage.models import DataImport, ImportStatus, MetricRun
from paritrana.engine.landing import WIB
from paritrana.engine.schemas import SCHEMAS
from paritrana.engine.workbooks import write_template
from paritrana.reports.numbers import decimal_id, in_language
from paritrana.web.decorators import allowed_to
from paritrana.web.listing import Column, Filter, Listing, listing
from paritrana.web.responses import XLSX, attachment
from paritrana.web.templatetags.humanize_id import ribuan

CAN_IMPORT = "access.import_data"  # data officers and the national admin
ACCEPTED = (".csv", ".txt", ".xlsx", ".parquet")
MB = 1024 * 1024


class ComputeForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2015, max_value=2100)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Data kind"), choices=[(k, KIND_LABELS.get(k, k)) for k in SCHEMAS]
    )
    file = forms.FileField(label=_("File (CSV, XLSX or Parquet)"))

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ACCEPTED):
            raise forms.ValidationError(
                _("Only CSV, XLSX and Parquet files can be imported."), code="type"
            )
        if upload.size > settings.PARITRANA_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file (%(size)s MB) is larger than the limit of %(limit)s MB."),
                code="size",
                params={
                    "size": in_language(decimal_id(upload.size / MB, 1)),
                    "limit": in_language(decimal_id(settings.PARITRANA_MAX_UPLOAD_BYTES / MB, 1)),
                },
            )
        return upload


@allowed_to(CAN_IMPORT)
def import_list(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = queue_import(
                request.user, uploaded=form.cleaned_data["file"], kind=form.cleaned_data["kind"]
            )
        except ImportRefused as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("web:import", pk=record.pk)
    imports = _imports(request)
    runs = list(MetricRun.objects.all()[:10])
    compute_form = ComputeForm(initial={"year": runs[0].year if runs else None})
    return render(
        request,
        "web/imports/list.html",
        {
            "form": form,
            "imports": imports,
            "schemas": SCHEMAS,
            "runs": runs,
            "compute_form": compute_form,
            "max_upload_bytes": settings.PARITRANA_MAX_UPLOAD_BYTES,
            **_background(),
        },
    )


def _background() -> dict[str, object]:
    background = background_computations()
    return {"background": background, "busy": any(not b.finished for b in background)}


@allowed_to(CAN_IMPORT)
def computations(request: HttpRequest) -> HttpResponse:
    """The background computations' table alone (the import page polls it while one runs)."""
    return render(request, "web/imports/_computations.html", _background())


def _imports(request: HttpRequest) -> Listing:
    """Every import, newest first unless sorted otherwise, searched by file name and filtered by
    kind and status from the URL."""
    heal_interrupted_imports(wait=False)  # an import whose process died says failed
    records = DataImport.objects.select_related("uploaded_by")
    kind = request.GET.get("jenis", "")
    status = request.GET.get("status", "")
    if kind in SCHEMAS:
        records = records.filter(kind=kind)
    statuses = dict(DataImport._meta.get_field("status").choices or [])
    if status in statuses:
        records = records.filter(status=status)
    everything = [("", _("(all)"))]
    return listing(
        request,
        records,
        columns=[
            Column("waktu", _("When"), ["created_at"], numeric=True),
            Column("jenis", _("Data kind"), ["kind"]),
            Column("berkas", _("File"), ["file_name"]),
            Column("status", _("Status"), ["status"]),
            Column("baris", _("Rows"), ["rows"], numeric=True),
            Column("oleh", _("By"), ["uploaded_by__username"]),
        ],
        default="-waktu",
        search=["file_name"],
        search_label=_("File"),
        filters=[
            Filter(
                "jenis",
                _("Data kind"),
                [*everything, *((kind, kind_label(kind)) for kind in SCHEMAS)],
                kind,
            ),
            Filter(
                "status",
                _("Status"),
                [*everything, *((k, str(v)) for k, v in statuses.items())],
                status,
            ),
        ],
    )


@allowed_to(CAN_IMPORT)
@require_POST
def compute(request: HttpRequest) -> HttpResponse:
    form = ComputeForm(request.POST)
    if form.is_valid():
        year = form.cleaned_data["year"]
        queue_compute(request.user, year=year)
        messages.success(
            request,
            _(
                "The computation for %(year)s is queued; the table below follows it until it "
                "is done."
            )
            % {"year": year},
        )
    else:
        messages.error(request, _("Give a year between 2015 and 2100."))
    return redirect("web:imports")


@allowed_to(CAN_IMPORT)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    heal_interrupted_imports(wait=False)  # its process died: say so now, not at a restart
    record = get_object_or_404(DataImport, pk=pk)
    template = "web/imports/_status.html" if request.htmx else "web/imports/detail.html"
    return render(
        request,
        template,
        {"record": record, "outcome": outcome(record), "earlier": earlier_imports(record)},
    )


# How the engine names the earlier import in an overlap refusal (engine.landing,
# `overlap_problems`): "(diimpor sebelumnya dari good_2026.csv, 07/12/2026): ...".
OVERLAP = "store.overlap"
EARLIER = re.compile(
    r"\(diimpor sebelumnya dari (?P<name>.+?)(?:, (?P<day>\d{2}/\d{2}/\d{4}))?\): peserta"
)


def earlier_imports(record: DataImport) -> list[DataImport]:
    """The imports whose rows a rejected contributions file overlaps, so that its page can link
    them: the engine knows a batch by its file's name and day only (it has no import records),
    so the record of that name imported that day (WIB), else the latest of that name."""
    if record.status != ImportStatus.REJECTED:
        return []
    named: dict[tuple[str, str], None] = {}
    for problem in record.problems:
        if problem.get("code") == OVERLAP and (found := EARLIER.search(problem["reason"])):
            named[(found["name"], found["day"] or "")] = None
    earlier: list[DataImport] = []
    for name, day in named:
        candidates = DataImport.objects.filter(
            kind=record.kind, status=ImportStatus.IMPORTED, file_name=name
        ).exclude(finished_at=None)
        chosen = [c for c in candidates if day and day in _days(c)] or list(candidates)
        latest = max(chosen, key=lambda c: (c.finished_at, c.pk), default=None)
        if latest is not None and latest not in earlier:
            earlier.append(latest)
    return earlier


def _days(record: DataImport) -> set[str]:
    """The days (WIB, dd/mm/yyyy) an import ran on: its batch's day is one of them."""
    moments = (record.started_at, record.finished_at)
    return {timezone.localtime(m, WIB).strftime("%d/%m/%Y") for m in moments if m is not None}


# The stored message's tail when the monthly summaries could not be refreshed after an import.
NOT_REFRESHED = "Ringkasan bulanan belum diperbarui"
# The stored message's sentence on the rows with nothing paid (engine.ingest, `_Results.imported`):
# the record keeps no count of its own, so the count is read from the engine's sentence.
UNPAID = re.compile(r"\b(\d{1,3}(?:\.\d{3})*) di antaranya tanpa iuran dibayar\b")


def outcome(record: DataImport) -> str:
    """What came of a finished import, in the page's language; the stored message (Indonesian,
    as the engine and the command line say it) where there is no sentence for it here."""
    if record.status == ImportStatus.IMPORTED:
        text = ngettext("%(n)s row imported.", "%(n)s rows imported.", record.rows_written or 0)
        text %= {"n": ribuan(record.rows_written or 0)}
        if unpaid := UNPAID.search(record.message):
            text += " " + gettext(
                "Rows among them with nothing paid (every paid_* column blank or 0): %(n)s. "
                "They are stored, but not counted as active participants of their month (an "
                "active participant has some contribution paid)."
            ) % {"n": ribuan(int(unpaid[1].replace(".", "")))}
        if NOT_REFRESHED in record.message:
            text += " " + gettext(
                "The monthly summaries were not refreshed because of a system error; "
                "compute the metrics again."
            )
        return text
    if record.status == ImportStatus.REJECTED:
        return ngettext(
            "File rejected: %(n)s problem found; nothing was changed.",
            "File rejected: %(n)s problems found; nothing was changed.",
            record.problem_count,
        ) % {"n": ribuan(record.problem_count)}
    if record.status == ImportStatus.DUPLICATE:
        first = (
            DataImport.objects.filter(
                sha256=record.sha256, kind=record.kind, status=ImportStatus.IMPORTED
            )
            .exclude(finished_at=None)
            .order_by("finished_at")
            .first()
        )
        if first is not None and first.finished_at is not None:
            return gettext("This file was already imported on %(when)s; nothing was changed.") % {
                "when": local_time(first.finished_at)
            }
        return gettext("This file was already imported; nothing was changed.")
    if record.status == ImportStatus.FAILED:
        return _failure(record)
    return record.message


# The system error's stored sentence (coverage.domain.imports) ends with the kind of error.
SYSTEM_ERROR = re.compile(r"gagal karena galat sistem; .*\(impor #\d+, (\w+)\)\.$", re.S)


def _failure(record: DataImport) -> str:
    """A failed import's sentence in the page's language, rebuilt from the record where the
    stored one is one of ours (an interrupted run and its stage, a system error and its kind);
    anything else is the stored message."""
    with translation.override("id"):
        stage = f" (tahap: {record.stage_label})" if record.stage_label else ""
    if record.message == INTERRUPTED.format(stage=stage):
        if not stage:
            return gettext(
                "The import stopped before finishing; no data was changed. Upload the file again."
            )
        return gettext(
            "The import stopped before finishing (stage: %(stage)s); no data was changed."
            " Upload the file again."
        ) % {"stage": record.stage_label}
    if found := SYSTEM_ERROR.search(record.message):
        return gettext(
            "Import of the file '%(file)s' failed because of a system error; no data was"
            " changed. Report it to the system administrator (import #%(pk)s, %(error)s)."
        ) % {"file": record.file_name, "pk": record.pk, "error": found[1]}
    return record.message


def _xlsx_response(write: Callable[[Path], object], filename: str) -> HttpResponse:
    # Reports and templates are small (a report lists at most 1,000 problems): build them in a
    # temporary folder and send the bytes.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.xlsx"
        write(path)
        content = path.read_bytes()
    return attachment(content, filename, XLSX)


@allowed_to(CAN_IMPORT)
def import_report(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(DataImport, pk=pk)
    if not record.problems:
        raise Http404("Impor ini tidak punya laporan masalah.")
    name = f"laporan-impor-{record.pk}-{Path(record.file_name).stem}.xlsx"
    return _xlsx_response(lambda path: problem_report(record, path), name)


def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in SCHEMAS:
        raise Http404(f"Jenis data '{kind}' tidak dikenal.")
    return _xlsx_response(lambda path: write_template(kind, path), f"templat-{kind}.xlsx")


def schemas(request: HttpRequest) -> HttpResponse:
    """Every input file's columns, types and rules: the documented schema, public."""
    return render(request, "web/imports/schemas.html", {"schemas": SCHEMAS})
