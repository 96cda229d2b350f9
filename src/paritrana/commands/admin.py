"""The Django admin's own edits of set-up rows that have no command of their own (cycles,
categories, criteria and their rubric, nominations' details, certificate templates...).

The national admin only (`access.manage_judging`); refused once judging locks the row
(`paritrana.assessment.domain.locks`); audited as admin.add / admin.change / admin.delete under
the command's name. Rows with a command of their own (panels, members, conflicts, judging
rules...) go through that command instead (see `paritrana.web.admin_judging`).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from paritrana.assessment.domain import locks
from paritrana.commands.registry import command


@command("admin.save", label=_("Save through the admin"), perm="access.manage_judging")
def save_row(actor: Any, *, obj: models.Model) -> models.Model:
    return locks.save_row(obj, user=actor)


@command("admin.delete", label=_("Delete through the admin"), perm="access.manage_judging")
def delete_row(actor: Any, *, obj: models.Model) -> None:
    locks.delete_row(obj, user=actor)
