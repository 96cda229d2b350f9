"""`paritrana manage ...`: Django's management commands (migrate, createsuperuser, shell...)."""

from __future__ import annotations

import argparse
import sys

from paritrana.cli import CommandError, setup_django
from paritrana.cli.readiness import OWN


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "manage", help="perintah manajemen Django (migrate, createsuperuser, ...)", add_help=False
    )
    parser.set_defaults(handler=run, accepts_extra=True, database=OWN)


def run(args: argparse.Namespace, extra: list[str]) -> int:
    setup_django()
    from django.core.management import execute_from_command_line, get_commands

    if extra and not extra[0].startswith("-") and extra[0] not in {*get_commands(), "help"}:
        raise CommandError(
            f"Perintah manajemen '{extra[0]}' tidak dikenal; daftarnya: `paritrana manage help`."
        )
    if extra[:1] == ["db_worker"]:
        recover_imports()
    execute_from_command_line(["paritrana manage", *extra])
    return 0


def recover_imports() -> None:
    """Before a process that runs imports starts: settle the imports a killed process left
    (coverage.domain.import_recovery) and say how many."""
    from paritrana.coverage.domain.import_recovery import recover_interrupted_imports

    settled = recover_interrupted_imports()
    if settled:
        ids = ", ".join(f"#{pk}" for pk in settled)
        print(
            f"{len(settled)} impor terhenti sebelum selesai ({ids}) ditandai gagal; "
            "unggahan dan sisa berkasnya dihapus.",
            file=sys.stderr,
        )
