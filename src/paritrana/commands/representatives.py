"""A candidate's representatives: linked and unlinked by the secretariat of the candidate's
round (`access.nominate`: a province's round by its provincial admin and the national admin,
the national round by the national admin), from the candidate's page (/seleksi/<pk>/), or many
at once from a workbook (`representative.import`, from a round's shortlist page, the API and
the command line: every row checked first, then all linked or nothing; see
`paritrana.awards.domain.representative_import`).

A new person gets an account without a password and a one-time activation link, as a seated
panel member does (`access.invitations`); the link is returned once for the page to hand over,
mailed when `EMAIL_HOST` is configured, and never stored nor audited.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from paritrana.access import invitations
from paritrana.access.invitations import Invitation, InvitationError
from paritrana.access.policy import AccessDenied, allowed, require
from paritrana.awards.domain import representative_import, representatives
from paritrana.awards.domain.audit import log_action
from paritrana.awards.domain.nominations import NATION, NominationRound
from paritrana.awards.domain.shortlist_reasons import rounds
from paritrana.awards.models import (
    Category,
    Cycle,
    Level,
    Nomination,
    NominationStatus,
    Representative,
)
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


# -- many at once, from a workbook --------------------------------------------------------------

REFUSED = "Wakil kandidat hanya dapat diimpor oleh admin nasional dan admin provinsi."


@dataclass(frozen=True)
class RepresentativeImport:
    file_name: str
    rows: int  # rows naming a person
    added: int
    unchanged: int  # the person already represented the candidate
    skipped: int  # rows naming no person (a nominee left for later)
    accounts_created: int
    invitations: list[Invitation] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(self.added)


def importable(
    actor: Any, *, cycle: Cycle, category: Category | None = None, province: str = ""
) -> tuple[list[Nomination], str]:
    """The nominations a workbook may name, and which in words (for its problems): those of
    one round (`category` in `province`, `NATION` for a whole national round), once the actor
    may manage it; else those of every round of the cycle the actor manages (AccessDenied
    when none)."""
    nominated = Nomination.objects.filter(
        category__cycle=cycle, status=NominationStatus.NOMINATED
    ).select_related("category")
    if category is not None:
        the_round = NominationRound(category, province)
        require(actor, "access.nominate", the_round)
        found = nominated.filter(category=category)
        if province != NATION:
            found = found.filter(province=province)
        return list(found.order_by("name", "key")), the_round.name
    mine = {
        (r.category.pk, r.province)
        for r in rounds(cycle)
        if allowed(actor, "access.nominate", NominationRound(r.category, r.province))
    }
    if not mine:
        raise AccessDenied(REFUSED)
    found_all = [
        n
        for n in nominated.order_by("category__level", "category__order", "province", "name")
        if (n.category_id, NATION if n.category.level == Level.NATIONAL else n.province) in mine
    ]
    return found_all, f"siklus {cycle.assessment_year} yang dapat Anda kelola"


def check_import(
    actor: Any,
    *,
    cycle: Cycle,
    content: bytes,
    file_name: str,
    category: Category | None = None,
    province: str = "",
) -> representative_import.Checked:
    """What an import of the workbook would do, checked whole; writes nothing (the preview)."""
    nominations, scope = importable(actor, cycle=cycle, category=category, province=province)
    return representative_import.check(
        nominations=nominations, content=content, file_name=file_name, scope=scope
    )


@command(
    "representative.import",
    label=_("Import candidates' representatives from XLSX"),
    # Asked inside: `access.nominate` on the round, or on each round of the cycle to find the
    # candidates the file may name, then on every nomination a row touches.
    perm=None,
    target=arg("cycle"),
)
def import_representatives(
    actor: Any,
    *,
    cycle: Cycle,
    content: bytes,
    file_name: str,
    category: Category | None = None,
    province: str = "",
    base_url: str = "",
) -> RepresentativeImport:
    """Link every row of the workbook, or nothing (`RepresentativesRejected` names each
    problem). New people get an account and a one-time activation link, as with
    `representative.add`; a row already so changes nothing."""
    checked = check_import(
        actor,
        cycle=cycle,
        content=content,
        file_name=file_name,
        category=category,
        province=province,
    )
    if checked.problems:
        raise representative_import.RepresentativesRejected(file_name, checked.problems)
    for nomination in {link.nomination.pk: link.nomination for link in checked.links}.values():
        require(actor, "access.nominate", nomination)
    accounts: dict[int, Any] = {}
    made: dict[str, Any] = {}  # new people by email: one account for all their rows
    for link in checked.to_add:
        if link.account is not None:
            accounts[link.row] = link.account
            continue
        if link.email not in made:
            made[link.email] = invitations.create_account(name=link.name, email=link.email)
        accounts[link.row] = made[link.email]
    linked = representative_import.link_all(checked=checked, accounts=accounts, user=actor)
    # As `representative.add`: every account newly linked that was never activated gets its
    # link (once, however many candidates it now represents).
    waiting = {
        link.user.pk: link.user
        for link in linked.added
        if invitations.awaiting_activation(link.user)
    }
    sent = [invitations.invite(user=person, base_url=base_url) for person in waiting.values()]
    result = RepresentativeImport(
        file_name=file_name,
        rows=len(checked.links),
        added=len(linked.added),
        unchanged=linked.unchanged,
        skipped=checked.skipped,
        accounts_created=len(made),
        invitations=sent,
    )
    log_action(
        user=actor,
        action="representative.import",
        obj=category,
        cycle=cycle,
        after={
            "file_name": file_name,
            "sha256": hashlib.sha256(content).hexdigest(),
            "round": f"{category.level}/{category.code}/{province}" if category else "",
            "rows": result.rows,
            "added": result.added,
            "unchanged": result.unchanged,
            "skipped": result.skipped,
            "new_accounts": sorted(p.get_username() for p in made.values()),
            "invited": len(sent),
            "mailed": sum(1 for i in sent if i.mailed),
        },
    )
    return result
