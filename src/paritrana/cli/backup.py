"""`paritrana backup create|restore`: the database, the store, the evidence files and the
secrets of an installation, in one folder with a manifest of checksums (paritrana/backups.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from paritrana.cli import setup_django
from paritrana.cli.readiness import OWN, SCHEMA


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "backup", help="cadangkan atau pulihkan basis data, penyimpanan dan kunci pseudonim"
    )
    verbs = parser.add_subparsers(dest="backup_command", metavar="AKSI", required=True)
    create = verbs.add_parser("create", help="buat cadangan ke folder baru")
    create.add_argument("--to", type=Path, required=True, metavar="FOLDER", help="folder baru")
    create.set_defaults(handler=run_create, database=SCHEMA)
    restore = verbs.add_parser(
        "restore", help="pulihkan cadangan ke instalasi ini (periksa checksum dulu)"
    )
    restore.add_argument(
        "--from",
        dest="source",
        type=Path,
        required=True,
        metavar="FOLDER",
        help="folder cadangan (dibuat oleh `paritrana backup create`)",
    )
    restore.add_argument(
        "--force", action="store_true", help="timpa instalasi yang sudah berisi data"
    )
    # OWN: the restore brings the tables itself; migrating first would fill the target.
    restore.set_defaults(handler=run_restore, database=OWN)


def _size(n: int) -> str:
    return f"{n / 1e6:,.1f} MB".replace(",", "_").replace(".", ",").replace("_", ".")


def run_create(args: argparse.Namespace) -> int:
    from paritrana.backups import create_backup

    console = Console()
    with console.status(f"Mencadangkan ke {args.to}..."):
        outcome = create_backup(folder=args.to.expanduser().resolve())
    console.print(
        f"Cadangan dibuat di {outcome.folder}: {outcome.files} berkas, {_size(outcome.bytes)} "
        f"(basis data: {outcome.database}). Simpan folder ini serahasia servernya: isinya "
        "memuat kunci pseudonim.",
        highlight=False,
    )
    return 0


def run_restore(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.backups import restore_backup

    console = Console()
    with console.status(f"Memeriksa dan memulihkan {args.source}..."):
        manifest = restore_backup(folder=args.source.expanduser().resolve(), force=args.force)
    console.print(
        f"Cadangan {manifest['created_at']} (Paritrana {manifest['paritrana']}) dipulihkan: "
        f"{len(manifest['files'])} berkas, checksum cocok. Bila versi Paritrana kini lebih "
        "baru, jalankan `paritrana manage migrate`.",
        highlight=False,
    )
    return 0
