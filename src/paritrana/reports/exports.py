"""Workbook exports asked for on the web and built in the background.

`request_export` checks that the person may have the kind of export (and these parameters),
returns the same export when it is still queued or running, or records a new one and enqueues
`build_export` as a django-tasks task. The task writes the workbook under MEDIA_ROOT/exports/,
reporting its progress on the record every few thousand rows; the export page polls it.

Who may have what:
- coverage metrics of a year: anyone logged in (coverage figures are public);
- candidates of a cycle: members of the cycle's panels (their rounds' candidates) and the
  national admin;
- rankings and individual scores of a panel: its members and the national admin; scores only
  of the candidates the person may open, never one a conflict bars them from;
- the change history of a cycle: the national secretariat (`access.view_audit`).
Rights are checked again when the task runs: a seat lost in between ends in a refusal.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from paritrana.access.check import allowed, denied
from paritrana.assessment.models import Panel
from paritrana.awards.models import Cycle
from paritrana.errors import Forbidden
from paritrana.reports.models import Export, ExportKind, ExportStatus
from paritrana.reports.workbooks import (
    write_candidates,
    write_coverage,
    write_rankings,
    write_scores,
)
from paritrana.reports.workbooks.audit import write_audit_log
from paritrana.reports.workbooks.coverage import coverage_years

FOLDER = "exports"
STALE_AFTER = dt.timedelta(hours=2)
STALE_MESSAGE = "Terhenti tanpa selesai (lebih dari 2 jam); silakan minta ulang."
PANEL_ONLY = (
    "{what} hanya dapat diunduh oleh anggota tim penilai yang bersangkutan, admin provinsinya "
    "dan admin nasional."
)


class ExportRefused(Forbidden):
    """An export the person may not have (status 403), or a wrong request (400); the message
    is in Bahasa Indonesia."""

    @property
    def status(self) -> int:
        return self.http_status


def _invalid(message: str) -> ExportRefused:
    return ExportRefused(message, http_status=400, code="refused")


@dataclass(frozen=True)
class Plan:
    """A checked request: what to write, under which name, with which function."""

    kind: str
    params: dict[str, int]
    title: str
    file_name: str
    write: Callable[[Any, Any, Callable[[int, int], None]], object]


def _number(params: dict[str, Any], name: str, label: str) -> int:
    value = params.get(name)
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise _invalid(f"{label} tidak valid: {value!r}.") from None


def _panel(params: dict[str, Any], user: Any, what: str) -> Panel:
    pk = _number(params, "panel", "Tim penilai")
    panel = Panel.objects.select_related("cycle").filter(pk=pk).first()
    if panel is None:
        raise _invalid(f"Tim penilai {pk} tidak ditemukan.")
    if not allowed(user, "access.view_panel", panel):
        raise ExportRefused(PANEL_ONLY.format(what=what))
    return panel


def _cycle(params: dict[str, Any]) -> Cycle:
    pk = _number(params, "cycle", "Siklus")
    cycle = Cycle.objects.filter(pk=pk).first()
    if cycle is None:
        raise _invalid(f"Siklus {pk} tidak ditemukan.")
    return cycle


def _slug(panel: Panel) -> str:
    return f"{panel.cycle.assessment_year}-{panel.level}-{panel.province or 'nasional'}"


def plan(*, kind: str, params: dict[str, Any], user: Any) -> Plan:
    """Check a request; ExportRefused (in Bahasa Indonesia) when it cannot be granted."""
    if not getattr(user, "is_authenticated", False):
        raise ExportRefused("Masuk terlebih dahulu untuk mengunduh.")
    if kind == ExportKind.COVERAGE:
        year = _number(params, "year", "Tahun")
        if year not in coverage_years():
            raise _invalid(
                f"Belum ada metrik cakupan tahun {year}. Impor data lalu jalankan perhitungan."
            )
        return Plan(
            kind,
            {"year": year},
            f"Metrik cakupan {year}",
            f"cakupan-{year}.xlsx",
            lambda target, who, progress: write_coverage(
                target, year=year, requested_by=who.username, progress=progress
            ),
        )
    if kind == ExportKind.CANDIDATES:
        cycle = _cycle(params)
        if (reason := denied(user, "access.export_cycle", cycle)) is not None:
            raise ExportRefused(reason)
        return Plan(
            kind,
            {"cycle": cycle.pk},
            f"Kandidat {cycle.label}",
            f"kandidat-{cycle.assessment_year}.xlsx",
            lambda target, who, progress: write_candidates(
                target, cycle=cycle, user=who, progress=progress
            ),
        )
    if kind == ExportKind.SCORES:
        panel = _panel(params, user, "Nilai penilai")
        return Plan(
            kind,
            {"panel": panel.pk},
            f"Nilai penilai {panel.name} ({panel.cycle.assessment_year})",
            f"nilai-{_slug(panel)}.xlsx",
            lambda target, who, progress: write_scores(
                target, panel=panel, user=who, progress=progress
            ),
        )
    if kind == ExportKind.RANKINGS:
        panel = _panel(params, user, "Peringkat")
        return Plan(
            kind,
            {"panel": panel.pk},
            f"Peringkat {panel.name} ({panel.cycle.assessment_year})",
            f"peringkat-{_slug(panel)}.xlsx",
            lambda target, who, progress: write_rankings(
                target, panel=panel, user=who, requested_by=who.username, progress=progress
            ),
        )
    if kind == ExportKind.AUDIT:
        cycle = _cycle(params)
        if (reason := denied(user, "access.view_audit", cycle)) is not None:
            raise ExportRefused(reason)
        return Plan(
            kind,
            {"cycle": cycle.pk},
            f"Riwayat perubahan {cycle.label}",
            f"riwayat-perubahan-{cycle.assessment_year}.xlsx",
            lambda target, who, progress: write_audit_log(
                target, cycle=cycle, requested_by=who.username, progress=progress
            ),
        )
    raise _invalid(
        f"Jenis unduhan {kind!r} tidak dikenal. Pilih salah satu: {', '.join(ExportKind.values)}."
    )


def _key(kind: str, params: dict[str, int]) -> str:
    return json.dumps({"kind": kind, **params}, sort_keys=True)


def request_export(*, kind: str, params: dict[str, Any], user: Any) -> Export:
    """Record and enqueue an export, or return the same one still queued or running."""
    from paritrana.reports.tasks import export_task

    checked = plan(kind=kind, params=params, user=user)
    key = _key(checked.kind, checked.params)
    pending = Export.objects.filter(
        requested_by=user, key=key, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]
    )
    # A worker stopped mid-way leaves its export "running" for good: past STALE_AFTER it is
    # closed as failed, so asking again starts afresh instead of waiting for it forever.
    now = timezone.now()
    pending.filter(created_at__lt=now - STALE_AFTER).update(
        status=ExportStatus.FAILED, message=STALE_MESSAGE, finished_at=now
    )
    current = pending.first()
    if current is not None:
        return current
    purge_expired()
    try:
        with transaction.atomic():
            export = Export.objects.create(
                kind=checked.kind,
                parameters=checked.params,
                key=key,
                title=checked.title,
                file_name=checked.file_name,
                requested_by=user,
            )
    except IntegrityError:  # the same request, made at the same instant, won the race
        current = pending.first()
        if current is None:
            raise
        return current
    export_task.enqueue(export.pk)
    export.refresh_from_db()  # a backend that runs tasks at once has finished it already
    return export


def purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete exports finished more than PARITRANA_EXPORT_DAYS ago, with their files (they can
    be asked for again, built from the data of that day). Returns how many went."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.PARITRANA_EXPORT_DAYS)
    old = list(Export.objects.filter(finished_at__lt=cutoff))
    for export in old:
        if export.file:
            file_path(export).unlink(missing_ok=True)
    Export.objects.filter(pk__in=[e.pk for e in old]).delete()
    return len(old)


def file_path(export: Export) -> Path:
    return Path(settings.MEDIA_ROOT) / export.file.name


def _progress(export: Export) -> Callable[[int, int], None]:
    def update(done: int, total: int) -> None:
        Export.objects.filter(pk=export.pk).update(done=done, total=total)

    return update


def build_export(export: Export) -> Export:
    """Write the workbook of `export` (run by the background task) and record the outcome."""
    Export.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING)
    user = export.requested_by
    folder = Path(settings.MEDIA_ROOT) / FOLDER
    name = f"{export.pk}-{export.file_name or 'unduhan.xlsx'}"
    partial = folder / f".{name}.part"
    try:
        checked = plan(kind=export.kind, params=export.parameters, user=user)
        folder.mkdir(parents=True, exist_ok=True)
        book = checked.write(partial, user, _progress(export))
        os.replace(partial, folder / name)  # a reader never sees half a file
    except ExportRefused as exc:
        return _finish(export, ExportStatus.FAILED, str(exc))
    except Exception as exc:
        partial.unlink(missing_ok=True)
        _finish(
            export,
            ExportStatus.FAILED,
            f"Unduhan gagal karena galat sistem ({exc.__class__.__name__}). Coba lagi nanti "
            "atau hubungi admin.",
        )
        raise
    export.refresh_from_db()
    export.file.name = f"{FOLDER}/{name}"
    export.size = (folder / name).stat().st_size
    rows = sum(sheet.rows for sheet in getattr(book, "sheets", []))
    return _finish(export, ExportStatus.DONE, f"Selesai: {rows:,} baris.".replace(",", "."))


def _finish(export: Export, status: str, message: str) -> Export:
    export.refresh_from_db(fields=["done", "total"])
    export.status = status
    export.message = message
    export.finished_at = timezone.now()
    export.save()
    return export
