"""Commands on personal API tokens: made for oneself (or by the operator for an account),
revoked by their owner, a national admin or the operator."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from paritrana.access import tokens
from paritrana.access.models import ApiToken
from paritrana.commands.registry import arg, command


@command(
    "token.issue", label=_("Create an API token"), perm="access.issue_token", target=arg("owner")
)
def issue(
    actor: Any, *, owner: Any, name: str, scopes: list[str], days: int | None = None
) -> tuple[ApiToken, str]:
    """A token for `owner` with its secret (shown once, never stored)."""
    return tokens.issue(user=owner, name=name, scopes=scopes, days=days)


@command(
    "token.revoke", label=_("Revoke an API token"), perm="access.revoke_token", target=arg("token")
)
def revoke(actor: Any, *, token: ApiToken) -> ApiToken:
    tokens.revoke(token=token, user=actor)
    return token
