"""Panels, members, judging rules and conflicts in the admin, through judging's commands
(`panel.create`, `panel.update`, `panel.add_member`, `panel.remove_member`, `rules.declare`,
`conflict.declare`); read-only once the round's verification has opened. A declared conflict
is never deleted here: lifting it is the national admin's override, with a reason, on the
panel's page. Assignments, overrides, interviews and decisions are made on the application's
pages and only shown here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from paritrana.assessment.domain.panels import PANEL_FIELDS
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
from paritrana.commands.judging import (
    add_member,
    create_panel,
    declare_conflict,
    declare_rules,
    remove_member,
    update_panel,
)
from paritrana.web.admin_base import CommandAdmin, CommandInline, ReadOnlyAdmin, saved

MEMBER_FIELDS = ("role", "affiliation", "institution", "region_code", "employer_key", "max_load")
RULE_FIELDS = [
    "method",
    "rank_normalised",
    "data_weight",
    "assessor_weight",
    "tie_rules",
    "disagreement_threshold",
    "robustness_band",
    "robustness_draws",
]


def _saved_as(obj: Any, stored: Any) -> None:
    """The admin goes on with the row the command stored (its redirect, its inlines)."""
    obj.pk = stored.pk
    obj._state.adding = False
    obj.refresh_from_db()


class MemberInline(CommandInline):
    model = PanelMember
    autocomplete_fields = ["user"]


@admin.register(Panel)
class PanelAdmin(CommandAdmin):
    list_display = ["name", "cycle", "level", "province", "assessors_per_candidate", "max_load"]
    list_filter = ["cycle", "level"]
    inlines = [MemberInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["cycle", "level", "province"] if obj is not None else ["name"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a panel is not deleted; its members are taken off one by one

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            changed = {name: getattr(obj, name) for name in form.changed_data}
            fields = {name: value for name, value in changed.items() if name in PANEL_FIELDS}
            if fields:
                update_panel(request.user, panel=obj, **fields)
            return
        panel = create_panel(
            request.user,
            cycle=obj.cycle,
            level=obj.level,
            province=obj.province,
            assessors_per_candidate=obj.assessors_per_candidate,
            max_load=obj.max_load,
        )
        _saved_as(obj, panel)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        def seat(row: PanelMember, row_form: Any) -> None:
            if row.pk is not None and "user" in row_form.changed_data:
                remove_member(request.user, member=PanelMember.objects.get(pk=row.pk))
            add_member(
                request.user,
                panel=form.instance,
                member_user=row.user,
                **{name: getattr(row, name) for name in MEMBER_FIELDS},
            )

        saved(formset, lambda row: remove_member(request.user, member=row), seat)


class JudgingRulesForm(forms.ModelForm):
    class Meta:
        model = JudgingRules
        fields = ["cycle", "level", *RULE_FIELDS]

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
class JudgingRulesAdmin(CommandAdmin):
    """Declared before judging (`rules.declare`): read-only once verification has opened."""

    form = JudgingRulesForm
    list_display = ["cycle", "level", "method", "rank_normalised", "tie_rules"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        rules = declare_rules(
            request.user,
            cycle=obj.cycle,
            level=obj.level,
            **{name: getattr(obj, name) for name in RULE_FIELDS},
        )
        _saved_as(obj, rules)


@admin.register(Conflict)
class ConflictAdmin(CommandAdmin):
    """Declared through `conflict.declare`; never deleted here (see the module)."""

    list_display = ["member", "nomination", "kind", "declared_at"]
    list_filter = ["kind"]
    notice = (
        "Konflik kepentingan yang sudah dideklarasikan tidak dapat dihapus; admin nasional "
        "dapat mengesampingkannya dengan alasan di halaman tim penilai."
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["member", "nomination"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        conflict = declare_conflict(
            request.user,
            member=obj.member,
            nomination=obj.nomination,
            kind=obj.kind,
            reason=obj.reason,
        )
        _saved_as(obj, conflict)


admin.site.register([ConflictOverride, Decision, Assignment, InterviewSlot], ReadOnlyAdmin)
