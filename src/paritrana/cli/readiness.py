"""What each verb needs of the database, and what the command line says when it is not there.

Every verb declares one of these on its parser (`set_defaults(database=...)`); `main` acts on it
before the verb runs, so no verb checks on its own:

- PURE: never loads Django (the calculator, the reconciliation, the import templates).
- OWN: prepares the database itself (`regions load`, `demo`, `manage ...`, `backup restore`,
  which brings the tables with the backup).
- SCHEMA: needs the tables; on a fresh install it says what to run first (`backup create`).
- REGIONS: needs the tables and the Kemendagri regions; says what to run first (`serve`).
- PREPARES: writes data, so it creates the tables and loads the regions itself when missing
  (imports, metrics, synthetic data, boundaries).

A database error that turns out to be a database not (yet) migrated, or one that cannot be
opened, becomes a sentence in Bahasa naming the command to run (`diagnose`).
"""

from __future__ import annotations

from typing import Any

PURE = "pure"
OWN = "own"
SCHEMA = "schema"
REGIONS = "regions"
PREPARES = "prepares"
KINDS = (PURE, OWN, SCHEMA, REGIONS, PREPARES)

PREPARE_COMMAND = "paritrana regions load"
THEN_AGAIN = "lalu ulangi perintah ini"


def where() -> str:
    """The database in words: SQLite and its file, or PostgreSQL and its name and host."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    engine = str(database["ENGINE"])
    if "sqlite" in engine:
        return f"SQLite {database['NAME']}"
    if "postgresql" in engine:
        host = database.get("HOST") or "localhost"
        port = f":{database['PORT']}" if database.get("PORT") else ""
        return f"PostgreSQL '{database['NAME']}' di {host}{port}"
    return f"{engine.rsplit('.', 1)[-1]} {database['NAME']}"


def _pending() -> tuple[list[Any], bool]:
    """The migrations not yet applied, and whether any ever were."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return plan, bool(executor.loader.applied_migrations)


def diagnose(exc: BaseException) -> str | None:
    """The Bahasa sentence for a database error the user can fix; None for anything else (a
    bug, shown with its traceback)."""
    from django.db import DatabaseError, connection

    if not isinstance(exc, DatabaseError):
        return None
    connection.close()  # a fresh connection to look with, whatever state the failure left
    try:
        pending, ever_migrated = _pending()
    except DatabaseError as failure:
        setting = "DATABASE_URL" if connection.vendor != "sqlite" else "PARITRANA_DATA_DIR"
        return (
            f"Basis data {where()} tidak dapat dibuka ({' '.join(str(failure).split())}). "
            f"Periksa {setting}."
        )
    if not pending:
        return None
    if not ever_migrated:
        return (
            f"Basis data {where()} belum disiapkan: jalankan dulu `{PREPARE_COMMAND}` "
            f"(membuat tabel dan memuat wilayah Kemendagri 2025), {THEN_AGAIN}."
        )
    return (
        f"Basis data {where()} belum mutakhir ({len(pending)} migrasi belum dijalankan): "
        f"jalankan dulu `paritrana manage migrate`, {THEN_AGAIN}."
    )


def require_regions() -> None:
    """CommandError unless the Kemendagri regions are loaded (a fresh database raises the
    DatabaseError that `diagnose` explains)."""
    from paritrana.cli import CommandError
    from paritrana.regions.models import Region

    if not Region.objects.exists():
        raise CommandError(
            f"Wilayah Kemendagri belum dimuat di basis data {where()}: "
            f"jalankan dulu `{PREPARE_COMMAND}`, {THEN_AGAIN}."
        )


def prepare() -> None:
    """Create the tables and load the Kemendagri regions when they are missing; quiet and
    cheap when both are there. Progress goes to stderr, so that --json output stays clean."""
    from django.core.management import call_command
    from rich.console import Console

    from paritrana.cli.regions import load_with_progress
    from paritrana.regions.models import Region

    console = Console(stderr=True)
    pending, _ever = _pending()
    if pending:
        with console.status(f"Menyiapkan basis data {where()} (migrate)..."):
            call_command("migrate", interactive=False, verbosity=0)
    if not Region.objects.exists():
        report = load_with_progress(console)
        console.print(
            f"Wilayah Kemendagri 2025 dimuat: {report.created:,} wilayah.".replace(",", "."),
            highlight=False,
        )


def ready(kind: str) -> None:
    """Before a verb runs: what its declaration asks."""
    if kind in (PURE, OWN):
        return
    from paritrana.cli import setup_django

    setup_django()
    if kind == PREPARES:
        prepare()
    elif kind == REGIONS:
        require_regions()
