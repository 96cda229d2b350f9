"""The store in an S3 bucket (engine/location.py), against moto's S3 server started here on a
loopback port: imports from one host, metrics on another host's working copy, one writer at a
time, and a killed writer's lock that runs out."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from paritrana.engine import landing, location
from paritrana.engine.ingest import ImportResult, import_file
from paritrana.engine.metrics import OUTPUT_TABLES, compute_year
from paritrana.engine.regions import RegionIndex
from tests.engine.conftest import AS_OF, REGION_ROWS, SECRET, valid_rows, write_csv

pytest.importorskip("moto")

# No database: the processes it starts are moto's server and writers of the store alone (the
# engine, no Django), so scripts/test.sh runs it once, as the other tests without a database.
pytestmark = pytest.mark.nodb
boto3 = pytest.importorskip("boto3")

BUCKET = "paritrana-store"
KINDS = ("contributions", "active_counts", "workforce", "targets", "employers", "benefits")
REGIONS = RegionIndex.from_rows(REGION_ROWS)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("moto's S3 server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def bucket(endpoint: str, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> str:
    """A fresh prefix in the bucket per test, with dummy credentials."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": endpoint,
        location.LOCK_WAIT: "0",
    }.items():
        monkeypatch.setenv(name, value)
    s3 = location.client()
    if BUCKET not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
        s3.create_bucket(Bucket=BUCKET)
    prefix = f"stores/{request.node.name}"
    monkeypatch.setenv(location.STORE_URL, f"s3://{BUCKET}/{prefix}")
    return prefix


def objects(prefix: str) -> list[str]:
    s3 = location.client()
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix + "/")
    keys = [item["Key"] for page in pages for item in page.get("Contents", [])]
    return sorted(key[len(prefix) + 1 :] for key in keys)


def import_every_kind(root: Path, files: Path) -> list[ImportResult]:
    results = []
    for kind in KINDS:
        path = files / f"{kind}.csv"
        if not path.exists():
            write_csv(path, valid_rows(kind), kind=kind)
        results.append(
            import_file(
                path=path,
                kind=kind,
                store_root=root,
                regions=REGIONS,
                secret=SECRET,
                as_of=AS_OF,
            )
        )
    return results


def tables(root: Path) -> dict[str, list[dict[str, object]]]:
    """Every output table of the year's metrics, rows in a stable order."""
    result = compute_year(store_root=root, regions=REGIONS, year=2025, use_cache=False)
    con = duckdb.connect()
    out = {}
    for table in OUTPUT_TABLES:
        rel = con.execute(f"SELECT * FROM read_parquet('{result.path(table)}')")
        names = [d[0] for d in rel.description]
        out[table] = sorted((dict(zip(names, r, strict=True)) for r in rel.fetchall()), key=repr)
    return out


def test_metrics_from_the_bucket_equal_the_same_imports_on_local_disk(
    bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = tmp_path / "files"
    files.mkdir()
    # Host A imports every kind into the bucket.
    imported = import_every_kind(tmp_path / "host-a", files)
    assert [r.status for r in imported] == ["imported"] * len(KINDS)
    stored = objects(bucket)
    assert location.LOCK_KEY not in stored  # released
    for result in imported:
        assert f"_imports/{result.kind}/{result.batch}.json" in stored
    assert f"contributions/month=2025-01/{imported[0].batch}.parquet" in stored

    # Host B, with an empty working folder, computes from the bucket.
    shared = tables(tmp_path / "host-b")
    assert (tmp_path / "host-b" / location.MIRROR_MARK).exists()

    # Host C imports the same files again: nothing changes in the bucket.
    again = import_every_kind(tmp_path / "host-c", files)
    assert [r.status for r in again] == ["duplicate"] * len(KINDS)
    assert objects(bucket) == stored

    # The same imports into a store on local disk give the same metrics.
    monkeypatch.delenv(location.STORE_URL)
    import_every_kind(tmp_path / "local", files)
    local = tables(tmp_path / "local")
    assert shared == local
    nation = [r for r in shared["region_metrics"] if r["level"] == "nasional"]
    assert nation and nation[0]["active"] > 0  # the comparison compared real figures


def test_a_second_writer_is_refused_while_the_first_holds_the_lock(
    bucket: str, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "records.csv", valid_rows("contributions"))
    first = tmp_path / "host-a"
    first.mkdir()
    with landing.store_lock(first):
        with pytest.raises(location.StoreBusy, match="sedang ditulis"):
            import_file(
                path=path,
                kind="contributions",
                store_root=tmp_path / "host-b",
                regions=REGIONS,
                secret=SECRET,
                as_of=AS_OF,
            )
        assert objects(bucket) == [location.LOCK_KEY]  # nothing landed
    result = import_file(
        path=path,
        kind="contributions",
        store_root=tmp_path / "host-b",
        regions=REGIONS,
        secret=SECRET,
        as_of=AS_OF,
    )
    assert result.status == "imported"


HOLD_AND_WAIT = """
import sys, time
from pathlib import Path
from paritrana.engine import location
with location.writing(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(600)
"""


def test_a_killed_writers_lock_runs_out_and_the_next_writer_proceeds(
    bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lease = 3
    monkeypatch.setenv(location.LOCK_SECONDS, str(lease))
    path = write_csv(tmp_path / "records.csv", valid_rows("contributions"))
    writer = subprocess.Popen(
        [sys.executable, "-c", HOLD_AND_WAIT, str(tmp_path / "host-a")],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == b"held"
        # Alive and renewing: after longer than its lease it still holds the store.
        time.sleep(lease * 1.5)
        with pytest.raises(location.StoreBusy):
            import_file(
                path=path,
                kind="contributions",
                store_root=tmp_path / "host-b",
                regions=REGIONS,
                secret=SECRET,
                as_of=AS_OF,
            )
    finally:
        writer.kill()  # SIGKILL: no release, no cleanup
        writer.wait()
    assert location.LOCK_KEY in objects(bucket)  # the dead writer's lock is still there
    monkeypatch.setenv(location.LOCK_WAIT, str(lease * 3))
    started = time.monotonic()
    result = import_file(
        path=path,
        kind="contributions",
        store_root=tmp_path / "host-b",
        regions=REGIONS,
        secret=SECRET,
        as_of=AS_OF,
    )
    assert result.status == "imported"
    assert time.monotonic() - started < lease * 3


def test_an_upload_cut_short_is_never_read_and_the_next_writer_removes_it(
    bucket: str, tmp_path: Path
) -> None:
    files = tmp_path / "files"
    files.mkdir()
    orphan = "contributions/month=2025-01/00000000deadbeef.parquet"
    location.client().put_object(Bucket=BUCKET, Key=f"{bucket}/{orphan}", Body=b"not parquet")
    location.pull(tmp_path / "reader")
    assert not (tmp_path / "reader" / orphan).exists()
    import_every_kind(tmp_path / "writer", files)
    assert orphan not in objects(bucket)


def test_a_batch_removed_by_recovery_leaves_every_working_copy(bucket: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "records.csv", valid_rows("contributions"))
    host_a, host_b = tmp_path / "host-a", tmp_path / "host-b"
    result = import_file(
        path=path,
        kind="contributions",
        store_root=host_a,
        regions=REGIONS,
        secret=SECRET,
        as_of=AS_OF,
        import_ref="run-1",
    )
    location.pull(host_b)
    manifest = Path("_imports") / "contributions" / f"{result.batch}.json"
    assert (host_b / manifest).exists()
    with landing.store_lock(host_a):
        assert landing.remove_batches_of(host_a, "run-1") == list(result.months)
    assert str(manifest) not in objects(bucket)
    location.pull(host_b)
    assert not (host_b / manifest).exists()
    assert not list((host_b / "contributions").rglob("*.parquet"))


def test_a_folder_holding_a_local_store_is_not_taken_as_a_working_copy(
    bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "records.csv", valid_rows("contributions"))
    url = os.environ[location.STORE_URL]
    monkeypatch.delenv(location.STORE_URL)
    import_file(
        path=path,
        kind="contributions",
        store_root=tmp_path / "store",
        regions=REGIONS,
        secret=SECRET,
        as_of=AS_OF,
    )
    monkeypatch.setenv(location.STORE_URL, url)
    with pytest.raises(location.StoreMismatch):
        location.pull(tmp_path / "store")
    assert list((tmp_path / "store" / "_imports").rglob("*.json"))  # left as it was


HOLD_THEN_COMMIT = """
import sys
from pathlib import Path
from paritrana.engine import location
with location.writing(Path(sys.argv[1])) as lock:
    print("held", flush=True)
    sys.stdin.readline()
    try:
        lock.check()
        print("still held", flush=True)
    except location.StoreBusy:
        print("refused", flush=True)
"""


def test_a_writer_stalled_past_its_lease_is_refused_at_commit(
    bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer frozen (SIGSTOP) longer than its lease loses the store to the next one, and
    finds out before it would write its manifest."""
    lease = 2
    monkeypatch.setenv(location.LOCK_SECONDS, str(lease))
    path = write_csv(tmp_path / "records.csv", valid_rows("contributions"))
    writer = subprocess.Popen(
        [sys.executable, "-c", HOLD_THEN_COMMIT, str(tmp_path / "host-a")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        assert writer.stdin is not None and writer.stdout is not None
        assert writer.stdout.readline().strip() == b"held"
        writer.send_signal(signal.SIGSTOP)
        monkeypatch.setenv(location.LOCK_WAIT, str(lease * 3))
        result = import_file(
            path=path,
            kind="contributions",
            store_root=tmp_path / "host-b",
            regions=REGIONS,
            secret=SECRET,
            as_of=AS_OF,
        )
        assert result.status == "imported"
        writer.send_signal(signal.SIGCONT)
        writer.stdin.write(b"go\n")
        writer.stdin.flush()
        assert writer.stdout.readline().strip() == b"refused"
    finally:
        writer.kill()
        writer.wait()


def test_an_object_gone_from_the_bucket_is_named_and_the_working_copy_takes_nothing(
    bucket: str, tmp_path: Path
) -> None:
    """A manifest lists an object nobody can fetch (deleted by hand, a copy that failed): the
    pull names it, in Bahasa, and leaves the batch out of the working copy; once the object is
    back, the next pull takes the batch whole."""
    files = tmp_path / "files"
    files.mkdir()
    import_every_kind(tmp_path / "host-a", files)
    gone = next(k for k in objects(bucket) if k.startswith("contributions/"))
    s3 = location.client()
    body = s3.get_object(Bucket=BUCKET, Key=f"{bucket}/{gone}")["Body"].read()
    s3.delete_object(Bucket=BUCKET, Key=f"{bucket}/{gone}")
    copy = tmp_path / "host-b"
    with pytest.raises(location.ObjectsMissing) as missing:
        location.pull(copy)
    assert str(missing.value) == (
        f"Objek s3://{BUCKET}/{bucket}/{gone} tidak dapat dibaca dari bucket: tidak ada di bucket"
    )
    assert missing.value.http_status == 409  # the user's to fix, not a server error
    assert not (copy / gone).exists()
    batch = Path(gone).stem
    assert not list((copy / "_imports" / "contributions").glob(f"{batch}.json"))
    s3.put_object(Bucket=BUCKET, Key=f"{bucket}/{gone}", Body=body)
    location.pull(copy)
    assert (copy / gone).read_bytes() == body
    assert (copy / "_imports" / "contributions" / f"{batch}.json").exists()
