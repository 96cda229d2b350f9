"""What judging locks: once a round's verification stage has opened, the rows judging rests on
(categories, nominations, criteria, weights, rubric, judging rules, panels, members, conflicts,
assignments, scores, interviews, decisions) can no longer be edited as rows (the Django admin
shows them read-only); they change only through their commands, which apply the award's rules.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from paritrana.assessment.models import (
    Assignment,
    Conflict,
    ConflictOverride,
    Decision,
    InterviewSlot,
    JudgingRules,
    Panel,
    PanelMember,
    ScoreSheet,
)
from paritrana.awards.bahasa import bahasa
from paritrana.awards.domain.audit import cycle_of, log_action, snapshot
from paritrana.awards.models import (
    Category,
    Criterion,
    Cycle,
    Nomination,
    RubricLevel,
    Stage,
    StageKind,
    StageStatus,
)
from paritrana.errors import Locked

# Each row judging rests on: the path to the object holding its cycle and level, and what a
# person calls it.
_ROUND_OF: dict[type[models.Model], tuple[str, str]] = {
    Category: ("", "kategori"),
    # Its candidate, province and status are what is ranked and published: removed or added
    # only through the nomination commands (with their reason), renamed by no one.
    Nomination: ("category", "nominasi"),
    Criterion: ("category", "kriteria, bobot dan rubriknya"),
    RubricLevel: ("criterion.category", "rubrik"),
    JudgingRules: ("", "aturan penilaian"),
    Panel: ("", "tim penilai dan anggotanya"),
    PanelMember: ("panel", "anggota tim penilai"),
    Conflict: ("member.panel", "konflik kepentingan"),
    ConflictOverride: ("member.panel", "pengesampingan konflik"),
    Assignment: ("stage", "penugasan"),
    ScoreSheet: ("stage", "lembar nilai"),
    InterviewSlot: ("stage", "jadwal wawancara"),
    Decision: ("category", "keputusan"),
}


def round_of(obj: models.Model) -> tuple[Cycle, str] | None:
    """(cycle, level) of the round the row belongs to; None for a row judging does not use."""
    if type(obj) not in _ROUND_OF:
        return None
    holder: Any = obj
    for part in filter(None, _ROUND_OF[type(obj)][0].split(".")):
        holder = getattr(holder, part, None)
        if holder is None:
            return None
    cycle = getattr(holder, "cycle", None)
    level = getattr(holder, "level", None)
    if not isinstance(cycle, Cycle) or not level:
        return None
    return cycle, str(level)


def judging_opened(cycle: Cycle, level: str) -> Stage | None:
    """The round's verification stage once it has opened (judging began), else None."""
    return (
        Stage.objects.filter(cycle=cycle, level=level, kind=StageKind.VERIFICATION)
        .exclude(status=StageStatus.DRAFT)
        .first()
    )


def lock_reason(obj: models.Model) -> str | None:
    """Why the row can no longer be edited as a row (Bahasa Indonesia), or None."""
    found = round_of(obj)
    if found is None:
        return None
    stage = judging_opened(*found)
    if stage is None:
        return None
    return (
        f"Tahap verifikasi {bahasa(stage.get_level_display).lower()} "
        f"siklus {found[0]} sudah dibuka: "
        f"{_ROUND_OF[type(obj)][1]} tidak dapat lagi diubah atau dihapus di sini."
    )


def ensure_unlocked_row(obj: models.Model) -> None:
    reason = lock_reason(obj)
    if reason is not None:
        raise Locked(reason)


def ensure_deletable(obj: models.Model) -> None:
    """A declared conflict is never deleted as a row: lifting it is the national admin's
    override, with a reason (`conflict.override`)."""
    if isinstance(obj, Conflict):
        raise Locked(
            "Konflik kepentingan yang sudah dideklarasikan tidak dapat dihapus; admin nasional "
            "dapat mengesampingkannya dengan alasan di halaman tim penilai."
        )
    ensure_unlocked_row(obj)


def save_row(obj: models.Model, *, user: Any) -> models.Model:
    """Write a row edited by hand (the admin), audited before and after; refused once judging
    locks it (its stored state and the edited one both count)."""
    stored = type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk else None
    if stored is not None:
        ensure_unlocked_row(stored)
    ensure_unlocked_row(obj)
    before = snapshot(stored) if stored is not None else None
    obj.save()
    log_action(
        user=user,
        action="admin.change" if stored is not None else "admin.add",
        obj=obj,
        cycle=cycle_of(obj),
        before=before,
        after=snapshot(type(obj)._default_manager.get(pk=obj.pk)),  # as stored, not as typed
    )
    return obj


def delete_row(obj: models.Model, *, user: Any) -> None:
    ensure_deletable(obj)
    log_action(user=user, action="admin.delete", obj=obj, cycle=cycle_of(obj), before=snapshot(obj))
    obj.delete()
