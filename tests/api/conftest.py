"""The API tests' helpers: the judging cast, tokens, and clients that send a token."""

from __future__ import annotations

import pytest

from paritrana.access.tokens import issue
from tests.assessment import conftest as judging

cast = judging.cast
judged = judging.judged
decided = judging.decided


def bearer(user, *scopes: str, days: int | None = None) -> dict[str, str]:
    """Headers carrying a fresh token of `user` with `scopes` (default: baca)."""
    _token, secret = issue(user=user, name="uji", scopes=list(scopes or ["baca"]), days=days)
    return {"Authorization": f"Bearer {secret}"}


def error_of(response) -> dict:
    """The error envelope, checked to be the API's one shape."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert {"code", "message"} <= set(body["error"]), body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("admin_api", password="rahasia-uji-123")


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle counts live in the cache, keyed by user id, which a later test may reuse."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
