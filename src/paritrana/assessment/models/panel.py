"""Assessment panels: one provincial team per province and round, and the national jury."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from paritrana.awards.models import Cycle, Level


class MemberRole(models.TextChoices):
    CHAIR = "ketua", _("Chair")
    SECRETARY = "sekretaris", _("Secretary")
    MEMBER = "anggota", _("Member")


class Affiliation(models.TextChoices):
    SEKDA = "sekda", _("Regional secretariat (Sekda)")
    BPJS = "bpjs", _("BPJS Ketenagakerjaan")
    DISNAKER = "disnaker", _("Manpower office (Disnaker)")
    EMPLOYERS = "pengusaha", _("Employers (APINDO)")
    UNIONS = "serikat", _("Trade unions")
    EXPERT = "pakar", _("Expert")
    ACADEMIC = "akademisi", _("Academic")
    KEMENKO = "kemenko", _("Kemenko PMK")
    KEMNAKER = "kemnaker", _("Ministry of Manpower")
    KEMENDAGRI = "kemendagri", _("Ministry of Home Affairs")


class Panel(models.Model):
    """A provincial team (`province` set) or the national jury (`province` empty)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="panels")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    province = models.CharField(_("province"), max_length=2, blank=True)
    name = models.CharField(_("name"), max_length=160)
    # How many assessors each candidate needs, and the most candidates one member takes.
    assessors_per_candidate = models.PositiveSmallIntegerField(default=3)
    max_load = models.PositiveSmallIntegerField(default=40)

    class Meta:
        ordering = ["cycle_id", "level", "province"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "level", "province"], name="one_panel_per_round"
            )
        ]
        permissions = [
            ("manage_panels", "Manage every panel and override conflicts of interest"),
        ]
        verbose_name = _("assessment panel")
        verbose_name_plural = _("assessment panels")

    def __str__(self) -> str:
        return self.name


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panel_seats"
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices)
    affiliation = models.CharField(_("affiliation"), max_length=12, choices=Affiliation.choices)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    # The member's own region (Kemendagri code) and employer (id in the coverage data):
    # conflicts of interest are derived from them.
    region_code = models.CharField(_("own region"), max_length=13, blank=True)
    employer_key = models.CharField(_("own employer"), max_length=60, blank=True)
    max_load = models.PositiveSmallIntegerField(_("maximum load"), null=True, blank=True)

    class Meta:
        ordering = ["panel_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "user"], name="one_seat_per_user"),
            models.UniqueConstraint(
                fields=["panel", "role"],
                condition=models.Q(role__in=["ketua", "sekretaris"]),
                name="one_chair_one_secretary",
            ),
        ]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()}, {self.panel})"

    @property
    def display_name(self) -> str:
        full = self.user.get_full_name() if hasattr(self.user, "get_full_name") else ""
        return full or self.user.get_username()

    @property
    def load_cap(self) -> int:
        return self.max_load if self.max_load is not None else self.panel.max_load
