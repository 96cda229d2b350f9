"""Panels and their members. Who may set them up is the access policy's (`access.manage_panel`,
`access.manage_judging`), asked by the commands in `paritrana.commands.panels`."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from paritrana.assessment.models import Affiliation, MemberRole, Panel, PanelMember
from paritrana.awards.bahasa import bahasa
from paritrana.awards.domain.audit import audited, log_action, snapshot
from paritrana.awards.models import Cycle, Level, Nomination, NominationStatus
from paritrana.errors import DomainError
from paritrana.regions.models import Region


class PanelError(DomainError):
    """A panel that cannot be set up so (message in Bahasa Indonesia)."""


def is_national_admin(user: Any) -> bool:
    """The national secretariat: may manage every panel and override conflicts."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_superuser or user.has_perm("assessment.manage_panels"))
    )


def panel_name(*, level: str, province: str) -> str:
    if level == Level.NATIONAL:
        return "Dewan Juri Nasional"
    region = Region.objects.filter(code=province).first()
    return f"Tim Penilai Provinsi {region.name if region else province}"


def create_panel(
    *,
    cycle: Cycle,
    level: str,
    province: str = "",
    user: Any = None,
    assessors_per_candidate: int = 3,
    max_load: int = 40,
) -> Panel:
    if level == Level.PROVINCIAL and not Region.objects.filter(code=province).exists():
        raise PanelError(f"Provinsi {province!r} tidak dikenal.")
    if level == Level.NATIONAL and province:
        raise PanelError("Dewan juri nasional tidak terikat pada satu provinsi.")
    with transaction.atomic():
        panel, created = Panel.objects.get_or_create(
            cycle=cycle,
            level=level,
            province=province,
            defaults={
                "name": panel_name(level=level, province=province),
                "assessors_per_candidate": assessors_per_candidate,
                "max_load": max_load,
            },
        )
        if created:
            log_action(
                user=user, action="panel.create", obj=panel, cycle=cycle, after=snapshot(panel)
            )
    return panel


class AlreadySeated(PanelError):
    """The account already sits on the panel, otherwise than asked: seating it again would
    overwrite its seat unseen (a chair demoted, an own region erased), so it is refused."""

    http_status = 409
    code = "conflict"


def seat_member(
    *,
    panel: Panel,
    member_user: Any,
    role: str,
    affiliation: str,
    institution: str = "",
    region_code: str = "",
    employer_key: str = "",
    user: Any = None,
) -> tuple[PanelMember, bool]:
    """Seat an account on the panel: (its new seat, True). An account already seated exactly
    so is left alone, nothing recorded: (its seat, False). An account seated otherwise is
    refused (`AlreadySeated`): seating never changes a seat; `add_member` (a change of seat)
    or taking it off and seating it again does, with the change recorded."""
    asked: dict[str, str] = {
        "role": role,
        "affiliation": affiliation,
        "institution": institution,
        "region_code": region_code,
        "employer_key": employer_key,
    }
    held = PanelMember.objects.select_related("user").filter(panel=panel, user=member_user).first()
    if held is not None:
        if all(getattr(held, name) == value for name, value in asked.items()):
            return held, False
        region = ""
        if held.region_code:  # by its name, as the member list shows it
            name = Region.objects.filter(code=held.region_code).values_list("name", flat=True)
            region = f" dengan wilayah sendiri {name.first() or held.region_code}"
        raise AlreadySeated(
            f"{held.display_name} sudah duduk di tim ini sebagai "
            f"{bahasa(held.get_role_display)}{region}. Untuk mengubah peran, wilayah atau "
            "isian lain kursinya, keluarkan dulu dari tim lalu dudukkan kembali.",
            details={"member": held.pk, "role": held.role, "region_code": held.region_code},
        )
    member = add_member(
        panel=panel,
        member_user=member_user,
        role=role,
        affiliation=affiliation,
        institution=institution,
        region_code=region_code,
        employer_key=employer_key,
        user=user,
    )
    return member, True


def add_member(
    *,
    panel: Panel,
    member_user: Any,
    role: str,
    affiliation: str,
    institution: str = "",
    region_code: str = "",
    employer_key: str = "",
    max_load: int | None = None,
    user: Any = None,
) -> PanelMember:
    """Seat an account or change its seat (the seat before and after recorded)."""
    if role not in MemberRole.values:
        raise PanelError(f"Peran {role!r} tidak dikenal.")
    if affiliation not in Affiliation.values:
        raise PanelError(f"Unsur {affiliation!r} tidak dikenal.")
    if role != MemberRole.MEMBER:
        taken = panel.members.filter(role=role).exclude(user=member_user).first()
        if taken is not None:
            raise PanelError(
                f"{panel.name} sudah punya {bahasa(taken.get_role_display).lower()}: "
                f"{taken.display_name}."
            )
    with transaction.atomic():
        held = PanelMember.objects.filter(panel=panel, user=member_user).first()
        member, _ = PanelMember.objects.update_or_create(
            panel=panel,
            user=member_user,
            defaults={
                "role": role,
                "affiliation": affiliation,
                "institution": institution,
                "region_code": region_code,
                "employer_key": employer_key,
                "max_load": max_load,
            },
        )
        log_action(
            user=user,
            action="panel.member",
            obj=member,
            cycle=panel.cycle,
            before=snapshot(held) if held is not None else None,
            after=snapshot(member),
        )
    return member


PANEL_FIELDS = ("name", "assessors_per_candidate", "max_load")


def update_panel(*, panel: Panel, user: Any = None, **changes: Any) -> Panel:
    """Change a panel's name, assessors per candidate or default load cap."""
    unknown = sorted(set(changes) - set(PANEL_FIELDS))
    if unknown:
        raise PanelError(f"Isian tim penilai {', '.join(unknown)} tidak dapat diubah.")
    for name in ("assessors_per_candidate", "max_load"):
        if name in changes and int(changes[name]) < 1:
            raise PanelError(
                "Jumlah penilai per kandidat dan beban maksimum harus sekurang-kurangnya 1."
            )
    with transaction.atomic(), audited(panel, user=user, action="panel.update", cycle=panel.cycle):
        for name, value in changes.items():
            setattr(panel, name, value)
        panel.save()
    return panel


def remove_member(*, member: PanelMember, user: Any = None) -> None:
    """Take a member off a panel; refused once they have scored (their sheets stay)."""
    if member.sheets.exists():
        raise PanelError(
            f"{member.display_name} sudah mengisi lembar nilai; keanggotaannya tidak dapat dihapus."
        )
    with transaction.atomic():
        log_action(
            user=user,
            action="panel.remove_member",
            obj=member,
            cycle=member.panel.cycle,
            before=snapshot(member),
        )
        member.delete()


def seats(user: Any) -> QuerySet[PanelMember]:
    """The panels the user sits on."""
    if not getattr(user, "is_authenticated", False):
        return PanelMember.objects.none()
    return PanelMember.objects.filter(user=user).select_related("panel", "panel__cycle")


def panel_of(nomination: Nomination) -> Panel | None:
    """The panel that judges this nomination."""
    category = nomination.category
    province = nomination.province if category.level == Level.PROVINCIAL else ""
    return Panel.objects.filter(
        cycle_id=category.cycle_id, level=category.level, province=province
    ).first()


def nominations_of(panel: Panel) -> QuerySet[Nomination]:
    """The candidates a panel judges."""
    nominations = Nomination.objects.filter(
        category__cycle=panel.cycle,
        category__level=panel.level,
        status=NominationStatus.NOMINATED,
    ).select_related("category")
    if panel.level == Level.PROVINCIAL:
        nominations = nominations.filter(province=panel.province)
    return nominations.order_by("category__order", "name")
