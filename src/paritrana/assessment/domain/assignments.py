"""Which members assess which candidates in a stage: by hand, or automatically at the optimum."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from paritrana.assessment.domain.conflicts import barred_pairs, conflicts_of
from paritrana.assessment.domain.panels import nominations_of
from paritrana.assessment.models import Assignment, AssignmentMethod, Panel, PanelMember
from paritrana.awards.bahasa import bahasa
from paritrana.awards.domain.audit import log_action, snapshot
from paritrana.awards.domain.stages import ensure_editable
from paritrana.awards.models import Nomination, Stage, StageKind
from paritrana.errors import Forbidden
from paritrana.scoring import assign as optimal_assignment

SCORED_STAGES = (StageKind.VERIFICATION, StageKind.INTERVIEW)


class AssignmentRefused(Forbidden):
    """An assignment that must not be made (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class Unmet:
    nomination: Nomination
    required: int
    assigned: int
    reason: str


@dataclass(frozen=True)
class AutoAssignment:
    created: list[Assignment]
    unmet: list[Unmet]
    load: dict[str, int]  # member's name -> candidates in this stage


def _check_stage(stage: Stage, panel: Panel) -> None:
    ensure_editable(stage)
    if stage.kind not in SCORED_STAGES:
        raise AssignmentRefused(
            f"Tahap '{bahasa(stage.get_kind_display)}' tidak dinilai oleh penilai; penugasan hanya "
            "untuk tahap verifikasi dan wawancara."
        )
    if stage.cycle_id != panel.cycle_id or stage.level != panel.level:
        raise AssignmentRefused(f"Tahap ini bukan tahap {panel.name}.")


def assign(
    *, stage: Stage, member: PanelMember, nomination: Nomination, user: Any = None
) -> Assignment:
    """Assign by hand; refused when the member is conflicted or not on the candidate's panel."""
    _check_stage(stage, member.panel)
    if not nominations_of(member.panel).filter(pk=nomination.pk).exists():
        raise AssignmentRefused(f"{nomination.name} tidak dinilai oleh {member.panel.name}.")
    found = [f for f in conflicts_of(member, nomination) if f.active]
    if found:
        raise AssignmentRefused(
            f"{member.display_name} berkonflik kepentingan dengan {nomination.name} "
            f"({found[0].kind_label.lower()}: {found[0].reason}); penugasan ditolak."
        )
    with transaction.atomic():
        assignment, created = Assignment.objects.get_or_create(
            stage=stage,
            member=member,
            nomination=nomination,
            defaults={"method": AssignmentMethod.MANUAL, "created_by": _user(user)},
        )
        if created:
            log_action(
                user=user,
                action="assignment.add",
                obj=assignment,
                cycle=stage.cycle,
                after=snapshot(assignment),
            )
    return assignment


def unassign(*, assignment: Assignment, user: Any = None) -> None:
    ensure_editable(assignment.stage)
    sheet = assignment.member.sheets.filter(
        stage=assignment.stage, nomination=assignment.nomination, submitted_at__isnull=False
    )
    if sheet.exists():
        raise AssignmentRefused("Penilaian sudah dikirim; penugasan tidak dapat dibatalkan.")
    with transaction.atomic():
        log_action(
            user=user,
            action="assignment.remove",
            obj=assignment,
            cycle=assignment.stage.cycle,
            before=snapshot(assignment),
        )
        assignment.delete()


def _user(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def auto_assign(*, stage: Stage, panel: Panel, user: Any = None) -> AutoAssignment:
    """Give every candidate the panel's number of assessors, balancing load within caps.

    Existing assignments are kept. The optimum (most pairs, then the most even load) comes
    from a min-cost flow in `paritrana.scoring.assign`; conflicts are never assigned.
    """
    _check_stage(stage, panel)
    members = list(panel.members.select_related("user", "panel"))
    nominations = list(nominations_of(panel))
    barred = barred_pairs(members, nominations)
    existing = set(
        Assignment.objects.filter(stage=stage, member__panel=panel).values_list(
            "nomination_id", "member_id"
        )
    )
    by_member = {str(m.pk): m for m in members}
    by_nomination = {str(n.pk): n for n in nominations}
    result = optimal_assignment(
        candidates=list(by_nomination),
        assessors=list(by_member),
        required=panel.assessors_per_candidate,
        capacity={str(m.pk): m.load_cap for m in members},
        conflicts=[(str(n), str(m)) for m, n in barred],
        fixed=[
            (str(n), str(m))
            for n, m in existing
            if str(n) in by_nomination and (m, n) not in barred
        ],
    )
    created = []
    with transaction.atomic():
        for nomination_id, member_id in result.new_pairs:
            assignment = Assignment.objects.create(
                stage=stage,
                member=by_member[member_id],
                nomination=by_nomination[nomination_id],
                method=AssignmentMethod.AUTOMATIC,
                created_by=_user(user),
            )
            created.append(assignment)
        log_action(
            user=user,
            action="assignment.auto",
            obj=panel,
            cycle=panel.cycle,
            after={
                "stage": stage.pk,
                "created": [[int(n), int(m)] for n, m in result.new_pairs],
                "unmet": [s.candidate for s in result.unmet],
            },
        )
    unmet = [
        Unmet(by_nomination[s.candidate], s.required, s.assigned, s.reason) for s in result.unmet
    ]
    load = {by_member[m].display_name: n for m, n in result.load.items()}
    return AutoAssignment(created=created, unmet=unmet, load=load)
