"""Cycles, stages, categories, criteria and their rubric, nominations and the audit log in the
admin. Every save and delete is a command (`admin.save` / `admin.delete`, audited); a stage's
dates are the secretariat's `stage.schedule` (the round's order of stages checked, as on
/sekretariat/<siklus>/), its opening and closing `stage.open` / `stage.close`; criteria and their
rubric are read-only once the round's verification has opened (and a criterion once the stage
judging it has closed)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from paritrana.awards.models import (
    AuditEntry,
    Category,
    Criterion,
    Cycle,
    Nomination,
    RubricLevel,
    Stage,
    StageStatus,
)
from paritrana.commands.admin import save_row
from paritrana.commands.awards import close_stage, open_stage
from paritrana.commands.setup import schedule_stage
from paritrana.errors import DomainError
from paritrana.web.admin_base import CommandAdmin, CommandInline, save_rows

STAGE_DATES = ("starts_on", "ends_on")


def _dates(stage: Stage | None) -> tuple[Any, Any]:
    return (stage.starts_on, stage.ends_on) if stage is not None else (None, None)


@admin.register(Cycle)
class CycleAdmin(CommandAdmin):
    list_display = ["name", "assessment_year", "ceremony_year", "copied_from"]


@admin.register(Stage)
class StageAdmin(CommandAdmin):
    list_display = ["cycle", "level", "kind", "starts_on", "ends_on", "status"]
    list_filter = ["cycle", "level", "status"]
    # Opening and closing are the commands stage.open / stage.close (explicit, audited, one-way).
    readonly_fields = ["status", "opened_at", "closed_at"]
    actions = ["open_selected", "close_selected"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A stage's cycle, round, kind and place in it come with its cycle (the template): the
        # order of the round its dates are checked against is not edited here.
        identity = ["cycle", "level", "kind", "order"] if obj is not None else []
        return [*identity, *self.readonly_fields]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """The dates through `stage.schedule` (refused out of the round's order, with the
        command's message), anything else through `admin.save`. The admin's save runs in one
        transaction: a refused date keeps the rest of the form unsaved too."""
        dates = _dates(obj)
        stored = Stage.objects.get(pk=obj.pk) if change else None
        # What differs from the row as stored (a JSON field counts as changed when the form
        # lacks its hidden initial value: its value is compared instead).
        others = [
            name
            for name in form.changed_data
            if name not in STAGE_DATES and getattr(obj, name) != getattr(stored, name, None)
        ]
        if stored is None or others:  # a new stage is saved undated, then scheduled
            obj.starts_on, obj.ends_on = _dates(stored)
            save_row(request.user, obj=obj)
        if dates != _dates(stored):
            schedule_stage(request.user, stage=obj, starts_on=dates[0], ends_on=dates[1])
        obj.starts_on, obj.ends_on = dates

    def readonly_reason(self, obj: Any) -> str | None:
        if obj is not None and obj.is_closed:
            return f"Tahap {obj} sudah ditutup dan tidak dapat diubah."
        return None

    @admin.action(description=_("Open the selected stages"))
    def open_selected(self, request: HttpRequest, queryset: Any) -> None:
        self._transition(request, queryset, open_stage)

    @admin.action(description=_("Close the selected stages (final)"))
    def close_selected(self, request: HttpRequest, queryset: Any) -> None:
        self._transition(request, queryset, close_stage)

    def _transition(self, request: HttpRequest, queryset: Any, change: Any) -> None:
        for stage in queryset:
            try:
                change(request.user, stage=stage)
            except DomainError as exc:
                self.message_user(request, str(exc), level=messages.ERROR)
            else:
                self.message_user(request, f"{stage}: {_('done')}.", level=messages.SUCCESS)


@admin.register(Category)
class CategoryAdmin(CommandAdmin):
    list_display = ["name", "cycle", "level", "code", "enabled"]
    list_filter = ["cycle", "level", "enabled"]


class RubricInline(CommandInline):
    model = RubricLevel


@admin.register(Criterion)
class CriterionAdmin(CommandAdmin):
    list_display = ["code", "name", "category", "stage", "weight", "weight_is_assumption", "kind"]
    list_filter = ["category__cycle", "category__level", "category", "stage", "kind"]
    inlines = [RubricInline]

    def readonly_reason(self, obj: Any) -> str | None:
        if obj is not None and (
            Stage.objects.filter(
                cycle=obj.category.cycle,
                level=obj.category.level,
                kind=obj.stage,
                status=StageStatus.CLOSED,
            ).exists()
        ):
            return f"Tahap yang menilai kriteria {obj.code} sudah ditutup."
        return super().readonly_reason(obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        save_rows(request, formset)


@admin.register(Nomination)
class NominationAdmin(CommandAdmin):
    list_display = ["name", "category", "province", "source", "status", "basis"]
    list_filter = ["category__cycle", "category", "province", "source", "status"]
    search_fields = ["name", "key"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "command", "model", "object_id", "cycle"]
    list_filter = ["action", "command", "model", "cycle"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
