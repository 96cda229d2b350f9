"""The record of every import attempt: who, when, which file (by hash), what happened."""

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
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
