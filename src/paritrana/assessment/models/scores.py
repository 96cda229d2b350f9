"""Assignments of assessors to candidates and their scores, kept per stage for good."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from paritrana.assessment.models.panel import PanelMember
from paritrana.awards.models import Criterion, Nomination, Stage


class AssignmentMethod(models.TextChoices):
    MANUAL = "manual", _("By hand")
    AUTOMATIC = "otomatis", _("Automatic")


class Assignment(models.Model):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="assignments")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assignments")
    method = models.CharField(max_length=10, choices=AssignmentMethod.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["stage_id", "nomination_id", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "member", "nomination"], name="one_assignment")
        ]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.member} → {self.nomination} ({self.stage})"


class ScoreSheet(models.Model):
    """One assessor's scores of one candidate in one stage; submitting locks them."""

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="score_sheets")
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="sheets")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="sheets")
    note = models.TextField(_("general note"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: every save and submission adds one, so a form or API client that
    # read version n can be told its sheet changed meanwhile instead of silently overwriting it.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["stage_id", "nomination_id", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "member", "nomination"], name="one_sheet")
        ]
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")

    def __str__(self) -> str:
        return f"{self.member} → {self.nomination} ({self.stage})"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    """A score per (stage, assessor, candidate, criterion): a later stage adds its own rows."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sheet_id", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion")
        ]
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self) -> str:
        return f"{self.sheet}: {self.criterion.code} = {self.value}"
