"""Candidates nominated in a category: from the data-based shortlist or added by hand."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from paritrana.awards.domain.metric_words import basis_words
from paritrana.awards.models.criteria import Category


class NominationSource(models.TextChoices):
    DATA = "data", _("Data-based shortlist")
    MANUAL = "manual", _("Added by hand")
    PROMOTED = "promosi", _("Promoted from the provincial round")


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    REMOVED = "removed", _("Removed")


class Nomination(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("category")
    )
    # The province whose round the candidate competes in (national: the zone's province).
    province = models.CharField(max_length=2, db_index=True)
    entity = models.CharField(max_length=12)  # kabkota, provinsi, desa, perusahaan
    # Regions by Kemendagri code; employers by their id in the coverage data.
    key = models.CharField(max_length=60)
    name = models.CharField(_("name"), max_length=200)
    region_code = models.CharField(max_length=13)
    size_class = models.CharField(max_length=10, blank=True)
    sector = models.CharField(max_length=80, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=NominationSource.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NominationStatus.choices,
        default=NominationStatus.NOMINATED,
    )
    # What put the candidate on the shortlist (metric and value), or why it was added/removed.
    basis = models.CharField(max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["category_id", "province", "name"]
        constraints = [
            models.UniqueConstraint(fields=["category", "key"], name="one_nomination_per_key")
        ]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")

    def __str__(self) -> str:
        return f"{self.name} ({self.category})"

    @property
    def basis_in_words(self) -> str:
        """Why it was drawn, in words ("peringkat 3 menurut cakupan UCJ 25,38%")."""
        return basis_words(self.basis)
