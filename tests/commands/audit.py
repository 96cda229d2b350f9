"""What every command test asserts: the command left an audit entry naming it and its actor."""

from __future__ import annotations

from typing import Any

from paritrana.awards.models import AuditEntry


def entries_of(command: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(command=command).order_by("id"))


def assert_audited(command: str, actor: Any) -> AuditEntry:
    """The newest entry of `command` names `actor` and records a state before or after."""
    entries = entries_of(command)
    assert entries, f"no audit entry for {command}"
    entry = entries[-1]
    assert entry.user_id == actor.pk, f"{command} audited as {entry.user} not {actor}"
    assert entry.before is not None or entry.after is not None, f"{command}: nothing recorded"
    return entry
