"""Judging's commands: panels and members, conflicts and overrides, assignments, interviews and
the judging rules (score sheets: `paritrana.commands.scores`).

Who may: `access.manage_panel` (the panel's chair and secretary, its province's admin, the
national admin), `access.declare_conflict` (the member themselves, or who manages the panel),
`access.override_conflict` and `access.manage_judging` (the national admin). The domain
(`paritrana.assessment.domain`) keeps the award's rules: stage open, no conflicted assignment,
no overlapping interview, rules declared before judging.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from paritrana.assessment.domain import assignments, conflicts, interviews, panels, results
from paritrana.assessment.domain.panels import panel_of
from paritrana.assessment.models import (
    Assignment,
    Conflict,
    ConflictOverride,
    InterviewSlot,
    JudgingRules,
    Panel,
    PanelMember,
)
from paritrana.awards.models import Cycle, Nomination, Stage
from paritrana.commands.registry import arg, command

# -- panels and members -------------------------------------------------------------------


@command("panel.create", label=_("Form an assessor panel"), perm="access.manage_judging")
def create_panel(
    actor: Any,
    *,
    cycle: Cycle,
    level: str,
    province: str = "",
    assessors_per_candidate: int = 3,
    max_load: int = 40,
) -> Panel:
    return panels.create_panel(
        cycle=cycle,
        level=level,
        province=province,
        user=actor,
        assessors_per_candidate=assessors_per_candidate,
        max_load=max_load,
    )


@command(
    "panel.update",
    label=_("Change an assessor panel"),
    perm="access.manage_panel",
    target=arg("panel"),
)
def update_panel(actor: Any, *, panel: Panel, **changes: Any) -> Panel:
    return panels.update_panel(panel=panel, user=actor, **changes)


@command(
    "panel.add_member",
    label=_("Add or change a panel member"),
    perm="access.manage_panel",
    target=arg("panel"),
)
def add_member(
    actor: Any,
    *,
    panel: Panel,
    member_user: Any,
    role: str,
    affiliation: str,
    institution: str = "",
    region_code: str = "",
    employer_key: str = "",
    max_load: int | None = None,
) -> PanelMember:
    return panels.add_member(
        panel=panel,
        member_user=member_user,
        role=role,
        affiliation=affiliation,
        institution=institution,
        region_code=region_code,
        employer_key=employer_key,
        max_load=max_load,
        user=actor,
    )


@command(
    "panel.remove_member",
    label=_("Remove a panel member"),
    perm="access.manage_panel",
    target=lambda a: a["member"].panel,
)
def remove_member(actor: Any, *, member: PanelMember) -> None:
    panels.remove_member(member=member, user=actor)


# -- conflicts of interest ----------------------------------------------------------------


@command(
    "conflict.declare",
    label=_("Declare a conflict of interest"),
    perm="access.declare_conflict",
    target=arg("member"),
)
def declare_conflict(
    actor: Any, *, member: PanelMember, nomination: Nomination, kind: str, reason: str
) -> Conflict:
    return conflicts.declare(
        member=member, nomination=nomination, kind=kind, reason=reason, user=actor
    )


@command(
    "conflict.override",
    label=_("Waive a conflict of interest"),
    perm="access.override_conflict",
    target=arg("member"),
)
def override_conflict(
    actor: Any, *, member: PanelMember, nomination: Nomination, reason: str
) -> ConflictOverride:
    return conflicts.override(member=member, nomination=nomination, reason=reason, user=actor)


# -- assignments --------------------------------------------------------------------------


@command(
    "assignment.assign",
    label=_("Assign an assessor"),
    perm="access.manage_panel",
    target=lambda a: a["member"].panel,
)
def assign(actor: Any, *, stage: Stage, member: PanelMember, nomination: Nomination) -> Assignment:
    return assignments.assign(stage=stage, member=member, nomination=nomination, user=actor)


@command(
    "assignment.unassign",
    label=_("Cancel an assignment"),
    perm="access.manage_panel",
    target=lambda a: a["assignment"].member.panel,
)
def unassign(actor: Any, *, assignment: Assignment) -> None:
    assignments.unassign(assignment=assignment, user=actor)


@command(
    "assignment.auto",
    label=_("Assign assessors automatically"),
    perm="access.manage_panel",
    target=arg("panel"),
)
def auto_assign(actor: Any, *, stage: Stage, panel: Panel) -> assignments.AutoAssignment:
    return assignments.auto_assign(stage=stage, panel=panel, user=actor)


# -- interviews ---------------------------------------------------------------------------


@command(
    "interview.schedule",
    label=_("Schedule an interview"),
    perm="access.manage_panel",
    target=lambda a: panel_of(a["nomination"]),
)
def schedule_interview(
    actor: Any,
    *,
    stage: Stage,
    nomination: Nomination,
    starts_at: dt.datetime,
    minutes: int = 30,
    place: str = "",
) -> InterviewSlot:
    return interviews.schedule(
        stage=stage,
        nomination=nomination,
        starts_at=starts_at,
        minutes=minutes,
        place=place,
        user=actor,
    )


@command(
    "interview.attendance",
    label=_("Record interview attendance"),
    perm="access.manage_panel",
    target=lambda a: panel_of(a["slot"].nomination),
)
def record_attendance(
    actor: Any, *, slot: InterviewSlot, attendance: str, attendee: str = "", notes: str = ""
) -> InterviewSlot:
    return interviews.record_attendance(
        slot=slot, attendance=attendance, attendee=attendee, notes=notes, user=actor
    )


# -- judging rules ------------------------------------------------------------------------


@command("rules.declare", label=_("State the scoring rules"), perm="access.manage_judging")
def declare_rules(actor: Any, *, cycle: Cycle, level: str, **changes: Any) -> JudgingRules:
    return results.declare_rules(cycle=cycle, level=level, user=actor, **changes)
