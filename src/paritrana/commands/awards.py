"""The award cycle's commands: setting a cycle up, opening and closing its stages (opening a
round's publication stage publishes its results), the shortlist and nominations by hand, and
the candidate's workspace.

A stage opens or closes only once its pre-checks find nothing missing
(`assessment.domain.prechecks`: panels seated, self-assessments and sheets submitted, weights
adding up, every group decided before publication...), or with `override_reason`, which the
audit entry keeps with the findings overridden. (The admin's actions pass no reason: there the
refusal is shown, and the workbench at /sekretariat/ overrides.)

Who may: the national admin sets cycles and stages up (`access.manage_cycle`); a province's
round is nominated into by its provincial admin and the national admin, the national round by
the national admin (`access.nominate`); a candidate's self-assessment and evidence belong to its
representative alone, whoever else asks, a superuser included (`access.edit_candidate`). The
domain verbs keep the award's own rules (a stage open, a reason given, eligibility, files
checked by their content).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from paritrana.assessment.domain import prechecks
from paritrana.awards.domain import nominations, templates, workspace
from paritrana.awards.domain.audit import log_action
from paritrana.awards.domain.eligibility import Candidate
from paritrana.awards.domain.nominations import NominationRound
from paritrana.awards.models import (
    Category,
    Criterion,
    Cycle,
    Evidence,
    Nomination,
    SelfAssessment,
    Stage,
)
from paritrana.commands.registry import arg, command
from paritrana.reports import certificate_setup


def _round(arguments: dict[str, Any]) -> NominationRound:
    return NominationRound(arguments["category"], arguments["province"])


# -- cycles and stages ---------------------------------------------------------------------


@command("cycle.create", label=_("Create a cycle from a template"), perm="access.manage_cycle")
def create_cycle(
    actor: Any, *, assessment_year: int, template: dict[str, Any] | None = None
) -> Cycle:
    return templates.create_cycle_from_template(
        assessment_year=assessment_year, user=actor, template=template
    )


@command("cycle.copy", label=_("Copy a cycle"), perm="access.manage_cycle", target=arg("source"))
def copy_cycle(actor: Any, *, source: Cycle, assessment_year: int) -> Cycle:
    """The cycle with its stages, categories and criteria (awards), and its certificates'
    wording (reports: a layer above the awards' own verbs)."""
    cycle = templates.copy_cycle(source=source, assessment_year=assessment_year, user=actor)
    certificate_setup.copy_wording(source=source, cycle=cycle, user=actor)
    return cycle


@command("stage.open", label=_("Open a stage"), perm="access.manage_cycle", target=arg("stage"))
def open_stage(actor: Any, *, stage: Stage, override_reason: str | None = None) -> Stage:
    """Open a stage once its pre-checks find nothing missing, or with a reason for going on
    regardless (kept in the audit entry with the findings); the publication stage's opening
    publishes the round's results."""
    return prechecks.open_checked(stage=stage, user=actor, override_reason=override_reason)


@command("stage.close", label=_("Close a stage"), perm="access.manage_cycle", target=arg("stage"))
def close_stage(actor: Any, *, stage: Stage, override_reason: str | None = None) -> Stage:
    """Close a stage (for good) once its pre-checks find nothing left open, or with a reason."""
    return prechecks.close_checked(stage=stage, user=actor, override_reason=override_reason)


# -- nominations ---------------------------------------------------------------------------


@command("shortlist.draw", label=_("Draw the shortlist"), perm="access.nominate", target=_round)
def draw_shortlist(
    actor: Any,
    *,
    category: Category,
    province: str,
    year: int,
    base_kind: str = "sakernas_bekerja",
) -> list[Nomination]:
    """Nominate the data-based shortlist; the draw itself is audited even when it adds no one
    (every candidate on it nominated already)."""
    drawn = nominations.draw_shortlist(
        category=category, province=province, year=year, user=actor, base_kind=base_kind
    )
    log_action(
        user=actor,
        action="shortlist.draw",
        obj=category,
        cycle=category.cycle,
        after={
            "province": province,
            "year": year,
            "base_kind": base_kind,
            "nominated": [nomination.key for nomination in drawn],
        },
    )
    return drawn


@command("nomination.add", label=_("Add a candidate"), perm="access.nominate", target=_round)
def add_nomination(
    actor: Any, *, category: Category, province: str, candidate: Candidate, reason: str
) -> Nomination:
    return nominations.add_by_hand(
        category=category, candidate=candidate, province=province, reason=reason, user=actor
    )


@command(
    "nomination.remove",
    label=_("Remove a candidate"),
    perm="access.nominate",
    target=arg("nomination"),
)
def remove_nomination(actor: Any, *, nomination: Nomination, reason: str) -> Nomination:
    return nominations.remove(nomination=nomination, reason=reason, user=actor)


# -- the candidate's workspace -------------------------------------------------------------


@command(
    "workspace.save",
    label=_("Save self-assessment answers"),
    perm="access.edit_candidate",
    target=arg("nomination"),
)
def save_answers(actor: Any, *, nomination: Nomination, answers: dict[str, str]) -> SelfAssessment:
    return workspace.save_answers(nomination=nomination, answers=answers, user=actor)


@command(
    "workspace.add_evidence",
    label=_("Upload evidence"),
    perm="access.edit_candidate",
    target=arg("nomination"),
)
def add_evidence(
    actor: Any,
    *,
    nomination: Nomination,
    content: bytes,
    original_name: str,
    kind: str,
    title: str,
    number: str = "",
    document_date: dt.date | None = None,
    amount: int | None = None,
    description: str = "",
    criterion: Criterion | None = None,
) -> Evidence:
    return workspace.add_evidence(
        nomination=nomination,
        content=content,
        original_name=original_name,
        kind=kind,
        title=title,
        user=actor,
        number=number,
        document_date=document_date,
        amount=amount,
        description=description,
        criterion=criterion,
    )


@command(
    "workspace.remove_evidence",
    label=_("Delete evidence"),
    perm="access.edit_candidate",
    target=lambda arguments: arguments["evidence"].nomination,
)
def remove_evidence(actor: Any, *, evidence: Evidence) -> None:
    """Remove an uploaded document until the self-assessment is submitted."""
    workspace.remove_evidence(evidence=evidence, user=actor)


@command(
    "workspace.submit",
    label=_("Submit the self-assessment"),
    perm="access.edit_candidate",
    target=arg("nomination"),
)
def submit(actor: Any, *, nomination: Nomination) -> SelfAssessment:
    return workspace.submit(nomination=nomination, user=actor)
