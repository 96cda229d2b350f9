"""The audit trail: every change to a cycle is recorded with the values before and after."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.forms.models import model_to_dict

from paritrana.awards.models import AuditEntry, Cycle


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's fields as JSON-able values (dates and decimals as text)."""
    data = model_to_dict(obj)
    for key, value in list(data.items()):
        if isinstance(value, Decimal) or hasattr(value, "isoformat"):
            data[key] = str(value) if isinstance(value, Decimal) else value.isoformat()
    return data


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
