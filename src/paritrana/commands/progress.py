"""Reminders: telling people whose work is waiting (assessors with open score sheets,
candidates without a submitted self-assessment, chairs with groups to confirm).

Who may: the national admin for every round, a provincial admin for its own province's round
(`access.send_reminders`). What is waiting and the sending itself are
`paritrana.assessment.domain.reminders`; `progress_scope` says which provinces a reader of the
progress board and of the reminders sees, for the pages, the API and the CLI alike.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from paritrana.access.policy import administered_provinces
from paritrana.access.rules import national_admin
from paritrana.assessment.domain import reminders
from paritrana.awards.models import Cycle
from paritrana.commands.registry import arg, command
from paritrana.errors import Missing
from paritrana.regions.models import Region


def progress_scope(user: Any, province: str | None = None) -> set[str] | None:
    """The provinces whose progress `user` sees (None: every province and the national round);
    narrowed to `province` when one is asked for. The caller has asked the policy first."""
    if province:
        if not Region.objects.filter(level="provinsi", code=province).exists():
            raise Missing(f"Provinsi dengan kode '{province}' tidak ada.")
        return {province}
    if national_admin(user):
        return None
    return set(administered_provinces(user))


@command(
    "reminders.send",
    label=_("Send reminders"),
    perm="access.send_reminders",
    target=arg("province"),
)
def send_reminders(
    actor: Any, *, cycle: Cycle, province: str | None = None, force: bool = False
) -> reminders.Sent:
    """Remind everybody whose work is waiting in the actor's provinces (or `province`); not
    twice within a day unless `force`."""
    entries = reminders.waiting(cycle=cycle, provinces=progress_scope(actor, province))
    return reminders.send(cycle=cycle, entries=entries, user=actor, force=force)
