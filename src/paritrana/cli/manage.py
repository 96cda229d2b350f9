"""`paritrana manage ...`: Django's management commands (migrate, createsuperuser, shell...)."""

from __future__ import annotations

import argparse

from paritrana.cli import setup_django


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "manage", help="perintah manajemen Django (migrate, createsuperuser, ...)", add_help=False
    )
    parser.set_defaults(handler=run, accepts_extra=True)


def run(args: argparse.Namespace, extra: list[str]) -> int:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["paritrana manage", *extra])
    return 0
