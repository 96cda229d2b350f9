"""Configuration of cycles through the Django admin; every save and delete is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from paritrana.awards.domain.audit import log_action, snapshot
from paritrana.awards.domain.stages import StageTransitionError, close_stage, open_stage
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


def _cycle_of(obj: models.Model) -> Cycle | None:
    for path in ("cycle", "category.cycle", "panel.cycle", "member.panel.cycle"):
        target: Any = obj
        for part in path.split("."):
            target = getattr(target, part, None)
        if isinstance(target, Cycle):
            return target
    return obj if isinstance(obj, Cycle) else None


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        after = snapshot(type(obj).objects.get(pk=obj.pk))  # as stored, not as typed
        log_action(
            user=request.user,
            action="admin.change" if change else "admin.add",
            obj=obj,
            cycle=_cycle_of(obj),
            before=before,
            after=after,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        log_action(
            user=request.user,
            action="admin.delete",
            obj=obj,
            cycle=_cycle_of(obj),
            before=snapshot(obj),
        )
        super().delete_model(request, obj)


@admin.register(Cycle)
class CycleAdmin(AuditedAdmin):
    list_display = ["name", "assessment_year", "ceremony_year", "copied_from"]


@admin.register(Stage)
class StageAdmin(AuditedAdmin):
    list_display = ["cycle", "level", "kind", "starts_on", "ends_on", "status"]
    list_filter = ["cycle", "level", "status"]
    # Opening and closing go through awards.domain.stages (explicit, audited, one-way).
    readonly_fields = ["status", "opened_at", "closed_at"]
    actions = ["open_selected", "close_selected"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not (obj and obj.is_closed)

    @admin.action(description=_("Open the selected stages"))
    def open_selected(self, request: HttpRequest, queryset: Any) -> None:
        self._transition(request, queryset, open_stage)

    @admin.action(description=_("Close the selected stages (final)"))
    def close_selected(self, request: HttpRequest, queryset: Any) -> None:
        self._transition(request, queryset, close_stage)

    def _transition(self, request: HttpRequest, queryset: Any, change: Any) -> None:
        for stage in queryset:
            try:
                change(stage=stage, user=request.user)
            except StageTransitionError as exc:
                self.message_user(request, str(exc), level=messages.ERROR)
            else:
                self.message_user(request, f"{stage}: {_('done')}.", level=messages.SUCCESS)


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ["name", "cycle", "level", "code", "enabled"]
    list_filter = ["cycle", "level", "enabled"]


class RubricInline(admin.TabularInline):
    model = RubricLevel
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(AuditedAdmin):
    list_display = ["code", "name", "category", "stage", "weight", "weight_is_assumption", "kind"]
    list_filter = ["category__cycle", "category__level", "category", "stage", "kind"]
    inlines = [RubricInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A criterion is read-only once the stage it is judged in has closed.
        if (
            obj is not None
            and Stage.objects.filter(
                cycle=obj.category.cycle,
                level=obj.category.level,
                kind=obj.stage,
                status=StageStatus.CLOSED,
            ).exists()
        ):
            return False
        return super().has_change_permission(request, obj)


@admin.register(Nomination)
class NominationAdmin(AuditedAdmin):
    list_display = ["name", "category", "province", "source", "status", "basis"]
    list_filter = ["category__cycle", "category", "province", "source", "status"]
    search_fields = ["name", "key"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "model", "object_id", "cycle"]
    list_filter = ["action", "model", "cycle"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
