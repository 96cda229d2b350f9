"""Candidates' representatives from a workbook: reading, checking, linking.

One sheet, one row per (candidate, person), with the columns of `COLUMNS` (headers matched
without regard to case, spaces or underscores):

- `kode kandidat`: the nomination's key, as the shortlist knows it: the Kemendagri code of a
  kab/kota, a province or a village, or a company's employer id in the coverage data;
- `nama kandidat`: for the reader's eye; a name unlike the shortlist's is noted, not refused;
- `kategori`: needed only where the same code is on several shortlists of the file's scope
  (a category's code, or `tingkat/kode` such as `provinsi/pemda-kabkota`, or its name);
- `nama lengkap wakil`, `email wakil`: the person; an existing account is matched by its email,
  a new person gets an account (the name is then required);
- `akun`: instead of the email, an existing account's username (or email).

A row that names no person (the template's rows of nominees nobody was typed for) is skipped.
Every row is checked before anything is written: a problem names the file, the row (header =
1), the column and the reason in Bahasa Indonesia, as the roster's import does
(`paritrana.assessment.domain.roster`). A person already linked to the candidate is counted as
unchanged, so importing the same file twice changes nothing.

Which nominations a file may name (its scope) is the caller's: one round's shortlist, or every
round of the cycle the actor may manage (`paritrana.commands.representatives`). Accounts are
made by the command (`paritrana.access.invitations`); the links by `representatives.add`, each
audited as the candidate's page does.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower

from paritrana.awards.domain import representatives
from paritrana.awards.domain.workbook_problems import Rows, WorkbookRejected
from paritrana.awards.domain.workbook_problems import read_rows as read_workbook
from paritrana.awards.models import Nomination, Representative
from paritrana.engine.problems import Problem, shown_value

SHEET = "Wakil"
CODE, CANDIDATE, CATEGORY, NAME, EMAIL, ACCOUNT = (
    "kode kandidat",
    "nama kandidat",
    "kategori",
    "nama lengkap wakil",
    "email wakil",
    "akun",
)
COLUMNS = (CODE, CANDIDATE, CATEGORY, NAME, EMAIL, ACCOUNT)
HEADERS = (  # as the template writes them
    "Kode kandidat",
    "Nama kandidat",
    "Kategori",
    "Nama lengkap wakil",
    "Email wakil",
    "Akun",
)
PERSON = (NAME, EMAIL, ACCOUNT)
MAX_ROWS = 10000
_LIMITS = {NAME: 150, EMAIL: 254, ACCOUNT: 254, CODE: 60}


class RepresentativesRejected(WorkbookRejected):
    """A representatives' workbook with problems: nothing was written. `details["problems"]`
    lists them (file, row, column, value, reason)."""


@dataclass(frozen=True)
class Link:
    """One checked row: a person for a candidate."""

    row: int
    nomination: Nomination
    name: str  # as typed; for an existing account named by `akun`, its full name
    email: str  # lower-cased; "" for an account named by username that has none
    account: Any | None  # the existing account; None: a new person, made on import
    linked: bool  # already represents the candidate: unchanged
    note: str = ""  # a candidate's name unlike the shortlist's (not a problem)
    via: str = EMAIL  # the column that names the person: EMAIL, or ACCOUNT
    typed: str = ""  # what that cell holds

    @property
    def new_account(self) -> bool:
        return self.account is None

    @property
    def who(self) -> str:
        if self.account is not None:
            return str(self.account.get_username())
        return self.email


@dataclass
class Checked:
    file_name: str
    links: list[Link] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0  # rows naming no person

    @property
    def to_add(self) -> list[Link]:
        return [link for link in self.links if not link.linked]

    @property
    def unchanged(self) -> int:
        return sum(1 for link in self.links if link.linked)


@dataclass(frozen=True)
class Linked:
    """What an import wrote: the new links, and the rows already so."""

    added: list[Representative]
    unchanged: int


# -- reading ----------------------------------------------------------------------------------


def _missing(header: list[str]) -> list[str]:
    missing = [CODE] if CODE not in header else []
    if not {EMAIL, ACCOUNT} & set(header):
        missing.append(EMAIL)
    return missing


def read_rows(content: bytes, file_name: str) -> tuple[Rows, list[Problem]]:
    """The workbook's data rows as (row number, {column: text}), or the problems that stop it
    being read at all (`workbook_problems.read_rows`)."""
    return read_workbook(
        content,
        file_name,
        sheet_name=SHEET,
        columns=COLUMNS,
        missing=_missing,
        known=", ".join(COLUMNS) + " (email wakil atau akun).",
        max_rows=MAX_ROWS,
        nothing="Berkas tidak berisi baris kandidat.",
    )


# -- checking ---------------------------------------------------------------------------------


def category_label(nomination: Nomination) -> str:
    """How the workbook names a nomination's category: `provinsi/pemda-kabkota`."""
    return f"{nomination.category.level}/{nomination.category.code}"


def _category_matches(nomination: Nomination, text: str) -> bool:
    text = text.strip().lower()
    category = nomination.category
    return text in {
        category.code.lower(),
        category_label(nomination).lower(),
        category.name.strip().lower(),
        str(category.display_name).strip().lower(),
    }


def _code_variants(code: str) -> list[str]:
    """The code as written, and as it was before a spreadsheet read "61.10" as the number
    61.1 (a kab/kota code has two digits after the dot)."""
    variants = [code]
    if re.fullmatch(r"\d{2}\.\d", code):
        variants.append(code + "0")
    return variants


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _name_note(written: str, nomination: Nomination) -> str:
    """Loosely: a name sharing no word with the shortlist's is noted for the reader."""
    if not written or _words(written) & _words(nomination.name):
        return ""
    return (
        f"Nama kandidat '{written}' berbeda dengan daftar pendek ({nomination.name}); yang "
        "dipakai adalah kodenya."
    )


class _Accounts:
    """Existing accounts by username and by email (without regard to case), looked up in two
    queries for the whole file."""

    def __init__(self, records: Sequence[tuple[int, dict[str, str]]]) -> None:
        users = get_user_model().objects
        emails = {r.get(EMAIL, "").lower() for _, r in records} | {
            r.get(ACCOUNT, "").lower() for _, r in records if "@" in r.get(ACCOUNT, "")
        }
        names = {r.get(ACCOUNT, "") for _, r in records if r.get(ACCOUNT)}
        self.by_email: dict[str, list[Any]] = {}
        found = users.annotate(lower_email=Lower("email")).filter(
            lower_email__in=[e for e in emails if e]
        )
        for user in found:
            self.by_email.setdefault(user.email.lower(), []).append(user)
        self.by_username = {u.get_username(): u for u in users.filter(username__in=names)}

    def with_email(self, email: str) -> list[Any]:
        return self.by_email.get(email, [])

    def named(self, text: str) -> tuple[Any | None, str]:
        """The account named by username or email, or why none is."""
        if text in self.by_username:
            return self.by_username[text], ""
        matches = self.with_email(text.lower()) if "@" in text else []
        if len(matches) > 1:
            return None, f"Email {text} dipakai oleh lebih dari satu akun; tulis nama penggunanya."
        if matches:
            return matches[0], ""
        return None, (
            f"Tidak ada akun '{text}'. Untuk orang baru, isi nama lengkap dan email wakil "
            "dan kosongkan kolom akun."
        )


def check(
    *, nominations: Iterable[Nomination], content: bytes, file_name: str, scope: str
) -> Checked:
    """Read and check a representatives' workbook against `nominations` (the candidates it may
    name; `scope` says which in words, for the problems); writes nothing."""
    records, problems = read_rows(content, file_name)
    checked = Checked(file_name=file_name, problems=problems)
    if problems:
        return checked
    by_key: dict[str, list[Nomination]] = {}
    for nomination in nominations:
        by_key.setdefault(nomination.key, []).append(nomination)
    accounts = _Accounts(records)
    for number, record in records:
        if not any(record.get(column) for column in PERSON):
            checked.skipped += 1
            continue
        link = _check_row(number, record, checked, by_key, accounts, scope)
        if link is not None:
            checked.links.append(link)
    _check_linked(checked)
    _check_across(checked)
    checked.problems.sort(
        key=lambda p: (p.row or 0, COLUMNS.index(p.column) if p.column in COLUMNS else 99)
    )
    return checked


def _check_row(
    number: int,
    record: dict[str, str],
    checked: Checked,
    by_key: dict[str, list[Nomination]],
    accounts: _Accounts,
    scope: str,
) -> Link | None:
    before = len(checked.problems)

    def problem(column: str, reason: str) -> None:
        checked.problems.append(
            Problem(checked.file_name, number, column, shown_value(record.get(column)), reason)
        )

    for column, limit in _LIMITS.items():
        if len(record.get(column, "")) > limit:
            problem(column, f"Paling banyak {limit} karakter.")
    nomination = _nomination(record, by_key, scope, problem)
    account, name, email = None, record.get(NAME, ""), record.get(EMAIL, "").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problem(EMAIL, f"'{record[EMAIL]}' bukan alamat email yang sah.")
            email = ""
    if record.get(ACCOUNT):
        account, why = accounts.named(record[ACCOUNT])
        if account is None:
            problem(ACCOUNT, why)
        elif email and (account.email or "").lower() != email:
            problem(
                EMAIL,
                f"Akun {account.get_username()} memakai email lain ({account.email or 'kosong'}); "
                "isi salah satu saja: akun atau email wakil.",
            )
    elif email:
        matches = accounts.with_email(email)
        if len(matches) > 1:
            problem(EMAIL, f"Email {email} dipakai oleh lebih dari satu akun; tulis nama akunnya.")
        elif matches:
            account = matches[0]
        elif not name:
            problem(NAME, "Untuk orang baru, isi nama lengkap wakil.")
    elif not record.get(EMAIL):
        problem(EMAIL, "Isi email wakil (atau nama pengguna akunnya di kolom 'akun').")
    if len(checked.problems) > before or nomination is None:
        return None
    if account is not None:
        name = account.get_full_name() or name
        email = (account.email or "").lower()
    via = ACCOUNT if record.get(ACCOUNT) else EMAIL
    return Link(
        row=number,
        nomination=nomination,
        name=name,
        email=email,
        account=account,
        linked=False,
        note=_name_note(record.get(CANDIDATE, ""), nomination),
        via=via,
        typed=record.get(via, ""),
    )


def _nomination(
    record: dict[str, str], by_key: dict[str, list[Nomination]], scope: str, problem: Any
) -> Nomination | None:
    code = record.get(CODE, "")
    if not code:
        problem(CODE, "Kolom 'kode kandidat' wajib diisi.")
        return None
    found = next((by_key[c] for c in _code_variants(code) if c in by_key), [])
    category = record.get(CATEGORY, "")
    if category and found:
        chosen = [n for n in found if _category_matches(n, category)]
        if not chosen:
            names = ", ".join(sorted(category_label(n) for n in found))
            problem(
                CATEGORY,
                f"Kandidat '{code}' tidak ada di kategori '{category}' pada {scope}; ada di: "
                f"{names}.",
            )
            return None
        found = chosen
    if not found:
        problem(
            CODE,
            f"Kode kandidat '{code}' tidak ada di daftar pendek {scope} (kode wilayah "
            "Kemendagri, atau nomor pemberi kerja untuk perusahaan).",
        )
        return None
    if len(found) > 1:
        names = ", ".join(sorted(category_label(n) for n in found))
        problem(
            CATEGORY,
            f"Kode kandidat '{code}' ada di beberapa kategori ({names}); tulis kategorinya.",
        )
        return None
    return found[0]


def _check_linked(checked: Checked) -> None:
    """Mark the rows whose person already represents the candidate (unchanged)."""
    users = {link.account.pk for link in checked.links if link.account is not None}
    pairs = set(
        Representative.objects.filter(
            nomination__in={link.nomination.pk for link in checked.links}, user__in=users
        ).values_list("user_id", "nomination_id")
    )
    checked.links = [
        replace(link, linked=True)
        if link.account is not None and (link.account.pk, link.nomination.pk) in pairs
        else link
        for link in checked.links
    ]


def _check_across(checked: Checked) -> None:
    """One row per person and candidate; one name per new person's email."""
    first_row: dict[tuple[str, int], int] = {}
    names: dict[str, tuple[str, int]] = {}
    kept = []
    for link in checked.links:
        person = f"akun:{link.account.pk}" if link.account is not None else link.email
        key = (person, link.nomination.pk)
        if key in first_row:
            checked.problems.append(
                Problem(
                    checked.file_name,
                    link.row,
                    link.via,
                    shown_value(link.typed),
                    f"{link.name or link.who} sudah ada di baris {first_row[key]} untuk "
                    f"{link.nomination.name}.",
                )
            )
            continue
        first_row[key] = link.row
        if link.account is None:
            name, row = names.setdefault(link.email, (link.name, link.row))
            if name.strip().lower() != link.name.strip().lower():
                checked.problems.append(
                    Problem(
                        checked.file_name,
                        link.row,
                        NAME,
                        shown_value(link.name),
                        f"Email {link.email} tertulis dengan nama lain di baris {row} ('{name}'); "
                        "satu orang, satu nama.",
                    )
                )
                continue
        kept.append(link)
    checked.links = kept


# -- linking ----------------------------------------------------------------------------------


def link_all(*, checked: Checked, accounts: dict[int, Any], user: Any = None) -> Linked:
    """Link every row not linked yet (`accounts`: the account of each row, by row number),
    each audited by `representatives.add`; a Juara I already promoted takes its new
    representative to the national round too."""
    added = [
        representatives.add(nomination=link.nomination, account=accounts[link.row], user=user)
        for link in checked.to_add
    ]
    return Linked(added=added, unchanged=checked.unchanged)


# -- the template -----------------------------------------------------------------------------


def template_workbook(nominations: Iterable[Nomination], *, title: str = "") -> bytes:
    """The workbook for `nominations` (a round's nominees): one row per nominee with its code,
    name and category filled in, the person's columns empty for the secretariat to type."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for nomination in nominations:
        sheet.append([nomination.key, nomination.name, category_label(nomination), "", "", ""])
        sheet.cell(row=sheet.max_row, column=1).number_format = "@"  # "61.10" stays text
    for letter, width in zip("ABCDEF", (18, 36, 34, 30, 34, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("Petunjuk")
    guide.append(["kolom", "isi"])
    if title:
        guide.append(["daftar pendek", title])
    for row in (
        (
            "kode kandidat",
            "kode wilayah Kemendagri kandidat (kab/kota, provinsi, desa) atau nomor pemberi "
            "kerja perusahaan, seperti di daftar pendek; jangan diubah",
        ),
        ("nama kandidat", "untuk dibaca saja"),
        ("kategori", "perlu hanya bila kode yang sama ada di beberapa kategori"),
        ("nama lengkap wakil", "wajib untuk orang baru"),
        (
            "email wakil",
            "akun dicocokkan dengan email; orang baru mendapat akun dan tautan aktivasi "
            "sekali pakai",
        ),
        ("akun", "sebagai ganti email: nama pengguna akun yang sudah ada"),
        (
            "",
            "baris tanpa wakil dilewati; dua wakil untuk satu kandidat: salin barisnya. "
            "Semua baris diperiksa dahulu: berkas masuk seluruhnya atau tidak sama sekali, "
            "dan mengimpor berkas yang sama lagi tidak mengubah apa pun.",
        ),
    ):
        guide.append(list(row))
    guide.column_dimensions["A"].width = 20
    guide.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
