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
        extra = worker_arguments(extra)
    execute_from_command_line(["paritrana manage", *extra])
    return 0


def worker_arguments(extra: list[str]) -> list[str]:
    """The worker named by its process (host, pid and start time), so that a computation it was
    running when killed can be told from one still running (coverage.domain.compute); unless
    the command line names it already, or the name would be longer than the queue allows."""
    from paritrana.coverage.domain.import_recovery import this_process

    claim = this_process()
    if any(a == "--worker-id" or a.startswith("--worker-id=") for a in extra) or len(claim) > 64:
        return extra
    return [*extra, "--worker-id", claim]


def recover_imports() -> None:
    """Before a process that runs imports starts: settle the imports and computations a killed
    process left (coverage.domain.import_recovery, .compute) and say how many."""
    from paritrana.coverage.domain.compute import settle_interrupted_computations
    from paritrana.coverage.domain.import_recovery import recover_interrupted_imports

    computations = settle_interrupted_computations()
    if computations:
        print(
            f"{computations} perhitungan terhenti sebelum selesai ditandai gagal.",
            file=sys.stderr,
        )
    settled = recover_interrupted_imports()
    if settled:
        ids = ", ".join(f"#{pk}" for pk in settled)
        print(
            f"{len(settled)} impor terhenti sebelum selesai ({ids}) ditandai gagal; "
            "unggahan dan sisa berkasnya dihapus.",
            file=sys.stderr,
        )
