"""The `paritrana` command: one entry point with a sub-command per job.

Sub-commands live in their own modules and register themselves with `register(subparsers)`;
each declares what it needs of the database (`readiness`: PURE, OWN, SCHEMA, REGIONS,
PREPARES) and `main` prepares or checks it before the verb runs. Pure ones (the contribution
calculator) never load Django.

`main` is the one place that turns failures into words: a user's mistake (a bad argument,
an unknown code, a file that is missing or of the wrong kind, a refusal of the award's rules,
a database not prepared yet) ends in one line "Galat: ..." in Bahasa Indonesia and exit status
2; anything else is a bug and keeps its traceback, after a line saying so.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Sequence
from typing import Any

from paritrana import __version__
from paritrana.cli.arguments import Parser
from paritrana.cli.readiness import KINDS, diagnose, ready
from paritrana.errors import DomainError


class CommandError(Exception):
    """A user-facing failure: printed without a traceback, exit status 2."""


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paritrana.settings")
    import django

    django.setup()


def account(username: str) -> Any:
    """The active account with this username; CommandError when there is none."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"Akun {username!r} tidak ditemukan atau tidak aktif.")
    return user


def acting_user(username: str | None, perm: str) -> Any:
    """The account a command acts for, checked against the same permission as the web and the
    API (`paritrana.access.rules`); the server's operator when no account is named."""
    from paritrana.access.actors import OPERATOR
    from paritrana.access.check import denied

    if not username:
        return OPERATOR
    user = account(username)
    reason = denied(user, perm)
    if reason is not None:
        raise CommandError(f"Akun {username}: {reason}")
    return user


def progress_bar(console: Any) -> Any:
    """The progress bar every long command shows (a rich Progress, removed when done)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def build_parser() -> Parser:
    from paritrana.cli import (
        backup,
        contribution,
        coverage,
        cycle,
        demo,
        manage,
        panels,
        regions,
        serve,
        shortlist,
        synth,
        tokens,
    )

    parser = Parser(
        prog="paritrana",
        description="Paritrana: Paritrana Award dan Universal Coverage Jamsostek.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"paritrana {__version__}",
        help="tampilkan versi lalu keluar",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="PERINTAH")
    for module in (
        demo,
        regions,
        coverage,
        synth,
        contribution,
        tokens,
        shortlist,
        panels,
        cycle,
        manage,
        serve,
        backup,
    ):
        module.register(subparsers)
    from paritrana.cli import progress  # issue 15: kemajuan, pengingat

    progress.register(subparsers)
    return parser


_PATH_PROBLEMS = {
    errno.ENOENT: "tidak ditemukan",
    errno.EISDIR: "adalah folder, bukan berkas",
    errno.ENOTDIR: "salah satu bagian jalurnya bukan folder",
    errno.EACCES: "tidak boleh dibaca atau ditulis (periksa hak aksesnya)",
    errno.EPERM: "tidak boleh dibaca atau ditulis (periksa hak aksesnya)",
    errno.ENOSPC: "tidak dapat ditulis: disk penuh",
    errno.EROFS: "tidak dapat ditulis: sistem berkasnya hanya-baca",
    errno.EEXIST: "sudah ada",
}


def user_facing(exc: BaseException) -> str | None:
    """The Bahasa sentence for a failure the user can fix; None for a bug."""
    if isinstance(exc, CommandError):
        return str(exc)
    if isinstance(exc, DomainError):  # a refusal of the award's rules or the access policy
        return exc.message
    if isinstance(exc, OSError) and exc.filename and exc.errno in _PATH_PROBLEMS:
        return f"{exc.filename}: {_PATH_PROBLEMS[exc.errno]}."
    if "django" in sys.modules:
        from django.core.exceptions import ImproperlyConfigured

        if isinstance(exc, ImproperlyConfigured):
            return f"Konfigurasi: {exc}"
        return diagnose(exc)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:  # a malformed command line: argparse has said why (in Bahasa, `arguments.Parser`)
        args, extra = parser.parse_known_args(argv)
        if extra and not getattr(args, "accepts_extra", False):
            parser.error(f"argumen tidak dikenal: {' '.join(extra)}")
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 1
    kind = getattr(args, "database", None)
    if kind not in KINDS:  # a verb that does not say what it needs of the database
        raise RuntimeError(f"{args.command}: set_defaults(database=...) hilang")
    try:
        ready(kind)
        result = (
            args.handler(args, extra)
            if getattr(args, "accepts_extra", False)
            else args.handler(args)
        )
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        message = user_facing(exc)
        if message is None:
            print(
                "Galat program, bukan kesalahan masukan Anda: laporkan keterangan di bawah ini "
                "kepada pengelola Paritrana.",
                file=sys.stderr,
            )
            raise
        print(f"Galat: {message}", file=sys.stderr)
        return 2
    return int(result or 0)
