"""Nomination: a data-based shortlist per category and province, then changes by hand.

The shortlist rule is the category's configuration: rank the eligible candidates of the
province by a metric of the coverage engine (highest first), keep those meeting the minimum
values, take the top N. Adding a candidate by hand or removing one needs a reason; every
change is audited, eligibility is checked, and nothing changes once the screening stage of the
category's level is closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from paritrana.awards.domain.audit import audited, log_action, snapshot
from paritrana.awards.domain.eligibility import Candidate, check
from paritrana.awards.domain.stages import ensure_editable
from paritrana.awards.models import (
    Category,
    Nomination,
    NominationSource,
    NominationStatus,
    Stage,
    StageKind,
)
from paritrana.coverage.models import EmployerMetric, RegionMetric
from paritrana.errors import DomainError
from paritrana.regions.models import Region


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
        return f"{self.category.name} provinsi {self.province}"


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    value: float


def _screening(category: Category) -> Stage:
    return Stage.objects.get(cycle=category.cycle, level=category.level, kind=StageKind.SCREENING)


def candidates_in(
    category: Category, province: str, year: int, base_kind: str = "sakernas_bekerja"
) -> list[tuple[Candidate, Any]]:
    """Every candidate of the category's entity kind in `province`, with its metric summary."""
    entity = category.eligibility.get("entity")
    if entity == "perusahaan":
        rows = EmployerMetric.objects.filter(year=year, kabkota__startswith=f"{province}.")
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


def rank(
    category: Category, province: str, year: int, base_kind: str = "sakernas_bekerja"
) -> list[Ranked]:
    rule = category.shortlist
    metric = rule.get("metric", "")
    minimum: dict[str, float] = rule.get("minimum", {})
    ranked = []
    for candidate, summary in candidates_in(category, province, year, base_kind):
        value = getattr(summary, metric, None)
        if value is None or not check(category, candidate).eligible:
            continue
        if any((getattr(summary, k, None) or 0) < v for k, v in minimum.items()):
            continue
        ranked.append(Ranked(candidate, float(value)))
    ranked.sort(key=lambda r: (-r.value, r.candidate.region_code, r.candidate.employer_id))
    return ranked[: rule["top_n"]] if rule.get("top_n") else ranked


def _key(candidate: Candidate) -> str:
    return candidate.employer_id or candidate.region_code


def described(candidate: Candidate, province: str, user: Any) -> dict[str, Any]:
    """A nomination's fields that describe the candidate."""
    return {
        "province": province,
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
    ensure_editable(_screening(category))
    metric = category.shortlist.get("metric", "")
    created = []
    with transaction.atomic():
        for position, item in enumerate(rank(category, province, year, base_kind), start=1):
            candidate = item.candidate
            nomination, new = Nomination.objects.get_or_create(
                category=category,
                key=_key(candidate),
                defaults={
                    **described(candidate, province, user),
                    "source": NominationSource.DATA,
                    "basis": f"peringkat {position}: {metric} = {item.value:.2f}",
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
    ensure_editable(_screening(category))
    if not reason.strip():
        raise NominationError("Alasan wajib diisi untuk menambah kandidat secara manual.")
    code = candidate.region_code
    if code != province and not code.startswith(f"{province}."):
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
    ensure_editable(_screening(nomination.category))
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
