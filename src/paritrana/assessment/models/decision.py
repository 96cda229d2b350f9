"""Judging rules declared before judging, the confirmed Juara, and the ranking as decided."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from paritrana.awards.models import Category, Cycle, Level, Nomination
from paritrana.regions.models import Region, Zone

DEFAULT_TIE_RULES = ["total", "assessor", "data", "key"]
NATION = "ID"  # the group of a national round judged as one


def group_names(codes: Iterable[str]) -> dict[str, str]:
    """Ranking groups by name: "Nasional", a province's name, "Zona <name>" (at most two
    queries; none for the nation alone)."""
    wanted = set(codes)
    names = {NATION: "Nasional"} if NATION in wanted else {}
    if wanted - names.keys():  # the nation alone needs no query
        names |= dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))
        zones = Zone.objects.filter(code__in=wanted - names.keys()).values_list("code", "name")
        names |= {code: f"Zona {name}" for code, name in zones}
    return {code: names.get(code, code) for code in wanted}


def group_name(code: str) -> str:
    return group_names([code])[code]


class JudgingRules(models.Model):
    """How a round's scores become a ranking. Fixed once the round's verification opens."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="judging_rules")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    method = models.CharField(
        _("combining assessors"),
        max_length=6,
        choices=[("median", _("Median")), ("mean", _("Mean"))],
        default="median",
    )
    rank_normalised = models.BooleanField(_("rank by severity-normalised scores"), default=False)
    # Data-based versus assessor totals; empty: the criteria tree's own weights.
    data_weight = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    assessor_weight = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    tie_rules = models.JSONField(_("tie-break rules, in order"), default=list)
    disagreement_threshold = models.DecimalField(max_digits=5, decimal_places=2, default=20)
    robustness_band = models.DecimalField(max_digits=4, decimal_places=2, default="0.20")
    robustness_draws = models.PositiveIntegerField(default=1000)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "level"], name="one_rulebook_per_round")
        ]
        verbose_name = _("judging rules")
        verbose_name_plural = _("judging rules")

    def __str__(self) -> str:
        return f"{self.cycle.assessment_year} {self.get_level_display()}"


class DecidedRanking(models.Model):
    """A group's ranking as the panel decided it: one version per confirmation.

    Confirming the Juara stores everything behind the ranking at that moment (see
    `assessment.domain.decided`): the declared rules in force (`rules`), every candidate's
    totals, components per criterion and per assessor, robustness and tie-break (`rows`), and
    what the rest of the ranking needs (`detail`: criteria, shares, agreement, assessors).
    Published pages, PDFs, workbooks and the API read it; later imports and recomputes never
    change it. A re-decision makes a new version and marks this one superseded.
    """

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="decided_rankings"
    )
    group = models.CharField(max_length=40)  # province code, zone code, or "ID"
    version = models.PositiveIntegerField(_("version"))
    decided_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    # Why this version: the departure from the ranking (version 1), the correction (later).
    reason = models.TextField(_("reason"), blank=True)
    rules = models.JSONField(default=dict)
    rows = models.JSONField(default=list)
    detail = models.JSONField(default=dict)
    current = models.BooleanField(default=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )

    class Meta:
        ordering = ["category_id", "group", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "group", "version"], name="one_decided_version"
            ),
            models.UniqueConstraint(
                fields=["category", "group"],
                condition=models.Q(current=True),
                name="one_current_decided_ranking",
            ),
        ]
        verbose_name = _("decided ranking")
        verbose_name_plural = _("decided rankings")

    def __str__(self) -> str:
        return self.named(group_name(self.group))

    def named(self, group: str) -> str:
        # The group by name, never its code (the change history names decisions by this).
        return _("%(category)s, %(group)s, version %(version)s") % {
            "category": self.category,
            "group": group,
            "version": self.version,
        }

    @classmethod
    def names_of(cls, rankings: Iterable[DecidedRanking]) -> dict[Any, str]:
        """Each ranking's name, as `str()` gives it, with the groups' names read at once (the
        change history names a page of entries in a fixed number of queries)."""
        rankings = list(rankings)
        groups = group_names(r.group for r in rankings)
        return {r.pk: r.named(groups[r.group]) for r in rankings}


class Decision(models.Model):
    """Juara I-III of a category in a group (a province, a zone, or the nation), as decided
    in the group's current `DecidedRanking` (earlier versions keep their places in their rows)."""

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("category")
    )
    group = models.CharField(max_length=40)  # province code, zone code, or "ID"
    place = models.PositiveSmallIntegerField(_("place"))
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="places", verbose_name=_("candidate")
    )
    # As the ranking computed it, to the millionth: a total kept to the thousandth was rounded
    # twice when shown (79.0745 kept as 79.075, shown 79,08 beside the ranking's 79,07).
    total = models.DecimalField(_("total score"), max_digits=10, decimal_places=6, null=True)
    computed_rank = models.PositiveIntegerField(_("rank in the computed ranking"), null=True)
    # required when it departs from the ranking
    reason = models.TextField(_("reason"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("confirmed by")
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)
    ranking = models.ForeignKey(
        DecidedRanking, null=True, on_delete=models.PROTECT, related_name="decisions"
    )

    class Meta:
        ordering = ["category_id", "group", "place"]
        constraints = [
            models.UniqueConstraint(fields=["category", "group", "place"], name="one_juara"),
            models.UniqueConstraint(fields=["category", "nomination"], name="one_place_each"),
        ]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"Juara {self.place}: {self.nomination}"
