"""Conflicts of interest: declared by members, or derived by rules; overrides are logged."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from paritrana.assessment.models.panel import PanelMember
from paritrana.awards.models import Nomination


class ConflictKind(models.TextChoices):
    # Derived by rules (paritrana.assessment.domain.conflicts).
    INSTITUTION = "institusi", _("The member's own institution")
    REGION = "wilayah", _("The member's own region")
    # Declared by the member.
    EMPLOYMENT = "pekerjaan", _("Present or past employment")
    FAMILY = "keluarga", _("Family relationship")
    FINANCIAL = "keuangan", _("Financial interest")
    ADVISORY = "pendampingan", _("Advised or assisted the candidate")
    OTHER = "lainnya", _("Other")


DERIVED_KINDS = (ConflictKind.INSTITUTION, ConflictKind.REGION)


class Conflict(models.Model):
    """A conflict a member declared about a candidate."""

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="conflicts")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("kind"), max_length=14, choices=ConflictKind.choices)
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member_id", "nomination_id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "nomination"], name="one_declaration")
        ]
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")

    def __str__(self) -> str:
        return f"{self.member} ↔ {self.nomination}: {self.get_kind_display()}"


class ConflictOverride(models.Model):
    """The national admin's decision that a conflict does not bar this member, with why."""

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="overrides")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="overrides")
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "nomination"], name="one_override")
        ]
        verbose_name = _("conflict override")
        verbose_name_plural = _("conflict overrides")

    def __str__(self) -> str:
        return f"{self.member} ↔ {self.nomination}"
