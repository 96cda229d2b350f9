"""The API object, its authentication and its one error shape.

Every error, whatever raised it, is returned as::

    {"error": {"code": "forbidden", "message": "<Bahasa Indonesia>", "details": [...]}}

Domain refusals are `paritrana.errors.DomainError`s: each carries its HTTP status, its code and
a message for the user, which the API passes on unchanged, so a page and the API say the same
thing. No status is inferred from Python's built-in exceptions: an `OSError` or a stray
`ValueError` is our bug and answers 500. Django's PermissionDenied is a 403. Addresses under the API
that match nothing, and methods an address does not take, answer in the same shape (see
`Api.urls`), as do a body that is not JSON (422), a body too large (413) and throttling (429).
Anything unexpected is logged and answered as a 500 in the same shape.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

import pydantic
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import path, re_path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from paritrana.access.check import LOGIN
from paritrana.api import docs
from paritrana.api.auth import ScopeMissing, TokenRefused, signed_in
from paritrana.api.errors import NotFound
from paritrana.errors import DomainError

logger = logging.getLogger("django.request")

DESCRIPTION = """\
Data cakupan Jamsostek, wilayah Kemendagri, siklus dan hasil Paritrana Award, penilaian dan \
impor data.

**Masuk.** Program memakai token API pribadi: `Authorization: Bearer prt_...` (buat di \
halaman Token API atau dengan `paritrana token buat`). Cakupan token: `baca` untuk membaca, \
`nilai` untuk menyimpan dan mengirim lembar nilai, `impor` untuk mengunggah berkas. Peramban \
yang sudah masuk memakai sesinya (permintaan yang mengubah data memerlukan token CSRF). \
Wilayah, cakupan, siklus dan hasil yang sudah diumumkan terbuka untuk umum.

**Halaman.** Setiap daftar memakai `?halaman=1&per_halaman=50` (paling banyak 500) dan \
menjawab `{"items": [...], "count", "page", "per_page", "pages"}`.

**Galat.** Setiap galat berbentuk `{"error": {"code": "...", "message": "..."}}` dengan pesan \
dalam Bahasa Indonesia: 400 ditolak, 401 belum masuk atau token tidak sah, 403 tidak berhak \
(atau cakupan token kurang: `insufficient_scope` dengan `scope`), 404 tidak ditemukan, 405 \
metode salah, 409 bentrok, 413 terlalu besar, 422 data tidak valid, 429 terlalu sering.
"""


class Api(NinjaAPI):
    @property
    def urls(self) -> tuple[list[Any], str, str]:
        """ninja's URL patterns, answering in the error shape for what ninja leaves to Django:
        an address that matches nothing (Django's HTML 404), a method the address does not
        take (a bare 405) and the docs assets."""
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if pattern.callback is not None:
                pattern.callback = _json_errors(pattern.callback)
        patterns += [
            path("docs/aset/<str:name>", _json_errors(docs.asset), name="docs-asset"),
            re_path(r"^[\s\S]*$", _json_errors(_nowhere)),  # a newline in the path too
        ]
        return patterns, app_name, namespace


api = Api(
    title="Paritrana API",
    version="1",
    description=DESCRIPTION,
    auth=signed_in(),
    urls_namespace="api",
    docs=docs.LocalSwagger(),
)


def error(request: HttpRequest, status: int, code: str, message: str, **extra: Any) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message, **extra}}, status=status
    )


def _nowhere(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise NotFound(f"Tidak ada alamat API {request.path}. Daftar alamat: /api/v1/docs.")


def _json_errors(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            response = view(request, *args, **kwargs)
        except Http404 as exc:
            return _missing(request, exc)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            answer = error(
                request,
                405,
                "method_not_allowed",
                f"Metode {request.method} tidak dapat dipakai di alamat ini; pakai {allowed}.",
            )
            answer["Allow"] = allowed
            return answer
        return response

    # Every address under the API answers in its error shape, unsafe methods included: ninja's
    # own views are already exempt (its session auth checks CSRF itself), and the rest (the
    # catch-all 404, the docs assets) change nothing.
    wrapped.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapped


def _challenge(response: HttpResponse) -> HttpResponse:
    response["WWW-Authenticate"] = 'Bearer realm="Paritrana"'
    return response


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _challenge(error(request, 401, "unauthenticated", LOGIN))


@api.exception_handler(TokenRefused)
def _bad_token(request: HttpRequest, exc: TokenRefused) -> HttpResponse:
    return _challenge(error(request, 401, "invalid_token", exc.message))


# What pydantic says of a field, in Bahasa Indonesia, by its error type (its context filled in);
# a type not here keeps pydantic's English message.
FIELD_WORDS = {
    "missing": "Wajib diisi.",
    "greater_than_equal": "Harus paling sedikit {ge}.",
    "greater_than": "Harus lebih dari {gt}.",
    "less_than_equal": "Paling banyak {le}.",
    "less_than": "Harus kurang dari {lt}.",
    "string_too_long": "Paling banyak {max_length} karakter.",
    "string_too_short": "Paling sedikit {min_length} karakter.",
    "too_long": "Paling banyak {max_length} butir.",
    "too_short": "Paling sedikit {min_length} butir.",
    "int_parsing": "Harus bilangan bulat.",
    "int_type": "Harus bilangan bulat.",
    "int_from_float": "Harus bilangan bulat.",
    "float_parsing": "Harus angka.",
    "float_type": "Harus angka.",
    "decimal_parsing": "Harus angka.",
    "bool_parsing": "Harus true atau false.",
    "bool_type": "Harus true atau false.",
    "string_type": "Harus teks.",
    "list_type": "Harus daftar.",
    "dict_type": "Harus objek JSON.",
    "model_type": "Harus objek JSON.",
    "date_parsing": "Harus tanggal YYYY-MM-DD.",
    "date_from_datetime_parsing": "Harus tanggal YYYY-MM-DD.",
    "date_type": "Harus tanggal YYYY-MM-DD.",
    "datetime_parsing": "Harus tanggal dan jam ISO 8601.",
    "literal_error": "Pilih salah satu dari: {expected}.",
    "enum": "Pilih salah satu dari: {expected}.",
    "extra_forbidden": "Tidak dikenal di sini.",
}


def field_message(found: dict[str, Any]) -> str:
    """One field's fault in Bahasa Indonesia: our own validators' words as they are, pydantic's
    by the error's type."""
    kind, message = found.get("type", ""), str(found.get("msg", ""))
    if kind == "value_error":  # raised by our validators, already in Bahasa Indonesia
        return message.removeprefix("Value error, ")
    words = FIELD_WORDS.get(kind)
    if words is None:
        return message
    context = {k: str(v).replace(" or ", " atau ") for k, v in (found.get("ctx") or {}).items()}
    try:
        return words.format(**context)
    except (KeyError, IndexError):
        return message


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [
        {"field": ".".join(str(p) for p in e.get("loc", ())), "message": field_message(e)}
        for e in exc.errors
    ]
    return error(request, 422, "invalid", "Data yang dikirim tidak valid.", details=details)


@api.exception_handler(HttpError)
def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return error(request, 422, "invalid_json", "Isi permintaan bukan JSON yang sah.")
    return error(request, exc.status_code, "http_error", str(exc))


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    wait = f" Coba lagi dalam {int(exc.wait) + 1} detik." if exc.wait is not None else ""
    return error(request, 429, "throttled", f"Terlalu banyak permintaan.{wait}")


@api.exception_handler(Http404)
def _missing(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Only our own messages are passed on: Django's and ninja's are English and name models.
    message = str(exc) if isinstance(exc, NotFound) else "Data tidak ditemukan."
    return error(request, 404, "not_found", message)


@api.exception_handler(DomainError)
def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
    extra: dict[str, Any] = {"details": exc.details} if exc.details else {}
    return error(request, exc.http_status, exc.code, exc.message, **extra)


@api.exception_handler(PermissionDenied)
def _denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 403, "forbidden", str(exc) or "Anda tidak berhak membuka ini.")


@api.exception_handler(ScopeMissing)
def _scope(request: HttpRequest, exc: ScopeMissing) -> HttpResponse:
    return error(request, 403, "insufficient_scope", exc.message, scope=exc.scope)


@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 413, "too_large", "Isi permintaan terlalu besar.")


@api.exception_handler(SuspiciousOperation)
def _suspicious(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 400, "bad_request", "Permintaan tidak dapat diterima.")


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
    logger.error("API error on %s %s", request.method, request.path, exc_info=exc)
    return error(
        request, 500, "server_error", "Terjadi galat sistem; laporkan ke pengelola sistem."
    )


# A response or schema that fails validation is our bug, not the caller's.
api.add_exception_handler(pydantic.ValidationError, _unexpected)


def _routers() -> None:
    from paritrana.api import (
        assessment,
        candidates,
        contribution,
        coverage,
        cycles,
        imports,
        panels_setup,
        regions,
        results,
        secretariat,
        shortlists,
        tokens,
    )

    api.add_router("/wilayah/", regions.router)
    api.add_router("/cakupan/", coverage.router)
    api.add_router("/iuran/", contribution.router)
    api.add_router("/siklus/", cycles.router)
    api.add_router("/hasil/", results.router)
    api.add_router("/kandidat/", candidates.router)
    # Token writes on the judging router save and submit score sheets: scope "nilai".
    api.add_router("/penilaian/", assessment.router, auth=signed_in("nilai"))
    api.add_router("/impor/", imports.router)
    api.add_router("/token/", tokens.router)
    # issue 15: shortlists
    api.add_router("/daftar-pendek/", shortlists.router)
    # Issue 15, roster: the panels of a cycle and their members (token writes: scope "tim")
    api.add_router("/tim/", panels_setup.router)
    # issue 15: progress board and reminders (reading with a token; sending from a session)
    from paritrana.api import progress

    api.add_router("/kemajuan/", progress.router)
    # Issue 15, setup: the secretariat's workbench (writes from a login session only)
    api.add_router("/sekretariat/", secretariat.router)


_routers()
