"""Reminders sent to people whose work is waiting: what was sent, to whom, when, and whether
it went out by email. The person reads theirs in the app (/pengingat/); the secretariat sees
when each was last sent, so nobody is reminded twice in a day unless asked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from paritrana.awards.models import Cycle


class ReminderKind(models.TextChoices):
    SHEETS = "lembar_nilai", _("Score sheets to submit")
    SELF_ASSESSMENT = "penilaian_mandiri", _("Self-assessment to submit")
    DECISION = "keputusan", _("Juara to confirm")


class Reminder(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    province = models.CharField(_("province"), max_length=2, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    late = models.BooleanField(_("late"), default=False)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminders_sent",
    )
    # Who sent it, as a name that outlives the account ("operator" at the command line).
    sender = models.CharField(max_length=150, blank=True)
    emailed = models.BooleanField(_("sent by email"), default=False)
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["cycle", "user", "kind", "sent_at"])]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        sent = timezone.localtime(self.sent_at)  # WIB, as the pages show it
        return f"{self.user} {self.get_kind_display()} {sent:%d/%m/%Y %H:%M}"
