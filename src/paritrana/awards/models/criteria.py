"""Categories (who may compete) and their criteria trees (how they are judged)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from paritrana.awards.labels import category_label, criterion_label
from paritrana.awards.labels_text import text_label
from paritrana.awards.models.cycle import Cycle, Level, StageKind


class Category(models.Model):
    """A prize category of a cycle and level. Which entities may compete is configuration
    (`eligibility`), checked by `awards.domain.eligibility`."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="categories")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    code = models.SlugField(max_length=60)
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(blank=True)
    enabled = models.BooleanField(_("in use this cycle"), default=True)
    # {"entity": "kabkota"|"provinsi"|"desa"|"perusahaan", "size_classes": [...],
    #  "sectors": [...], "regions": ["61", ...], "per_zone": bool}
    eligibility = models.JSONField(default=dict)
    # How the data-based shortlist is drawn: {"metric": "ucj_pct", "top_n": 5,
    # "minimum": {"on_time_pct": 50}}; see awards.domain.nominations.
    shortlist = models.JSONField(default=dict, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["cycle_id", "level", "order"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "level", "code"], name="one_category_per_code")
        ]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_level_display()})"

    @property
    def display_name(self) -> str:
        """The name for the reader: the packaged name in the reader's language, an edited one as
        stored (`paritrana.awards.labels`)."""
        return category_label(self.code, self.name)

    @property
    def display_description(self) -> str:
        """The description for the reader: a packaged one in the reader's language, an edited
        one as stored (`paritrana.awards.labels_text`)."""
        return text_label(self.description)


class CriterionKind(models.TextChoices):
    QUANTITATIVE = "kuantitatif", _("From data, scored automatically")
    QUALITATIVE = "kualitatif", _("Scored by assessors")


class Criterion(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=StageKind.choices)
    code = models.SlugField(max_length=60)
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    # No official weights were published (DOMAIN.md): every default is an editable assumption.
    weight_is_assumption = models.BooleanField(default=True)
    kind = models.CharField(max_length=12, choices=CriterionKind.choices, blank=True)
    # Quantitative leaves: the coverage metric, the scoring function and its parameters.
    metric = models.CharField(max_length=40, blank=True)
    function = models.CharField(max_length=30, blank=True)
    params = models.JSONField(default=dict, blank=True)
    scale_min = models.DecimalField(max_digits=6, decimal_places=2, default=1)
    scale_max = models.DecimalField(max_digits=6, decimal_places=2, default=5)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="one_criterion_per_code")
        ]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    @property
    def display_name(self) -> str:
        """The name for the reader: the packaged name in the reader's language, an edited one as
        stored (`paritrana.awards.labels`)."""
        return criterion_label(self.code, self.name)

    @property
    def display_description(self) -> str:
        """The description for the reader: a packaged one in the reader's language, an edited
        one as stored (`paritrana.awards.labels_text`)."""
        return text_label(self.description)


class RubricLevel(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="rubric")
    score = models.DecimalField(max_digits=6, decimal_places=2)
    descriptor = models.TextField()

    class Meta:
        ordering = ["criterion_id", "score"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "score"], name="one_descriptor_per_score")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} {self.score}: {self.descriptor[:40]}"

    @property
    def display_descriptor(self) -> str:
        """The descriptor for the reader: a packaged one in the reader's language, an edited
        one as stored (`paritrana.awards.labels_text`)."""
        return text_label(self.descriptor)
