"""Who represents a candidate: the people of a pemda, a company or a village who fill in its
self-assessment and upload its evidence (`access.edit_candidate`).

The secretariat of the candidate's round links them (`representative.add`): an existing account
by its username or email, or a new person by name and email, whose account is made without a
password and activated through a one-time link (`access.invitations`), as a panel member's is.
A link is removed with `representative.remove`; the account stays. Each change is audited under
the candidate's cycle. A provincial Juara I's representatives go on with it to the national
round (`decisions.promote`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from paritrana.awards.domain.audit import log_action
from paritrana.awards.models import Nomination, Representative
from paritrana.errors import Conflict


def _entry(link: Representative) -> dict[str, Any]:
    return {
        "username": link.user.get_username(),
        "nomination": link.nomination_id,
        "candidate": link.nomination.name,
    }


def add(*, nomination: Nomination, account: Any, user: Any) -> Representative:
    """Link `account` to the candidate; Conflict when it is linked already."""
    with transaction.atomic():
        if Representative.objects.filter(user=account, nomination=nomination).exists():
            raise Conflict(f"{account.get_username()} sudah menjadi wakil {nomination.name}.")
        link = Representative.objects.create(user=account, nomination=nomination)
        log_action(
            user=user,
            action="representative.add",
            obj=link,
            cycle=nomination.category.cycle,
            after=_entry(link),
        )
    return link


def remove(*, link: Representative, user: Any) -> None:
    with transaction.atomic():
        log_action(
            user=user,
            action="representative.remove",
            obj=link,
            cycle=link.nomination.category.cycle,
            before=_entry(link),
        )
        link.delete()


def carry_over(*, source: Nomination, target: Nomination) -> list[str]:
    """Link `source`'s representatives to `target` too (a promoted Juara I's national
    nomination); the usernames linked, for the promotion's audit entry."""
    added = []
    for link in Representative.objects.filter(nomination=source).select_related("user"):
        _, made = Representative.objects.get_or_create(user=link.user, nomination=target)
        if made:
            added.append(str(link.user.get_username()))
    return sorted(added)
