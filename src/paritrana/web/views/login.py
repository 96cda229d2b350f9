"""The login pages. The lockout itself is enforced inside Django's authentication
(`paritrana.access.logins`), for every password form alike; these forms only say why an attempt
was refused and when to try again, and the pages answer such an attempt with 429."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from paritrana.access.logins import refused


class _SaysWhyRefused:
    request: HttpRequest | None

    def get_invalid_login_error(self) -> ValidationError:
        refusal = refused(self.request)
        if refusal is not None:
            return ValidationError(refusal.message, code="locked_out")
        return super().get_invalid_login_error()  # type: ignore[misc,no-any-return]


class LoginForm(_SaysWhyRefused, AuthenticationForm):
    pass


class AdminLoginForm(_SaysWhyRefused, AdminAuthenticationForm):
    pass


class ThrottledLoginView(auth_views.LoginView):
    template_name = "web/login.html"
    form_class = LoginForm

    def form_invalid(self, form: Any) -> HttpResponse:
        refusal = refused(self.request)
        if refusal is None:
            return super().form_invalid(form)
        context = self.get_context_data(form=form, locked_out=refusal.message)
        return self.render_to_response(context, status=429)


def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """The admin's own login page, with the same lockout message and status as /masuk/."""
    response = admin.site.login(request, extra_context)
    if refused(request) is not None:
        response.status_code = 429
    return response
