"""Metric summaries the web reads: one row per region (or employer), year and workforce base.

They are copies of the engine's results (Parquet under the store), replaced whole by each
computation, so pages never query hundreds of millions of rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MetricRun(models.Model):
    year = models.PositiveSmallIntegerField()
    base_kind = models.CharField(max_length=20)
    computed_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField(default=0)
    months_raw = models.JSONField(default=list)
    rows = models.JSONField(default=dict)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-computed_at"]
        verbose_name = _("metric computation")

    def __str__(self) -> str:
        return (
            f"{self.year} ({self.base_kind}) {timezone.localtime(self.computed_at):%d/%m/%Y %H:%M}"
        )


def _int(label: str) -> models.BigIntegerField:
    return models.BigIntegerField(label, null=True, blank=True)


def _pct(label: str) -> models.FloatField:
    return models.FloatField(label, null=True, blank=True)


class RegionMetric(models.Model):
    run = models.ForeignKey(MetricRun, on_delete=models.CASCADE, related_name="regions")
    year = models.PositiveSmallIntegerField(db_index=True)
    base_kind = models.CharField(max_length=20)
    level = models.CharField(max_length=10)
    region_code = models.CharField(max_length=40)
    as_of_month = models.DateField(null=True, blank=True)
    # The earliest month its kab/kota are read at (each at its latest month with data): before
    # `as_of_month` while some kab/kota's later months are not in.
    earliest_month = models.DateField(null=True, blank=True)
    active = _int(_("active participants"))
    active_pu = _int("PU")
    active_bpu = _int("BPU")
    active_jakon = _int("Jakon")
    active_pmi = _int("PMI")
    active_jkk = _int("JKK")
    active_jkm = _int("JKM")
    active_jht = _int("JHT")
    active_jp = _int("JP")
    from_aggregated = models.BooleanField(default=False)
    prev_active = _int(_("active participants, previous year"))
    workforce = _int(_("workforce"))
    workforce_derived = models.BooleanField(null=True)
    workforce_partial = models.BooleanField(null=True)
    prev_workforce = _int(_("workforce, previous year"))
    target_pct = _pct(_("target"))
    ucj_pct = _pct("UCJ")
    prev_ucj_pct = _pct(_("UCJ, previous year"))
    change_points = _pct(_("change (points)"))
    change_pct = _pct(_("change (%)"))
    active_growth_pct = _pct(_("growth of active participants (%)"))
    attainment_pct = _pct(_("target attainment (%)"))
    gap_workers = _int(_("additional workers needed"))
    projected_year = models.PositiveSmallIntegerField(null=True, blank=True)
    bpu_coverage_pct = _pct(_("BPU coverage (%)"))
    benefits_amount = _int(_("benefits paid (Rp)"))
    benefits_recipients = _int(_("benefit recipients"))
    benefits_per_participant = _pct(_("benefits per participant (Rp)"))
    employers = _int(_("employers"))
    employers_in_arrears = _int(_("employers in arrears"))
    on_time_pct = _pct(_("on-time payment (%)"))
    complete_pct = _pct(_("programme completeness (%)"))
    paid_pct_of_due = _pct(_("paid of due (%)"))
    paid_pct_of_expected = _pct(_("paid of rules-due (%)"))
    registered_share_pct = _pct(_("reported workforce registered (%)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "base_kind", "level", "region_code"], name="one_metric_per_region"
            )
        ]
        indexes = [
            models.Index(fields=["year", "base_kind", "level"]),
            # One region across levels and years (its target, its trend).
            models.Index(fields=["region_code", "year"], name="metric_region_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.level} {self.region_code}"


class EmployerMetric(models.Model):
    run = models.ForeignKey(MetricRun, on_delete=models.CASCADE, related_name="employers")
    year = models.PositiveSmallIntegerField(db_index=True)
    employer_id = models.CharField(max_length=60)
    name = models.CharField(max_length=200, blank=True)
    size_class = models.CharField(max_length=10, blank=True)
    sector = models.CharField(max_length=80, blank=True)
    kabkota = models.CharField(max_length=5, db_index=True, blank=True)
    reported_workforce = _int(_("reported workforce"))
    registered = _int(_("registered participants"))
    registered_share_pct = _pct(_("reported workforce registered (%)"))
    complete_pct = _pct(_("programme completeness (%)"))
    on_time_pct = _pct(_("on-time payment (%)"))
    months_in_arrears = models.PositiveSmallIntegerField(null=True, blank=True)
    paid_pct_of_due = _pct(_("paid of due (%)"))
    paid_pct_of_expected = _pct(_("paid of rules-due (%)"))
    due = _int(_("due (Rp)"))
    paid = _int(_("paid (Rp)"))
    expected = _int(_("rules-due (Rp)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "employer_id"], name="one_metric_per_employer")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.employer_id}"


class ComputationBeat(models.Model):
    """A background computation's sign of life: its worker writes the time every half minute
    while it runs (`coverage.domain.compute.beating`). A computation whose worker runs on
    another host cannot be asked whether its process lives; one whose beat has stopped has
    died (killed, a power cut) and is marked so."""

    task_id = models.CharField(max_length=64, primary_key=True)
    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = _("computation heartbeat")

    def __str__(self) -> str:
        return f"{self.task_id} {timezone.localtime(self.beat_at):%d/%m/%Y %H:%M:%S}"
