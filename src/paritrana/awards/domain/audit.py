"""The audit trail: every change to a cycle is recorded with the values before and after."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models
from django.forms.models import model_to_dict

from paritrana.awards.models import AuditEntry, Cycle


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)  # decimals as written, files by their stored name


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's fields as JSON-able values (dates, decimals and files as text)."""
    return {key: _plain(value) for key, value in model_to_dict(obj).items()}


@contextmanager
def audited(obj: models.Model, *, user: Any, action: str, cycle: Cycle | None) -> Iterator[None]:
    """Record the change made inside the block: `obj` before it and after it."""
    before = snapshot(obj)
    yield
    log_action(user=user, action=action, obj=obj, cycle=cycle, before=before, after=snapshot(obj))


def log_action(
    *,
    user: Any,
    action: str,
    obj: models.Model,
    cycle: Cycle | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        user=user if getattr(user, "pk", None) else None,
        action=action,
        model=obj._meta.label,
        object_id=str(obj.pk),
        cycle=cycle,
        before=before,
        after=after,
    )
