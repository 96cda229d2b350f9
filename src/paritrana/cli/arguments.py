"""The command line's parser in Bahasa Indonesia, and the argument types every verb shares.

`Parser` is argparse with its headings, usage line and error messages in Bahasa: a missing or
malformed argument ends with "Galat: ..." and where to find help, exit status 2, never a
traceback. The types (`year`, `existing_file`, `output_file`, `at_least`) check what can be
checked before the database is touched, with the same bounds as the pages and the API. Every
whole number has an upper bound too (by default `MAX_WHOLE`): a number of twenty digits is
refused here, in Bahasa, and never reaches the database as an integer out of range.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

MIN_YEAR, MAX_YEAR = 2000, 2100  # as the pages and the API (web/views/secretariat.py, api/*)
MAX_WHOLE = 2_147_483_647  # the largest whole number an integer column holds in every database

# argparse's own messages (Python 3.11 to 3.13 wording), said in Bahasa. Our argument types
# raise ArgumentTypeError in Bahasa already; their "argument X: " prefix is translated last.
_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in (
        (r"^the following arguments are required: (?P<a>.+)$", "argumen wajib belum diisi: {a}"),
        (
            r"^argument (?P<a>\S+): invalid choice: (?P<v>.+?) \(choose from (?P<c>.+)\)$",
            "{a}: {v} tidak dikenal; pilih salah satu dari {c}",
        ),
        (r"^argument (?P<a>\S+): invalid int value: (?P<v>.+)$", "{a}: {v} bukan bilangan bulat"),
        (r"^argument (?P<a>\S+): invalid float value: (?P<v>.+)$", "{a}: {v} bukan angka"),
        (r"^argument (?P<a>\S+): invalid \S+ value: (?P<v>.+)$", "{a}: nilai {v} tidak sah"),
        (r"^argument (?P<a>\S+): expected one argument$", "{a} perlu satu nilai"),
        (
            r"^argument (?P<a>\S+): expected at least one argument$",
            "{a} perlu sedikitnya satu nilai",
        ),
        (
            r"^argument (?P<a>\S+): not allowed with argument (?P<b>\S+)$",
            "{a} tidak dapat dipakai bersama {b}",
        ),
        (r"^argument (?P<a>\S+): (?P<m>.+)$", "{a}: {m}"),
        (r"^ambiguous option: (?P<o>\S+) could match (?P<m>.+)$", "opsi {o} ambigu: bisa {m}"),
        (r"^unrecognized arguments: (?P<a>.+)$", "argumen tidak dikenal: {a}"),
    )
]


def in_bahasa(message: str) -> str:
    """One of argparse's error messages in Bahasa Indonesia; unknown ones pass unchanged."""
    for pattern, replacement in _MESSAGES:
        found = pattern.match(message)
        if found:
            return replacement.format(**found.groupdict())
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "penggunaan: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse speaking Bahasa Indonesia; sub-commands' parsers are of this class too."""

    def __init__(self, *args, add_help: bool = True, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, add_help=False, **kwargs)
        self.add_help = add_help
        self._positionals.title = "argumen"
        self._optionals.title = "opsi"
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help="tampilkan bantuan ini lalu keluar",
            )

    def error(self, message: str) -> NoReturn:
        """Every failure starts its stderr with "Galat: "; then the usage and where help is."""
        sys.stderr.write(f"Galat: {in_bahasa(message)}\n")
        self.print_usage(sys.stderr)
        self.exit(2, f"Bantuan: {self.prog} -h\n")


def _whole(text: str, what: str) -> int:
    if not re.fullmatch(r"\s*-?\d+\s*", text):
        raise argparse.ArgumentTypeError(f"'{text}' bukan {what}")
    digits = len(text.strip().lstrip("-").lstrip("0"))
    if digits > 30:  # not echoed, nor handed to int() (which refuses beyond 4300 digits)
        raise argparse.ArgumentTypeError(f"bilangan {digits} angka terlalu panjang")
    return int(text)


def year(text: str) -> int:
    """A year between 2000 and 2100."""
    value = _whole(text, "tahun (mis. 2025)")
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise argparse.ArgumentTypeError(
            f"{value} bukan tahun yang dapat dipakai (antara {MIN_YEAR} dan {MAX_YEAR})"
        )
    return value


def at_least(minimum: int, maximum: int = MAX_WHOLE) -> Callable[[str], int]:
    """A whole number from `minimum` to `maximum` (by default the largest an integer column of
    the database holds): every whole-number option of the command line is of this type."""

    def whole_number(text: str) -> int:
        value = _whole(text, "bilangan bulat")
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{value} terlalu kecil (paling sedikit {minimum})")
        if value > maximum:
            raise argparse.ArgumentTypeError(f"{value} terlalu besar (paling banyak {maximum})")
        return value

    return whole_number


def whole_number(text: str) -> int:
    """A whole number within what an integer column holds (-MAX_WHOLE to MAX_WHOLE), for the
    options whose own range the verb checks and explains (e.g. a token's 1 to 730 days)."""
    return at_least(-MAX_WHOLE)(text)


def existing_file(text: str) -> Path:
    """A file that exists and is a file."""
    path = Path(text).expanduser()
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} adalah folder, bukan berkas")
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"berkas {text} tidak ditemukan")
    return path


def output_file(text: str) -> Path:
    """A file to write: not a folder, in a folder that exists."""
    path = Path(text).expanduser()
    if path.is_dir():
        raise argparse.ArgumentTypeError(
            f"{text} adalah folder; sebutkan nama berkasnya, mis. {path / 'hasil.xlsx'}"
        )
    if not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"folder {path.parent} tidak ada")
    return path
