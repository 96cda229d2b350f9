"""The caller's own API tokens: list, make (the secret is shown once), revoke.

Only a logged-in session may use these endpoints: a token cannot make or revoke tokens, so a
leaked token cannot outlive its revocation."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import AuthenticationError
from ninja.pagination import paginate

from paritrana.access.check import LOGIN
from paritrana.access.models import ApiToken
from paritrana.api.auth import SCOPE_NAMES, session_only
from paritrana.api.errors import NotFound
from paritrana.api.pagination import Pages
from paritrana.commands import tokens as commands

router = Router(tags=["token"], auth=session_only())

SCOPES_DOC = "Cakupan: " + "; ".join(f"{code} ({what})" for code, what in SCOPE_NAMES.items()) + "."


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="Awal token, untuk mengenalinya; rahasianya tidak disimpan.")
    scopes: list[str]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    active: bool


class NewTokenOut(TokenOut):
    secret: str = Field(description="Rahasia token: hanya ditampilkan sekali ini.")


class TokenIn(Schema):
    name: str = Field(max_length=100, description="Nama, mis. aplikasi yang memakainya.")
    scopes: list[str] = Field(max_length=4, description="baca, nilai, impor dan/atau tim.")
    days: int | None = Field(
        None, description="Masa berlaku dalam hari (1-730); null: tanpa batas."
    )


def _owner(request: HttpRequest) -> int:
    """The logged-in user's id (the token endpoints take a login session only)."""
    pk = request.user.pk
    if pk is None:
        raise AuthenticationError(401, LOGIN)
    return int(pk)


def _own(request: HttpRequest, pk: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=pk, user_id=_owner(request)).first()
    if token is None:
        raise NotFound(f"Token #{pk} tidak ditemukan di antara token Anda.")
    return token


@router.get("", response=list[TokenOut], summary="Token API Anda", description=SCOPES_DOC)
@paginate(Pages)
def token_list(request: HttpRequest) -> Any:
    return ApiToken.objects.filter(user_id=_owner(request))


@router.post(
    "",
    response={201: NewTokenOut},
    summary="Buat token API",
    description="Rahasianya hanya ditampilkan dalam jawaban ini. " + SCOPES_DOC,
)
def token_create(request: HttpRequest, data: TokenIn) -> Status[dict[str, Any]]:
    token, secret = commands.issue(
        request.user, owner=request.user, name=data.name, scopes=data.scopes, days=data.days
    )
    return Status(201, {**TokenOut.model_validate(token).model_dump(), "secret": secret})


@router.delete("/{int:pk}", response=TokenOut, summary="Cabut token API")
def token_revoke(request: HttpRequest, pk: int) -> ApiToken:
    token = _own(request, pk)
    commands.revoke(request.user, token=token)
    return token
