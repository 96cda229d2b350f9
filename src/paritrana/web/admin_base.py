"""What every award row's admin shares: writes go through commands, refusals become messages,
and a row judging has locked is read-only with the reason shown.

The Django apps' admin modules cannot import the commands (a higher layer), so the award's
admin registrations live here, in the interface layer (`paritrana.web` is an installed app, so
the admin autodiscovers `paritrana.web.admin`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from paritrana.assessment.domain.locks import lock_reason
from paritrana.commands.admin import delete_row, save_row
from paritrana.errors import DomainError


def refusal_shown(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """A command's refusal as the admin's error message, back on the page that asked."""
    messages.error(request, str(exc))
    return HttpResponseRedirect(request.get_full_path())


class CommandAdmin(admin.ModelAdmin):
    """Saves and deletes through `admin.save` / `admin.delete` unless a subclass names the
    row's own command; read-only once judging locks the row (`lock_reason`)."""

    notice: str = ""  # shown on an existing row's page (what the admin cannot do here)

    def readonly_reason(self, obj: Any) -> str | None:
        return lock_reason(obj) if obj is not None else None

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self.readonly_reason(obj) is None

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self.readonly_reason(obj) is None

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, object_id) if object_id else None
        reason = self.readonly_reason(obj)
        if request.method == "GET" and obj is not None:
            for text in (reason, self.notice):
                if text:
                    messages.warning(request, text)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as exc:  # the whole save was rolled back
            return refusal_shown(request, exc)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except DomainError as exc:
            return refusal_shown(request, exc)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().changelist_view(request, extra_context)
        except DomainError as exc:  # a bulk delete refused
            return refusal_shown(request, exc)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        save_row(request.user, obj=obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        delete_row(request.user, obj=obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        with transaction.atomic():  # all or nothing: one refused row keeps every row
            for obj in queryset:
                self.delete_model(request, obj)


class CommandInline(admin.TabularInline):
    """An inline that is read-only once judging locks its parent; its rows are written by the
    parent admin's `save_formset`, through commands."""

    extra = 0

    def _open(self, obj: Any) -> bool:
        return obj is None or lock_reason(obj) is None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_add_permission(request, obj) and self._open(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._open(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._open(obj)


def save_rows(request: HttpRequest, formset: Any) -> None:
    """An inline's rows through `admin.save` / `admin.delete`, one command each."""
    saved(
        formset,
        lambda row: delete_row(request.user, obj=row),
        lambda row, _form: save_row(request.user, obj=row),
    )


def saved(formset: Any, delete: Any, save: Any) -> None:
    """Run an inline formset's deletions and saves through `delete(row)` and `save(row, form)`,
    noting what changed as Django's own `formset.save()` would (for the admin's history)."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for form in formset.deleted_forms:
        if form.instance.pk is not None:
            delete(form.instance)
            formset.deleted_objects.append(form.instance)
    for form in formset.forms:
        if form in formset.deleted_forms or not form.has_changed():
            continue
        row = form.save(commit=False)
        setattr(row, formset.fk.name, formset.instance)  # the parent, saved by now
        if row.pk is None:
            formset.new_objects.append(row)
        else:
            formset.changed_objects.append((row, form.changed_data))
        save(row, form)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Made through the application's own pages and commands; shown here only."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
