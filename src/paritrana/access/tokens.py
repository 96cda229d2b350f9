"""Personal API tokens: made with scopes, shown once, stored as a digest, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.utils import timezone

from paritrana.access.models import ApiToken, Scope
from paritrana.awards.domain.audit import log_action
from paritrana.errors import DomainError

PREFIX = "prt_"


class TokenError(DomainError):
    """A token that cannot be made so (message in Bahasa Indonesia)."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(
    *, user: Any, name: str, scopes: list[str], days: int | None = None
) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns it with its secret, which is never stored."""
    name = name.strip()
    if not name:
        raise TokenError("Beri nama token, misalnya nama aplikasi yang memakainya.")
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        raise TokenError(
            f"Cakupan token tidak dikenal: {', '.join(unknown)}. "
            f"Pilih dari: {', '.join(Scope.values)}."
        )
    if not scopes:
        raise TokenError("Pilih sedikitnya satu cakupan token.")
    if days is not None and not 1 <= days <= 730:
        raise TokenError("Masa berlaku token antara 1 dan 730 hari.")
    key = secrets.token_urlsafe(8)[:8]
    secret = f"{PREFIX}{key}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=f"{PREFIX}{key}",
        digest=_digest(secret),
        scopes=sorted(set(scopes)),
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    log_action(
        user=user,
        action="token.issue",
        obj=token,
        cycle=None,
        after={"owner": user.get_username(), "name": token.name, "scopes": token.scopes},
    )
    return token, secret


def authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret, or None. Records when it was last used."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.filter(digest=_digest(secret), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if token is None or not token.active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def revoke(*, token: ApiToken, user: Any) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action(
            user=user,
            action="token.revoke",
            obj=token,
            cycle=None,
            before={"revoked_at": None},
            after={"revoked_at": token.revoked_at.isoformat()},
        )
