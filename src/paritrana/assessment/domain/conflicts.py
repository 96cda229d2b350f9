"""Conflicts of interest, declared and derived, and the national admin's overrides.

Derived by rules from what a member's seat records:

- the member's own institution: the candidate is the member's own employer, or the regional
  government of the member's own region;
- the member's own region: the candidate lies inside the member's region (a village or a
  company in the member's kab/kota). The province a provincial team serves is not a conflict
  for that team: judging its own province's regions is its job.

A conflict bars the member from the candidate everywhere (assignment, pages, scores, exports,
results) unless the national admin overrides it with a reason, which is logged. Who may declare
or override is the access policy's (`access.declare_conflict`, `access.override_conflict`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from paritrana.assessment.models import (
    DERIVED_KINDS,
    Assignment,
    Conflict,
    ConflictKind,
    ConflictOverride,
    PanelMember,
)
from paritrana.awards.domain.audit import log_action, snapshot
from paritrana.awards.models import Level, Nomination, StageStatus
from paritrana.errors import Forbidden


class ConflictError(Forbidden):
    """A refused declaration or override (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class Finding:
    member_id: int
    nomination_id: int
    kind: str
    reason: str
    declared: bool  # False: derived by rule
    override: ConflictOverride | None

    @property
    def kind_label(self) -> str:
        return str(ConflictKind(self.kind).label)

    @property
    def active(self) -> bool:
        return self.override is None


def _within(code: str, region: str) -> bool:
    return code == region or code.startswith(region + ".")


def derived(member: PanelMember, nomination: Nomination) -> list[tuple[str, str]]:
    """(kind, reason) of every rule that makes `member` conflicted on `nomination`."""
    found = []
    if (
        nomination.entity == "perusahaan"
        and member.employer_key
        and member.employer_key == nomination.key
    ):
        found.append((ConflictKind.INSTITUTION, "Penilai bekerja di perusahaan ini."))
    region = member.region_code
    if region:
        own_government = nomination.entity != "perusahaan" and nomination.region_code == region
        serves = member.panel.level == Level.PROVINCIAL and region == member.panel.province
        if own_government:
            found.append(
                (ConflictKind.INSTITUTION, "Kandidat adalah pemerintah daerah asal penilai.")
            )
        elif _within(nomination.region_code, region) and not serves:
            found.append(
                (ConflictKind.REGION, f"Kandidat berada di wilayah asal penilai ({region}).")
            )
    return found


def findings(
    members: Iterable[PanelMember], nominations: Iterable[Nomination]
) -> dict[tuple[int, int], list[Finding]]:
    """Every conflict between `members` and `nominations`, overridden ones included."""
    members = list(members)
    nominations = list(nominations)
    member_ids = [m.pk for m in members]
    nomination_ids = [n.pk for n in nominations]
    declared = Conflict.objects.filter(member_id__in=member_ids, nomination_id__in=nomination_ids)
    overrides = {
        (o.member_id, o.nomination_id): o
        for o in ConflictOverride.objects.filter(
            member_id__in=member_ids, nomination_id__in=nomination_ids
        ).select_related("decided_by")
    }
    result: dict[tuple[int, int], list[Finding]] = defaultdict(list)
    for conflict in declared:
        pair = (conflict.member_id, conflict.nomination_id)
        result[pair].append(
            Finding(*pair, conflict.kind, conflict.reason, True, overrides.get(pair))
        )
    for member in members:
        for nomination in nominations:
            for kind, reason in derived(member, nomination):
                pair = (member.pk, nomination.pk)
                result[pair].append(Finding(*pair, kind, reason, False, overrides.get(pair)))
    return dict(result)


def barred_pairs(
    members: Iterable[PanelMember], nominations: Iterable[Nomination]
) -> set[tuple[int, int]]:
    """(member id, nomination id) pairs barred by a conflict that is not overridden."""
    return {
        pair
        for pair, found in findings(members, nominations).items()
        if any(f.active for f in found)
    }


def is_conflicted(member: PanelMember, nomination: Nomination) -> bool:
    return (member.pk, nomination.pk) in barred_pairs([member], [nomination])


def conflicts_of(member: PanelMember, nomination: Nomination) -> list[Finding]:
    return findings([member], [nomination]).get((member.pk, nomination.pk), [])


def _drop_open_assignments(member: PanelMember, nomination: Nomination, user: Any) -> None:
    """A new conflict ends the member's unsubmitted assignments to the candidate."""
    for assignment in Assignment.objects.filter(
        member=member,
        nomination=nomination,
        stage__status__in=[StageStatus.DRAFT, StageStatus.OPEN],
    ).select_related("stage__cycle"):
        log_action(
            user=user,
            action="assignment.remove_conflict",
            obj=assignment,
            cycle=assignment.stage.cycle,
            before=snapshot(assignment),
        )
        assignment.delete()


def declare(
    *, member: PanelMember, nomination: Nomination, kind: str, reason: str, user: Any
) -> Conflict:
    """A member declares a conflict (or the panel's secretariat records it for them)."""
    if kind in DERIVED_KINDS or kind not in ConflictKind.values:
        raise ConflictError(
            "Pilih jenis konflik yang dideklarasikan: pekerjaan, keluarga, keuangan, "
            "pendampingan atau lainnya."
        )
    if not reason.strip():
        raise ConflictError("Alasan konflik kepentingan wajib diisi.")
    with transaction.atomic():
        conflict, _ = Conflict.objects.update_or_create(
            member=member, nomination=nomination, defaults={"kind": kind, "reason": reason.strip()}
        )
        log_action(
            user=user,
            action="conflict.declare",
            obj=conflict,
            cycle=member.panel.cycle,
            after=snapshot(conflict),
        )
        _drop_open_assignments(member, nomination, user)
    return conflict


def override(
    *, member: PanelMember, nomination: Nomination, reason: str, user: Any
) -> ConflictOverride:
    """Lift a conflict (the national admin's: `access.override_conflict`), only with a reason."""
    if not reason.strip():
        raise ConflictError("Alasan pengesampingan konflik wajib diisi.")
    if not conflicts_of(member, nomination):
        raise ConflictError(f"{member.display_name} tidak berkonflik dengan {nomination.name}.")
    with transaction.atomic():
        decision, _ = ConflictOverride.objects.update_or_create(
            member=member,
            nomination=nomination,
            defaults={"reason": reason.strip(), "decided_by": user},
        )
        log_action(
            user=user,
            action="conflict.override",
            obj=decision,
            cycle=member.panel.cycle,
            after=snapshot(decision),
        )
    return decision
