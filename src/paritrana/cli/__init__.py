"""The `paritrana` command: one entry point with a sub-command per job.

Sub-commands live in their own modules and register themselves with `register(subparsers)`.
Commands that touch the database call `setup_django()` first; pure ones (the contribution
calculator) never load Django.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from paritrana import __version__
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


def build_parser() -> argparse.ArgumentParser:
    from paritrana.cli import (
        contribution,
        coverage,
        cycle,
        demo,
        manage,
        panels,
        regions,
        shortlist,
        synth,
        tokens,
    )

    parser = argparse.ArgumentParser(
        prog="paritrana",
        description="Paritrana: Paritrana Award dan Universal Coverage Jamsostek.",
    )
    parser.add_argument("--version", action="version", version=f"paritrana {__version__}")
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
    ):
        module.register(subparsers)
    from paritrana.cli import progress  # issue 15: kemajuan, pengingat

    progress.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 1
    if extra and not getattr(args, "accepts_extra", False):
        parser.error(f"argumen tidak dikenal: {' '.join(extra)}")
    try:
        result = (
            args.handler(args, extra)
            if getattr(args, "accepts_extra", False)
            else args.handler(args)
        )
    except CommandError as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return 2
    except DomainError as exc:  # a refusal of the award's rules or the access policy
        print(f"Galat: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return int(result or 0)
