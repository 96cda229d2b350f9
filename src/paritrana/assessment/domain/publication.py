"""What the public may see of a cycle's results: only what has been published.

A round's results (every province's groups in the provincial round; every zone's and the
nation's in the national round) become public when that round's publication stage is open or
closed. Before that nothing is returned: no names, no totals. What is public is the confirmed
Juara I-III per category and group with the final total stored with the decision, and, per group,
the ranking's order with each candidate's final total, as decided (`DecidedRanking`: later
imports and recomputes do not change it). A re-decision is public as a correction, with its date
and its reason (written to be published). Never the assessors, their scores or comments, the
reason given for departing from the ranking, or anything about conflicts of interest.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet

from paritrana.assessment.domain.decided import decided_result
from paritrana.assessment.domain.decisions import PLACES
from paritrana.assessment.domain.results import NATION
from paritrana.assessment.models import DecidedRanking, Decision
from paritrana.awards.labels import category_label, group_label
from paritrana.awards.models import Category, Cycle, Level, Stage, StageKind, StageStatus
from paritrana.errors import DomainError, Forbidden, Missing
from paritrana.regions.domain.labels import kabkota_names, with_kabkota
from paritrana.regions.models import Region, Zone

LEVELS = (Level.PROVINCIAL, Level.NATIONAL)
NOT_PUBLISHED = "Hasil belum diumumkan"


class NotPublished(Forbidden):
    """The round's results are not public yet (message in Bahasa Indonesia)."""


class PublicationNotFound(Missing):
    """No such cycle, round, category or group (message in Bahasa Indonesia)."""


class FilterError(DomainError):
    """An unknown province or zone in a filter (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class Winner:
    place: int
    label: str  # Juara I, II, III
    name: str
    province: str  # the province the candidate competes for
    total: Decimal | None  # the final total confirmed with the decision (0-100)
    display_name: str = ""  # a village with its kab/kota: "Sungai Ayak 3 (Kab. Sekadau)"


@dataclass(frozen=True)
class Correction:
    """A re-decision of a published group: its version, when, and why."""

    version: int
    decided_at: datetime
    reason: str


class _InWords:
    """A published group's category and group names in the reader's language (the
    announcement's PDF keeps the stored ones)."""

    category_code: str
    category_name: str
    group: str
    group_name: str

    @property
    def category_display_name(self) -> str:
        return category_label(self.category_code, self.category_name)

    @property
    def group_display_name(self) -> str:
        """ "Nasional" and the zones in the reader's language; provinces by their names."""
        return group_label(self.group, self.group_name, national=self.group == NATION)


@dataclass(frozen=True)
class PublishedGroup(_InWords):
    level: str
    category_code: str
    category_name: str
    group: str  # a province code, a zone code, or "ID"
    group_name: str
    zone: str  # the award zone the group lies in ("" for the nation)
    winners: tuple[Winner, ...]
    corrections: tuple[Correction, ...] = ()  # re-decisions, oldest first
    # The team placed its Juara otherwise than the ranking's order (Juara I ranked 4th): the
    # announcement says so, in words; the reason stays with the team's decision.
    departs: bool = False


@dataclass(frozen=True)
class Ranked:
    rank: int
    name: str
    total: float | None  # the final total (0-100); None: not scored, ranked last
    place: str  # "Juara I".. for the confirmed Juara, else ""
    display_name: str = ""  # a village with its kab/kota: "Sungai Ayak 3 (Kab. Sekadau)"
    # The declared tie-break rule that placed it below the candidate above when the first rule
    # (`first_rule`, usually the final total) tied them; None when the first rule decided.
    broken_by: str | None = None
    first_rule: str = "total"


def is_published(cycle: Cycle, level: str) -> bool:
    """Is `level`'s publication stage of `cycle` open or closed?"""
    return cycle.stages.filter(
        level=level,
        kind=StageKind.PUBLICATION,
        status__in=[StageStatus.OPEN, StageStatus.CLOSED],
    ).exists()


def begun_cycles() -> QuerySet[Cycle]:
    """The cycles the public list of results names, newest first: those with a stage opened.
    A cycle still being set up (its categories and names not settled) is not listed."""
    begun = Stage.objects.filter(
        cycle=OuterRef("pk"), status__in=[StageStatus.OPEN, StageStatus.CLOSED]
    )
    return Cycle.objects.filter(Exists(begun)).order_by("-assessment_year")


def cycle_for(year: int) -> Cycle:
    cycle = Cycle.objects.filter(assessment_year=year).first()
    if cycle is None:
        raise PublicationNotFound(
            f"Tidak ada siklus Paritrana Award dengan tahun penilaian {year}."
        )
    return cycle


def level_of(text: str) -> str:
    if text not in Level.values:
        raise PublicationNotFound(
            f"Babak '{text}' tidak dikenal: pilih {Level.PROVINCIAL.value} atau "
            f"{Level.NATIONAL.value}."
        )
    return text


class _Places:
    """Province and zone names, and each province's zone, read once."""

    def __init__(self) -> None:
        rows = Region.objects.filter(level="provinsi").values_list("code", "name", "zone_id")
        self.provinces = {code: name for code, name, _zone in rows}
        self.zone_of = {code: zone or "" for code, _name, zone in rows}
        self.zones = dict(Zone.objects.values_list("code", "name"))

    def name(self, group: str) -> str:
        if group == NATION:
            return "Nasional"
        if group in self.provinces:
            return self.provinces[group]
        return f"Zona {self.zones[group]}" if group in self.zones else group

    def rank(self, group: str) -> tuple[int, int, str]:
        """The nation first, then zones in their order, then provinces by code."""
        if group == NATION:
            return (0, 0, group)
        if group in self.zones:
            return (1, list(self.zones).index(group), group)
        return (2, 0, group)

    def zone(self, group: str) -> str:
        if group in self.zones:
            return group
        return self.zone_of.get(group, "")

    def check(self, level: str, group: str) -> None:
        """A provincial group is a province; a national one a zone or the nation."""
        known = self.provinces if level == Level.PROVINCIAL else {NATION, *self.zones}
        if group not in known:
            raise PublicationNotFound(
                f"Kelompok '{group}' tidak ada di babak {Level(level).label}: "
                + (
                    "pakai kode provinsi (mis. 61)."
                    if level == Level.PROVINCIAL
                    else "pakai kode zona (mis. kalimantan) atau ID untuk nasional."
                )
            )


def filter_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(provinces, zones) as (code, name) pairs, for the public filters."""
    places = _Places()
    return sorted(places.provinces.items()), list(places.zones.items())


def _region_filter(
    places: _Places, province: str | None, zone: str | None
) -> tuple[set[str], set[str]] | None:
    """(group codes that are the region's own, provinces whose Juara count), or None for all."""
    if province and province not in places.provinces:
        raise FilterError(f"Provinsi dengan kode '{province}' tidak ada.")
    if zone and zone not in places.zones:
        raise FilterError(f"Zona '{zone}' tidak dikenal.")
    if province:
        if zone and places.zone_of[province] != zone:
            raise FilterError(
                f"Provinsi {places.provinces[province]} tidak berada di zona {places.zones[zone]}."
            )
        return {province}, {province}
    if zone:
        members = {code for code, z in places.zone_of.items() if z == zone}
        return members | {zone}, members
    return None


def published_results(
    *,
    cycle: Cycle,
    level: str | None = None,
    province: str | None = None,
    zone: str | None = None,
) -> list[PublishedGroup]:
    """The confirmed Juara of every published group, by level, category order and group.

    `province` or `zone` keep the groups of that region (a province's own round; a zone's
    national group) and the other groups in which one of its candidates placed.
    """
    places = _Places()
    wanted = _region_filter(places, province, zone)
    levels = [level] if level else list(LEVELS)
    published = [lv for lv in levels if is_published(cycle, lv)]
    decisions = (
        Decision.objects.filter(
            category__cycle=cycle, category__level__in=published, category__enabled=True
        )
        .select_related("category", "nomination")
        .order_by("category__level", "category__order", "group", "place")
    )
    grouped: dict[tuple[int, str], list[Decision]] = defaultdict(list)
    for decision in decisions:
        grouped[(decision.category_id, decision.group)].append(decision)
    corrections = _corrections(cycle, published)
    kabkota = kabkota_names(d.nomination.region_code for d in decisions)
    found = []
    for rows in grouped.values():
        category, group = rows[0].category, rows[0].group
        winners = tuple(
            Winner(
                place=d.place,
                label=PLACES[d.place - 1] if d.place <= len(PLACES) else f"Juara {d.place}",
                name=d.nomination.name,
                province=d.nomination.province,
                total=d.total,
                display_name=with_kabkota(d.nomination.name, d.nomination.region_code, kabkota),
            )
            for d in rows
        )
        if wanted is not None:
            own, provinces = wanted
            if group not in own and not any(w.province in provinces for w in winners):
                continue
        found.append(
            PublishedGroup(
                level=category.level,
                category_code=category.code,
                category_name=category.name,
                group=group,
                group_name=places.name(group),
                zone=places.zone(group),
                winners=winners,
                corrections=tuple(corrections.get((category.pk, group), ())),
                departs=any(
                    d.computed_rank is not None and d.computed_rank != d.place for d in rows
                ),
            )
        )
    order = {lv: i for i, lv in enumerate(LEVELS)}
    categories = {
        (c.level, c.code): c.order for c in Category.objects.filter(cycle=cycle, enabled=True)
    }
    found.sort(
        key=lambda g: (
            order.get(g.level, 9),
            categories.get((g.level, g.category_code), 0),
            g.category_code,
            places.rank(g.group),
        )
    )
    return found


def _corrections(cycle: Cycle, levels: list[str]) -> dict[tuple[int, str], list[Correction]]:
    """Every re-decision (version 2 on) of the published rounds, by (category, group)."""
    found: dict[tuple[int, str], list[Correction]] = defaultdict(list)
    redecided = DecidedRanking.objects.filter(
        category__cycle=cycle, category__level__in=levels, version__gt=1
    ).order_by("version")
    for record in redecided:
        found[(record.category_id, record.group)].append(
            Correction(record.version, record.decided_at, record.reason)
        )
    return found


def category_for(cycle: Cycle, level: str, category_code: str) -> Category:
    """The enabled category of that round; PublicationNotFound when there is none."""
    category = Category.objects.filter(
        cycle=cycle, level=level_of(level), code=category_code, enabled=True
    ).first()
    if category is None:
        raise PublicationNotFound(
            f"Kategori '{category_code}' tidak ada di babak {Level(level).label} siklus "
            f"{cycle.assessment_year}."
        )
    return category


@dataclass(frozen=True)
class GroupPage(_InWords):
    level: str
    category_code: str
    category_name: str
    group: str
    group_name: str
    published: bool
    found: PublishedGroup | None  # None before publication, or when no Juara was confirmed
    ranking: tuple[Ranked, ...]  # empty before publication, and for a group not decided


def published_group(*, cycle: Cycle, level: str, category_code: str, group: str) -> GroupPage:
    """One group of one category: its Juara and its ranking, once published.

    PublicationNotFound for an unknown round, category or group.
    """
    category = category_for(cycle, level, category_code)
    places = _Places()
    places.check(level, group)
    published = is_published(cycle, level)
    found = None
    if published:
        found = next(
            (
                g
                for g in published_results(cycle=cycle, level=level)
                if g.category_code == category_code and g.group == group
            ),
            None,
        )
    ranking = (
        published_ranking(cycle=cycle, level=level, category_code=category_code, group=group)
        if published
        else []
    )
    return GroupPage(
        level=level,
        category_code=category_code,
        category_name=category.name,
        group=group,
        group_name=places.name(group),
        published=published,
        found=found,
        ranking=tuple(ranking),
    )


def published_ranking(*, cycle: Cycle, level: str, category_code: str, group: str) -> list[Ranked]:
    """The group's ranking as decided: rank, name and final total only. A group whose Juara were
    not confirmed (a round can be published with an undecided group, with a reason) publishes no
    ranking: one computed from today's scores and data would change under its readers."""
    category = category_for(cycle, level, category_code)
    _Places().check(level, group)
    if not is_published(cycle, level):
        raise NotPublished(NOT_PUBLISHED)
    result = decided_result(category, group)
    if result is None:
        return []
    kabkota = kabkota_names(row.nomination.region_code for row in result.rows)
    rules = list(result.rules.tie_rules or ["total"])
    return [
        Ranked(
            rank=row.rank,
            name=row.nomination.name,
            total=row.total,
            place=PLACES[row.place - 1] if row.place and row.place <= len(PLACES) else "",
            display_name=with_kabkota(row.nomination.name, row.nomination.region_code, kabkota),
            broken_by=row.broken_by,
            first_rule=rules[0],
        )
        for row in result.rows
    ]
