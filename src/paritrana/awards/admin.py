"""The audited admin base of rows outside the award's judging (certificate templates...).

The award's own rows (cycles, stages, categories, criteria, nominations, the audit log) are
registered by `paritrana.web.admin_awards`, in the interface layer, so that every write goes
through a command."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from paritrana.awards.domain.audit import log_action, snapshot
from paritrana.awards.models import Cycle


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
