"""Opening a cycle's screening stages before a shortlist is drawn or a candidate nominated by
hand: the domain refuses both while the stage is not open (`nominations.ensure_screening_open`),
as the shortlist page shows. Opened through the domain's `open_stage`, the way the tests open
their other stages."""

from __future__ import annotations

from paritrana.awards.domain.stages import open_stage
from paritrana.awards.models import Cycle, Level, Stage, StageKind


def open_screening(cycle: Cycle, *levels: str) -> list[Stage]:
    """Open the screening stage of each of `levels` (both rounds' when none is given)."""
    return [
        open_stage(stage=cycle.stages.get(level=level, kind=StageKind.SCREENING))
        for level in levels or (Level.PROVINCIAL, Level.NATIONAL)
    ]
