"""Who is calling the API: a personal token (`Authorization: Bearer prt_...`) or a logged-in
browser session; on the public endpoints also nobody.

A token acts for its user with no more than its scopes: `baca` to read, `nilai` to save and
submit score sheets, `impor` to upload data files, `tim` to seat the assessment teams. Which
scope a request needs is decided by its method and by the router it reaches (each router is
mounted with its own `auth` list in `paritrana.api.app`), so a router needs no code of its own
for it. What the user may see or do is then decided by the access permissions
(`paritrana.access`), exactly as for a page.

A session acts with every right of its user, and its writes must carry Django's CSRF token, as
a form does. Tokens cannot make tokens: the token endpoints accept a session only.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from paritrana.access import tokens
from paritrana.access.check import AccessDenied
from paritrana.access.models import ApiToken, Scope

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenRefused(AuthenticationError):
    """A bearer token that is unknown, expired or revoked (401)."""

    def __init__(self, message: str) -> None:
        super().__init__(401, message)


class ScopeMissing(AccessDenied):
    """A valid token without the scope the request needs (403)."""

    def __init__(self, scope: str, message: str) -> None:
        super().__init__(message)
        self.scope = scope


class CsrfFailed(PermissionDenied):
    """A session write without Django's CSRF token (403)."""

    def __str__(self) -> str:
        return (
            "Pemeriksaan CSRF gagal: kirim ulang dari halaman yang dimuat ulang, atau pakai "
            "token API (Authorization: Bearer ...) untuk program."
        )


# What each scope allows, for messages and the OpenAPI (always in Bahasa Indonesia).
SCOPE_NAMES = {
    Scope.READ.value: "membaca apa yang boleh dilihat akunnya",
    Scope.SCORE.value: "menyimpan dan mengirim lembar nilai",
    Scope.IMPORT.value: "mengunggah berkas data untuk diimpor",
    Scope.TEAM.value: "menyusun tim penilai dan anggotanya",
}


def _scope_label(scope: str) -> str:
    return f"'{scope}' ({SCOPE_NAMES.get(scope, scope)})"


class BearerToken(HttpBearer):
    """A personal API token. `write_scope` is what the router's writes need; None: the router
    takes no writes from a token."""

    def __init__(self, write_scope: str | None = None) -> None:
        super().__init__()
        self.write_scope = write_scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = tokens.authenticate(token.strip())
        if found is None:
            raise TokenRefused(
                "Token API tidak dikenal, sudah kedaluwarsa atau sudah dicabut. Buat token baru "
                "di halaman Token API."
            )
        needed = Scope.READ.value if request.method in SAFE_METHODS else self.write_scope
        if needed is None:
            raise ScopeMissing(
                "",
                "Perubahan ini tidak dapat dilakukan dengan token API; masuk lewat halaman web.",
            )
        if needed not in found.scopes:
            raise ScopeMissing(
                needed,
                f"Token '{found.name}' tidak memiliki cakupan {_scope_label(needed)} yang "
                "diperlukan untuk permintaan ini. Buat token dengan cakupan tersebut.",
            )
        # Everything downstream (the access rules, the audit log) asks request.user.
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found


class Session(APIKeyCookie):
    """Django's login session. Unlike ninja's `SessionAuth`, the CSRF check is made only for a
    logged-in session (an anonymous caller gets 401, not a CSRF refusal), and its refusal is in
    Bahasa Indonesia."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if (
            self.csrf
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise CsrfFailed()
        return request.COOKIES.get(self.param_name) or "sesi"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if key and request.user.is_authenticated else None


def no_token(request: HttpRequest) -> Any:
    """Refuses any bearer token (endpoints for a logged-in person only); otherwise passes on."""
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        raise ScopeMissing("", "Token API tidak dapat dipakai di sini: masuk lewat halaman web.")
    return None


def anyone(request: HttpRequest) -> Any:
    """The public endpoints' last resort: an anonymous caller (not shown in the OpenAPI)."""
    return request.user if request.user.is_authenticated else True


def signed_in(write_scope: str | None = None) -> list[Any]:
    """A token (writes need `write_scope`) or a session."""
    return [BearerToken(write_scope), Session()]


def public() -> list[Any]:
    """A token, a session or nobody; a bad token is still refused (401), not ignored."""
    return [BearerToken(), Session(), anyone]


def session_only() -> list[Any]:
    return [no_token, Session()]


# The OpenAPI says that these operations also answer without any credentials.
PUBLIC_DOC: dict[str, Any] = {"security": [{}]}
