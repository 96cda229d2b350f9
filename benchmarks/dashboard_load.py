"""Load the coverage dashboard over HTTP: a fixed number of requests at a fixed concurrency.

    # a PostgreSQL database of its own (never `test`, which CI uses), filled by the demo:
    createdb -h 127.0.0.1 -U postgres paritrana_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/paritrana_bench
    paritrana demo --no-serve          # fills it: 91,599 regions, two years of metrics
    paritrana demo --port 8813 &       # waitress, 8 threads, reusing the database
    python benchmarks/dashboard_load.py --base http://127.0.0.1:8813 \\
        --requests 500 --concurrency 8 /dasbor/ /dasbor/61/

Loopback only: any host but 127.0.0.1 is refused, and the numbers of requests and workers are
capped, so this cannot be turned on someone else's server. Each worker keeps one HTTP/1.1
connection. The first request to each path is made alone and reported apart ("cold": the page
body is rendered, not cached, and the process may still be loading its packaged data); the
timed run follows. Latency is measured to the last byte of the body. Every response must be a
200 with the dashboard's map in it, else it counts as an error.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

MAX_REQUESTS = 5000
MAX_CONCURRENCY = 32
MARKER = b'id="map-figure"'


@dataclass
class Result:
    path: str
    requests: int
    concurrency: int
    errors: int
    cold_ms: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    per_second: float
    kilobytes: float


def _target(base: str) -> tuple[str, int]:
    parts = urlsplit(base)
    if parts.scheme != "http" or parts.hostname != "127.0.0.1":
        raise SystemExit(f"refused: {base!r} is not http://127.0.0.1:PORT (loopback only)")
    return parts.hostname, parts.port or 80


def _fetch(connection: http.client.HTTPConnection, path: str) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    connection.request("GET", path, headers={"Accept-Language": "id"})
    response = connection.getresponse()
    body = response.read()
    return (time.perf_counter() - started) * 1000, response.status, body


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def run(host: str, port: int, path: str, requests: int, concurrency: int) -> Result:
    cold_connection = http.client.HTTPConnection(host, port, timeout=60)
    cold_ms, status, body = _fetch(cold_connection, path)
    cold_connection.close()
    if status != 200 or MARKER not in body:
        raise SystemExit(f"{path}: status {status}, not a dashboard page; is the demo loaded?")
    local = threading.local()
    errors = 0
    lock = threading.Lock()

    def one(_index: int) -> float:
        nonlocal errors
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection(host, port, timeout=60)
        try:
            elapsed, status, body = _fetch(local.connection, path)
        except (OSError, http.client.HTTPException):
            local.connection.close()
            local.connection = http.client.HTTPConnection(host, port, timeout=60)
            with lock:
                errors += 1
            return float("nan")
        if status != 200 or MARKER not in body:
            with lock:
                errors += 1
        return elapsed

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        times = list(pool.map(one, range(requests)))
    wall = time.perf_counter() - started
    ordered = sorted(t for t in times if t == t)
    return Result(
        path=path,
        requests=requests,
        concurrency=concurrency,
        errors=errors,
        cold_ms=round(cold_ms, 1),
        p50_ms=round(statistics.median(ordered), 1),
        p95_ms=round(_percentile(ordered, 0.95), 1),
        p99_ms=round(_percentile(ordered, 0.99), 1),
        max_ms=round(ordered[-1], 1),
        per_second=round(requests / wall, 1),
        kilobytes=round(len(body) / 1024, 1),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["/dasbor/", "/dasbor/61/"])
    parser.add_argument("--base", default="http://127.0.0.1:8813")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    host, port = _target(args.base)
    if not 1 <= args.requests <= MAX_REQUESTS or not 1 <= args.concurrency <= MAX_CONCURRENCY:
        raise SystemExit(f"--requests 1..{MAX_REQUESTS} and --concurrency 1..{MAX_CONCURRENCY}")
    results = [run(host, port, p, args.requests, args.concurrency) for p in args.paths]
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    else:
        print(
            f"{'path':<16}{'req':>6}{'conc':>6}{'err':>5}{'cold':>9}{'p50':>9}{'p95':>9}"
            f"{'p99':>9}{'max':>9}{'req/s':>9}{'KiB':>8}"
        )
        for r in results:
            print(
                f"{r.path:<16}{r.requests:>6}{r.concurrency:>6}{r.errors:>5}{r.cold_ms:>9}"
                f"{r.p50_ms:>9}{r.p95_ms:>9}{r.p99_ms:>9}{r.max_ms:>9}{r.per_second:>9}"
                f"{r.kilobytes:>8}"
            )
        print("times in ms; cold = the first request alone, before the timed run", file=sys.stderr)
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
