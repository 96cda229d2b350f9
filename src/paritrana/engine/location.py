"""Where the store lives: a local folder, or S3-compatible object storage shared by many hosts.

`PARITRANA_STORE_URL=s3://bucket/prefix` puts the store in a bucket, with the same layout as on
disk (store.py) under `prefix`. Credentials, region and endpoint come from the usual AWS
variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION` or
`AWS_DEFAULT_REGION`, `AWS_ENDPOINT_URL` for a server other than AWS), or from an instance role.
Without the variable the store is the local folder alone, as before.

With a bucket, each host's local store folder is a working copy of it:

- Readers (`database.connect`, and every writer once it holds the lock) first `pull`: the
  batches whose manifest object exists are downloaded (only those not yet here; the manifest
  is written last, so a half-downloaded batch is never read), and batches whose manifest
  object is gone are removed here. The metrics then read local Parquet as before. DuckDB 2.0's
  httpfs extension is not installable without the internet (no PyPI wheel for 2.0.x), so
  DuckDB never reads the bucket itself. Spark does: its executors read the record objects the
  manifests list straight from the bucket (engine/spark_bucket.py).
- A writer holds the bucket's writer lock (`WriterLock`) from its overlap check to its
  manifest. It uploads the batch's Parquet objects first and the manifest object last: the
  manifest is the commit point, and readers only read what a manifest lists, so an upload cut
  short leaves objects nobody reads; the next writer deletes them (`remove_unregistered`).
  Re-importing a file is idempotent: its batch name is its content hash, and a batch whose
  manifest exists is reported as a duplicate.

The writer lock is one object, `_writer.lock`, created with a conditional put
(`If-None-Match: *`): of two writers exactly one creates it. It names its owner and a lease;
the holder renews it (a conditional put on its own ETag) every third of the lease, and a lock
not renewed within its lease belongs to a writer that died: the next writer deletes it (a
conditional delete on the ETag it read, so two late-comers cannot both take it) and takes its
place. The lease is judged on the storage server's clock (its Date header against the
object's Last-Modified), so the hosts' clocks need not agree. An S3 lock rather than a
PostgreSQL advisory lock, because the engine has no database and a Spark job or a second
deployment writing the same bucket would not share one; the object lock works for every
writer of the bucket.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paritrana.engine.store import MANIFESTS, PRIVATE_FOLDER, STORE_COLUMNS
from paritrana.errors import Conflict, DomainError

STORE_URL = "PARITRANA_STORE_URL"
LOCK_SECONDS = "PARITRANA_STORE_LOCK_SECONDS"  # the lease of the writer lock
LOCK_WAIT = "PARITRANA_STORE_LOCK_WAIT"  # how long a writer waits for the lock before refusing
DEFAULT_LOCK_SECONDS = 120
DEFAULT_LOCK_WAIT = 60
LOCK_KEY = "_writer.lock"
MIRROR_MARK = ".mirror-of"  # in a working copy: the URL it mirrors


# The store's refusals are the user's to act on (wait and try again, fix a setting, restore an
# object), not bugs: DomainErrors, which every interface says as one sentence in Bahasa.
class StoreBusy(Conflict):
    """Another writer holds the store (or this writer lost its lock)."""

    code = "store_busy"


class StoreMismatch(DomainError):
    """The local folder holds a store that is not a working copy of the configured bucket."""

    code = "store_mismatch"


# The words of a read that failed, as the bucket reader says them (engine/spark_bucket.py,
# which imports nothing of Paritrana and so keeps its own copy).
UNREADABLE = "tidak dapat dibaca dari bucket"


class ObjectsMissing(Conflict):
    """Objects a manifest lists are not in the bucket (deleted by hand, a failed copy)."""

    code = "store_objects_missing"

    def __init__(self, where: Remote, keys: list[str]) -> None:
        more = f" (dan {len(keys) - 1} objek lain)" if len(keys) > 1 else ""
        super().__init__(
            f"Objek s3://{where.bucket}/{keys[0]} {UNREADABLE}: tidak ada di bucket{more}"
        )
        self.keys = keys


@dataclass(frozen=True)
class Remote:
    bucket: str
    prefix: str  # no leading or trailing slash; may be empty

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")

    def key(self, relative: str) -> str:
        return f"{self.prefix}/{relative}" if self.prefix else relative

    def relative(self, key: str) -> str:
        return key[len(self.prefix) + 1 :] if self.prefix else key


def remote() -> Remote | None:
    """The bucket the store lives in, from PARITRANA_STORE_URL; None for a local store."""
    url = os.environ.get(STORE_URL, "").strip()
    if not url:
        return None
    if not url.startswith("s3://"):
        raise ValueError(f"{STORE_URL} must be s3://bucket/prefix, not {url!r}")
    bucket, _, prefix = url[len("s3://") :].partition("/")
    if not bucket:
        raise ValueError(f"{STORE_URL} names no bucket: {url!r}")
    return Remote(bucket, prefix.strip("/"))


def region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"


def endpoint() -> str | None:
    """The S3 server other than AWS's, if any (AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL)."""
    return os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL") or None


def client() -> Any:
    """An S3 client from the usual AWS variables (boto3 reads them; AWS_ENDPOINT_URL too)."""
    import boto3  # the `s3` extra: only a deployment with a bucket needs it

    return boto3.client("s3", region_name=region(), endpoint_url=endpoint())


def _error_code(error: Exception) -> str:
    response = getattr(error, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


def _keys(s3: Any, bucket: str, prefix: str) -> Iterator[str]:
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            yield str(item["Key"])


def check_objects(where: Remote, relatives: list[str]) -> None:
    """Raise ObjectsMissing when an object of `relatives` (paths in the store) is not in the
    bucket: one listing per folder, asked before a computation starts, rather than a read
    failing after all the work before it."""
    s3 = client()
    present: set[str] = set()
    for folder in sorted({relative.rpartition("/")[0] for relative in relatives}):
        present.update(_keys(s3, where.bucket, where.key(folder + "/")))
    missing = sorted(key for key in map(where.key, relatives) if key not in present)
    if missing:
        raise ObjectsMissing(where, missing)


def _manifest_keys(s3: Any, where: Remote) -> dict[str, str]:
    """Relative manifest path (`_imports/<kind>/<batch>.json`) -> object key."""
    found = {}
    for key in _keys(s3, where.bucket, where.key(MANIFESTS + "/")):
        relative = where.relative(key)
        if relative.endswith(".json") and relative.count("/") == 2:
            found[relative] = key
    return found


# --- the working copy -----------------------------------------------------------------------


def _local_manifests(root: Path) -> set[str]:
    folder = root / MANIFESTS
    if not folder.is_dir():
        return set()
    return {str(p.relative_to(root)) for p in folder.glob("*/*.json")}


def _claim(root: Path, where: Remote) -> None:
    """Make `root` a working copy of `where`, refusing a folder that holds another store (its
    batches would otherwise be deleted by the first pull, as not in the bucket)."""
    mark = root / MIRROR_MARK
    if mark.exists():
        mirrored = mark.read_text(encoding="utf-8").strip()
        if mirrored == where.url:
            return
        raise StoreMismatch(
            f"Folder {root} adalah salinan kerja {mirrored}, bukan {where.url}: pakai folder lain."
        )
    if _local_manifests(root):
        raise StoreMismatch(
            f"Folder {root} berisi penyimpanan lokal: salin dulu isinya ke {where.url} (lihat "
            "docs/deployment.md), lalu beri bucket itu folder kerja yang kosong."
        )
    root.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    mark.write_text(where.url + "\n", encoding="utf-8")


def _download(s3: Any, where: Remote, relative: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        s3.download_file(where.bucket, where.key(relative), str(temporary))
        os.replace(temporary, target)
    except Exception as error:
        if _error_code(error) in ("404", "NoSuchKey", "NotFound"):  # listed, but not there
            raise ObjectsMissing(where, [where.key(relative)]) from None
        raise
    finally:
        temporary.unlink(missing_ok=True)


def pull(root: Path) -> int:
    """Bring the working copy `root` up to the bucket's registered batches; returns how many
    batches were fetched or removed. A no-op for a local store."""
    where = remote()
    if where is None:
        return 0
    _claim(root, where)
    s3 = client()
    there = _manifest_keys(s3, where)
    here = _local_manifests(root)
    changed = 0
    for relative in sorted(here - set(there)):  # removed from the bucket (recovery elsewhere)
        path = root / relative
        with contextlib.suppress(FileNotFoundError, ValueError):
            listed = json.loads(path.read_text(encoding="utf-8")).get("files", [])
            path.unlink()
            for name in listed:
                (root / name).unlink(missing_ok=True)
            changed += 1
    for relative in sorted(set(there) - here):
        body = s3.get_object(Bucket=where.bucket, Key=there[relative])["Body"].read()
        manifest = json.loads(body)
        for name in manifest.get("files", []):
            if not (root / name).exists():
                _download(s3, where, name, root / name)
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
        temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
        temporary.write_bytes(body)
        os.replace(temporary, target)  # last: the batch counts from here on
        changed += 1
    return changed


# --- the writer lock ------------------------------------------------------------------------


def _seconds(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


class WriterLock:
    """The bucket's one-writer lock (see the module docstring). Use `held(root)`."""

    def __init__(self, where: Remote, *, lease: float, wait: float) -> None:
        self.where = where
        self.key = where.key(LOCK_KEY)
        self.lease = lease
        self.wait = wait
        self.s3 = client()
        self.token = uuid.uuid4().hex
        self.owner = f"nomor {os.getpid()} di komputer {socket.gethostname()}"
        self.etag = ""
        self.lost = False
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    def _body(self) -> bytes:
        content = {"owner": self.owner, "token": self.token, "lease_seconds": self.lease}
        return json.dumps(content).encode()

    def acquire(self) -> None:
        deadline = time.monotonic() + self.wait
        while True:
            try:
                made = self.s3.put_object(
                    Bucket=self.where.bucket, Key=self.key, Body=self._body(), IfNoneMatch="*"
                )
            except Exception as error:
                if _error_code(error) not in ("PreconditionFailed", "ConditionalRequestConflict"):
                    raise
            else:
                self.etag = str(made["ETag"])
                break
            holder = self._break_if_stale()
            if holder is None:
                continue  # it was stale (or just released): try again at once
            if time.monotonic() >= deadline:
                raise StoreBusy(
                    f"Penyimpanan sedang ditulis oleh proses lain ({holder}); coba lagi nanti."
                )
            time.sleep(min(1.0, max(0.05, self.wait / 10)))
        self._renewer = threading.Thread(target=self._renew, daemon=True, name="store-lock")
        self._renewer.start()

    def _break_if_stale(self) -> str | None:
        """The holder's name, or None when there is no live holder (a stale lock is deleted)."""
        try:
            found = self.s3.get_object(Bucket=self.where.bucket, Key=self.key)
        except Exception as error:
            if _error_code(error) in ("NoSuchKey", "404"):
                return None
            raise
        content = json.loads(found["Body"].read() or b"{}")
        now = email.utils.parsedate_to_datetime(found["ResponseMetadata"]["HTTPHeaders"]["date"])
        age = (now - found["LastModified"]).total_seconds()
        if age <= float(content.get("lease_seconds", DEFAULT_LOCK_SECONDS)):
            return str(content.get("owner", "?"))
        try:
            self.s3.delete_object(Bucket=self.where.bucket, Key=self.key, IfMatch=found["ETag"])
        except Exception as error:
            if _error_code(error) not in ("PreconditionFailed", "NoSuchKey", "404"):
                raise
        return None

    def _renew(self) -> None:
        while not self._stop.wait(self.lease / 3):
            try:
                made = self.s3.put_object(
                    Bucket=self.where.bucket, Key=self.key, Body=self._body(), IfMatch=self.etag
                )
                self.etag = str(made["ETag"])
            except Exception as error:
                if _error_code(error) in ("PreconditionFailed", "NoSuchKey", "404"):
                    self.lost = True  # taken over after a stall longer than the lease
                    return
                # a network blip: try again at the next tick, within the lease

    def check(self) -> None:
        """Raise StoreBusy unless this writer still holds the lock (before a commit)."""
        if self.lost:
            raise StoreBusy("Kunci penyimpanan terlepas; impor dibatalkan, coba lagi.")
        try:
            found = self.s3.get_object(Bucket=self.where.bucket, Key=self.key)
            token = json.loads(found["Body"].read() or b"{}").get("token")
        except Exception as error:
            if _error_code(error) not in ("NoSuchKey", "404"):
                raise
            token = None  # taken over and already released by the other writer
        if token != self.token:
            self.lost = True
            raise StoreBusy("Kunci penyimpanan terlepas; impor dibatalkan, coba lagi.")

    def release(self) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join()
        if self.lost:
            return
        with contextlib.suppress(Exception):  # if this fails, the lease runs out
            self.s3.delete_object(Bucket=self.where.bucket, Key=self.key, IfMatch=self.etag)

    # --- what a writer does with the bucket while holding the lock --------------------------

    def publish(self, root: Path, files: list[str], manifest: bytes, manifest_name: str) -> None:
        """Upload a batch's files, then (the commit) its manifest."""
        for name in files:
            self.s3.upload_file(str(root / name), self.where.bucket, self.where.key(name))
        self.check()
        self.s3.put_object(
            Bucket=self.where.bucket, Key=self.where.key(manifest_name), Body=manifest
        )

    def delete(self, names: list[str]) -> None:
        """Delete objects (a manifest first makes its batch stop counting at once)."""
        for name in names:
            self.s3.delete_object(Bucket=self.where.bucket, Key=self.where.key(name))

    def remove_unregistered(self) -> int:
        """Delete the batch objects no manifest lists (an upload cut short); returns how many."""
        registered = {relative for relative in _manifest_keys(self.s3, self.where)}
        batches = {(r.split("/")[1], Path(r).stem) for r in registered}
        removed = 0
        for kind in STORE_COLUMNS:
            for key in _keys(self.s3, self.where.bucket, self.where.key(kind + "/")):
                if key.endswith(".parquet") and (kind, Path(key).stem) not in batches:
                    self.s3.delete_object(Bucket=self.where.bucket, Key=key)
                    removed += 1
        return removed


_HELD: dict[Path, WriterLock] = {}
_HELD_GUARD = threading.Lock()


@contextlib.contextmanager
def writing(root: Path) -> Iterator[WriterLock | None]:
    """Hold the bucket's writer lock for `root` (None for a local store): pulls the working
    copy and removes what an interrupted writer left in the bucket first."""
    where = remote()
    if where is None:
        yield None
        return
    lock = WriterLock(
        where,
        lease=_seconds(LOCK_SECONDS, DEFAULT_LOCK_SECONDS),
        wait=_seconds(LOCK_WAIT, DEFAULT_LOCK_WAIT),
    )
    lock.acquire()
    key = root.resolve()
    try:
        pull(root)
        lock.remove_unregistered()
        with _HELD_GUARD:
            _HELD[key] = lock
        yield lock
    finally:
        with _HELD_GUARD:
            _HELD.pop(key, None)
        lock.release()


def held(root: Path) -> WriterLock | None:
    """The writer lock this process holds for `root`, if any."""
    with _HELD_GUARD:
        return _HELD.get(root.resolve())
