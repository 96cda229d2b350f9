"""The login lockout: one policy for every password login, kept in the database.

It is enforced inside Django's `authenticate()`, so no login form can go around it: the
`LockoutGate` backend runs before the password backends and refuses an attempt while its
account or its client address is locked (even with the right password), and every failed
attempt is recorded from Django's `user_login_failed` signal. A successful login clears its
account's count.

The policy bounds guessing without letting a stranger lock a person out for good:

- **Per account, a growing delay.** After `PARITRANA_LOGIN_ATTEMPTS` failures in a row, the
  account waits `PARITRANA_LOGIN_LOCKOUT_MINUTES`; every further failure after a wait doubles
  it, up to 64 times that. A stranger can slow an account down, never lock it permanently: the
  wait always ends, and the secretariat can lift it (delete the row in the admin).
- **Per client address, a hard lock.** An address that fails `ADDRESS_FACTOR` times as often
  (on any accounts, with no pause of a whole lockout period between failures) is refused for
  one lockout period, whatever the account. One office often shares one address, so it may
  fail more often than one account.

The client address is the connection's, or with `PARITRANA_TRUSTED_PROXIES` = N behind N
reverse proxies, the Nth entry from the right of X-Forwarded-For (the one the outermost
trusted proxy wrote): entries further left are whatever the caller sent.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from paritrana.access.models import LoginThrottle

ADDRESS_FACTOR = 4
MAX_DOUBLINGS = 6  # the longest wait is 2**6 = 64 lockout periods
_REFUSAL = "_paritrana_login_refusal"
Kind = LoginThrottle.Kind


@dataclass(frozen=True)
class Refusal:
    kind: str  # LoginThrottle.Kind
    until: datetime

    @property
    def message(self) -> str:
        """What the login form says (Bahasa Indonesia): why, and when to try again."""
        now = timezone.now()
        minutes = max(1, math.ceil((self.until - now).total_seconds() / 60))
        local = timezone.localtime(self.until)
        when = f"pukul {local:%H.%M} {local.tzname() or ''}".strip()
        if local.date() != timezone.localtime(now).date():
            when = f"{local:%d-%m-%Y} {when}"
        whose = "untuk akun ini" if self.kind == Kind.ACCOUNT else "dari alamat jaringan ini"
        return (
            f"Terlalu banyak percobaan masuk yang gagal {whose}. Coba lagi {when} "
            f"(sekitar {minutes} menit lagi), atau minta sekretariat membuka kunci akun Anda."
        )


def client_address(request: HttpRequest | None) -> str:
    """The caller's address, trusting X-Forwarded-For only as far as the configured proxies."""
    if request is None:
        return ""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies: int = settings.PARITRANA_TRUSTED_PROXIES
    if proxies:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            try:
                return str(ipaddress.ip_address(hops[-proxies]))
            except ValueError:
                pass  # not an address: the proxy's own is the safe one to count
    return remote


def _period() -> timedelta:
    return timedelta(minutes=settings.PARITRANA_LOGIN_LOCKOUT_MINUTES)


def _keys(request: HttpRequest | None, username: str) -> list[tuple[str, str]]:
    keys = [(Kind.ACCOUNT.value, username.strip().lower()[:150])]
    address = client_address(request)
    if address:
        keys.append((Kind.ADDRESS.value, address[:150]))
    return keys


def refusal(request: HttpRequest | None, username: str) -> Refusal | None:
    """Why an attempt to log in as `username` from this request is refused now, if it is."""
    now = timezone.now()
    for kind, key in _keys(request, username):
        row = LoginThrottle.objects.filter(kind=kind, key=key, locked_until__gt=now).first()
        if row is not None and row.locked_until is not None:
            return Refusal(kind, row.locked_until)
    return None


def refused(request: HttpRequest | None) -> Refusal | None:
    """The refusal the gate gave this request's login attempt, if it gave one."""
    found: Refusal | None = getattr(request, _REFUSAL, None)
    return found


def _lock_after(kind: str, failures: int, now: datetime) -> datetime | None:
    limit: int = settings.PARITRANA_LOGIN_ATTEMPTS
    if kind == Kind.ACCOUNT:
        if failures < limit:
            return None
        return now + _period() * (1 << min(failures - limit, MAX_DOUBLINGS))
    return now + _period() if failures >= limit * ADDRESS_FACTOR else None


def record_failure(request: HttpRequest | None, username: str) -> None:
    now = timezone.now()
    period = _period()
    forgotten = now - period * (2 << MAX_DOUBLINGS)
    with transaction.atomic():
        # A row quiet for twice the longest wait is forgotten: its next failure starts over.
        LoginThrottle.objects.filter(last_failure_at__lt=forgotten).delete()
        for kind, key in _keys(request, username):
            row, _new = LoginThrottle.objects.select_for_update().get_or_create(
                kind=kind, key=key, defaults={"last_failure_at": now}
            )
            # An address's count is per lockout period; an account's runs until a success.
            if kind == Kind.ADDRESS and row.last_failure_at < now - period:
                row.failures = 0
            row.failures += 1
            row.last_failure_at = now
            row.locked_until = _lock_after(kind, row.failures, now)
            row.save()


def clear_account(username: str) -> None:
    LoginThrottle.objects.filter(kind=Kind.ACCOUNT, key=username.strip().lower()).delete()


class LockoutGate:
    """The first authentication backend: it authenticates nobody, and stops a password
    attempt at a locked account or address before any password is checked. It has only
    `authenticate` (no `get_user`, no permissions): sessions and permissions are never its."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if password is None or username is None:
            return None  # not a password login
        found = refusal(request, str(username))
        if found is not None:
            if request is not None:
                setattr(request, _REFUSAL, found)
            raise PermissionDenied(found.message)  # Django then tries no other backend
        return None


def _username(credentials: dict[str, Any]) -> str:
    field = get_user_model().USERNAME_FIELD
    return str(credentials.get(field) or credentials.get("username") or "")


@receiver(user_login_failed, dispatch_uid="paritrana-login-failed")
def _failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if "password" not in credentials:
        return  # not a password login
    username = _username(credentials)
    # An attempt the gate refused is not a guess: it does not lengthen the wait.
    if refused(request) is not None or refusal(request, username) is not None:
        return
    record_failure(request, username)


@receiver(user_logged_in, dispatch_uid="paritrana-logged-in")
def _succeeded(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    clear_account(user.get_username())
