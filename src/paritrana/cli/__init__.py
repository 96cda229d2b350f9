"""The `paritrana` command: one entry point with a sub-command per job.

Sub-commands live in their own modules and register themselves with `register(subparsers)`;
each declares what it needs of the database (`readiness`: PURE, OWN, SCHEMA, REGIONS,
PREPARES) and `main` prepares or checks it before the verb runs. Pure ones (the contribution
calculator) never load Django.

`main` is the one place that turns failures into words: a user's mistake (a bad argument,
an unknown code, a file that is missing or of the wrong kind, a refusal of the award's rules,
a database not prepared yet) ends in one line "Galat: ..." in Bahasa Indonesia and exit status
2; anything else is a bug and keeps its traceback, after a line saying so. Output read by a
program that stops early (`paritrana ... --json | head -1`) ends quietly with status 141, as
the unix tools do when SIGPIPE ends them (128 + 13, what the shell reports).
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


PIPE_CLOSED = 141  # 128 + SIGPIPE: the status the shell reports for `yes | head -1`'s `yes`


def _pipe_closed() -> int:
    """Whoever read stdout has stopped (`| head -1`): nothing more to say, and nothing left to
    flush at exit either (Python's advice: point stdout at devnull)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (captured by a test)
        pass
    return PIPE_CLOSED


def main(argv: Sequence[str] | None = None) -> int:
    try:
        code = _main(argv)
        sys.stdout.flush()  # here, not at exit: a closed pipe would be reported there
    except BrokenPipeError:
        return _pipe_closed()
    return code


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:  # a malformed command line: argparse has said why (in Bahasa, `arguments.Parser`)
        args, extra = parser.parse_known_args(argv)
        if extra and not getattr(args, "accepts_extra", False):
            parser.error(f"argumen tidak dikenal: {' '.join(extra)}")
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    if not getattr(args, "handler", None):  # no verb: as a group without its action (exit 2)
        parser.print_help(sys.stderr)
        return 2
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
    except BrokenPipeError:  # stdout's reader stopped early: not a bug, nothing to report
        return _pipe_closed()
    except SystemExit as stop:  # rich's Console, on a closed pipe, exits 1 (on_broken_pipe)
        if isinstance(stop.__context__, BrokenPipeError):
            return _pipe_closed()
        raise
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
