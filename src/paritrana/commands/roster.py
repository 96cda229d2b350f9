"""Seating the panels (issue 15): the members' workbook of a cycle, a person seated by hand (a
new one gets an account and a one-time activation link), the panels a cycle still lacks, the
teams of an earlier cycle copied into this one, and the activation itself.

Who may: the secretariat's pages and the import are for the national admin and provincial
admins (`access.seat_panels`); each panel the import touches is then asked
`access.manage_panel` (a provincial admin: their own province's only), and a panel the import
would have to create `access.manage_judging` (the national admin); copying an earlier cycle's
teams asks the same, panel by panel. Seating one person and a new activation link:
`access.manage_panel` on the panel. Activating an account: the person
holding its link (the link is the proof; no permission is asked).

Activation links are never stored nor audited: the commands return them (`Invitation.link`)
for the page, the API or the command line to hand over once, and mail them when `EMAIL_HOST`
is configured.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from paritrana.access import invitations
from paritrana.access.invitations import Invitation, InvitationError
from paritrana.access.policy import administered_provinces, allowed, require
from paritrana.assessment.domain import panels, roster, team_copy
from paritrana.assessment.domain.team_copy import TeamCopied
from paritrana.assessment.models import Panel, PanelMember
from paritrana.awards.bahasa import bahasa
from paritrana.awards.domain.audit import log_action
from paritrana.awards.models import Cycle, Level
from paritrana.commands.registry import arg, command
from paritrana.regions.models import Region


@dataclass(frozen=True)
class RosterImport:
    file_name: str
    rows: int
    panels_created: int
    added: int
    changed: int
    unchanged: int
    invitations: list[Invitation] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(self.panels_created or self.added or self.changed)


@dataclass(frozen=True)
class SeatResult:
    member: PanelMember
    invitation: Invitation | None
    unchanged: bool = False  # already seated exactly so: nothing was written

    @property
    def note(self) -> str:
        """What to tell when nothing changed (Bahasa Indonesia, as the domain's refusals)."""
        if not self.unchanged:
            return ""
        role = bahasa(self.member.get_role_display)
        return (
            f"{self.member.display_name} sudah duduk di tim ini sebagai {role}; "
            "tidak ada yang berubah."
        )


def _audit_invitations(found: list[Invitation]) -> dict[str, Any]:
    return {
        "new_accounts": [i.user.get_username() for i in found],
        "mailed": sum(1 for i in found if i.mailed),
    }


@command(
    "roster.import",
    label=_("Import panel members from XLSX"),
    perm="access.seat_panels",
    target=arg("cycle"),
)
def import_roster(
    actor: Any, *, cycle: Cycle, content: bytes, file_name: str, base_url: str = ""
) -> RosterImport:
    """Seat every row of the workbook, or nothing (`roster.RosterRejected` names each problem)."""
    checked = roster.check(cycle=cycle, content=content, file_name=file_name)
    if checked.problems:
        raise roster.RosterRejected(file_name, checked.problems)
    found, missing = roster.panels_needed(checked, cycle)
    if missing:
        require(actor, "access.manage_judging")
    for panel in found.values():
        require(actor, "access.manage_panel", panel)
    created = roster.create_missing(cycle=cycle, provinces=missing, user=actor)
    found |= {(p.province if p.level == Level.PROVINCIAL else ""): p for p in created}
    accounts: dict[str, Any] = {}
    new_people: list[Any] = []
    users = get_user_model().objects
    for seat in checked.seats:
        if seat.email in accounts:
            continue
        account = users.filter(email__iexact=seat.email).first()
        if account is None:
            account = invitations.create_account(name=seat.name, email=seat.email)
            new_people.append(account)
        accounts[seat.email] = account
    seated = roster.seat_all(
        roster=checked, cycle=cycle, panels=found, accounts=accounts, user=actor
    )
    sent = [invitations.invite(user=person, base_url=base_url) for person in new_people]
    result = RosterImport(
        file_name=file_name,
        rows=len(checked.seats),
        panels_created=len(created),
        added=seated.added,
        changed=seated.changed,
        unchanged=seated.unchanged,
        invitations=sent,
    )
    log_action(
        user=actor,
        action="roster.import",
        obj=None,
        cycle=cycle,
        after={
            "file_name": file_name,
            "sha256": hashlib.sha256(content).hexdigest(),
            "rows": result.rows,
            "panels_created": result.panels_created,
            "added": result.added,
            "changed": result.changed,
            "unchanged": result.unchanged,
        }
        | _audit_invitations(sent),
    )
    return result


def new_person(name: str, email: str) -> Any:
    """A new account for a person named by name and email (seated, or a candidate's
    representative); InvitationError for a bad email or a missing name."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvitationError(f"'{email}' bukan alamat email yang sah.") from None
    if not name.strip():
        raise InvitationError("Untuk orang baru, isi nama lengkap dan emailnya.")
    return invitations.create_account(name=name.strip(), email=email)


@command(
    "roster.seat",
    label=_("Seat a panel member"),
    perm="access.manage_panel",
    target=arg("panel"),
)
def seat(
    actor: Any,
    *,
    panel: Panel,
    role: str,
    affiliation: str,
    account: Any = None,
    name: str = "",
    email: str = "",
    institution: str = "",
    region_code: str = "",
    employer_key: str = "",
    base_url: str = "",
) -> SeatResult:
    """Seat an existing account, or a new person (name and email: a new account, whose
    activation link is returned and mailed when mail is configured). An account already on
    the panel is refused (`panels.AlreadySeated`) unless seated exactly so, which changes
    nothing (`SeatResult.unchanged`, no new link)."""
    invitation = None
    if account is None and email:
        account = invitations.find_account(email)
    if account is None:
        account = created_person(actor, name, email, cycle=panel.cycle, why={"panel": panel.pk})
    if region_code and not Region.objects.filter(code=region_code).exists():
        raise InvitationError(f"Kode wilayah '{region_code}' tidak dikenal.")
    member, seated = panels.seat_member(
        panel=panel,
        member_user=account,
        role=role,
        affiliation=affiliation,
        institution=institution,
        region_code=region_code,
        employer_key=employer_key,
        user=actor,
    )
    if not seated:
        return SeatResult(member=member, invitation=None, unchanged=True)
    if invitations.awaiting_activation(account):
        invitation = invitations.invite(user=account, base_url=base_url)
    return SeatResult(member=member, invitation=invitation)


@command(
    "account.invite",
    label=_("Create a new activation link"),
    perm="access.manage_panel",
    target=lambda a: a["member"].panel,
)
def invite(actor: Any, *, member: PanelMember, base_url: str = "") -> Invitation:
    """A fresh activation link for a member whose account has never been activated."""
    return audited_invitation(
        actor, member.user, obj=member, cycle=member.panel.cycle, base_url=base_url
    )


def created_person(actor: Any, name: str, email: str, *, cycle: Cycle, why: dict[str, Any]) -> Any:
    """`new_person`, audited (`why`: what the account is made for, a panel or a candidate)."""
    account = new_person(name, email)
    log_action(
        user=actor,
        action="account.create",
        obj=None,
        cycle=cycle,
        after={
            "username": account.get_username(),
            "email": account.email,
            "name": account.first_name,
            **why,
        },
    )
    return account


def audited_invitation(
    actor: Any, account: Any, *, obj: Any, cycle: Cycle, base_url: str = ""
) -> Invitation:
    """A fresh activation link for `account` (a seat's or a representative's `obj`), audited
    without the link itself."""
    invitation = invitations.invite(user=account, base_url=base_url)
    log_action(
        user=actor,
        action="account.invite",
        obj=obj,
        cycle=cycle,
        after={"username": account.get_username(), "mailed": invitation.mailed},
    )
    return invitation


@command(
    "roster.create_missing",
    label=_("Form the missing assessor panels"),
    perm="access.manage_judging",
)
def create_missing(actor: Any, *, cycle: Cycle, provinces: list[str] | None = None) -> list[Panel]:
    """The panels the cycle still lacks: every province's (or those of `provinces`; "" is the
    national jury) and the national jury."""
    if provinces is None:
        codes = Region.objects.filter(level="provinsi").values_list("code", flat=True)
        provinces = [*codes, ""]
    existing = {
        (p.province if p.level == Level.PROVINCIAL else "")
        for p in Panel.objects.filter(cycle=cycle)
    }
    wanted = [code for code in provinces if code not in existing]
    made = roster.create_missing(cycle=cycle, provinces=wanted, user=actor)
    log_action(
        user=actor,
        action="roster.create_missing",
        obj=None,
        cycle=cycle,
        after={"created": [p.province or "nasional" for p in made]},
    )
    return made


@command(
    "roster.copy",
    label=_("Copy the panels' members from an earlier cycle"),
    perm="access.seat_panels",
    target=arg("cycle"),
)
def copy_teams(
    actor: Any, *, cycle: Cycle, source: Cycle, provinces: list[str] | None = None
) -> list[TeamCopied]:
    """Copy the teams of `source` (an earlier cycle) into `cycle`: those of `provinces` ("" is
    the national jury), or every team of `source` the actor manages (a provincial admin: their
    provinces'). Each panel is asked `access.manage_panel`, as seating one person is; a panel
    still to be formed `access.manage_judging`, as the import does. One transaction: every
    team is copied, or nothing (`team_copy` says what is refused and why)."""
    if provinces is None:
        everyone = allowed(actor, "access.manage_judging")
        mine = administered_provinces(actor)
        keys = sorted(
            (team_copy.key_of(p) for p in Panel.objects.filter(cycle=source)),
            key=lambda key: (not key, key),  # the provinces by code, the national jury last
        )
        keys = [key for key in keys if everyone or key in mine]
    else:
        keys = list(dict.fromkeys(provinces))
    existing = {team_copy.key_of(p): p for p in Panel.objects.filter(cycle=cycle)}
    for key in keys:
        if key in existing:
            require(actor, "access.manage_panel", existing[key])
        else:
            require(actor, "access.manage_judging")
    team_copy.ensure_copyable(cycle=cycle, source=source, keys=keys)
    earlier = team_copy.source_panels(source, keys)
    return [
        team_copy.copy_team(source=panel, cycle=cycle, user=actor) for panel in earlier.values()
    ]


@command("account.activate", label=_("Activate an account"), perm=None)
def activate(actor: Any, *, account: Any, password: str) -> Any:
    """Set the first password of an account awaiting activation (the caller holds its link
    and checked the password against the validators)."""
    if not invitations.awaiting_activation(account):
        raise InvitationError("Akun ini sudah diaktifkan.")
    account.set_password(password)
    account.save(update_fields=["password"])
    log_action(
        user=account,
        action="account.activate",
        obj=None,
        cycle=None,
        after={"username": account.get_username()},
    )
    return account
