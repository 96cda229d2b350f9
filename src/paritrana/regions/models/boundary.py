"""Official boundaries an administrator loaded (GeoJSON keyed by Kemendagri code), one per region.

Stored simplified for drawing on the dashboard map, with a point inside the region computed once
at load time, so maps of hundreds of regions never parse geometry to place a marker.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from paritrana.regions.models.region import Level, Region


class RegionBoundary(models.Model):
    region = models.OneToOneField(
        Region,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="boundary",
        verbose_name=_("region"),
    )
    # A copy of the region's level, so one level's boundaries are read without a join.
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    geometry = models.JSONField(
        _("geometry"), help_text=_("GeoJSON Polygon or MultiPolygon, simplified for display.")
    )
    lon = models.FloatField(_("longitude of a point inside"))
    lat = models.FloatField(_("latitude of a point inside"))
    vertices = models.PositiveIntegerField(_("vertices kept"), default=0)
    source = models.CharField(_("source file"), max_length=200)
    loaded_at = models.DateTimeField(_("loaded at"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loaded by"),
    )

    class Meta:
        ordering = ["region_id"]
        verbose_name = _("region boundary")
        verbose_name_plural = _("region boundaries")

    def __str__(self) -> str:
        return f"{self.region_id} ({self.source})"
