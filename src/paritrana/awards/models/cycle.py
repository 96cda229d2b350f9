"""An award cycle: one assessment year, two levels, six stages per level."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCIAL = "provinsi", _("Provincial round")
    NATIONAL = "nasional", _("National round")


class StageKind(models.TextChoices):
    SCREENING = "penyaringan", _("Data screening")
    SELF_ASSESSMENT = "penilaian_mandiri", _("Self-assessment and evidence")
    VERIFICATION = "verifikasi", _("Verification")
    INTERVIEW = "wawancara", _("Interview")
    DECISION = "keputusan", _("Decision")
    PUBLICATION = "publikasi", _("Publication")


STAGE_ORDER = list(StageKind)


class StageStatus(models.TextChoices):
    DRAFT = "draft", _("Not opened yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Cycle(models.Model):
    """One edition of the award. The assessment year is the year whose data are judged (1 Jan to
    31 Dec); the ceremony is held the following year, and editions are named either way, so
    both are kept and shown."""

    assessment_year = models.PositiveSmallIntegerField(_("assessment year"), unique=True)
    ceremony_year = models.PositiveSmallIntegerField(_("ceremony year"))
    name = models.CharField(_("name"), max_length=120)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessment_year"]
        verbose_name = _("award cycle")
        verbose_name_plural = _("award cycles")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """As official documents, workbooks and the command line write it (Bahasa Indonesia)."""
        return (
            f"{self.name} (penilaian {self.assessment_year}, penganugerahan {self.ceremony_year})"
        )

    @property
    def short_label(self) -> str:
        """Where a page names the cycle in passing (a title, a breadcrumb, a list): its name
        and the year whose data it judges, in the reader's language. The year alone read as
        another edition beside a name with the ceremony year ("2025" on the rankings,
        "Paritrana Award 2026" on the home page)."""
        return _("%(name)s (assessment %(year)s)") % {
            "name": self.name,
            "year": self.assessment_year,
        }

    @property
    def display_label(self) -> str:
        """As pages show it, in the reader's language; in Bahasa Indonesia the same as `label`."""
        return _("%(name)s (assessment %(year)s, ceremony %(ceremony)s)") % {
            "name": self.name,
            "year": self.assessment_year,
            "ceremony": self.ceremony_year,
        }


class Stage(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="stages")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("stage"), max_length=20, choices=StageKind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=StageStatus.choices, default=StageStatus.DRAFT
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Who may act while the stage is open (role names; enforced by the permission layer).
    roles = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["cycle_id", "level", "order"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "level", "kind"], name="one_stage_per_kind")
        ]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    def __str__(self) -> str:
        """'Penilaian mandiri dan bukti, tingkat provinsi (Paritrana Award 2027)', in the reader's
        language: what messages and the change history call it. The cycle by its name: its
        assessment year in front ("2026 Tingkat provinsi: ...") read as the stage's own year
        beside dates a year later."""
        level = str(self.get_level_display()).lower()
        return f"{self.get_kind_display()}, {level} ({self.cycle.name})"

    @property
    def is_closed(self) -> bool:
        return self.status == StageStatus.CLOSED
