"""Panels and judging rules in the Django admin; every save and delete is audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from paritrana.assessment.domain.results import (
    ResultError,
    RulesLocked,
    check_combination,
    check_tie_rules,
    ensure_unlocked,
)
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


class JudgingRulesForm(forms.ModelForm):
    class Meta:
        model = JudgingRules
        fields = [
            "cycle",
            "level",
            "method",
            "rank_normalised",
            "data_weight",
            "assessor_weight",
            "tie_rules",
            "disagreement_threshold",
            "robustness_band",
            "robustness_draws",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("cycle") and data.get("level"):
            try:
                ensure_unlocked(data["cycle"], data["level"])
                check_tie_rules(data["cycle"], data["level"], data.get("tie_rules"))
                check_combination(data.get("data_weight"), data.get("assessor_weight"))
            except (RulesLocked, ResultError) as exc:
                raise forms.ValidationError(str(exc)) from None
        return data


@admin.register(JudgingRules)
class JudgingRulesAdmin(AuditedAdmin):
    """Declared before judging: the same checks as `declare_rules`, so the admin cannot
    change a round's rules once its verification has opened."""

    form = JudgingRulesForm
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
