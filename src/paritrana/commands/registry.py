"""The one path of every action: `command(actor, **arguments)`.

A command is one use case (confirm the Juara, declare a conflict, open a stage, queue an
import...). Calling it

1. asks the access policy (`paritrana.access.check.require`) whether the actor may do it to
   its target object, refusing with `AccessDenied` (403, the reason in Bahasa Indonesia);
2. runs the domain verb inside one transaction and inside `acting(...)`, so every audit entry
   the verb writes names the command and the actor;
3. writes the audit entry itself (the target before and after) when the verb wrote none;
4. fails with a `paritrana.errors.DomainError` carrying its HTTP status and message.

Pages, the API, the CLI, the admin and the demo call commands, never the domain's writing verbs
directly. `REGISTRY` lists every command; tests/commands/ runs each one and checks its entry.
See docs/architecture.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from django.db import models, transaction

from paritrana import versions
from paritrana.access.check import require
from paritrana.awards.domain import audit_log
from paritrana.awards.domain.audit import acting, cycle_of, log_action, snapshot

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Command:
    name: str  # "decision.confirm": what the audit log calls it
    label: StrOrPromise  # what a person reads (English in the code, translated: Bahasa first)
    perm: str | None  # the access permission asked, on `target(arguments)`
    target: Callable[[dict[str, Any]], Any] | None
    atomic: bool
    func: Callable[..., Any]


REGISTRY: dict[str, Command] = {}


def _refreshed(obj: models.Model) -> models.Model | None:
    """The object as stored now (None when the command deleted it)."""
    return type(obj)._default_manager.filter(pk=obj.pk).first()


def _plain_arguments(arguments: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value
        for key, value in arguments.items()
        if value is None or isinstance(value, str | int | float | bool)
    }


def execute(cmd: Command, actor: Any, arguments: dict[str, Any]) -> Any:
    target = cmd.target(arguments) if cmd.target is not None else None
    if cmd.perm is not None:
        require(actor, cmd.perm, target)
    before = (
        snapshot(target) if isinstance(target, models.Model) and target.pk is not None else None
    )
    context = transaction.atomic() if cmd.atomic else nullcontext()
    with context, acting(actor=actor, command=cmd.name) as scope, versions.writing():
        result = cmd.func(actor, **arguments)
        if not scope.entries:
            subject = result if isinstance(result, models.Model) else target
            if isinstance(subject, models.Model):
                now = _refreshed(subject)
                after = snapshot(now) if now is not None else None
            else:  # no object of its own (a file loaded, a computation queued): what was asked
                # and, for a report the verb returns, what it says
                subject, after = None, _plain_arguments(arguments)
                if dataclasses.is_dataclass(result) and not isinstance(result, type):
                    after |= _plain_arguments(dataclasses.asdict(result))
            log_action(
                user=actor,
                action=cmd.name,
                obj=subject,
                cycle=cycle_of(subject),
                before=before,
                after=after,
            )
        # Last in the transaction, so the row's lock is held only until the commit.
        versions.moved()
    return result


def command(
    name: str,
    *,
    label: StrOrPromise,
    perm: str | None,
    target: Callable[[dict[str, Any]], Any] | None = None,
    atomic: bool = True,
) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Register `func(actor, **arguments)` as the command `name`.

    `perm` is asked on `target(arguments)` (None: on no object). A command whose permission
    depends on more than one object asks the rest inside, through the same policy.
    `atomic=False` is for long work that commits in steps of its own (an import's run).
    """

    def register(func: Callable[..., R]) -> Callable[..., R]:
        if name in REGISTRY:
            raise RuntimeError(f"command {name!r} registered twice")
        cmd = Command(name, label, perm, target, atomic, func)
        REGISTRY[name] = cmd
        audit_log.LABELS[name] = label  # what the change history calls it

        @wraps(func)
        def run(actor: Any, /, **arguments: Any) -> R:
            result: R = execute(cmd, actor, arguments)
            return result

        run.command = cmd  # type: ignore[attr-defined]
        return run

    return register


def arg(name: str) -> Callable[[dict[str, Any]], Any]:
    """A target that is one of the command's arguments."""
    return lambda arguments: arguments.get(name)
