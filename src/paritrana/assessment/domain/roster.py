"""The members of a cycle's panels from a workbook: reading, checking, seating.

One sheet, one row per seat, with the columns of `COLUMNS` (headers matched without regard to
case, spaces or underscores). `provinsi` is a Kemendagri code or a province's name, empty or
"nasional" for the national jury; `peran` is Ketua, Sekretaris or Anggota; `unsur` is one of
the affiliations, by its name or its code. Every row is checked, and against the seats already
held, before anything is written: a problem names the file, the row (header = 1), the column
and the reason in Bahasa Indonesia, as the data imports do (`paritrana.engine.problems`). The
import then lands whole or changes nothing, and a seat already held exactly so is left alone,
so importing the same file twice changes nothing.

Accounts are matched by email; new people get an account from `paritrana.access.invitations`
(the command in `paritrana.commands.roster` joins the two).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation

from paritrana.assessment.domain.panels import create_panel
from paritrana.assessment.models import Affiliation, MemberRole, Panel, PanelMember
from paritrana.awards.domain.audit import log_action, snapshot
from paritrana.awards.domain.workbook_problems import Rows, WorkbookRejected
from paritrana.awards.domain.workbook_problems import read_rows as read_workbook
from paritrana.awards.models import Cycle, Level
from paritrana.engine.problems import Problem, shown_value
from paritrana.regions.models import Region

SHEET = "Anggota"
COLUMNS = (
    "provinsi",
    "nama",
    "email",
    "peran",
    "unsur",
    "instansi",
    "wilayah sendiri",
    "pemberi kerja sendiri",
)
REQUIRED = ("nama", "email", "peran", "unsur")
NATIONAL_WORDS = {"", "nasional", "dewan juri nasional", "-"}
MAX_ROWS = 2000
_LIMITS = {"nama": 150, "instansi": 200, "pemberi kerja sendiri": 60, "email": 254}
ROLE_ORDER = {MemberRole.MEMBER: 0, MemberRole.SECRETARY: 1, MemberRole.CHAIR: 2}


class RosterRejected(WorkbookRejected):
    """A members' workbook with problems: nothing was written. `details["problems"]` lists
    them (file, row, column, value, reason)."""


@dataclass(frozen=True)
class Seat:
    """One checked row of the workbook."""

    row: int
    province: str  # Kemendagri code; "" for the national jury
    name: str
    email: str  # lower-cased
    role: str
    affiliation: str
    institution: str
    region_code: str
    employer_key: str

    @property
    def level(self) -> str:
        return Level.PROVINCIAL if self.province else Level.NATIONAL


@dataclass
class Roster:
    file_name: str
    seats: list[Seat] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Seated:
    """What an import did (counts; the people by username)."""

    panels_created: int
    added: int
    changed: int
    unchanged: int


# -- reading ----------------------------------------------------------------------------------


def read_rows(content: bytes, file_name: str) -> tuple[Rows, list[Problem]]:
    """The workbook's data rows as (row number, {column: text}), or the problems that stop it
    being read at all (`workbook_problems.read_rows`)."""
    return read_workbook(
        content,
        file_name,
        sheet_name=SHEET,
        columns=COLUMNS,
        missing=lambda header: [c for c in REQUIRED if c not in header],
        known=", ".join(COLUMNS) + ".",
        max_rows=MAX_ROWS,
        nothing="Berkas tidak berisi baris anggota.",
    )


# -- checking ---------------------------------------------------------------------------------


# Short names people write for an affiliation.
ALIASES = {
    "apindo": Affiliation.EMPLOYERS,
    "serikat pekerja": Affiliation.UNIONS,
    "kemenko pmk": Affiliation.KEMENKO,
    "bpjs ketenagakerjaan": Affiliation.BPJS,
    "bpjamsostek": Affiliation.BPJS,
}


def _choices(
    choices: Iterable[tuple[str, Any]], aliases: dict[str, str] | None = None
) -> dict[str, str]:
    """Each choice by its code and its label in Indonesian and English, lower-cased."""
    known: dict[str, str] = dict(aliases or {})
    for value, label in choices:
        known[value.lower()] = value
        for language in ("id", "en"):
            with translation.override(language):
                known[str(label).strip().lower()] = value
    return known


def _provinces() -> tuple[dict[str, str], dict[str, str]]:
    by_code, by_name = {}, {}
    for code, name in Region.objects.filter(level="provinsi").values_list("code", "name"):
        by_code[code] = name
        by_name[name.lower()] = code
        by_name[f"provinsi {name.lower()}"] = code
    return by_code, by_name


def province_name(code: str) -> str:
    return Region.objects.filter(code=code).values_list("name", flat=True).first() or code


def check(*, cycle: Cycle, content: bytes, file_name: str) -> Roster:
    """Read and check a members' workbook against the cycle's seats; writes nothing."""
    records, problems = read_rows(content, file_name)
    roster = Roster(file_name=file_name, problems=problems)
    if problems:
        return roster
    roles = _choices(MemberRole.choices)
    affiliations = _choices(Affiliation.choices, {k: str(v) for k, v in ALIASES.items()})
    by_code, by_name = _provinces()
    for number, record in records:
        seat = _check_row(
            number, record, file_name, roster.problems, roles, affiliations, by_code, by_name
        )
        if seat is not None:
            roster.seats.append(seat)
    _check_regions(roster)
    _check_across(roster, cycle)
    _check_kept(roster, cycle)
    roster.problems.sort(
        key=lambda p: (p.row or 0, COLUMNS.index(p.column) if p.column in COLUMNS else 99)
    )
    return roster


def _check_row(
    number: int,
    record: dict[str, str],
    file_name: str,
    problems: list[Problem],
    roles: dict[str, str],
    affiliations: dict[str, str],
    by_code: dict[str, str],
    by_name: dict[str, str],
) -> Seat | None:
    before = len(problems)

    def problem(column: str, reason: str) -> None:
        problems.append(Problem(file_name, number, column, shown_value(record.get(column)), reason))

    for column in REQUIRED:
        if not record.get(column):
            problem(column, f"Kolom '{column}' wajib diisi.")
    for column, limit in _LIMITS.items():
        if len(record.get(column, "")) > limit:
            problem(column, f"Paling banyak {limit} karakter.")
    raw_province = record.get("provinsi", "")
    province = ""
    if raw_province.lower() not in NATIONAL_WORDS:
        code = raw_province.zfill(2) if raw_province.isdigit() else raw_province
        if code in by_code:
            province = code
        elif raw_province.lower() in by_name:
            province = by_name[raw_province.lower()]
        else:
            problem(
                "provinsi",
                f"Provinsi '{raw_province}' tidak dikenal: tulis kode Kemendagri (mis. 61) atau "
                "nama provinsi, atau kosongkan/'nasional' untuk Dewan Juri Nasional.",
            )
    email = record.get("email", "").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problem("email", f"'{record['email']}' bukan alamat email yang sah.")
    role = roles.get(record.get("peran", "").lower(), "")
    if record.get("peran") and not role:
        problem(
            "peran",
            f"Peran '{record['peran']}' tidak dikenal; pakai Ketua, Sekretaris atau Anggota.",
        )
    affiliation = affiliations.get(record.get("unsur", "").lower(), "")
    if record.get("unsur") and not affiliation:
        with translation.override("id"):
            known = ", ".join(str(label) for _, label in Affiliation.choices)
        problem("unsur", f"Unsur '{record['unsur']}' tidak dikenal; pakai salah satu: {known}.")
    if len(problems) > before:
        return None
    return Seat(
        row=number,
        province=province,
        name=record["nama"],
        email=email,
        role=role,
        affiliation=affiliation,
        institution=record.get("instansi", ""),
        region_code=record.get("wilayah sendiri", ""),
        employer_key=record.get("pemberi kerja sendiri", ""),
    )


def _check_regions(roster: Roster) -> None:
    codes = {s.region_code for s in roster.seats if s.region_code}
    known = set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
    for seat in roster.seats:
        if seat.region_code and seat.region_code not in known:
            roster.problems.append(
                Problem(
                    roster.file_name,
                    seat.row,
                    "wilayah sendiri",
                    shown_value(seat.region_code),
                    f"Kode wilayah '{seat.region_code}' tidak dikenal "
                    "(kode Kemendagri, mis. 61.04).",
                )
            )


def _panel_label(province: str, names: dict[str, str]) -> str:
    return f"Tim Provinsi {names.get(province, province)}" if province else "Dewan Juri Nasional"


def _check_across(roster: Roster, cycle: Cycle) -> None:
    """Within a panel: one row per email, one chair, one secretary, counting the seats already
    held by people the file does not move; an email shared by several accounts."""
    file_name = roster.file_name
    names, _ = _provinces()
    first_row: dict[tuple[str, str], int] = {}
    held: dict[str, dict[str, tuple[str, str]]] = {}  # province -> role -> (email, who)
    leaders = (
        PanelMember.objects.filter(panel__cycle=cycle)
        .exclude(role=MemberRole.MEMBER)
        .select_related("panel", "user")
    )
    for member in leaders:
        province = member.panel.province if member.panel.level == Level.PROVINCIAL else ""
        held.setdefault(province, {})[member.role] = (
            (member.user.email or "").lower(),
            member.display_name,
        )
    for seat in roster.seats:
        key = (seat.province, seat.email)
        if key in first_row:
            roster.problems.append(
                Problem(
                    file_name,
                    seat.row,
                    "email",
                    shown_value(seat.email),
                    f"Email {seat.email} sudah ada di baris {first_row[key]} untuk "
                    f"{_panel_label(seat.province, names)}.",
                )
            )
        else:
            first_row[key] = seat.row
    emails_in_file = {(s.province, s.email) for s in roster.seats}
    for role, word in ((MemberRole.CHAIR, "ketua"), (MemberRole.SECRETARY, "sekretaris")):
        seen: dict[str, int] = {}
        for seat in roster.seats:
            if seat.role != role:
                continue
            label = _panel_label(seat.province, names)
            if seat.province in seen:
                roster.problems.append(
                    Problem(
                        file_name,
                        seat.row,
                        "peran",
                        shown_value(seat.role),
                        f"{label} sudah punya {word} di baris {seen[seat.province]}; "
                        f"satu tim hanya punya satu {word}.",
                    )
                )
                continue
            seen[seat.province] = seat.row
            holder = held.get(seat.province, {}).get(role)
            if (
                holder
                and holder[0] != seat.email
                and (seat.province, holder[0]) not in emails_in_file
            ):
                roster.problems.append(
                    Problem(
                        file_name,
                        seat.row,
                        "peran",
                        shown_value(seat.role),
                        f"{label} sudah punya {word}: {holder[1]}. Ubah perannya di berkas "
                        "ini atau di halaman tim terlebih dahulu.",
                    )
                )
    users = get_user_model().objects
    for email in sorted({s.email for s in roster.seats}):
        if users.filter(email__iexact=email).count() > 1:
            row = min(s.row for s in roster.seats if s.email == email)
            roster.problems.append(
                Problem(
                    file_name,
                    row,
                    "email",
                    shown_value(email),
                    f"Email {email} dipakai oleh lebih dari satu akun; rapikan akunnya dahulu.",
                )
            )


def _check_kept(roster: Roster, cycle: Cycle) -> None:
    """A row may change a seat already held (it is counted and recorded as changed), but not
    lose unseen what the seat holds: a chair or a secretary moved to another role while no
    row takes that seat (the team would be left without one), or an own region a blank cell
    would erase (conflicts of interest are derived from it)."""
    names, _ = _provinces()
    held = {
        (
            m.panel.province if m.panel.level == Level.PROVINCIAL else "",
            (m.user.email or "").lower(),
        ): m
        for m in PanelMember.objects.filter(panel__cycle=cycle).select_related("panel", "user")
    }
    taken = {(s.province, s.role) for s in roster.seats}
    with translation.override("id"):
        words = {value: str(label) for value, label in MemberRole.choices}
    for seat in roster.seats:
        member = held.get((seat.province, seat.email))
        if member is None:
            continue
        label = _panel_label(seat.province, names)
        if (
            member.role != MemberRole.MEMBER
            and seat.role != member.role
            and (seat.province, member.role) not in taken
        ):
            held_as, made = words[member.role], words[seat.role]
            roster.problems.append(
                Problem(
                    roster.file_name,
                    seat.row,
                    "peran",
                    shown_value(seat.role),
                    f"{member.display_name} duduk sebagai {held_as} {label}; baris ini "
                    f"menjadikannya {made} dan tidak ada baris yang menjadi "
                    f"{held_as.lower()}, sehingga tim tak punya {held_as.lower()}. Tulis "
                    f"{held_as.lower()} penggantinya di berkas ini, atau biarkan perannya.",
                )
            )
        if member.region_code and not seat.region_code:
            roster.problems.append(
                Problem(
                    roster.file_name,
                    seat.row,
                    "wilayah sendiri",
                    shown_value(seat.region_code),
                    f"{member.display_name} tercatat dengan wilayah sendiri "
                    f"{member.region_code} di {label}; sel kosong akan menghapusnya. Tulis "
                    "kode wilayahnya di baris ini; untuk menghapusnya, keluarkan dulu dari tim "
                    "lalu dudukkan kembali.",
                )
            )


# The award's usual composition (DOMAIN: "Tim 9" chaired by the Sekda; the national jury).
EXPECTED_AFFILIATIONS = {
    Level.PROVINCIAL: (
        Affiliation.SEKDA,
        Affiliation.BPJS,
        Affiliation.DISNAKER,
        Affiliation.EMPLOYERS,
        Affiliation.UNIONS,
        Affiliation.ACADEMIC,
    ),
    Level.NATIONAL: (
        Affiliation.KEMENKO,
        Affiliation.KEMNAKER,
        Affiliation.KEMENDAGRI,
        Affiliation.BPJS,
        Affiliation.EMPLOYERS,
        Affiliation.UNIONS,
        Affiliation.EXPERT,
    ),
}


def unrepresented(panel: Panel, members: Iterable[PanelMember]) -> list[str]:
    """The affiliations of the usual composition nobody on the panel represents (labels)."""
    present = {m.affiliation for m in members}
    return [str(a.label) for a in EXPECTED_AFFILIATIONS.get(panel.level, ()) if a not in present]


# -- seating ----------------------------------------------------------------------------------


def panels_needed(roster: Roster, cycle: Cycle) -> tuple[dict[str, Panel], list[str]]:
    """The panels the rows go to that exist (by province, "" national) and those missing."""
    wanted = {s.province for s in roster.seats}
    existing = {
        (p.province if p.level == Level.PROVINCIAL else ""): p
        for p in Panel.objects.filter(cycle=cycle)
    }
    return {k: existing[k] for k in wanted if k in existing}, sorted(wanted - set(existing))


def seat_all(
    *,
    roster: Roster,
    cycle: Cycle,
    panels: dict[str, Panel],
    accounts: dict[str, Any],
    user: Any = None,
) -> Seated:
    """Seat every row on its panel (`panels` by province, `accounts` by email), skipping seats
    already held exactly so. Roles that free a chair or a secretary go first."""
    added = changed = unchanged = 0
    seats = sorted(roster.seats, key=lambda s: (ROLE_ORDER[MemberRole(s.role)], s.row))
    current = {
        (m.panel_id, m.user_id): m for m in PanelMember.objects.filter(panel__in=panels.values())
    }
    # A chair or secretary the file moves to another role leaves that seat first.
    for seat in seats:
        panel, account = panels[seat.province], accounts[seat.email]
        member = current.get((panel.pk, account.pk))
        if member is not None and member.role != seat.role and member.role != MemberRole.MEMBER:
            PanelMember.objects.filter(pk=member.pk).update(role=MemberRole.MEMBER)
    for seat in seats:
        panel, account = panels[seat.province], accounts[seat.email]
        wanted = {
            "role": seat.role,
            "affiliation": seat.affiliation,
            "institution": seat.institution,
            "region_code": seat.region_code,
            "employer_key": seat.employer_key,
        }
        member = current.get((panel.pk, account.pk))
        if member is not None and all(getattr(member, k) == v for k, v in wanted.items()):
            unchanged += 1
            continue
        before = snapshot(member) if member is not None else None
        member, _ = PanelMember.objects.update_or_create(panel=panel, user=account, defaults=wanted)
        log_action(
            user=user,
            action="panel.member",
            obj=member,
            cycle=cycle,
            before=before,
            after=snapshot(member) | {"row": seat.row},
        )
        if before is None:
            added += 1
        else:
            changed += 1
    return Seated(panels_created=0, added=added, changed=changed, unchanged=unchanged)


def create_missing(*, cycle: Cycle, provinces: Iterable[str], user: Any = None) -> list[Panel]:
    return [
        create_panel(
            cycle=cycle,
            level=Level.PROVINCIAL if code else Level.NATIONAL,
            province=code,
            user=user,
        )
        for code in provinces
    ]


# -- the template -----------------------------------------------------------------------------

EXAMPLE = (
    (
        "61",
        "Dr. Harisson",
        "sekda@kalbarprov.go.id",
        "Ketua",
        "Sekretariat daerah (Sekda)",
        "Pemerintah Provinsi Kalimantan Barat",
        "61",
        "",
    ),
    (
        "Kalimantan Barat",
        "Rina Wulandari",
        "rina@bpjsketenagakerjaan.go.id",
        "Sekretaris",
        "BPJS Ketenagakerjaan",
        "Kantor Wilayah Kalimantan",
        "",
        "",
    ),
    (
        "nasional",
        "Budi Santoso",
        "budi@kemenkopmk.go.id",
        "Ketua",
        "Kemenko PMK",
        "Kemenko PMK",
        "",
        "",
    ),
)


def template_workbook() -> bytes:
    """An empty members' workbook with its header, two example rows and the allowed values."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for example in EXAMPLE:
        sheet.append(list(example))
    for index, width in enumerate((18, 28, 34, 12, 30, 36, 16, 22), start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    guide = workbook.create_sheet("Petunjuk")
    guide.append(["kolom", "isi"])
    with translation.override("id"):
        guide.append(
            [
                "provinsi",
                "kode Kemendagri (61) atau nama provinsi; kosong atau 'nasional' untuk "
                "Dewan Juri Nasional",
            ]
        )
        guide.append(["peran", ", ".join(str(label) for _, label in MemberRole.choices)])
        guide.append(["unsur", ", ".join(str(label) for _, label in Affiliation.choices)])
    guide.append(
        ["email", "akun dicocokkan dengan email; orang baru mendapat akun dan tautan aktivasi"]
    )
    guide.append(
        ["wilayah sendiri", "kode Kemendagri wilayah asal anggota (untuk konflik kepentingan)"]
    )
    guide.append(
        ["pemberi kerja sendiri", "kode pemberi kerja anggota (untuk konflik kepentingan)"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
