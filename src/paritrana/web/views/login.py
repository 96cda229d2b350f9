"""Login with throttling: after repeated failures for one account or one address, further
attempts are refused for a while, whatever the password (guessing gets nowhere)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from paritrana.web.security import clear_failures, locked_out, record_failure


class ThrottledLoginView(auth_views.LoginView):
    template_name = "web/login.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = request.POST.get("username", "")
        if locked_out(request, username):
            message = _(
                "Too many failed attempts. Please wait %(minutes)s minutes before trying "
                "again, or ask the secretariat to reset your password."
            ) % {"minutes": settings.PARITRANA_LOGIN_LOCKOUT_MINUTES}
            context = self.get_context_data(form=self.get_form_class()(request), locked_out=message)
            response = self.render_to_response(context)
            response.status_code = 429
            return response
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            clear_failures(request, username)
        else:
            record_failure(request, username)
        return response
