"""Setting a cycle up (the secretariat's workbench): its name, categories (added, changed,
removed), criteria and their weights, rubric descriptors and stage dates. The national admin
alone (`access.manage_cycle`); the domain verbs (`awards.domain.setup`, `cycle_setup`) validate
each field, refuse once the round's judging has locked them, and write the audit entry with the
values before and after."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from paritrana.awards.domain import cycle_setup, setup
from paritrana.awards.models import Category, Criterion, Cycle, Stage
from paritrana.commands.registry import arg, command


def _cycle_of(name: str, path: str) -> Any:
    def target(arguments: dict[str, Any]) -> Any:
        value: Any = arguments.get(name)
        for part in path.split("."):
            value = getattr(value, part, None)
        return value

    return target


@command(
    "category.update",
    label=_("Change a category"),
    perm="access.manage_cycle",
    target=_cycle_of("category", "cycle"),
)
def update_category(
    actor: Any,
    *,
    category: Category,
    name: str | None = None,
    enabled: bool | None = None,
    metric: str | None = None,
    top_n: int | None = None,
    minimum: dict[str, float] | None = None,
    size_classes: list[str] | None = None,
    sectors: list[str] | None = None,
) -> Category:
    return setup.update_category(
        category=category,
        user=actor,
        name=name,
        enabled=enabled,
        metric=metric,
        top_n=top_n,
        minimum=minimum,
        size_classes=size_classes,
        sectors=sectors,
    )


@command(
    "criterion.update",
    label=_("Change a criterion"),
    perm="access.manage_cycle",
    target=_cycle_of("criterion", "category.cycle"),
)
def update_criterion(
    actor: Any,
    *,
    criterion: Criterion,
    name: str | None = None,
    weight: Any = None,
    description: str | None = None,
) -> Criterion:
    return setup.update_criterion(
        criterion=criterion, user=actor, name=name, weight=weight, description=description
    )


@command(
    "rubric.update",
    label=_("Change a rubric"),
    perm="access.manage_cycle",
    target=_cycle_of("criterion", "category.cycle"),
)
def update_rubric(actor: Any, *, criterion: Criterion, descriptors: dict[Any, str]) -> Criterion:
    return setup.update_rubric(criterion=criterion, descriptors=descriptors, user=actor)


@command(
    "stage.schedule",
    label=_("Set a stage's dates"),
    perm="access.manage_cycle",
    target=_cycle_of("stage", "cycle"),
)
def schedule_stage(
    actor: Any, *, stage: Stage, starts_on: dt.date | None, ends_on: dt.date | None
) -> Stage:
    return setup.schedule_stage(stage=stage, starts_on=starts_on, ends_on=ends_on, user=actor)


@command("cycle.rename", label=_("Rename a cycle"), perm="access.manage_cycle", target=arg("cycle"))
def rename_cycle(actor: Any, *, cycle: Cycle, name: str) -> Cycle:
    return cycle_setup.rename_cycle(cycle=cycle, name=name, user=actor)


@command("category.add", label=_("Add a category"), perm="access.manage_cycle", target=arg("cycle"))
def add_category(
    actor: Any, *, cycle: Cycle, level: str, name: str, basis: Category | None
) -> Category:
    """A new category of the round `level`, copied from `basis` (one of the round's)."""
    return cycle_setup.add_category(cycle=cycle, level=level, name=name, basis=basis, user=actor)


@command(
    "category.remove",
    label=_("Remove a category"),
    perm="access.manage_cycle",
    target=_cycle_of("category", "cycle"),
)
def remove_category(actor: Any, *, category: Category) -> None:
    """Delete a category nothing rests on yet (no candidate, score or decision)."""
    cycle_setup.remove_category(category=category, user=actor)
