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
from paritrana.awards.models import (
    Level,
    Nomination,
    NominationSource,
    NominationStatus,
    Representative,
)
from paritrana.errors import Conflict


def _entry(link: Representative) -> dict[str, Any]:
    return {
        "username": link.user.get_username(),
        "nomination": link.nomination_id,
        "candidate": link.nomination.name,
    }


def promoted_to(nomination: Nomination) -> Nomination | None:
    """The national nomination a provincial Juara I was promoted to, while it competes."""
    category = nomination.category
    if category.level != Level.PROVINCIAL:
        return None
    return Nomination.objects.filter(
        category__cycle_id=category.cycle_id,
        category__level=Level.NATIONAL,
        category__code=category.code,
        source=NominationSource.PROMOTED,
        province=nomination.province,
        key=nomination.key,
        status=NominationStatus.NOMINATED,
    ).first()


def add(*, nomination: Nomination, account: Any, user: Any) -> Representative:
    """Link `account` to the candidate; Conflict when it is linked already. A provincial Juara
    I already promoted takes the new representative into the national round too (promotion
    carried over only those linked before it: one linked after could not reach the national
    self-assessment)."""
    with transaction.atomic():
        if Representative.objects.filter(user=account, nomination=nomination).exists():
            raise Conflict(f"{account.get_username()} sudah menjadi wakil {nomination.name}.")
        link = Representative.objects.create(user=account, nomination=nomination)
        entry = _entry(link)
        national = promoted_to(nomination)
        if national is not None:
            _, made = Representative.objects.get_or_create(user=account, nomination=national)
            if made:
                entry["national_nomination"] = national.pk
        log_action(
            user=user,
            action="representative.add",
            obj=link,
            cycle=nomination.category.cycle,
            after=entry,
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
