"""Nomination: a data-based shortlist per category and province, then changes by hand.

The shortlist rule is the category's configuration: rank the eligible candidates of the
province by a metric of the coverage engine (highest first), keep those meeting the minimum
values, take the top N (`standings`: the one ranking the draw nominates from and the shortlist
page explains, see `shortlist_reasons`). The national round of a national category may be drawn
over every province at once (`NATION`), per zone for a per-zone category. Adding a candidate by
hand or removing one needs a reason; every change is audited, eligibility is checked, and
nothing changes unless the screening stage of the category's level is open: not before it is
opened (its opening pre-checks the categories, weights and shortlist rules the draw relies
on), nor once it is closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from paritrana.awards.domain.audit import audited, log_action, snapshot
from paritrana.awards.domain.eligibility import Candidate, check
from paritrana.awards.domain.metric_words import ranked_basis
from paritrana.awards.domain.stages import ensure_opened
from paritrana.awards.models import (
    Category,
    Level,
    Nomination,
    NominationSource,
    NominationStatus,
    Stage,
    StageKind,
)
from paritrana.coverage.models import EmployerMetric, RegionMetric
from paritrana.errors import DomainError
from paritrana.regions.models import Region

NATION = "00"  # the whole national round of a national category (every province at once)


class NominationError(DomainError):
    """A refused nomination change (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class NominationRound:
    """A category's candidates in one province: what a shortlist is drawn for and a candidate
    is nominated by hand into (the access rules' object for who may nominate)."""

    category: Category
    province: str

    @property
    def name(self) -> str:
        """In words: "Pemerintah Kabupaten/Kota Kalimantan Barat", "... babak nasional"."""
        if self.province == NATION:
            return f"{self.category.name} babak nasional"
        region = Region.objects.filter(code=self.province).only("name").first()
        return f"{self.category.name} {region.name if region else f'provinsi {self.province}'}"


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    value: float


def ensure_round(category: Category, province: str) -> None:
    """A provincial round is one province's; the national round is one province's or, with
    `NATION`, every province's at once."""
    if province == NATION and category.level == Level.PROVINCIAL:
        raise NominationError(
            f"{category.name} babak provinsi ditarik per provinsi: pilih satu provinsi."
        )


def _screening(category: Category) -> Stage:
    return Stage.objects.get(cycle=category.cycle, level=category.level, kind=StageKind.SCREENING)


# The end of the refusal while the screening stage is not open, in the words of the shortlist
# page's note beside its disabled buttons.
WHILE_OPEN = (
    "daftar pendek hanya dapat ditarik, ditambah, dan dikurangi selama tahap penyaringan data "
    "dibuka."
)


def ensure_screening_open(category: Category) -> None:
    """Refuse (StageNotOpen, StageClosed) unless the screening stage of the category's level
    is open: before anything of the shortlist is written."""
    ensure_opened(_screening(category), then=WHILE_OPEN)


def _in_round(code: str, province: str) -> bool:
    return province == NATION or code == province or code.startswith(f"{province}.")


def province_of(candidate: Candidate) -> str:
    return candidate.region_code[:2]


def candidates_in(
    category: Category, province: str, year: int, base_kind: str = "sakernas_bekerja"
) -> list[tuple[Candidate, Any]]:
    """Every candidate of the category's entity kind in `province` (`NATION`: in every
    province), with its metric summary."""
    entity = category.eligibility.get("entity")
    if entity == "perusahaan":
        rows = EmployerMetric.objects.filter(year=year)
        if province != NATION:
            rows = rows.filter(kabkota__startswith=f"{province}.")
        return [
            (
                Candidate(
                    entity="perusahaan",
                    name=r.name or r.employer_id,
                    region_code=r.kabkota,
                    size_class=r.size_class,
                    sector=r.sector,
                    employer_id=r.employer_id,
                ),
                r,
            )
            for r in rows
        ]
    level = {"kabkota": "kabkota", "desa": "desa", "provinsi": "provinsi"}[entity]
    rows = RegionMetric.objects.filter(year=year, base_kind=base_kind, level=level)
    if province != NATION:
        rows = (
            rows.filter(region_code=province)
            if level == "provinsi"
            else rows.filter(region_code__startswith=f"{province}.")
        )
    metrics = list(rows)
    names = dict(
        Region.objects.filter(code__in=[m.region_code for m in metrics]).values_list("code", "name")
    )
    return [
        (
            Candidate(
                entity=entity,
                name=names.get(m.region_code, m.region_code),
                region_code=m.region_code,
            ),
            m,
        )
        for m in metrics
    ]


@dataclass(frozen=True)
class Shortfall:
    """A minimum of the shortlist rule a candidate does not meet."""

    metric: str
    value: float | None
    minimum: float


@dataclass(frozen=True)
class Standing:
    """Where one eligible candidate stands under the category's shortlist rule: its metric
    value, the minimums it misses, its rank among those that qualify (1: highest), of how
    many in its group (the province; nationally the zone or the nation), and whether it is
    within the top N."""

    candidate: Candidate
    value: float | None
    shortfalls: tuple[Shortfall, ...]
    position: int | None
    of: int
    selected: bool
    group: str


def _group(category: Category, province: str, candidate: Candidate, zones: dict[str, str]) -> str:
    if province != NATION:
        return province
    if category.eligibility.get("per_zone"):
        return zones.get(province_of(candidate), "") or NATION
    return NATION


def standings(
    category: Category, province: str, year: int, base_kind: str = "sakernas_bekerja"
) -> list[Standing]:
    """The shortlist rule applied to every eligible candidate of the round: those that qualify
    first, in rank order, then those below a minimum, then those without a value. The draw
    nominates the `selected` ones; the shortlist page explains every one of them."""
    rule = category.shortlist
    metric = rule.get("metric", "")
    minimum: dict[str, float] = rule.get("minimum", {})
    top_n = rule.get("top_n") or 0
    zones: dict[str, str] = {}
    if province == NATION and category.eligibility.get("per_zone"):
        zones = dict(Region.objects.filter(level="provinsi").values_list("code", "zone_id"))
    qualified: dict[str, list[tuple[Candidate, float]]] = {}
    rest: list[Standing] = []
    for candidate, summary in candidates_in(category, province, year, base_kind):
        if not check(category, candidate).eligible:
            continue
        group = _group(category, province, candidate, zones)
        value = getattr(summary, metric, None)
        shortfalls = tuple(
            Shortfall(k, getattr(summary, k, None), v)
            for k, v in minimum.items()
            if (getattr(summary, k, None) or 0) < v
        )
        if value is None or shortfalls:
            rest.append(
                Standing(candidate, value, shortfalls, None, 0, selected=False, group=group)
            )
        else:
            qualified.setdefault(group, []).append((candidate, float(value)))
    ranked: list[Standing] = []
    for group in sorted(qualified):
        items = qualified[group]
        items.sort(key=lambda i: (-i[1], i[0].region_code, i[0].employer_id))
        ranked += [
            Standing(c, v, (), position, len(items), not top_n or position <= top_n, group)
            for position, (c, v) in enumerate(items, start=1)
        ]
    rest.sort(key=lambda s: (s.value is None, s.group, s.candidate.name))
    return ranked + rest


def rank(
    category: Category, province: str, year: int, base_kind: str = "sakernas_bekerja"
) -> list[Ranked]:
    """The candidates the draw nominates, in rank order."""
    return [
        Ranked(s.candidate, float(s.value))
        for s in standings(category, province, year, base_kind)
        if s.selected and s.value is not None
    ]


def _key(candidate: Candidate) -> str:
    return candidate.employer_id or candidate.region_code


def described(candidate: Candidate, province: str, user: Any) -> dict[str, Any]:
    """A nomination's fields that describe the candidate (in the national round drawn as one,
    the candidate's own province)."""
    return {
        "province": province_of(candidate) if province == NATION else province,
        "entity": candidate.entity,
        "name": candidate.name,
        "region_code": candidate.region_code,
        "size_class": candidate.size_class,
        "sector": candidate.sector,
        "created_by": user if getattr(user, "pk", None) else None,
    }


def draw_shortlist(
    *,
    category: Category,
    province: str,
    year: int,
    user: Any = None,
    base_kind: str = "sakernas_bekerja",
) -> list[Nomination]:
    """Nominate the shortlist; candidates nominated or removed by hand keep their status."""
    ensure_round(category, province)
    ensure_screening_open(category)
    metric = category.shortlist.get("metric", "")
    created = []
    with transaction.atomic():
        for item in standings(category, province, year, base_kind):
            if not item.selected or item.value is None:
                continue
            candidate, position = item.candidate, item.position
            nomination, new = Nomination.objects.get_or_create(
                category=category,
                key=_key(candidate),
                defaults={
                    **described(candidate, province, user),
                    "source": NominationSource.DATA,
                    "basis": ranked_basis(position, metric, item.value),
                },
            )
            if new:
                log_action(
                    user=user,
                    action="nomination.shortlist",
                    obj=nomination,
                    cycle=category.cycle,
                    after=snapshot(nomination),
                )
                created.append(nomination)
    return created


def add_by_hand(
    *, category: Category, candidate: Candidate, province: str, reason: str, user: Any = None
) -> Nomination:
    ensure_round(category, province)
    ensure_screening_open(category)
    if not reason.strip():
        raise NominationError("Alasan wajib diisi untuk menambah kandidat secara manual.")
    code = candidate.region_code
    if not _in_round(code, province):
        raise NominationError(
            f"{candidate.name} ({code}) tidak berada di provinsi {province}: "
            "nominasikan kandidat pada provinsinya sendiri."
        )
    eligibility = check(category, candidate)
    if not eligibility.eligible:
        raise NominationError(eligibility.explain())
    with transaction.atomic():
        nomination, _new = Nomination.objects.update_or_create(
            category=category,
            key=_key(candidate),
            defaults={
                **described(candidate, province, user),
                "source": NominationSource.MANUAL,
                "status": NominationStatus.NOMINATED,
                "reason": reason.strip(),
            },
        )
        log_action(
            user=user,
            action="nomination.add",
            obj=nomination,
            cycle=category.cycle,
            after=snapshot(nomination),
        )
    return nomination


def remove(*, nomination: Nomination, reason: str, user: Any = None) -> Nomination:
    ensure_screening_open(nomination.category)
    if not reason.strip():
        raise NominationError("Alasan wajib diisi untuk mengeluarkan kandidat.")
    cycle = nomination.category.cycle
    with (
        transaction.atomic(),
        audited(nomination, user=user, action="nomination.remove", cycle=cycle),
    ):
        nomination.status = NominationStatus.REMOVED
        nomination.reason = reason.strip()
        nomination.save()
    return nomination
