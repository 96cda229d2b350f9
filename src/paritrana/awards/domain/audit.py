"""The audit trail: every change is recorded with who, when, the command it belongs to, and the
values before and after.

A command (`paritrana.commands`) runs its domain verb inside `acting(actor=..., command=...)`:
every entry written inside carries the command's name and, where the verb did not say who, the
acting user; the command then knows whether the verb recorded anything and writes the entry
itself when it did not.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.forms.models import model_to_dict

from paritrana import versions
from paritrana.awards.models import AuditEntry, Cycle


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)  # decimals as written, files by their stored name


@dataclass
class Acting:
    """The command running now, its actor, and the audit entries it has written so far."""

    actor: Any
    command: str
    entries: list[AuditEntry] = field(default_factory=list)


_acting: ContextVar[Acting | None] = ContextVar("paritrana_acting", default=None)


@contextmanager
def acting(*, actor: Any, command: str) -> Iterator[Acting]:
    """Run the block as `command` by `actor`; nested commands keep the outermost name."""
    outer = _acting.get()
    if outer is not None:
        yield outer
        return
    scope = Acting(actor=actor, command=command)
    token = _acting.set(scope)
    try:
        yield scope
    finally:
        _acting.reset(token)


def cycle_of(obj: Any) -> Cycle | None:
    """The award cycle an object belongs to, if any (for the cycle's audit log)."""
    if obj is None:
        return None
    if isinstance(obj, Cycle):
        return obj
    for path in (
        "cycle",
        "category.cycle",
        "stage.cycle",
        "panel.cycle",
        "nomination.category.cycle",
        "member.panel.cycle",
        "sheet.stage.cycle",
    ):
        value: Any = obj
        for part in path.split("."):
            value = getattr(value, part, None)
            if value is None:
                break
        if isinstance(value, Cycle):
            return value
    return None


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
    obj: models.Model | None,
    cycle: Cycle | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    scope = _acting.get()
    if scope is not None:
        user = scope.actor  # inside a command, the one who acts is its actor
    get_username = getattr(user, "get_username", None)
    entry = AuditEntry.objects.create(
        user=user if getattr(user, "pk", None) else None,
        actor=get_username() if callable(get_username) else "",
        action=action,
        command=scope.command if scope is not None else "",
        model=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        cycle=cycle,
        before=before,
        after=after,
    )
    if scope is not None:
        scope.entries.append(entry)
    else:  # a write outside a command (a background run): it moves the data version itself
        versions.moved()
    return entry
