"""A workbook export asked for on the web and built in the background, with its progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    CANDIDATES = "kandidat", _("Candidates of a cycle")
    SCORES = "nilai", _("Individual scores and comments of a panel")
    RANKINGS = "peringkat", _("Rankings of a panel")
    COVERAGE = "cakupan", _("Coverage metrics of a year")
    AUDIT = "riwayat", _("Change history of a cycle")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Export(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=ExportKind.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    # kind + parameters in canonical JSON: finds the same export still queued or running.
    key = models.CharField(max_length=200, db_index=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    done = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    message = models.TextField(blank=True)
    file = models.FileField(_("file"), upload_to="exports/", blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.BigIntegerField(_("size (bytes)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Two identical requests at the same instant make one export, not two.
            models.UniqueConstraint(
                fields=["requested_by", "key"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_pending_export_per_request",
            )
        ]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"{self.kind} {self.parameters} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status not in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return min(100, int(100 * self.done / self.total)) if self.total else 0
