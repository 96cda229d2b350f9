"""The record of every import attempt: who, when, which file (by hash), what happened.

Its state machine (the domain moves it; see coverage/domain/imports.py and import_recovery.py):

    queued --claim--> running (stage: reading, validating, writing, refreshing)
    running --> imported | duplicate | rejected | failed        (the engine's outcome)
    queued | running --recovery--> failed                       (its process is gone)

A run is claimed by one process, recorded in `worker` (host, pid and the pid's start time) with
a `heartbeat_at` refreshed by every progress write; `run_id` names the run in the manifest of the
batch it lands, so recovery can take back a batch whose import died before recording it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    IMPORTED = "imported", _("Imported")
    DUPLICATE = "duplicate", _("Already imported")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Failed")


# The stages of a running import as the progress page names them (the domain's messages are in
# Bahasa Indonesia only, like the engine's).
STAGE_LABELS = {
    "reading": "membaca berkas",
    "validating": "memeriksa isi",
    "writing": "menyimpan",
    "refreshing": "memperbarui ringkasan bulanan",
}


class DataImport(models.Model):
    kind = models.CharField(_("data kind"), max_length=20)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows = models.BigIntegerField(_("rows in file"), null=True, blank=True)
    rows_written = models.BigIntegerField(_("rows stored"), null=True, blank=True)
    months = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(
        default=list, blank=True, help_text=_("The first problems found (at most 1,000).")
    )
    problem_summary = models.JSONField(
        default=list, blank=True, help_text=_("Every problem, counted per column and reason.")
    )
    message = models.TextField(blank=True)
    # Progress of a running import, polled by the progress page.
    stage = models.CharField(max_length=20, blank=True)
    done = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    # Who runs it and since when (see the state machine above).
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    run_id = models.CharField(max_length=32, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    upload_path = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("data import")
        verbose_name_plural = _("data imports")

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING)

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS.get(self.stage, "")

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
