"""The site's own error pages: 400, 403, the CSRF failure, 404 and 500 (urls.handler4xx/500,
settings.CSRF_FAILURE_VIEW), in the visitor's language (Bahasa Indonesia unless they chose
English), never Django's English technical text.

Addresses under /api/ answer in the API's JSON error shape instead, so a program never gets a
page: these handlers are reached there only when a request fails before the API (a host not
allowed, a fault in a middleware).

The 500 page needs neither the database nor the context processors: it is rendered without a
request, and if even that fails a fixed page is sent.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

API_PREFIX = "/api/"
FAVICON = Path(__file__).resolve().parents[1] / "static" / "web" / "favicon.ico"

# What a program is told, in the API's shape and words (paritrana/api/app.py).
API_ERRORS = {
    400: ("bad_request", "Permintaan tidak dapat diterima."),
    403: ("forbidden", "Anda tidak berhak membuka ini."),
    404: ("not_found", "Data tidak ditemukan."),
    500: ("server_error", "Terjadi galat sistem; laporkan ke pengelola sistem."),
}
CSRF_API_MESSAGE = (
    "Pemeriksaan CSRF gagal: kirim ulang dari halaman yang dimuat ulang, atau pakai "
    "token API (Authorization: Bearer ...) untuk program."
)

# Django's own 404 messages are English and name models (get_object_or_404); ours say why.
DJANGO_NOT_FOUND = re.compile(r"^No .+ matches the given query\.$")

# When even the 500 template cannot be rendered.
FALLBACK_500 = (
    '<!doctype html><html lang="id"><head><meta charset="utf-8">'
    "<title>Galat server · Paritrana</title></head><body>"
    "<h1>Terjadi galat pada server</h1><p>Permintaan Anda tidak dapat diselesaikan. "
    "Tidak ada data yang berubah. Coba lagi nanti.</p></body></html>"
)


def _for_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _api_error(status: int, message: str | None = None) -> JsonResponse:
    code, default = API_ERRORS[status]
    return JsonResponse({"error": {"code": code, "message": message or default}}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request Django refuses before any view (a host not allowed, a malformed body)."""
    if _for_api(request):
        return _api_error(400)
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A refusal: the reason (always ours, in Bahasa Indonesia) when the refusal gave one."""
    reason = str(exception or "")
    if _for_api(request):
        return _api_error(403, reason)
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Not found: our own reason when a view gave one (an unknown region code), never the
    resolver's internals (Django shows "Resolver404" for an address that matches no route)."""
    if _for_api(request):
        return _api_error(404)
    reason = ""
    if exception is not None and not isinstance(exception, Resolver404):
        message = exception.args[0] if exception.args else ""
        if isinstance(message, str) and not DJANGO_NOT_FOUND.match(message):
            reason = message
    return render(request, "404.html", {"reason": reason}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """A fault of ours (logged with its traceback by Django): no database, no context."""
    if _for_api(request):
        return _api_error(500)
    try:
        body = loader.get_template("500.html").render()
    except Exception:  # the page that reports a fault must not become one
        body = FALLBACK_500
    return HttpResponse(body, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid CSRF token: in practice a form left open too long (or from
    before a login or logout in another tab), or a browser that blocks cookies. Nothing was
    saved; the way on is to reload the form and send it again."""
    if _for_api(request):
        return _api_error(403, CSRF_API_MESSAGE)
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = request.path
    return render(request, "csrf_failure.html", {"back": back}, status=403)


@cache
def _favicon_bytes() -> bytes:
    return FAVICON.read_bytes()


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for by themselves on every site (otherwise the most
    frequent 404 of all): the icon drawn by scripts/build_favicon.py, cached for a day."""
    response = HttpResponse(_favicon_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
