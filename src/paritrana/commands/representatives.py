"""A candidate's representatives: linked and unlinked by the secretariat of the candidate's
round (`access.nominate`: a province's round by its provincial admin and the national admin,
the national round by the national admin), from the candidate's page (/seleksi/<pk>/).

A new person gets an account without a password and a one-time activation link, as a seated
panel member does (`access.invitations`); the link is returned once for the page to hand over,
mailed when `EMAIL_HOST` is configured, and never stored nor audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from paritrana.access import invitations
from paritrana.access.invitations import Invitation, InvitationError
from paritrana.awards.domain import representatives
from paritrana.awards.models import Nomination, Representative
from paritrana.commands.registry import arg, command
from paritrana.commands.roster import audited_invitation, created_person


@dataclass(frozen=True)
class Linked:
    link: Representative
    invitation: Invitation | None  # for an account never activated: its link, handed over once


@command(
    "representative.add",
    label=_("Add a candidate's representative"),
    perm="access.nominate",
    target=arg("nomination"),
)
def add_representative(
    actor: Any,
    *,
    nomination: Nomination,
    account: str = "",
    name: str = "",
    email: str = "",
    base_url: str = "",
) -> Linked:
    """Link an existing account (`account`: its username or email) or a new person (`name` and
    `email`: a new account, and its activation link) to the candidate."""
    found = invitations.find_account(account or email)
    if found is None and account and not email:
        raise InvitationError(
            f"Tidak ada akun '{account.strip()}'. Untuk orang baru, isi nama lengkap dan emailnya."
        )
    if found is None:
        found = created_person(
            actor, name, email, cycle=nomination.category.cycle, why={"represents": nomination.pk}
        )
    link = representatives.add(nomination=nomination, account=found, user=actor)
    invitation = (
        invitations.invite(user=found, base_url=base_url)
        if invitations.awaiting_activation(found)
        else None
    )
    return Linked(link, invitation)


@command(
    "representative.invite",
    label=_("Create a new activation link for a representative"),
    perm="access.nominate",
    target=lambda a: a["link"].nomination,
)
def invite_representative(actor: Any, *, link: Representative, base_url: str = "") -> Invitation:
    return audited_invitation(
        actor, link.user, obj=link, cycle=link.nomination.category.cycle, base_url=base_url
    )


@command(
    "representative.remove",
    label=_("Remove a candidate's representative"),
    perm="access.nominate",
    target=lambda a: a["link"].nomination,
)
def remove_representative(actor: Any, *, link: Representative) -> None:
    """Unlink the person from the candidate; their account stays."""
    representatives.remove(link=link, user=actor)
