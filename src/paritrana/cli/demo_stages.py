"""The demo's stages: their dates around today, and the one place that opens and closes them
through `stage.open` / `stage.close` with the reasons the pre-checks ask for when the picture
leaves something missing on purpose (provinces at different paces)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from paritrana.awards.models import Cycle, Level, Stage, StageKind, StageStatus
from paritrana.commands.admin import save_row
from paritrana.commands.awards import close_stage, open_stage

# Days from today to each stage's first and last day: what is open is current, what is closed
# is past, what is still to come is ahead. Slower provinces are behind the verification and
# interview windows (the progress board shows them late); the decision and the national
# self-assessment have days left.
SCHEDULE = {
    Level.PROVINCIAL: {
        StageKind.SCREENING: (-120, -96),
        StageKind.SELF_ASSESSMENT: (-95, -66),
        StageKind.VERIFICATION: (-65, -36),
        StageKind.INTERVIEW: (-35, -6),
        StageKind.DECISION: (-5, 9),
        StageKind.PUBLICATION: (10, 24),
    },
    Level.NATIONAL: {
        StageKind.SCREENING: (-40, -26),
        StageKind.SELF_ASSESSMENT: (-25, 14),
        StageKind.VERIFICATION: (-5, 30),
        StageKind.INTERVIEW: (31, 61),
        StageKind.DECISION: (62, 76),
        StageKind.PUBLICATION: (77, 91),
    },
}


def schedule(cycle: Cycle, admin: Any, today: dt.date | None = None) -> None:
    """Move the stage dates around today, through the admin's audited edit."""
    today = today or timezone.localdate()
    for stage in Stage.objects.filter(cycle=cycle):
        first, last = SCHEDULE[Level(stage.level)][StageKind(stage.kind)]
        stage.starts_on = today + dt.timedelta(days=first)
        stage.ends_on = today + dt.timedelta(days=last)
        save_row(admin, obj=stage)


# The stages the demo opens while something is deliberately still missing elsewhere (the
# picture has provinces at different points), with the reason a secretariat would give when
# `stage.open`'s pre-checks ask for one.
OVERRIDES = {
    (Level.PROVINCIAL, StageKind.VERIFICATION): "Verifikasi dimulai; penilai ditugaskan saat "
    "tahap dibuka dan penilaian mandiri yang belum dikirim menyusul (demo).",
    (Level.PROVINCIAL, StageKind.INTERVIEW): "Provinsi yang sudah selesai verifikasi mulai "
    "wawancara; provinsi lain menyusul (demo).",
    (Level.PROVINCIAL, StageKind.DECISION): "Provinsi yang sudah selesai wawancara mulai "
    "memutuskan Juara; provinsi lain menyusul (demo).",
    (Level.NATIONAL, StageKind.VERIFICATION): "Verifikasi nasional dimulai untuk kandidat yang "
    "sudah ada; kandidat lain dan penilaian mandiri menyusul (demo).",
}


# Any other stage the demo opens with something missing: only when it is built for a few
# provinces (the national demo opens those clean).
PARTIAL = "Demo dibangun untuk sebagian provinsi saja."

# Stages the demo closes while some provinces are still behind (the other provinces' findings).
CLOSE_OVERRIDE = "Provinsi yang dinilai dalam demo sudah selesai; provinsi lain menyusul (demo)."


def open_demo_stage(user: Any, stage: Stage) -> Stage:
    """Every stage the demo opens is opened here: the one place to pass `stage.open` what its
    pre-checks ask for (the reasons in `OVERRIDES`; a demo built for a few provinces only, as the
    tests build it, gives `PARTIAL`). The audit entry keeps the reason and what was missing."""
    reason = OVERRIDES.get((Level(stage.level), StageKind(stage.kind)), PARTIAL)
    return open_stage(user, stage=stage, override_reason=reason)


def stage_of(cycle: Cycle, level: str, kind: str) -> Stage:
    return Stage.objects.get(cycle=cycle, level=level, kind=kind)


def open_in(cycle: Cycle, level: str, kind: str, user: Any) -> Stage:
    stage = stage_of(cycle, level, kind)
    return open_demo_stage(user, stage) if stage.status == StageStatus.DRAFT else stage


def close_in(cycle: Cycle, level: str, kind: str, user: Any) -> Stage:
    """Close a stage, opening it first when it never was (nothing happened in it then)."""
    stage = open_in(cycle, level, kind, user)
    if stage.status != StageStatus.OPEN:
        return stage
    return close_stage(user, stage=stage, override_reason=CLOSE_OVERRIDE)
