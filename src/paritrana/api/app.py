"""The API object, its authentication and its one error shape.

Every error, whatever raised it, is returned as::

    {"error": {"code": "forbidden", "message": "<Bahasa Indonesia>", "details": [...]}}

Domain refusals are PermissionError (403) or ValueError (400) subclasses with a message for
the user; the API passes the message on unchanged, so a page and the API say the same thing.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from paritrana.assessment.domain.scores import ScoreConflict

api = NinjaAPI(
    title="Paritrana API",
    version="1",
    description="Data cakupan Jamsostek dan penilaian Paritrana Award.",
    auth=django_auth,
    urls_namespace="api",
)


def error(request: HttpRequest, status: int, code: str, message: str, **extra: Any) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message, **extra}}, status=status
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 401, "unauthenticated", "Silakan masuk terlebih dahulu.")


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [
        {"field": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
        for e in exc.errors
    ]
    return error(request, 422, "invalid", "Data yang dikirim tidak valid.", details=details)


@api.exception_handler(HttpError)
def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error(request, exc.status_code, "http_error", str(exc))


@api.exception_handler(Http404)
def _missing(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 404, "not_found", "Data tidak ditemukan.")


@api.exception_handler(PermissionError)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 403, "forbidden", str(exc))


@api.exception_handler(ValueError)
def _refused(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 400, "refused", str(exc))


@api.exception_handler(ScoreConflict)
def _conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
    # A PermissionError too, but not a refusal: the sheet changed since the client read it.
    # Ninja picks the handler of the nearest class in the exception's MRO, so this one wins.
    return error(request, 409, "conflict", str(exc))


def _routers() -> None:
    from paritrana.api import assessment

    api.add_router("/penilaian/", assessment.router)


_routers()
