"""Workbooks built in the background (`/unduhan/`): asking for one is a command too."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from paritrana.commands.registry import command
from paritrana.reports.models.export import Export


@command("export.request", label=_("Request a workbook download"), perm=None)
def request_export(actor: Any, *, kind: str, params: dict[str, Any]) -> Export:
    """Record and queue an export (or return the same one still pending). Who may have which
    workbook depends on its kind and object: `reports.exports.plan` asks the access policy for
    each (`access.export_cycle`, `access.view_panel`) before anything is recorded."""
    from paritrana.reports import exports

    return exports.request_export(kind=kind, params=params, user=actor)
