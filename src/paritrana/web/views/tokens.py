"""The user's own API tokens (/akun/token/): make one (its secret is shown once), revoke one.

The page that shows a new secret is answered directly, never redirected to, and is not cached:
the secret exists nowhere else (only its digest is stored).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from paritrana.access.models import ApiToken, Scope
from paritrana.access.tokens import TokenError
from paritrana.commands.tokens import issue, revoke


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("For example the program that will use it."),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Scope.READ.value],
    )
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        min_value=1,
        max_value=730,
        required=False,
        help_text=gettext_lazy("Empty: until revoked."),
    )


def _page(
    request: HttpRequest, form: TokenForm, secret: str = "", status: int = 200
) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "web/account/tokens.html",
        {"form": form, "tokens": tokens, "secret": secret},
        status=status,
    )


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        _token, secret = issue(
            request.user,
            owner=request.user,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            days=form.cleaned_data["days"],
        )
    except TokenError as exc:
        form.add_error(None, str(exc))
        return _page(request, form, status=400)
    return _page(request, TokenForm(), secret=secret)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke(request.user, token=token)
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("web:tokens")
