"""Accounts and groups in the Django admin, written through commands: saving one (its staff and
superuser flags, groups and permissions: the roles) and deleting one are `account.admin_save` /
`account.admin_delete`, for the national admin only and audited with the roles before and after.
Django's own registrations would grant the national admin's role to anyone holding
`auth.change_user`, unrecorded."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse

from paritrana.commands.accounts import delete_account, save_account
from paritrana.errors import DomainError
from paritrana.web.admin_base import refusal_shown


class _ThroughCommands:
    """The row is saved with its many-to-many fields in `save_related`, inside the command
    (which reads what it gave access to before, still as stored); `save_model` saves nothing."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        pass

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        obj = form.instance

        def save() -> None:
            obj.save()
            super(_ThroughCommands, self).save_related(  # type: ignore[misc]
                request, form, formsets, change
            )

        save_account(request.user, obj=obj, save=save)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        delete_account(request.user, obj=obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().changeform_view(request, *args, **kwargs)  # type: ignore[misc]
        except DomainError as exc:  # the whole save was rolled back
            return refusal_shown(request, exc)

    def delete_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().delete_view(request, *args, **kwargs)  # type: ignore[misc]
        except DomainError as exc:
            return refusal_shown(request, exc)

    def changelist_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().changelist_view(request, *args, **kwargs)  # type: ignore[misc]
        except DomainError as exc:  # a bulk delete refused
            return refusal_shown(request, exc)


User = get_user_model()
for model in (User, Group):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(User)
class AccountAdmin(_ThroughCommands, UserAdmin):  # type: ignore[type-arg]
    pass


@admin.register(Group)
class RoleGroupAdmin(_ThroughCommands, GroupAdmin):
    pass
