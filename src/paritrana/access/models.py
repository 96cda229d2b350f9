"""The roles that are not panel seats or candidate links, and the users' API tokens.

- The national admin is a superuser or holds `assessment.manage_panels`.
- A data officer holds `coverage.add_dataimport`.
- A provincial admin (the secretariat of a provincial team) is a `ProvincialAdmin` row: the
  role is scoped to one province.
- Panel chairs, secretaries and assessors are `assessment.PanelMember` seats; candidate
  representatives are `awards.Representative` links.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProvincialAdmin(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provincial_admin_roles"
    )
    province = models.CharField(_("province code"), max_length=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "province"], name="one_admin_role_per_province")
        ]
        verbose_name = _("provincial admin")
        verbose_name_plural = _("provincial admins")

    def __str__(self) -> str:
        return f"{self.user} ({self.province})"


class Scope(models.TextChoices):
    READ = "baca", _("Read what the account may see")
    SCORE = "nilai", _("Save and submit score sheets")
    IMPORT = "impor", _("Upload data files for import")
    TEAM = "tim", _("Seat assessment teams and their members")


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 digest of the secret is stored; the secret itself
    is shown once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class LoginThrottle(models.Model):
    """The failed password logins of one account or one client address: the memory of the
    login lockout (`paritrana.access.logins`), shared by every process and kept across
    restarts. Deleting a row lifts its lockout."""

    class Kind(models.TextChoices):
        ACCOUNT = "akun", _("account")
        ADDRESS = "alamat", _("address")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("account or address"), max_length=150)
    failures = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_failure_at = models.DateTimeField(_("last failure"), db_index=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="one_login_throttle_per_key")
        ]
        ordering = ["-last_failure_at"]
        verbose_name = _("login lockout")
        verbose_name_plural = _("login lockouts")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key}"
