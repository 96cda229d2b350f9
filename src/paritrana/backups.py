"""Backups of an installation, and their restore: the database, the store, the evidence files
and the secrets, in one folder with a manifest of checksums.

What is in a backup folder:

    manifest.json            versions, time, database kind, and the SHA-256 and size of every
                             file below (the manifest lists them; restore checks each one)
    database.sqlite3         SQLite: a copy made with SQLite's online backup API (consistent
                             while the server keeps serving)
    database.pgdump          PostgreSQL: `pg_dump --format=custom` (a consistent snapshot);
                             restored with `pg_restore`
    store/...                the coverage engine's Parquet store, without its scratch folders
    media/...                candidates' evidence files
    secrets/pseudonym_secret the key of the participant pseudonyms: without it the same NIK gets
                             another pseudonym and participants no longer match across imports
    secrets/secret_key       Django's generated key (sessions), when it was generated

The store is copied while holding the store's writer lock (`engine.landing.store_lock`), and
a backup is refused while an import is running, so the store, the import records and the metrics
in the database describe the same imports. The folder holds the pseudonym key and the database:
it is made for the service user alone (0700, files 0600); keep it as carefully as the server.

Restore checks every checksum first and changes nothing when one differs, refuses to write over
an installation that already holds data unless forced, and refuses a pseudonym key configured in
PARITRANA_PSEUDONYM_SECRET that is not the backup's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections

from paritrana import __version__
from paritrana.errors import DomainError

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
STORE = "store"
MEDIA = "media"
SECRETS = "secrets"
PSEUDONYM = "pseudonym_secret"
SECRET_KEY = "secret_key"
# Scratch folders of the store: an import's staging (can hold raw uploads) and DuckDB's spill.
STORE_SCRATCH = {".staging", ".spill"}
CHUNK = 1 << 20


class BackupRefused(DomainError):
    """A backup or restore that cannot be done as asked; the message says why, in Bahasa."""


@dataclass(frozen=True)
class Outcome:
    folder: Path
    files: int
    bytes: int
    database: str


# --- helpers ---------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _files_below(root: Path, *, skip: Collection[str] = ()) -> Iterator[Path]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] in skip or not path.is_file():
            continue
        yield path


def _private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(0o600)


def _private_tree(root: Path) -> None:
    """Every folder below `root` for the service user alone (mkdir's parents get umask's mode)."""
    for path in [root, *root.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o700)


def vendor() -> str:
    return str(connection.vendor)


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    """libpq's connection arguments and environment (the password never on a command line)."""
    database = settings.DATABASES["default"]
    args = ["--dbname", str(database["NAME"])]
    if database.get("HOST"):
        args += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        args += ["--port", str(database["PORT"])]
    if database.get("USER"):
        args += ["--username", str(database["USER"])]
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupRefused(
            f"Program `{name}` (klien PostgreSQL) tidak ditemukan; pasang paket klien PostgreSQL "
            "yang versinya sama dengan servernya (mis. `apt-get install postgresql-client`)."
        )
    return found


def _run(argv: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise BackupRefused(f"{Path(argv[0]).name} gagal: {' '.join(done.stderr.split())}")
    return done.stdout.strip()


def _migrations() -> dict[str, str]:
    """The latest applied migration of each app: what the backup's schema is."""
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


# --- create ------------------------------------------------------------------------------------


def _refuse_running_imports() -> None:
    from paritrana.coverage.domain.import_recovery import is_orphaned
    from paritrana.coverage.models import DataImport, ImportStatus

    running = [
        record.pk
        for record in DataImport.objects.filter(status=ImportStatus.RUNNING)
        if not is_orphaned(record)
    ]
    if running:
        ids = ", ".join(f"#{pk}" for pk in running)
        raise BackupRefused(
            f"Impor {ids} sedang berjalan: cadangan dibuat setelah impor selesai, agar "
            "penyimpanan dan basis data memuat impor yang sama."
        )


def _dump_database(folder: Path) -> tuple[str, str]:
    if vendor() == "sqlite":
        target = folder / SQLITE_FILE
        connection.ensure_connection()
        source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)
            # One self-contained file: opening a copy left in WAL mode would add -wal and -shm
            # files beside it, which are not in the manifest.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
            source.close()
        target.chmod(0o600)
        return SQLITE_FILE, f"sqlite3 {sqlite3.sqlite_version} (online backup API)"
    if vendor() == "postgresql":
        args, env = _pg_environment()
        pg_dump = _tool("pg_dump")
        version = _run([pg_dump, "--version"], env)
        target = folder / PG_FILE
        _run([pg_dump, "--format=custom", "--no-owner", "--file", str(target), *args], env)
        target.chmod(0o600)
        return PG_FILE, version
    raise BackupRefused(f"Basis data {vendor()} tidak didukung oleh `paritrana backup`.")


def create_backup(*, folder: Path) -> Outcome:
    """Write a backup of this installation into `folder` (new, or empty)."""
    from paritrana.coverage.domain.store import pseudonym_secret, store_root
    from paritrana.engine.landing import store_lock

    if folder.exists() and any(folder.iterdir()):
        raise BackupRefused(f"Folder {folder} tidak kosong: pilih folder cadangan yang baru.")
    _refuse_running_imports()
    _private_dir(folder)
    root = store_root()
    secret = pseudonym_secret()  # generated now if no import ever made it: kept from here on
    with store_lock(root):  # no import lands while the store and the database are copied
        _refuse_running_imports()
        database_file, tool = _dump_database(folder)
        for path in _files_below(root, skip=STORE_SCRATCH):
            _copy(path, folder / STORE / path.relative_to(root))
    media = Path(settings.MEDIA_ROOT)
    for path in _files_below(media):
        _copy(path, folder / MEDIA / path.relative_to(media))
    secrets_dir = _private_dir(folder / SECRETS)
    (secrets_dir / PSEUDONYM).write_text(secret, encoding="utf-8")
    (secrets_dir / PSEUDONYM).chmod(0o600)
    key_file = Path(settings.DATA_DIR) / SECRET_KEY
    if not os.environ.get("PARITRANA_SECRET_KEY") and key_file.exists():
        _copy(key_file, secrets_dir / SECRET_KEY)
    files = {
        path.relative_to(folder).as_posix(): {
            "sha256": sha256_of(path),
            "bytes": path.stat().st_size,
        }
        for path in _files_below(folder)
    }
    manifest = {
        "format": FORMAT,
        "paritrana": __version__,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": {"vendor": vendor(), "file": database_file, "tool": tool},
        "migrations": _migrations(),
        "files": files,
    }
    _private_tree(folder)
    manifest_path = folder / MANIFEST
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    manifest_path.chmod(0o600)
    total = sum(int(entry["bytes"]) for entry in files.values())
    return Outcome(folder, len(files), total, tool)


# --- restore -----------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupRefused(f"{folder} bukan folder cadangan Paritrana: {MANIFEST} tidak ada.")
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupRefused(f"{path} rusak: bukan JSON yang sah.") from None
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), dict):
        raise BackupRefused(f"{path}: format cadangan tidak dikenal.")
    return manifest


def verify(folder: Path) -> dict[str, Any]:
    """The manifest, once every file it lists is there with its size and SHA-256; BackupRefused
    naming the files that differ otherwise."""
    manifest = read_manifest(folder)
    wrong: list[str] = []
    for name, entry in manifest["files"].items():
        path = folder / name
        if Path(name).is_absolute() or ".." in Path(name).parts:
            wrong.append(f"{name} (di luar folder cadangan)")
        elif not path.is_file():
            wrong.append(f"{name} (tidak ada)")
        elif path.stat().st_size != entry["bytes"] or sha256_of(path) != entry["sha256"]:
            wrong.append(f"{name} (isi berbeda)")
    listed = set(manifest["files"]) | {MANIFEST}
    for path in _files_below(folder):  # only what the manifest vouches for is restored
        if path.relative_to(folder).as_posix() not in listed:
            wrong.append(f"{path.relative_to(folder).as_posix()} (tidak tercatat di manifest)")
    if wrong:
        shown = ", ".join(wrong[:5]) + (f" dan {len(wrong) - 5} lainnya" if len(wrong) > 5 else "")
        raise BackupRefused(
            f"Cadangan {folder} tidak utuh, checksum tidak cocok dengan manifest: {shown}. "
            "Tidak ada yang dipulihkan."
        )
    if manifest["database"]["file"] not in manifest["files"]:
        raise BackupRefused(f"Cadangan {folder} tidak memuat basis datanya.")
    return manifest


def _tables_with_rows() -> list[str]:
    introspection = connection.introspection
    with connection.cursor() as cursor:
        names = introspection.table_names(cursor)
        filled = []
        for name in names:
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(name)} LIMIT 1")
            if cursor.fetchone() is not None:
                filled.append(name)
    return filled


def _occupied(backup_secret: str) -> list[str]:
    """What this installation already holds that a restore would replace."""
    found = []
    if _tables_with_rows():
        found.append("basis data berisi data")
    store = Path(settings.PARITRANA_STORE_DIR)
    if any(_files_below(store, skip=STORE_SCRATCH)):
        found.append(f"penyimpanan {store} berisi berkas")
    if any(_files_below(Path(settings.MEDIA_ROOT))):
        found.append(f"berkas bukti di {settings.MEDIA_ROOT}")
    secret_file = Path(settings.DATA_DIR) / PSEUDONYM
    if secret_file.exists() and secret_file.read_text(encoding="utf-8").strip() != backup_secret:
        found.append(f"kunci pseudonim lain di {secret_file}")
    return found


def _restore_database(folder: Path, manifest: dict[str, Any], *, force: bool) -> None:
    kind = manifest["database"]["vendor"]
    if kind != vendor():
        raise BackupRefused(
            f"Cadangan ini dari basis data {kind}, sedangkan instalasi ini memakai {vendor()}: "
            "pulihkan ke jenis basis data yang sama (lihat docs/deployment.md untuk pindah dari "
            "SQLite ke PostgreSQL)."
        )
    source = folder / manifest["database"]["file"]
    connections.close_all()
    if kind == "sqlite":
        # immutable: read without locks or a -shm file, so the backup folder is left as it was
        backup = sqlite3.connect(f"file:{source}?mode=ro&immutable=1", uri=True)
        target = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
        try:
            with target:
                backup.backup(target)
        finally:
            target.close()
            backup.close()
        return
    args, env = _pg_environment()
    pg_restore = _tool("pg_restore")
    clean = ["--clean", "--if-exists"] if force else []
    _run([pg_restore, "--no-owner", "--exit-on-error", *clean, *args, str(source)], env)


def _replace_folder(backup: Path, target: Path, *, keep: Collection[str] = ()) -> int:
    """Make `target` hold exactly the files below `backup` (its `keep` sub-folders aside)."""
    _private_dir(target)
    for child in target.iterdir():
        if child.name in keep:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    count = 0
    for path in _files_below(backup):
        _copy(path, target / path.relative_to(backup))
        count += 1
    _private_tree(target)
    return count


def restore_backup(*, folder: Path, force: bool = False) -> dict[str, Any]:
    """Put the backup in `folder` back into this installation; the manifest restored."""
    manifest = verify(folder)
    secret = (folder / SECRETS / PSEUDONYM).read_text(encoding="utf-8").strip()
    configured = settings.PARITRANA_PSEUDONYM_SECRET
    if configured and configured != secret:
        raise BackupRefused(
            "PARITRANA_PSEUDONYM_SECRET berbeda dengan kunci pseudonim dalam cadangan: dengan "
            "kunci lain peserta yang sama mendapat pseudonim lain. Pakai kunci dari cadangan "
            f"({SECRETS}/{PSEUDONYM}) atau kosongkan variabel itu."
        )
    occupied = _occupied(secret)
    if occupied and not force:
        raise BackupRefused(
            f"Instalasi tujuan tidak kosong ({'; '.join(occupied)}): pemulihan akan menimpanya. "
            "Ulangi dengan --force bila memang itu maksudnya."
        )
    _restore_database(folder, manifest, force=force)
    store = Path(settings.PARITRANA_STORE_DIR)
    _replace_folder(folder / STORE, store, keep=STORE_SCRATCH)
    _replace_folder(folder / MEDIA, Path(settings.MEDIA_ROOT))
    data_dir = Path(settings.DATA_DIR)
    if not configured:
        _copy(folder / SECRETS / PSEUDONYM, data_dir / PSEUDONYM)
    key = folder / SECRETS / SECRET_KEY
    if key.exists() and not os.environ.get("PARITRANA_SECRET_KEY"):
        _copy(key, data_dir / SECRET_KEY)
    return manifest
