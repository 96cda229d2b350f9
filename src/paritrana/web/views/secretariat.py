"""The secretariat's workbench, cycle set-up (/sekretariat/...).

- /sekretariat/: the cycles, a new one from the packaged template or copied from an earlier
  one, and links to the workbench's other pages. A provincial admin sees the same hub with
  links to its own province's pages, and nothing to edit (`access.view_workbench`).
- /sekretariat/<cycle>/: the cycle's name, the stages (dates, opening and closing with their
  pre-checks) and the categories (name, in use, eligibility in words, shortlist rule; added
  and removed: `cycle_edits`).
- /sekretariat/<cycle>/kategori/<category>/: the criteria tree (names, weights with the sum per
  level) and the rubric descriptors.

Every change is a command (`commands.setup`, `commands.awards`); a field the domain refuses is
shown at the field, and a form judging has locked is shown read-only with the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from paritrana.access.policy import administered_provinces, allowed, require
from paritrana.assessment.domain.prechecks import (
    CLOSE,
    OPEN,
    Finding,
    PrecheckFailed,
    findings,
)
from paritrana.assessment.models import Panel
from paritrana.awards.domain.setup import (
    SIZE_CLASSES,
    SetupError,
    criteria_lock_reason,
    eligibility_words,
    level_sums,
    metric_choices,
    number_words,
    shortlist_words,
    stage_lock_reason,
    weight_problems,
)
from paritrana.awards.domain.templates import leaves
from paritrana.awards.labels_text import text_label
from paritrana.awards.models import (
    Category,
    Criterion,
    Cycle,
    Level,
    Stage,
    StageKind,
    StageStatus,
)
from paritrana.commands.awards import close_stage, copy_cycle, create_cycle, open_stage
from paritrana.commands.setup import (
    schedule_stage,
    update_category,
    update_criterion,
    update_rubric,
)
from paritrana.errors import DomainError
from paritrana.regions.models import Region
from paritrana.web import stage_words
from paritrana.web.confirm import CONFIRM_FIELD, NOT_CONFIRMED, confirmed
from paritrana.web.views import cycle_edits
from paritrana.web.views.results import refusing

# -- the hub ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceLinks:
    code: str
    name: str
    panel: Panel | None


@login_required
@refusing
def hub(request: HttpRequest) -> HttpResponse:
    require(request.user, "access.view_workbench")
    manages = allowed(request.user, "access.manage_cycle")
    if request.method == "POST":
        require(request.user, "access.manage_cycle")  # a provincial admin only looks
        done = _create_or_copy(request)
        if done is not None:
            return redirect("web:cycle_setup", cycle=done.pk)
        return redirect("web:secretariat")
    cycles = list(Cycle.objects.prefetch_related("stages"))
    provinces = [] if manages else _own_provinces(request.user, cycles)
    this_year = dt.date.today().year
    taken = {c.assessment_year for c in cycles}
    return render(
        request,
        "web/secretariat/cycles.html",
        {
            "cycles": [(c, _stage_summary(c)) for c in cycles],
            "manages": manages,
            "provinces": provinces,
            "next_year": max(taken, default=this_year - 1) + 1,
        },
    )


def _stage_summary(cycle: Cycle) -> dict[str, str]:
    """Per round, the stage open now (or the last one closed, or "not started")."""
    summary = {}
    for level, label in Level.choices:
        stages = [s for s in cycle.stages.all() if s.level == level]
        opened = [s for s in stages if s.status == StageStatus.OPEN]
        closed = [s for s in stages if s.status == StageStatus.CLOSED]
        if opened:
            now = _("%(stage)s is open") % {"stage": opened[-1].get_kind_display()}
        elif closed:
            now = _("%(stage)s closed") % {"stage": closed[-1].get_kind_display()}
        else:
            now = _("not started")
        summary[str(label)] = now
    return summary


def _own_provinces(user: Any, cycles: list[Cycle]) -> list[tuple[Cycle, list[ProvinceLinks]]]:
    codes = sorted(administered_provinces(user))
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    panels = {
        (p.cycle_id, p.province): p
        for p in Panel.objects.filter(cycle__in=cycles, level=Level.PROVINCIAL, province__in=codes)
    }
    return [
        (
            c,
            [
                ProvinceLinks(code, names.get(code, code), panels.get((c.pk, code)))
                for code in codes
            ],
        )
        for c in cycles
    ]


def _year(value: str | None) -> int | None:
    try:
        year = int(value or "")
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None


def _create_or_copy(request: HttpRequest) -> Cycle | None:
    year = _year(request.POST.get("assessment_year"))
    if year is None:
        messages.error(request, _("Enter an assessment year between 2000 and 2100."))
        return None
    try:
        if request.POST.get("action") == "copy":
            source = get_object_or_404(Cycle, pk=_pk(request.POST.get("source")))
            cycle = copy_cycle(request.user, source=source, assessment_year=year)
        else:
            cycle = create_cycle(request.user, assessment_year=year)
    except DomainError as exc:
        messages.error(request, str(exc))
        return None
    messages.success(request, _("The cycle %(cycle)s is created.") % {"cycle": cycle.display_label})
    return cycle


def _pk(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


# -- a cycle's set-up: stages and categories ------------------------------------------------


@dataclass
class StageRow:
    stage: Stage
    action: str  # "open", "close" or "" (closed for good)
    findings: list[tuple[Finding, str]] | None  # (finding, its page's URL or ""); None: unchecked
    lock: str | None
    error: str = ""
    field_errors: dict[str, str] = field(default_factory=dict)
    typed: dict[str, str] | None = None  # the dates as typed, when saving them was refused

    @property
    def dates(self) -> dict[str, str]:
        """The dates its form shows: as typed when refused, else as stored (YYYY-MM-DD)."""
        if self.typed is not None:
            return self.typed
        return {
            name: value.isoformat() if value else ""
            for name, value in (
                ("starts_on", self.stage.starts_on),
                ("ends_on", self.stage.ends_on),
            )
        }

    @property
    def final(self) -> bool:
        return bool(self.action) and _final(self.action, self.stage)

    @property
    def closed_words(self) -> str:
        return stage_words.stage_lock_reason(self.stage) if self.stage.is_closed else ""


@dataclass
class CategoryRow:
    category: Category
    eligibility: str
    shortlist: str
    metrics: dict[str, str]
    problems: list[str]
    errors: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)  # what its form shows (`_category_values`)


def _link(finding: Finding) -> str:
    if not finding.link:
        return ""
    try:
        return reverse(finding.link, args=finding.link_args)
    except NoReverseMatch:  # a page of the workbench not installed (yet)
        return ""


def _employers(request: HttpRequest, category: Category) -> dict[str, list[str]]:
    """An employers' category's size classes (ticked) and sectors (comma-separated)."""
    if category.eligibility.get("entity") != "perusahaan":
        return {}
    return {
        "size_classes": request.POST.getlist("size_classes"),
        "sectors": request.POST.get("sectors", "").split(","),
    }


def _stage_rows(
    cycle: Cycle, checked: int | None, errors: dict[int, Any]
) -> dict[str, list[StageRow]]:
    """Per round, its stages; pre-checks for the next one to open, those open (to close) and
    the one asked for (`checked`)."""
    rows: dict[str, list[StageRow]] = {}
    for level, label in Level.choices:
        stages = list(cycle.stages.filter(level=level).order_by("order"))
        first_draft = next((s for s in stages if s.status == StageStatus.DRAFT), None)
        level_rows = []
        for stage in stages:
            action = {StageStatus.DRAFT: OPEN, StageStatus.OPEN: CLOSE}.get(stage.status, "")
            check = bool(action) and (
                stage == first_draft
                or stage.status == StageStatus.OPEN
                or stage.pk in (checked, *errors)  # a refused step shows its form again
            )
            found = [(f, _link(f)) for f in findings(stage, action)] if check else None
            row = StageRow(stage, action, found, stage_lock_reason(stage))
            if stage.pk in errors:
                row.error, row.field_errors, row.typed = errors[stage.pk]
            level_rows.append(row)
        rows[str(label)] = level_rows
    return rows


def _category_values(category: Category, request: HttpRequest | None = None) -> dict[str, Any]:
    """What a category's form shows: its stored name, use, shortlist rule and (employers'
    categories) size classes and sectors; with `request`, a refused save, as typed there, so
    that nothing typed is lost."""
    rule = category.shortlist or {}
    values: dict[str, Any] = {
        "name": category.name,
        "enabled": category.enabled,
        "metric": rule.get("metric", ""),
        "top_n": rule.get("top_n") or 5,
        "minimum": dict(rule.get("minimum") or {}),
        "size_classes": list(category.eligibility.get("size_classes") or []),
        "sectors": ", ".join(category.eligibility.get("sectors") or []),
    }
    if request is None:
        return values
    post = request.POST
    values.update(
        name=post.get("name", ""),
        enabled=post.get("enabled") == "on",
        metric=post.get("metric", ""),
        top_n=post.get("top_n", ""),
        minimum={metric: post.get(f"minimum-{metric}", "") for metric in values["minimum"]},
    )
    if category.eligibility.get("entity") == "perusahaan":
        values.update(size_classes=post.getlist("size_classes"), sectors=post.get("sectors", ""))
    return values


def _category_rows(
    cycle: Cycle, errors: dict[int, dict[str, str]], request: HttpRequest
) -> dict[str, list[CategoryRow]]:
    """Per round, its categories; a category with `errors` (its save refused) shows what
    `request` posted for it."""
    rows: dict[str, list[CategoryRow]] = {str(label): [] for _level, label in Level.choices}
    categories = cycle.categories.prefetch_related("criteria").order_by("order")
    for category in categories:
        refused = category.pk in errors
        rows[str(category.get_level_display())].append(
            CategoryRow(
                category,
                eligibility_words(category),
                shortlist_words(category),
                metric_choices(category.eligibility.get("entity", "")),
                [p.message for p in weight_problems(category, list(category.criteria.all()))],
                errors.get(category.pk, {}),
                _category_values(category, request if refused else None),
            )
        )
    return rows


@login_required
@refusing
def cycle_setup(request: HttpRequest, cycle: int) -> HttpResponse:
    found = get_object_or_404(Cycle, pk=cycle)
    require(request.user, "access.manage_cycle", found)
    stage_errors: dict[int, Any] = {}
    category_errors: dict[int, dict[str, str]] = {}
    edits = cycle_edits.CycleEdits()
    status = 200
    if request.method == "POST" and request.POST.get("action") in cycle_edits.ACTIONS:
        done = cycle_edits.post(request, found, edits)
        if done is not None:
            return done
        status = edits.status
    elif request.method == "POST":
        if _setup_post(request, found, stage_errors, category_errors):
            return redirect("web:cycle_setup", cycle=found.pk)
        status = 422 if category_errors or any(e[1] for e in stage_errors.values()) else 409
    return render(
        request,
        "web/secretariat/cycle_setup.html",
        {
            "cycle": found,
            "stages": _stage_rows(found, _pk(request.GET.get("periksa")), stage_errors),
            "categories": _category_rows(found, category_errors, request),
            "edits": edits,
            "cycle_name": found.name if edits.name_typed is None else edits.name_typed,
            "round_forms": cycle_edits.round_forms(found, edits),
            "size_classes": SIZE_CLASSES,
            "locks": {
                str(label): criteria_lock_reason(found, level) for level, label in Level.choices
            },
        },
        status=status,
    )


def _setup_post(
    request: HttpRequest,
    cycle: Cycle,
    stage_errors: dict[int, Any],
    category_errors: dict[int, dict[str, str]],
) -> bool:
    """Run the form's command; True when done (redirect), False with the errors filled in."""
    action = request.POST.get("action", "")
    if action == "category":
        category = get_object_or_404(Category, pk=_pk(request.POST.get("category")), cycle=cycle)
        try:
            update_category(
                request.user,
                category=category,
                name=request.POST.get("name", ""),
                enabled=request.POST.get("enabled") == "on",
                metric=request.POST.get("metric", ""),
                top_n=request.POST.get("top_n", ""),
                minimum=_minimum(request, category),
                **_employers(request, category),
            )
        except DomainError as exc:  # at its field, and on top where a phone shows it
            field = exc.field if isinstance(exc, SetupError) else "form"
            category_errors[category.pk] = {field: exc.message}
            messages.error(
                request,
                _("Category %(name)s is not saved: %(reason)s")
                % {"name": category.display_name, "reason": exc.message},
            )
            return False
        messages.success(
            request, _("Category %(name)s is saved.") % {"name": category.display_name}
        )
        return True
    stage = get_object_or_404(Stage, pk=_pk(request.POST.get("stage")), cycle=cycle)
    try:
        if action == "dates":
            schedule_stage(
                request.user,
                stage=stage,
                starts_on=_date(request.POST.get("starts_on"), "starts_on"),
                ends_on=_date(request.POST.get("ends_on"), "ends_on"),
            )
            messages.success(request, _("The dates of %(stage)s are saved.") % {"stage": stage})
        elif action in (OPEN, CLOSE):
            if _final(action, stage) and not confirmed(request):
                stage_errors[stage.pk] = ("", {CONFIRM_FIELD: str(NOT_CONFIRMED)}, None)
                _not_done(request, action, stage, str(NOT_CONFIRMED))  # where a phone shows it
                return False
            change = open_stage if action == OPEN else close_stage
            change(request.user, stage=stage, override_reason=request.POST.get("reason", ""))
            done = _("%(stage)s is open.") if action == OPEN else _("%(stage)s is closed.")
            messages.success(request, done % {"stage": stage})
        else:
            return True
    except SetupError as exc:
        typed = {name: request.POST.get(name, "") for name in ("starts_on", "ends_on")}
        stage_errors[stage.pk] = (
            "",
            {exc.field: exc.message},
            typed if action == "dates" else None,
        )
        # The row's message may lie off a phone's screen: it is said on top as well.
        if action == "dates":
            messages.error(
                request,
                _("The dates of %(stage)s are not saved: %(reason)s")
                % {"stage": stage, "reason": exc.message},
            )
        else:
            _not_done(request, action, stage, exc.message)
        return False
    except PrecheckFailed as exc:  # the row lists the findings and asks for the reason
        stage_errors[stage.pk] = (exc.message, {}, None)
        messages.error(request, exc.message)
        return False
    except DomainError as exc:
        messages.error(request, exc.message)
    return True


def _not_done(request: HttpRequest, action: str, stage: Stage, reason: str) -> None:
    """A refused open or close, said on top of the page (the row's message may lie off a
    phone's screen)."""
    if action == OPEN:
        words = _("%(stage)s is not opened: %(reason)s")
    else:
        words = _("%(stage)s is not closed: %(reason)s")
    messages.error(request, words % {"stage": stage, "reason": reason})


def _final(action: str, stage: Stage) -> bool:
    """Whether the step cannot be undone: closing a stage, or opening a round's publication
    stage (which announces its results)."""
    return action == CLOSE or stage.kind == StageKind.PUBLICATION


def _minimum(request: HttpRequest, category: Category) -> dict[str, float]:
    """The minimum values kept by the shortlist rule, as typed (an empty one is dropped)."""
    minimum = {}
    for metric in (category.shortlist or {}).get("minimum") or {}:
        value = request.POST.get(f"minimum-{metric}", "").strip().replace(",", ".")
        if not value:
            continue
        try:
            minimum[metric] = float(value)
        except ValueError:
            raise SetupError("minimum", "Nilai minimal harus berupa angka.") from None
    return minimum


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SetupError(name, "Tanggal tidak valid; pakai format TTTT-BB-HH.") from None


# -- a category's criteria tree and rubric ---------------------------------------------------


@dataclass
class CriterionRow:
    criterion: Criterion
    depth: int
    leaf: bool
    # (score, the stored descriptor, the descriptor for the reader) for every whole score of its
    # scale: the edit fields hold the stored text, a locked rubric reads in the reader's language
    rubric: list[tuple[str, str, str]]
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LevelSum:
    parent: Criterion | None
    total: Decimal
    expected: Decimal | None  # 100 for the top level; the parent's weight below (a note)
    ok: bool


def _tree(category: Category, errors: dict[int, dict[str, str]]) -> list[CriterionRow]:
    criteria = list(category.criteria.prefetch_related("rubric").order_by("order"))
    children: dict[int | None, list[Criterion]] = {}
    for criterion in criteria:
        children.setdefault(criterion.parent_id, []).append(criterion)
    leaf_ids = {c.pk for c in leaves(category)}
    rows: list[CriterionRow] = []

    def walk(parent: int | None, depth: int) -> None:
        for criterion in children.get(parent, []):
            stored = {number_words(r.score): r.descriptor for r in criterion.rubric.all()}
            scores = range(int(criterion.scale_min), int(criterion.scale_max) + 1)
            rubric = [
                (str(s), stored.get(str(s), ""), text_label(stored.get(str(s), ""))) for s in scores
            ]
            rows.append(
                CriterionRow(
                    criterion, depth, criterion.pk in leaf_ids, rubric, errors.get(criterion.pk, {})
                )
            )
            walk(criterion.pk, depth + 1)

    walk(None, 0)
    return rows


def _sums(category: Category) -> list[LevelSum]:
    criteria = list(category.criteria.all())
    by_id = {c.pk: c for c in criteria}
    sums = []
    for parent_id, total in level_sums(criteria).items():
        parent = by_id.get(parent_id) if parent_id is not None else None
        expected = parent.weight if parent is not None else Decimal(100)
        sums.append(LevelSum(parent, total, expected, parent is not None or total == 100))
    return sorted(sums, key=lambda s: (s.parent is not None, s.parent.order if s.parent else 0))


@login_required
@refusing
def category_setup(request: HttpRequest, cycle: int, category: int) -> HttpResponse:
    found = get_object_or_404(Category.objects.select_related("cycle"), pk=category, cycle_id=cycle)
    require(request.user, "access.manage_cycle", found.cycle)
    errors: dict[int, dict[str, str]] = {}
    status = 200
    if request.method == "POST":
        if _criterion_post(request, found, errors):
            return redirect("web:category_setup", cycle=cycle, category=found.pk)
        status = 422
    return render(
        request,
        "web/secretariat/category_setup.html",
        {
            "cycle": found.cycle,
            "category": found,
            "eligibility": eligibility_words(found),
            "rows": _tree(found, errors),
            "sums": _sums(found),
            "lock": criteria_lock_reason(found.cycle, found.level),
        },
        status=status,
    )


def _criterion_post(
    request: HttpRequest, category: Category, errors: dict[int, dict[str, str]]
) -> bool:
    criterion = get_object_or_404(
        Criterion, pk=_pk(request.POST.get("criterion")), category=category
    )
    try:
        if request.POST.get("action") == "rubric":
            descriptors = {
                key.removeprefix("rubric-"): value
                for key, value in request.POST.items()
                if key.startswith("rubric-")
            }
            update_rubric(request.user, criterion=criterion, descriptors=descriptors)
            messages.success(
                request, _("The rubric of %(name)s is saved.") % {"name": criterion.display_name}
            )
        else:
            update_criterion(
                request.user,
                criterion=criterion,
                name=request.POST.get("name", ""),
                weight=request.POST.get("weight", ""),
                description=request.POST.get("description", ""),
            )
            messages.success(
                request, _("Criterion %(name)s is saved.") % {"name": criterion.display_name}
            )
    except SetupError as exc:
        errors[criterion.pk] = {exc.field: exc.message}
        return False
    except DomainError as exc:
        errors[criterion.pk] = {"form": exc.message}
        return False
    return True
