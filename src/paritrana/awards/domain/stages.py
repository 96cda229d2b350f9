"""Opening and closing stages. A stage is opened and closed explicitly; once closed it is
read-only for good, and everything that belongs to it must refuse changes."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from paritrana.awards.bahasa import bahasa
from paritrana.awards.domain.audit import log_action, snapshot
from paritrana.awards.models import Stage, StageKind, StageStatus
from paritrana.errors import DomainError, Forbidden, Locked


class StageClosed(Forbidden):
    """A change to something whose stage is closed (message in Bahasa Indonesia)."""


class StageNotOpen(Locked):
    """A change that may only be made while its stage is open, asked before the stage was
    opened (message in Bahasa Indonesia; the page shows the same buttons disabled with "Tahap
    belum dibuka", `web.stage_words.stage_lock_reason`). 409 "locked": the state of the award
    refuses it, not who asks (as `assessment.domain.scores.StageNotOpen`)."""


class StageTransitionError(DomainError):
    """An impossible transition (message in Bahasa Indonesia)."""


def _transition(
    *, stage: Stage, user: Any, to: str, action: str, override: dict[str, Any] | None = None
) -> Stage:
    with transaction.atomic():
        stage = Stage.objects.select_for_update().select_related("cycle").get(pk=stage.pk)
        allowed = {StageStatus.OPEN: StageStatus.DRAFT, StageStatus.CLOSED: StageStatus.OPEN}
        if stage.status != allowed[to]:
            raise StageTransitionError(
                f"Tahap '{bahasa(stage.get_kind_display)}' "
                f"berstatus {bahasa(stage.get_status_display)}: "
                + (
                    "hanya tahap yang belum dibuka dapat dibuka."
                    if to == StageStatus.OPEN
                    else "hanya tahap yang sedang dibuka dapat ditutup."
                )
            )
        before = snapshot(stage)
        stage.status = to
        if to == StageStatus.OPEN:
            stage.opened_at = timezone.now()
        else:
            stage.closed_at = timezone.now()
        stage.save()
        after = snapshot(stage)
        if override is not None:  # pre-check findings overridden: what they were, and why
            after["override"] = override
        log_action(
            user=user, action=action, obj=stage, cycle=stage.cycle, before=before, after=after
        )
    return stage


def open_stage(*, stage: Stage, user: Any = None, override: dict[str, Any] | None = None) -> Stage:
    """Open `stage`. Opening a round's publication stage publishes that round's results: the
    audit entry then says so (`results.publish`). `override`: the pre-check findings the
    opener overrode and their reason (`assessment.domain.prechecks`), kept in the entry."""
    action = "results.publish" if stage.kind == StageKind.PUBLICATION else "stage.open"
    return _transition(
        stage=stage, user=user, to=StageStatus.OPEN, action=action, override=override
    )


def close_stage(*, stage: Stage, user: Any = None, override: dict[str, Any] | None = None) -> Stage:
    return _transition(
        stage=stage, user=user, to=StageStatus.CLOSED, action="stage.close", override=override
    )


def ensure_editable(stage: Stage) -> None:
    """Raise StageClosed when `stage` is closed: call before any change that belongs to it."""
    if stage.is_closed:
        when = (
            f" pada {timezone.localtime(stage.closed_at):%d/%m/%Y %H:%M}" if stage.closed_at else ""
        )
        raise StageClosed(
            f"Tahap '{bahasa(stage.get_kind_display)}' "
            f"({bahasa(stage.get_level_display)}) sudah ditutup"
            f"{when}; data tahap ini tidak dapat diubah lagi."
        )


def ensure_opened(stage: Stage, *, then: str) -> None:
    """Raise StageClosed when `stage` is closed and StageNotOpen while it is not opened yet:
    call before any change that belongs to its open days only (`then`: what may be done once
    it is open, the end of the message)."""
    ensure_editable(stage)
    if stage.status != StageStatus.OPEN:
        planned = f", dijadwalkan dibuka pada {stage.starts_on:%d/%m/%Y}" if stage.starts_on else ""
        raise StageNotOpen(
            f"Tahap '{bahasa(stage.get_kind_display)}' "
            f"({bahasa(stage.get_level_display)}) belum dibuka"
            f"{planned}; {then}"
        )
