"""Panels and judging rules in the Django admin; every save and delete is audited."""

from __future__ import annotations

from django.contrib import admin

from paritrana.assessment.models import (
    Assignment,
    Conflict,
    ConflictOverride,
    Decision,
    InterviewSlot,
    JudgingRules,
    Panel,
    PanelMember,
)
from paritrana.awards.admin import AuditedAdmin


class MemberInline(admin.TabularInline):
    model = PanelMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Panel)
class PanelAdmin(AuditedAdmin):
    list_display = ["name", "cycle", "level", "province", "assessors_per_candidate", "max_load"]
    list_filter = ["cycle", "level"]
    inlines = [MemberInline]


@admin.register(JudgingRules)
class JudgingRulesAdmin(AuditedAdmin):
    list_display = ["cycle", "level", "method", "rank_normalised", "tie_rules"]


@admin.register(Conflict)
class ConflictAdmin(AuditedAdmin):
    list_display = ["member", "nomination", "kind", "declared_at"]
    list_filter = ["kind"]


@admin.register(ConflictOverride, Decision, Assignment, InterviewSlot)
class ReadOnlyAdmin(admin.ModelAdmin):
    """Made through the application's own pages, which check the rules; shown here read-only."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
