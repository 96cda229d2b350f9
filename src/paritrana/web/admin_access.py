"""Roles, API tokens and login lockouts in the Django admin, written through commands:
provincial admins are seated and removed with `admin.save` / `admin.delete`, a token is revoked
with `token.revoke`, a lockout is lifted with `admin.delete`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from paritrana.access.models import ApiToken, LoginThrottle, ProvincialAdmin
from paritrana.commands.tokens import revoke
from paritrana.web.admin_base import CommandAdmin


@admin.register(ProvincialAdmin)
class ProvincialAdminAdmin(CommandAdmin):
    list_display = ("user", "province")
    list_filter = ("province",)
    search_fields = ("user__username", "province")
    autocomplete_fields = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are made by their owners (web page or CLI); here they can only be seen and
    revoked (the action, through `token.revoke`): the secret is never stored."""

    list_display = ("name", "user", "prefix", "scopes", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    actions = ["revoke_tokens"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked, never deleted: the audit log refers to it

    @admin.action(description=_("Revoke the selected tokens"), permissions=["view"])
    def revoke_tokens(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            revoke(request.user, token=token)
        messages.success(request, _("The selected tokens are revoked."))


@admin.register(LoginThrottle)
class LoginThrottleAdmin(CommandAdmin):
    """The login lockout's records: seen here, and deleted to lift a lockout (for example for
    a person locked out by someone else's guesses). Only failed logins write them."""

    list_display = ("kind", "key", "failures", "last_failure_at", "locked_until")
    list_filter = ("kind",)
    search_fields = ("key",)
    readonly_fields = ("kind", "key", "failures", "last_failure_at", "locked_until")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
