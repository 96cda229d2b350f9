from django.contrib import admin

from paritrana.access.models import ApiToken, LoginThrottle, ProvincialAdmin


@admin.register(ProvincialAdmin)
class ProvincialAdminAdmin(admin.ModelAdmin[ProvincialAdmin]):
    list_display = ("user", "province")
    list_filter = ("province",)
    search_fields = ("user__username", "province")
    autocomplete_fields = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are made by their owners (web page or CLI); here they can only be seen and
    revoked: the secret is never stored, so it cannot be shown."""

    list_display = ("name", "user", "prefix", "scopes", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = (
        "user",
        "name",
        "prefix",
        "digest",
        "scopes",
        "created_at",
        "expires_at",
        "last_used_at",
    )

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin[LoginThrottle]):
    """The login lockout's records: seen here, and deleted to lift a lockout (for example for
    a person locked out by someone else's guesses). Only failed logins write them."""

    list_display = ("kind", "key", "failures", "last_failure_at", "locked_until")
    list_filter = ("kind",)
    search_fields = ("key",)
    readonly_fields = ("kind", "key", "failures", "last_failure_at", "locked_until")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
