"""The candidate's workspace: who represents a nominee, its self-assessment and its evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from paritrana.awards.domain.evidence_files import download_name
from paritrana.awards.models.criteria import Criterion
from paritrana.awards.models.nomination import Nomination


class Representative(models.Model):
    """A user who may act for a nominee (a pemda, a company, a village)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="represents"
    )
    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="representatives"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "nomination"], name="one_link_per_user")
        ]
        verbose_name = _("candidate representative")
        verbose_name_plural = _("candidate representatives")

    def __str__(self) -> str:
        return f"{self.user} → {self.nomination}"


class SelfAssessment(models.Model):
    nomination = models.OneToOneField(
        Nomination, on_delete=models.CASCADE, related_name="self_assessment"
    )
    answers = models.JSONField(default=dict, blank=True)  # criterion code -> text
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("self-assessment")

    def __str__(self) -> str:
        return f"{self.nomination}"


class EvidenceKind(models.TextChoices):
    REGULATION = "regulasi", _("Regulation (Perda, Perkada, Pergub, Perbup, Perwali)")
    BUDGET = "anggaran", _("APBD budget document")
    INNOVATION = "inovasi", _("Innovation description")
    PHOTO = "foto", _("Photo")
    OTHER = "lainnya", _("Other document")


class Evidence(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    number = models.CharField(_("number"), max_length=100, blank=True)
    document_date = models.DateField(_("date"), null=True, blank=True)
    amount = models.BigIntegerField(_("amount (Rp)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    # Stored under a generated name; the name the user gave is kept for display only.
    file = models.FileField(upload_to="bukti/%Y/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nomination_id", "uploaded_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return f"{self.title} ({self.nomination})"

    @property
    def download_name(self) -> str:
        """The name the file is shown and downloaded under: the uploaded one, sanitised, with
        the extension of the type its content was found to be (never the uploaded one)."""
        return download_name(self.original_name, self.content_type)
