"""The Kemendagri hierarchy in one self-referencing table, plus the award zones.

One table for all four levels keeps parent chains, search and drill-down uniform. Codes are the
Kemendagri dotted codes (61, 61.04, 61.04.01, 61.04.01.2011) and are the primary key: every
later table (coverage, candidates) refers to a region by the code people already use.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KABKOTA = "kabkota", _("Regency/City")
    KECAMATAN = "kecamatan", _("District")
    DESA = "desa", _("Village")

    @classmethod
    def ordered(cls) -> list[Level]:
        return [cls.PROVINSI, cls.KABKOTA, cls.KECAMATAN, cls.DESA]

    @property
    def code_length(self) -> int:
        """Length of a dotted code at this level: 61, 61.04, 61.04.01, 61.04.01.2011."""
        return {"provinsi": 2, "kabkota": 5, "kecamatan": 8, "desa": 13}[self.value]

    @property
    def child(self) -> Level | None:
        order = Level.ordered()
        index = order.index(self)
        return order[index + 1] if index + 1 < len(order) else None


class Kind(models.TextChoices):
    NONE = "", "-"
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")
    DESA = "desa", _("Desa")
    KELURAHAN = "kelurahan", _("Kelurahan")
    DESA_ADAT = "desa_adat", _("Desa adat")


class Zone(models.Model):
    code = models.SlugField(primary_key=True, max_length=40)
    name = models.CharField(_("name"), max_length=80)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("award zone")
        verbose_name_plural = _("award zones")

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    code = models.CharField(_("Kemendagri code"), primary_key=True, max_length=13)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    zone = models.ForeignKey(
        Zone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provinces",
        help_text=_("Award zone; set on provinces only."),
    )
    # Lower-cased name without its "Kabupaten"/"Kota" prefix, for tolerant search.
    search_name = models.CharField(max_length=120, db_index=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def level_enum(self) -> Level:
        return Level(self.level)
