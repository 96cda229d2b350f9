"""Copying the teams of an earlier cycle into this one ("salin tim tahun lalu").

Most provinces keep last year's people: the secretariat copies a team's seats (role, affiliation,
institution, own region, own employer, load cap) from an earlier cycle's panel onto this
cycle's, forming the panel when it is missing (with the earlier panel's assessors per candidate
and load cap). The rules:

- a person already seated on this cycle's panel is left as seated (kept, never duplicated);
- a person whose account is inactive is skipped and named;
- a chair or secretary whose seat this cycle's panel has already given to someone else is
  skipped and named (a team has one of each; the secretariat decides);
- conflicts of interest are not copied: they concern that year's candidates, and this year's
  are derived again from the own region and employer the seat carries;
- once a round's verification stage has opened (judging began), copying into it is refused
  (`Locked`, 409): changes to a judging team are made seat by seat on its page.

Who may is the command's (`paritrana.commands.roster.copy_teams`). Each team copied leaves one
entry `roster.copy` on its panel (from where, who was copied, kept and skipped) besides the
`panel.member` entry of each new seat.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from paritrana.assessment.domain.locks import judging_opened
from paritrana.assessment.domain.panels import PanelError, add_member, create_panel
from paritrana.assessment.models import MemberRole, Panel, PanelMember
from paritrana.awards.bahasa import bahasa
from paritrana.awards.domain.audit import log_action
from paritrana.awards.models import Cycle, Level
from paritrana.errors import Locked
from paritrana.regions.models import Region

ROLE_FIRST = {MemberRole.CHAIR: 0, MemberRole.SECRETARY: 1, MemberRole.MEMBER: 2}


@dataclass(frozen=True)
class Skipped:
    name: str
    reason: str  # Bahasa Indonesia: "akun nonaktif", "ketua sudah dipegang Harisson"


@dataclass(frozen=True)
class TeamCopied:
    """What copying one team did."""

    province: str  # Kemendagri code; "" for the national jury
    name: str  # the province's name, or "Dewan Juri Nasional"
    panel: Panel
    created: bool  # the panel was formed by the copy
    copied: list[str] = field(default_factory=list)  # names, in seating order
    kept: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """One line in Bahasa Indonesia, as the page, the API and the command line say it."""
        line = (
            f"{self.name}: {len(self.copied)} anggota disalin, {len(self.kept)} sudah duduk, "
            f"{len(self.skipped)} dilewati"
        )
        if self.skipped:
            reasons: dict[str, list[str]] = {}
            for found in self.skipped:
                reasons.setdefault(found.reason, []).append(found.name)
            line += " (" + "; ".join(f"{r}: {', '.join(n)}" for r, n in reasons.items()) + ")"
        if self.created:
            line += "; tim penilai dibentuk"
        return line


def key_of(panel: Panel) -> str:
    """The panel's province code, "" for the national jury."""
    return panel.province if panel.level == Level.PROVINCIAL else ""


def team_name(key: str) -> str:
    if not key:
        return "Dewan Juri Nasional"
    return Region.objects.filter(code=key).values_list("name", flat=True).first() or key


def source_panels(source: Cycle, keys: Iterable[str]) -> dict[str, Panel]:
    """The earlier cycle's panels of `keys` (province codes, "" national), in that order;
    none asked, or one the earlier cycle has no team for, is refused, naming it."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        raise PanelError(f"Tidak ada tim penilai siklus {source.assessment_year} untuk disalin.")
    found = {key_of(p): p for p in Panel.objects.filter(cycle=source)}
    missing = [key for key in wanted if key not in found]
    if missing:
        names = ", ".join(team_name(key) for key in missing)
        raise PanelError(
            f"Siklus {source.assessment_year} tidak punya tim penilai untuk {names}; "
            "tidak ada yang disalin."
        )
    return {key: found[key] for key in wanted}


def ensure_copyable(*, cycle: Cycle, source: Cycle, keys: Iterable[str]) -> None:
    """Refused: copying from the cycle itself or a later one; copying into a round whose
    verification stage has opened (`Locked`, 409)."""
    if source.assessment_year >= cycle.assessment_year:
        raise PanelError(
            f"Tim hanya dapat disalin dari siklus sebelumnya; siklus {source.assessment_year} "
            f"tidak lebih awal dari siklus {cycle.assessment_year}."
        )
    levels = {Level.PROVINCIAL if key else Level.NATIONAL for key in keys}
    for level in sorted(levels):
        stage = judging_opened(cycle, level)
        if stage is not None:
            raise Locked(
                f"Tahap verifikasi {bahasa(stage.get_level_display).lower()} siklus "
                f"{cycle.assessment_year} sudah dibuka: tim tidak dapat lagi disalin dari siklus "
                "lain. Ubah susunan tim satu per satu di halaman timnya.",
                details={"stage": stage.pk},
            )


def copy_team(*, source: Panel, cycle: Cycle, user: Any = None) -> TeamCopied:
    """Copy the seats of `source` (an earlier cycle's panel) onto the same round's panel of
    `cycle`, forming it when missing. Writes a `panel.member` entry per new seat and one
    `roster.copy` entry on the panel."""
    key = key_of(source)
    panel = Panel.objects.filter(cycle=cycle, level=source.level, province=source.province).first()
    created = panel is None
    if panel is None:
        panel = create_panel(
            cycle=cycle,
            level=source.level,
            province=source.province,
            user=user,
            assessors_per_candidate=source.assessors_per_candidate,
            max_load=source.max_load,
        )
    result = TeamCopied(province=key, name=team_name(key), panel=panel, created=created)
    held = {m.user_id: m for m in panel.members.select_related("user")}
    leaders = {m.role: m for m in held.values() if m.role != MemberRole.MEMBER}
    earlier = sorted(
        PanelMember.objects.filter(panel=source).select_related("user"),
        key=lambda m: (ROLE_FIRST.get(MemberRole(m.role), 3), m.pk),
    )
    usernames: dict[str, list[str]] = {"copied": [], "kept": []}
    skipped_log: list[dict[str, str]] = []
    for seat in earlier:
        name = seat.display_name
        if seat.user_id in held:
            result.kept.append(name)
            usernames["kept"].append(seat.user.get_username())
            continue
        reason = ""
        if not seat.user.is_active:
            reason = "akun nonaktif"
        elif seat.role in leaders:
            holder = leaders[seat.role]
            role = bahasa(seat.get_role_display).lower()
            reason = f"{role} sudah dipegang {holder.display_name}"
        if reason:
            result.skipped.append(Skipped(name, reason))
            skipped_log.append({"username": seat.user.get_username(), "reason": reason})
            continue
        member = add_member(
            panel=panel,
            member_user=seat.user,
            role=seat.role,
            affiliation=seat.affiliation,
            institution=seat.institution,
            region_code=seat.region_code,
            employer_key=seat.employer_key,
            max_load=seat.max_load,
            user=user,
        )
        held[seat.user_id] = member
        if member.role != MemberRole.MEMBER:
            leaders[member.role] = member
        result.copied.append(name)
        usernames["copied"].append(seat.user.get_username())
    log_action(
        user=user,
        action="roster.copy",
        obj=panel,
        cycle=cycle,
        after={
            "from_cycle": source.cycle.assessment_year,
            "from_panel": source.pk,
            "province": key or "nasional",
            "panel_created": created,
            **usernames,
            "skipped": skipped_log,
        },
    )
    return result
