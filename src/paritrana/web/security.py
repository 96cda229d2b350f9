"""Security headers every response carries, and login throttling.

The content security policy allows only our own origin: every script, style sheet, font and
image is served by the application itself (government intranets are often offline, and a
strict policy is the defence in depth against injected markup). Inline styles are allowed
because Plotly sets them on the elements it draws; inline scripts are not.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        return response


# -- login throttling ---------------------------------------------------------------------


# One office often shares one address (a NAT or the reverse proxy), so an address may fail
# more often than one account before it is locked out: guessing stays slow, colleagues keep
# working.
ADDRESS_FACTOR = 4


def _address(request: HttpRequest) -> str:
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def _keys(request: HttpRequest, username: str) -> list[str]:
    return [f"login-fail:user:{username.lower()}", f"login-fail:addr:{_address(request)}"]


def locked_out(request: HttpRequest, username: str) -> bool:
    limit = settings.PARITRANA_LOGIN_ATTEMPTS
    user_key, address_key = _keys(request, username)
    return (cache.get(user_key) or 0) >= limit or (
        cache.get(address_key) or 0
    ) >= limit * ADDRESS_FACTOR


def record_failure(request: HttpRequest, username: str) -> None:
    window = settings.PARITRANA_LOGIN_LOCKOUT_MINUTES * 60
    for key in _keys(request, username):
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)


def clear_failures(request: HttpRequest, username: str) -> None:
    """A successful login clears its account's count; the address count runs its course, so a
    valid account cannot be used to reset it between guesses at others."""
    cache.delete(_keys(request, username)[0])
