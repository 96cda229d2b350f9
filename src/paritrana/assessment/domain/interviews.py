"""Interview slots per candidate and the attendance recorded on the day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from paritrana.assessment.domain.panels import panel_of
from paritrana.assessment.models import Attendance, InterviewSlot
from paritrana.awards.domain.audit import audited, log_action, snapshot
from paritrana.awards.domain.stages import ensure_editable
from paritrana.awards.models import Nomination, Stage, StageKind
from paritrana.errors import DomainError


class InterviewError(DomainError):
    """A slot or attendance that cannot be recorded (message in Bahasa Indonesia)."""


def schedule(
    *,
    stage: Stage,
    nomination: Nomination,
    starts_at: dt.datetime,
    minutes: int = 30,
    place: str = "",
    user: Any = None,
) -> InterviewSlot:
    """One slot per candidate; slots of the same panel may not overlap."""
    ensure_editable(stage)
    if stage.kind != StageKind.INTERVIEW:
        raise InterviewError("Jadwal wawancara hanya dapat dibuat pada tahap wawancara.")
    if minutes <= 0:
        raise InterviewError("Durasi wawancara harus lebih dari nol menit.")
    ends_at = starts_at + dt.timedelta(minutes=minutes)
    panel = panel_of(nomination)
    same_panel = InterviewSlot.objects.filter(stage=stage).exclude(nomination=nomination)
    if panel is not None and panel.province:
        same_panel = same_panel.filter(nomination__province=panel.province)
    for other in same_panel.select_related("nomination"):
        other_end = other.starts_at + dt.timedelta(minutes=other.minutes)
        if other.starts_at < ends_at and starts_at < other_end:
            raise InterviewError(
                f"Jadwal bentrok dengan wawancara {other.nomination.name} "
                f"({timezone.localtime(other.starts_at):%d/%m/%Y %H:%M}, {other.minutes} menit)."
            )
    with transaction.atomic():
        slot, _ = InterviewSlot.objects.update_or_create(
            stage=stage,
            nomination=nomination,
            defaults={"starts_at": starts_at, "minutes": minutes, "place": place},
        )
        log_action(
            user=user,
            action="interview.schedule",
            obj=slot,
            cycle=stage.cycle,
            after=snapshot(slot),
        )
    return slot


def record_attendance(
    *, slot: InterviewSlot, attendance: str, attendee: str = "", notes: str = "", user: Any = None
) -> InterviewSlot:
    ensure_editable(slot.stage)
    if attendance not in Attendance.values:
        raise InterviewError(f"Status kehadiran {attendance!r} tidak dikenal.")
    if attendance in (Attendance.HEAD_IN_PERSON, Attendance.DELEGATED) and not attendee.strip():
        raise InterviewError("Tuliskan siapa yang hadir (nama dan jabatan).")
    with (
        transaction.atomic(),
        audited(slot, user=user, action="interview.attendance", cycle=slot.stage.cycle),
    ):
        slot.attendance = attendance
        slot.attendee = attendee.strip()
        slot.notes = notes.strip()
        slot.save()
    return slot
