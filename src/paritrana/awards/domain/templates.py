"""Cycles from the packaged "Paritrana 2025" template, and new cycles copied from an old one.

The template (`awards/data/paritrana_2025.json`) holds the stages with their default dates
(month and day in the ceremony year) and roles, the categories with their eligibility, and
each category's criteria tree with weights, scoring functions and rubric descriptors. No
official weights were published, so every weight is marked as an editable assumption.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from importlib import resources
from typing import Any

from django.db import transaction

from paritrana.awards.domain.audit import log_action
from paritrana.awards.models import Category, Criterion, Cycle, RubricLevel, Stage
from paritrana.awards.models.cycle import STAGE_ORDER
from paritrana.errors import DomainError

TEMPLATE = "paritrana_2025.json"


class CycleExists(DomainError):
    """A cycle for that assessment year exists already (message in Bahasa Indonesia)."""


def load_template(name: str = TEMPLATE) -> dict[str, Any]:
    text = resources.files("paritrana.awards").joinpath("data", name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _check_free(year: int) -> None:
    if Cycle.objects.filter(assessment_year=year).exists():
        raise CycleExists(f"Siklus penilaian {year} sudah ada.")


def create_cycle_from_template(
    *, assessment_year: int, user: Any = None, template: dict[str, Any] | None = None
) -> Cycle:
    """A new cycle for `assessment_year`, its ceremony the following year."""
    template = template or load_template()
    _check_free(assessment_year)
    ceremony = assessment_year + 1
    with transaction.atomic():
        cycle = Cycle.objects.create(
            assessment_year=assessment_year,
            ceremony_year=ceremony,
            name=f"{template['name']} {ceremony}",
        )
        for level, rows in template["stages"].items():
            for kind, m1, d1, m2, d2, roles in rows:
                Stage.objects.create(
                    cycle=cycle,
                    level=level,
                    kind=kind,
                    order=STAGE_ORDER.index(kind),
                    starts_on=dt.date(ceremony, m1, d1),
                    ends_on=dt.date(ceremony, m2, d2),
                    roles=roles,
                )
        planned: list[tuple[int, Criterion, dict[str, Any]]] = []
        for order, spec in enumerate(template["categories"]):
            category = Category.objects.create(
                cycle=cycle,
                level=spec["level"],
                code=spec["code"],
                name=spec["name"],
                description=spec.get("description", ""),
                enabled=spec["enabled"],
                eligibility=spec["eligibility"],
                shortlist=spec.get("shortlist", {}),
                order=order,
            )
            _plan_criteria(category, spec["criteria"], parent=None, counter=[0], into=planned)
        _create_criteria(planned)
        log_action(
            user=user,
            action="cycle.create_from_template",
            obj=cycle,
            cycle=cycle,
            after={"template": TEMPLATE, "assessment_year": assessment_year},
        )
    return cycle


def _plan_criteria(
    category: Category,
    specs: list[dict[str, Any]],
    *,
    parent: Criterion | None,
    counter: list[int],
    into: list[tuple[int, Criterion, dict[str, Any]]],
    depth: int = 0,
) -> None:
    """The template's criteria as unsaved rows, each with its depth in the tree, numbered in
    the template's order (a parent before its children)."""
    for spec in specs:
        counter[0] += 1
        scale = spec.get("scale", [1, 5])
        criterion = Criterion(
            category=category,
            parent=parent,
            stage=spec["stage"],
            code=spec["code"],
            name=spec["name"],
            description=spec.get("description", ""),
            weight=Decimal(str(spec["weight"])),
            kind=spec.get("kind", ""),
            metric=spec.get("metric", ""),
            function=spec.get("function", ""),
            params=spec.get("params", {}),
            scale_min=Decimal(str(scale[0])),
            scale_max=Decimal(str(scale[1])),
            order=counter[0],
        )
        into.append((depth, criterion, spec))
        if spec.get("children"):
            _plan_criteria(
                category,
                spec["children"],
                parent=criterion,
                counter=counter,
                into=into,
                depth=depth + 1,
            )


def _create_criteria(planned: list[tuple[int, Criterion, dict[str, Any]]]) -> None:
    """The planned criteria saved a tree level at a time (a child takes its parent's key), then
    every rubric level at once: a few statements instead of two per criterion."""
    for level in sorted({depth for depth, _criterion, _spec in planned}):
        Criterion.objects.bulk_create([c for depth, c, _spec in planned if depth == level])
    RubricLevel.objects.bulk_create(
        RubricLevel(criterion=criterion, score=Decimal(score), descriptor=text)
        for _depth, criterion, spec in planned
        for score, text in spec.get("rubric", {}).items()
    )


def copy_cycle(*, source: Cycle, assessment_year: int, user: Any = None) -> Cycle:
    """A new cycle with the source's stages (dates moved by the years between them, all
    unopened), categories, criteria and rubrics, including every edit made to the source."""
    _check_free(assessment_year)
    shift = assessment_year - source.assessment_year
    with transaction.atomic():
        cycle = Cycle.objects.create(
            assessment_year=assessment_year,
            ceremony_year=source.ceremony_year + shift,
            name=source.name.replace(str(source.ceremony_year), str(source.ceremony_year + shift)),
            copied_from=source,
        )
        for stage in source.stages.all():
            Stage.objects.create(
                cycle=cycle,
                level=stage.level,
                kind=stage.kind,
                order=stage.order,
                starts_on=_shift(stage.starts_on, shift),
                ends_on=_shift(stage.ends_on, shift),
                roles=stage.roles,
            )
        for category in source.categories.prefetch_related("criteria__rubric"):
            _copy_category(category, cycle)
        log_action(
            user=user,
            action="cycle.copy",
            obj=cycle,
            cycle=cycle,
            after={"copied_from": source.assessment_year},
        )
    return cycle


def _shift(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def _copy_category(category: Category, cycle: Cycle) -> None:
    new = Category.objects.create(
        cycle=cycle,
        level=category.level,
        code=category.code,
        name=category.name,
        description=category.description,
        enabled=category.enabled,
        eligibility=category.eligibility,
        shortlist=category.shortlist,
        order=category.order,
    )
    copy_criteria(source=category, into=new)


def copy_criteria(*, source: Category, into: Category) -> None:
    """Copy `source`'s criteria tree (weights, scoring, rubric) into the category `into`."""
    copies: dict[int, Criterion] = {}
    # Parents come before children in `order`, so each parent is copied before its children.
    for criterion in sorted(source.criteria.all(), key=lambda c: c.order):
        old_id = criterion.pk
        rubric = list(criterion.rubric.all())
        criterion.pk = None
        criterion.category = into
        criterion.parent = copies[criterion.parent_id] if criterion.parent_id else None
        criterion.save()
        copies[old_id] = criterion
        RubricLevel.objects.bulk_create(
            RubricLevel(criterion=criterion, score=r.score, descriptor=r.descriptor) for r in rubric
        )


def leaves(category: Category) -> list[Criterion]:
    """The criteria that are scored (those without children), in one query."""
    criteria = list(category.criteria.all())
    parents = {c.parent_id for c in criteria}
    return [c for c in criteria if c.pk not in parents]
