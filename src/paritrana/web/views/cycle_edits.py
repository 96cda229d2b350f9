"""The cycle's own forms on its set-up page (/sekretariat/<cycle>/): its name, and under each
round's categories a category added (a copy of one of the round's, under a new name) and one
removed (only those no candidate is nominated in are offered).

Each is a command (`commands.setup`: cycle.rename, category.add, category.remove); a refusal is
shown at its form and on top of the page (where a phone shows it), with what was typed kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from paritrana.awards.domain.setup import SetupError
from paritrana.awards.models import Category, Cycle, Level
from paritrana.commands.setup import add_category, remove_category, rename_cycle
from paritrana.errors import DomainError
from paritrana.web.confirm import CONFIRM_FIELD, NOT_CONFIRMED, confirmed

ACTIONS = frozenset({"rename", "add_category", "remove_category"})


@dataclass
class CycleEdits:
    """What a refused post of the cycle's own forms typed and why (empty when none was)."""

    name_error: str = ""
    name_typed: str | None = None
    # per round (its level code): the field refused -> why, and the values typed
    add_errors: dict[str, dict[str, str]] = field(default_factory=dict)
    add_typed: dict[str, dict[str, str]] = field(default_factory=dict)
    remove_errors: dict[str, dict[str, str]] = field(default_factory=dict)  # per round
    remove_typed: dict[str, str] = field(default_factory=dict)  # per round: the category chosen
    status: int = 200


@dataclass
class RoundForms:
    """The forms under a round's categories: the round's categories to copy from when adding
    one, and those that may be removed (no candidate nominated in them)."""

    level: str
    choices: list[tuple[int, str]] = field(default_factory=list)
    removable: list[tuple[int, str]] = field(default_factory=list)
    typed: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    remove_typed: str = ""
    remove_errors: dict[str, str] = field(default_factory=dict)

    @property
    def confirm_suffix(self) -> str:
        """The removal's "I am sure" box apart from the stages' (`yakin-kategori-provinsi`)."""
        return f"kategori-{self.level}"


def round_forms(cycle: Cycle, edits: CycleEdits) -> dict[str, RoundForms]:
    """Per round (by its label, as the page's categories are), its forms, in one query."""
    forms = {
        level: RoundForms(
            level,
            typed=edits.add_typed.get(level, {}),
            errors=edits.add_errors.get(level, {}),
            remove_typed=edits.remove_typed.get(level, ""),
            remove_errors=edits.remove_errors.get(level, {}),
        )
        for level, _label in Level.choices
    }
    categories = (
        Category.objects.filter(cycle=cycle)
        .annotate(nominated=Count("nominations"))
        .order_by("level", "order")
    )
    for category in categories:
        named = (category.pk, category.display_name)
        forms[category.level].choices.append(named)
        if not category.nominated:
            forms[category.level].removable.append(named)
    return {str(label): forms[level] for level, label in Level.choices}


def post(request: HttpRequest, cycle: Cycle, edits: CycleEdits) -> HttpResponse | None:
    """Run the posted form's command: where to go when done, None with `edits` filled in."""
    action = request.POST.get("action", "")
    page = reverse("web:cycle_setup", kwargs={"cycle": cycle.pk})
    if action == "rename":
        return _rename(request, cycle, edits, page)
    if action == "add_category":
        return _add(request, cycle, edits, page)
    return _remove(request, cycle, edits, page)


def _refused(edits: CycleEdits, exc: DomainError) -> str:
    """The field a refusal belongs to ("form" when none), and the page's status."""
    edits.status = max(edits.status, 422 if isinstance(exc, SetupError) else exc.http_status)
    return exc.field if isinstance(exc, SetupError) else "form"


def _rename(
    request: HttpRequest, cycle: Cycle, edits: CycleEdits, page: str
) -> HttpResponse | None:
    typed = request.POST.get("name", "")
    try:
        rename_cycle(request.user, cycle=cycle, name=typed)
    except DomainError as exc:
        _refused(edits, exc)
        edits.name_error, edits.name_typed = exc.message, typed
        messages.error(request, _("The cycle is not renamed: %(reason)s") % {"reason": exc.message})
        return None
    messages.success(request, _("The cycle is renamed %(name)s.") % {"name": cycle.name})
    return redirect(page)


def _add(request: HttpRequest, cycle: Cycle, edits: CycleEdits, page: str) -> HttpResponse | None:
    level = request.POST.get("level", "")
    if level not in Level.values:
        level = Level.PROVINCIAL
    typed = {"name": request.POST.get("name", ""), "basis": request.POST.get("basis", "")}
    basis = Category.objects.filter(
        cycle=cycle, pk=int(typed["basis"]) if typed["basis"].isdigit() else 0
    ).first()
    try:
        added = add_category(
            request.user, cycle=cycle, level=level, name=typed["name"], basis=basis
        )
    except DomainError as exc:
        edits.add_errors[level] = {_refused(edits, exc): exc.message}
        edits.add_typed[level] = typed
        named = typed["name"].strip()
        messages.error(  # without a name typed, no "Kategori - tidak ditambahkan"
            request,
            _("Category %(name)s is not added: %(reason)s") % {"name": named, "reason": exc.message}
            if named
            else _("The category is not added: %(reason)s") % {"reason": exc.message},
        )
        return None
    messages.success(
        request,
        _("Category %(name)s is added: narrow who may compete and edit its criteria below.")
        % {"name": added.display_name},
    )
    return redirect(f"{page}#category-{added.pk}")


def _remove(
    request: HttpRequest, cycle: Cycle, edits: CycleEdits, page: str
) -> HttpResponse | None:
    category = get_object_or_404(Category, pk=_pk(request.POST.get("category")), cycle=cycle)
    name, level = category.display_name, category.level
    edits.remove_typed[level] = str(category.pk)
    if not confirmed(request):
        edits.remove_errors[level] = {CONFIRM_FIELD: str(NOT_CONFIRMED)}
        edits.status = max(edits.status, 422)
        reason = str(NOT_CONFIRMED)
    else:
        try:
            remove_category(request.user, category=category)
        except DomainError as exc:
            edits.remove_errors[level] = {_refused(edits, exc): exc.message}
            reason = exc.message
        else:
            messages.success(request, _("Category %(name)s is removed.") % {"name": name})
            return redirect(page)
    messages.error(
        request,
        _("Category %(name)s is not removed: %(reason)s") % {"name": name, "reason": reason},
    )
    return None


def _pk(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0
