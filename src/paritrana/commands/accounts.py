"""Accounts and the roles they carry, as the Django admin edits them: the national admin's
role (superuser, or `assessment.manage_panels`), the data officer's (`coverage.add_dataimport`),
the reference manager's (`regions.change_regionboundary`), staff access, and the groups that
carry such permissions.

The national admin only (`access.manage_accounts`); each save is audited with what gives access
before and after (active, staff, superuser, groups, permissions; never the password), so a role
granted in the admin is recorded like a provincial admin's seat or a panel member's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from paritrana.awards.domain.audit import log_action
from paritrana.commands.registry import command


def _permissions(permissions: Any) -> list[str]:
    return sorted(
        f"{p.content_type.app_label}.{p.codename}"
        for p in permissions.select_related("content_type")
    )


def _roles(obj: Any) -> dict[str, Any]:
    """What an account or a group gives access to, as the audit keeps it."""
    if isinstance(obj, Group):
        return {"name": obj.name, "permissions": _permissions(obj.permissions.all())}
    return {
        "username": obj.get_username(),
        "is_active": obj.is_active,
        "is_staff": obj.is_staff,
        "is_superuser": obj.is_superuser,
        "groups": sorted(obj.groups.values_list("name", flat=True)),
        "permissions": _permissions(obj.user_permissions.all()),
    }


@command(
    "account.admin_save",
    label=_("Save an account or a group through the admin"),
    perm="access.manage_accounts",
)
def save_account(actor: Any, *, obj: Any, save: Callable[[], None]) -> Any:
    """Save an account or a group as the admin's form says (`save`: the row and its groups and
    permissions), audited with what gives access before (as stored) and after."""
    stored = type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk else None
    before = _roles(stored) if stored is not None else None
    save()
    log_action(
        user=actor,
        action="account.admin_change" if before is not None else "account.admin_add",
        obj=obj,
        cycle=None,
        before=before,
        after=_roles(obj),
    )
    return obj


@command(
    "account.admin_delete",
    label=_("Delete an account or a group through the admin"),
    perm="access.manage_accounts",
)
def delete_account(actor: Any, *, obj: Any) -> None:
    log_action(user=actor, action="account.admin_delete", obj=obj, cycle=None, before=_roles(obj))
    obj.delete()
