"""Score sheets: an assessor saves and submits their own sheet of one candidate in one stage.

The sheet belongs to the acting assessor (their seat on the candidate's panel); the policy
asks `access.score_candidate` on the `ScoreTask` (assigned in this stage, no active conflict),
and the domain keeps the award's rules (stage open, candidate in the running, rubric levels,
sheet locked once submitted, the version read).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from paritrana.assessment.domain import scores
from paritrana.assessment.domain.access import seat_on
from paritrana.assessment.domain.panels import panel_of
from paritrana.assessment.domain.scores import Entry, ScoreTask
from paritrana.assessment.models import PanelMember, ScoreSheet
from paritrana.awards.models import Nomination, Stage
from paritrana.commands.registry import command
from paritrana.errors import Forbidden


def task(arguments: dict[str, Any]) -> ScoreTask:
    return ScoreTask(stage=arguments["stage"], nomination=arguments["nomination"])


def _seat(actor: Any, nomination: Nomination) -> PanelMember:
    member = seat_on(actor, panel_of(nomination))
    if member is None:  # the policy has already refused; kept for the type
        raise Forbidden("Anda bukan anggota tim penilai kandidat ini.")
    return member


@command("sheet.save", label=_("Save scores"), perm="access.score_candidate", target=task)
def save_sheet(
    actor: Any,
    *,
    stage: Stage,
    nomination: Nomination,
    entries: Mapping[str, Entry],
    note: str | None = None,
    submit: bool = False,
    expected_version: int | None = None,
) -> ScoreSheet:
    """Save a draft; with `submit`, also submit, all or nothing."""
    return scores.save_scores(
        stage=stage,
        member=_seat(actor, nomination),
        nomination=nomination,
        entries=entries,
        note=note,
        submit=submit,
        user=actor,
        expected_version=expected_version,
    )


@command("sheet.submit", label=_("Submit the scores"), perm="access.score_candidate", target=task)
def submit_sheet(actor: Any, *, stage: Stage, nomination: Nomination) -> ScoreSheet:
    return scores.submit_sheet(
        stage=stage, member=_seat(actor, nomination), nomination=nomination, user=actor
    )
