"""Seconds from `paritrana demo` on a fresh data folder to its web interface answering.

    python benchmarks/demo_start.py                          # this checkout, 3 runs
    python benchmarks/demo_start.py --runs 2 --src src --src /path/to/old/checkout/src

Each run starts `python -m paritrana demo --port <free port>` with a new, empty
PARITRANA_DATA_DIR (so SQLite, the regions, the synthetic coverage data and the cycle are all
built from nothing, as on a first start) and PYTHONPATH set to the `--src` folder, and waits for
the first 200 on `/` over loopback; the demo is then stopped and its folder removed. With several
`--src` folders the runs alternate (a, b, a, b...) so that each sees the same load on a shared
machine. Prints one line per run and, per source, the median and the worst, and with `--json`
the figures as JSON. The readiness limit the project holds the demo to is 90 s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIMIT_SECONDS = 90.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _answers(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/")
        status = connection.getresponse().status
        connection.close()
    except OSError:
        return False
    return status == 200


def start_once(src: Path, *, timeout: float) -> float:
    """Seconds until a fresh demo from `src` answers on loopback."""
    data = Path(tempfile.mkdtemp(prefix="paritrana-demo-start-"))
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(src), "PARITRANA_DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)  # the demo's own SQLite database, built from nothing
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "paritrana", "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        while time.monotonic() - started < timeout:
            if process.poll() is not None:
                error = process.stderr.read().decode(errors="replace") if process.stderr else ""
                raise RuntimeError(f"demo from {src} stopped: {error[-2000:]}")
            if _answers(port):
                return time.monotonic() - started
            time.sleep(0.25)
        raise TimeoutError(f"demo from {src} not ready within {timeout:.0f} s")
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(data, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--src",
        action="append",
        type=Path,
        help="a checkout's src folder to run (repeatable; default: this checkout's)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per source (default 3)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before giving up")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args(argv)
    sources = [p.resolve() for p in args.src or [Path(__file__).resolve().parents[1] / "src"]]
    figures: dict[str, list[float]] = {str(s): [] for s in sources}
    for run in range(1, max(1, min(args.runs, 10)) + 1):
        for src in sources:
            seconds = start_once(src, timeout=args.timeout)
            figures[str(src)].append(seconds)
            print(f"run {run} {src}: ready in {seconds:.1f} s", flush=True)
    worst = 0.0
    for src, values in figures.items():
        worst = max(worst, *values)
        print(f"{src}: median {statistics.median(values):.1f} s, worst {max(values):.1f} s")
    if args.json:
        print(json.dumps({"limit_seconds": LIMIT_SECONDS, "seconds": figures}, indent=2))
    return 0 if worst <= LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
