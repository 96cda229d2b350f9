"""Juara I-III confirmed by the chair, and the provincial first place promoted to the nation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from paritrana.assessment.domain.conflicts import barred_pairs
from paritrana.assessment.domain.results import (
    Result,
    as_decimal,
    compute,
    group_code,
    group_name,
)
from paritrana.assessment.models import Decision, MemberRole, Panel, PanelMember
from paritrana.awards.domain.audit import log_action, snapshot
from paritrana.awards.domain.eligibility import candidate_of
from paritrana.awards.domain.nominations import described
from paritrana.awards.models import (
    Category,
    Level,
    Nomination,
    NominationSource,
    NominationStatus,
    StageKind,
    StageStatus,
)
from paritrana.errors import Forbidden

PLACES = ("Juara I", "Juara II", "Juara III")


class DecisionRefused(Forbidden):
    """A decision that cannot be taken (message in Bahasa Indonesia)."""


def panel_for(category: Category, group: str) -> Panel | None:
    province = group if category.level == Level.PROVINCIAL else ""
    return Panel.objects.filter(
        cycle_id=category.cycle_id, level=category.level, province=province
    ).first()


def results_released(nomination: Nomination) -> bool:
    """Has the candidate's round a result it may read: a confirmed Juara in its group, or the
    round's decision stage closed?"""
    category = nomination.category
    if Decision.objects.filter(category=category, group=group_code(nomination)).exists():
        return True
    return category.cycle.stages.filter(
        level=category.level, kind=StageKind.DECISION, status=StageStatus.CLOSED
    ).exists()


def confirmer(category: Category, group: str, chosen: Sequence[Nomination]) -> PanelMember | None:
    """Who confirms: the chair, or the secretary when the chair is conflicted with a winner."""
    panel = panel_for(category, group)
    if panel is None:
        return None
    seats = {
        m.role: m for m in panel.members.filter(role__in=[MemberRole.CHAIR, MemberRole.SECRETARY])
    }
    for role in (MemberRole.CHAIR, MemberRole.SECRETARY):
        member = seats.get(role)
        if member is not None and not barred_pairs([member], chosen):
            return member
    return None


def confirm(
    *,
    category: Category,
    group: str,
    chosen: Sequence[Nomination],
    user: Any,
    reason: str = "",
    result: Result | None = None,
) -> list[Decision]:
    """Confirm Juara I, II, III (in that order) of `category` in `group`.

    The ranking's top three are expected; any other choice needs a reason. Confirming again
    while the decision stage is open replaces the earlier decision. In the provincial round
    Juara I goes on to the national round of the same category.
    """
    stage = category.cycle.stages.get(level=category.level, kind=StageKind.DECISION)
    if stage.status != StageStatus.OPEN:
        raise DecisionRefused(
            f"Tahap keputusan {stage.get_level_display().lower()} tidak sedang dibuka."
        )
    chosen = list(chosen)
    if not 1 <= len(chosen) <= len(PLACES) or len({n.pk for n in chosen}) != len(chosen):
        raise DecisionRefused("Pilih satu sampai tiga kandidat yang berbeda, urut Juara I-III.")
    seat = confirmer(category, group, chosen)
    if seat is None or seat.user_id != getattr(user, "pk", None):
        who = "ketua tim (atau sekretaris bila ketua berkonflik kepentingan)"
        raise DecisionRefused(f"Keputusan Juara hanya dapat dikonfirmasi oleh {who}.")
    # A ranking the caller computed for the same group in this request is not computed again.
    if result is None or result.category.pk != category.pk or result.group.code != group:
        result = compute(category=category, group=group)
    rows = {row.nomination.pk: row for row in result.rows}
    for nomination in chosen:
        row = rows.get(nomination.pk)
        if row is None or row.total is None:
            raise DecisionRefused(f"{nomination.name} belum memiliki nilai akhir di peringkat ini.")
    expected = [row.nomination.pk for row in result.top(len(chosen))]
    if [n.pk for n in chosen] != expected and not reason.strip():
        raise DecisionRefused(
            "Pilihan berbeda dari urutan peringkat; alasan wajib diisi dan dicatat."
        )
    with transaction.atomic():
        old = list(Decision.objects.filter(category=category, group=group))
        before = [snapshot(d) for d in old]
        Decision.objects.filter(category=category, group=group).delete()
        decisions = [
            Decision.objects.create(
                category=category,
                group=group,
                place=place,
                nomination=nomination,
                total=as_decimal(rows[nomination.pk].total),
                computed_rank=rows[nomination.pk].rank,
                reason=reason.strip(),
                confirmed_by=user,
            )
            for place, nomination in enumerate(chosen, start=1)
        ]
        log_action(
            user=user,
            action="decision.confirm",
            obj=decisions[0],
            cycle=category.cycle,
            before={"decisions": before},
            after={"decisions": [snapshot(d) for d in decisions]},
        )
        if category.level == Level.PROVINCIAL:
            promote(winner=chosen[0], province=group, user=user)
    return decisions


def national_category(category: Category) -> Category | None:
    return Category.objects.filter(
        cycle_id=category.cycle_id, level=Level.NATIONAL, code=category.code, enabled=True
    ).first()


def promote(*, winner: Nomination, province: str, user: Any) -> Nomination | None:
    """Juara I of a province enters the national round; a replaced winner leaves it."""
    national = national_category(winner.category)
    if national is None:
        return None
    label = f"Juara I Provinsi {group_name(province)}"
    for earlier in national.nominations.filter(
        source=NominationSource.PROMOTED, province=province, status=NominationStatus.NOMINATED
    ).exclude(key=winner.key):
        before = snapshot(earlier)
        earlier.status = NominationStatus.REMOVED
        earlier.reason = f"Keputusan {label} diubah."
        earlier.save()
        log_action(
            user=user,
            action="nomination.demote",
            obj=earlier,
            cycle=national.cycle,
            before=before,
            after=snapshot(earlier),
        )
    nomination, _ = Nomination.objects.update_or_create(
        category=national,
        key=winner.key,
        defaults={
            **described(candidate_of(winner), province, user),
            "source": NominationSource.PROMOTED,
            "status": NominationStatus.NOMINATED,
            "basis": label,
        },
    )
    log_action(
        user=user,
        action="nomination.promote",
        obj=nomination,
        cycle=national.cycle,
        after=snapshot(nomination),
    )
    return nomination
