"""Decisions: confirming the Juara of a group, and deciding it again with a reason.

Publication is the opening of a round's publication stage (a stage transition, see the awards
commands); promotion of a provincial Juara I to the national round is part of its confirmation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from paritrana.assessment.domain import decisions
from paritrana.assessment.models import Decision
from paritrana.awards.models import Category, Nomination
from paritrana.commands.registry import command


def _choice(arguments: dict[str, Any]) -> decisions.Choice:
    return decisions.Choice(
        arguments["category"], arguments["group"], tuple(arguments.get("chosen") or ())
    )


@command(
    "decision.confirm",
    label=_("Confirm the Juara"),
    perm="access.confirm_decision",
    target=_choice,
)
def confirm_juara(
    actor: Any,
    *,
    category: Category,
    group: str,
    chosen: Sequence[Nomination],
    reason: str = "",
    seen: str | None = None,
) -> list[Decision]:
    """Juara I-III of the group, stored with its ranking as decided (computed by the command;
    `seen`: the fingerprint of the ranking shown to the actor, refused if it has changed); once
    decided, a re-decision (a reason is then required)."""
    return decisions.confirm(
        category=category, group=group, chosen=chosen, user=actor, reason=reason, seen=seen
    )


@command(
    "decision.redecide",
    label=_("Decide the Juara again"),
    perm="access.confirm_decision",
    target=_choice,
)
def redecide_juara(
    actor: Any,
    *,
    category: Category,
    group: str,
    chosen: Sequence[Nomination],
    reason: str,
    seen: str | None = None,
) -> list[Decision]:
    """A new version of a decided group's ranking and Juara, with the correction's reason."""
    return decisions.redecide(
        category=category, group=group, chosen=chosen, user=actor, reason=reason, seen=seen
    )
