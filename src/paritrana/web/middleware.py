"""Bahasa Indonesia first, and domain refusals as pages.

Bahasa Indonesia first: the interface language is the one the user chose, else Indonesian.

Django's LocaleMiddleware would follow the browser's Accept-Language, and many office laptops
in Indonesia run an English browser; the users asked for Indonesian unless they switch.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from paritrana.errors import DomainError


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class DomainErrorMiddleware:
    """A domain refusal a view did not handle is answered as a page with its own status and
    message (a 403 through Django's 403 page, so the reason is shown there too), never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError) or isinstance(exception, PermissionDenied):
            return None  # Django's own handling (the 403 page shows AccessDenied's reason)
        if exception.http_status == 403:
            raise PermissionDenied(exception.message) from exception
        if exception.http_status == 404:
            raise Http404(exception.message) from exception
        return render(
            request,
            "web/refused.html",
            {"message": exception.message, "status": exception.http_status},
            status=exception.http_status,
        )
