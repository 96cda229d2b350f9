"""Every change to an award cycle: who, when, what, the values before and after."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # Who acted, as a name that outlives the account ("operator" at the command line).
    actor = models.CharField(max_length=150, blank=True, default="")
    action = models.CharField(max_length=60)
    # The registered command (paritrana.commands) the change was made by; "" before commands.
    command = models.CharField(max_length=60, blank=True, default="", db_index=True)
    model = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    cycle = models.ForeignKey(
        "awards.Cycle", null=True, blank=True, on_delete=models.SET_NULL, related_name="audit"
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        at = timezone.localtime(self.at)  # WIB, as the pages show it
        return f"{at:%d/%m/%Y %H:%M} {self.user} {self.action} {self.model}#{self.object_id}"
