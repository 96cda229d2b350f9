"""`paritrana serve`, the production server (issue 17), in real processes on a prepared data
folder: it refuses to run in debug mode or without the settings a deployment must give, serves
the pages and the static files from several gunicorn processes (or one waitress process), and
creates no demo accounts or data."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import paritrana

PRODUCTION = {"PARITRANA_SECRET_KEY": "k" * 50, "PARITRANA_ALLOWED_HOSTS": "127.0.0.1"}

# Its processes use SQLite files of their own, whatever the run's database: run once, in the
# SQLite run (scripts/test.sh).
pytestmark = pytest.mark.own_sqlite


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A data folder prepared as the guide says (`paritrana regions load`), nothing more."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PARITRANA_"))}
    base.update(
        PARITRANA_DATA_DIR=str(tmp_path_factory.mktemp("data")),
        PYTHONPATH=str(Path(paritrana.__file__).resolve().parents[1]),
        DJANGO_SETTINGS_MODULE="paritrana.settings",
    )
    done = _paritrana(base, "regions", "load")
    assert done.returncode == 0, done.stderr
    return base


def _paritrana(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "paritrana", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


def _serving(env: dict[str, str], *argv: str) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "paritrana", "serve", "--bind", f"127.0.0.1:{port}", *argv],
        env={**env, **PRODUCTION},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(server.stderr.read() if server.stderr else "exited")
        try:
            _get(f"{base}/masuk/")
            return server, base
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise AssertionError("the server did not answer within 120 s")


def _stop(server: subprocess.Popen[str]) -> str:
    server.send_signal(signal.SIGTERM)
    try:
        _out, err = server.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        _out, err = server.communicate()
    return err


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ({"PARITRANA_DEBUG": "true"}, "PARITRANA_DEBUG menyala"),
        ({"PARITRANA_SECRET_KEY": ""}, "PARITRANA_SECRET_KEY belum diatur"),
        ({"PARITRANA_ALLOWED_HOSTS": ""}, "PARITRANA_ALLOWED_HOSTS belum diatur"),
    ],
)
def test_it_refuses_to_serve_without_production_settings(env, given, words):
    merged = {**env, **PRODUCTION, **given}
    merged = {k: v for k, v in merged.items() if v}  # "" stands for "not set"
    done = _paritrana(merged, "serve", "--bind", f"127.0.0.1:{_free_port()}")
    assert done.returncode == 2
    assert done.stderr.startswith("Galat: ") and words in done.stderr
    assert "Traceback" not in done.stderr


def _process_children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(n) for n in children.read_text().split()] if children.exists() else []


def test_several_processes_serve_the_pages_and_static_files_and_make_no_demo_data(env):
    server, base = _serving(env, "--workers", "2", "--threads", "2")
    try:
        status, kind, body = _get(f"{base}/static/web/paritrana.css")  # WhiteNoise
        assert status == 200 and kind.startswith("text/css") and body
        status, _kind, page = _get(f"{base}/masuk/")
        assert status == 200 and b"<form" in page
        if sys.platform == "linux":
            deadline = time.monotonic() + 30
            while len(_process_children(server.pid)) < 2 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert len(_process_children(server.pid)) == 2  # gunicorn's two workers
    finally:
        err = _stop(server)
    assert "gunicorn, 2 proses x 2 utas" in err
    accounts = _paritrana(
        env,
        "manage",
        "shell",
        "-c",
        "from django.contrib.auth.models import User; from paritrana.awards.models import Cycle;"
        "print(User.objects.count(), Cycle.objects.count())",
    )
    assert accounts.stdout.splitlines()[-1].split() == ["0", "0"], accounts.stderr


def test_a_server_process_loads_every_page_before_its_first_visitor(env):
    """The WSGI application both servers load imports the URL configuration and so every view
    (WeasyPrint's PDFs among them) while the process starts: left to Django, the first request
    after each start did it, 1.5 s for whoever came first."""
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, paritrana.wsgi; print(*sorted(sys.modules), sep='\\n')",
        ],
        capture_output=True,
        text=True,
        env={**env, **PRODUCTION},
        timeout=120,
    )
    assert loaded.returncode == 0, loaded.stderr
    assert {"paritrana.web.views.pdfs", "weasyprint", "paritrana.api.app"} <= set(
        loaded.stdout.splitlines()
    )


def test_waitress_serves_in_one_process(env):
    refused = _paritrana({**env, **PRODUCTION}, "serve", "--server", "waitress", "--workers", "2")
    assert refused.returncode == 2 and "waitress menjalankan satu proses" in refused.stderr
    server, base = _serving(env, "--server", "waitress", "--workers", "1", "--threads", "4")
    try:
        status, kind, _body = _get(f"{base}/static/web/paritrana.css")
        assert status == 200 and kind.startswith("text/css")
    finally:
        _stop(server)


# The demo's server (`paritrana demo` after it has prepared its data: `cli.demo.serve`) runs the
# task worker beside it; stopping the demo must not leave that worker running.
DEMO_SERVER = """
import sys, time
from paritrana.cli import setup_django
setup_django()
from rich.console import Console
from paritrana.cli.demo import serve
serve(Console(), host="127.0.0.1", port=int(sys.argv[1]), started=time.monotonic())
"""


def _alive(pid: int) -> bool:
    """Running, not a zombie left for a parent that does not reap it."""
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def _demo_with_worker(env: dict[str, str]) -> tuple[subprocess.Popen[str], int]:
    port = _free_port()
    demo = subprocess.Popen(
        [sys.executable, "-c", DEMO_SERVER, str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if demo.poll() is not None:
            raise AssertionError(demo.stderr.read() if demo.stderr else "exited")
        try:
            _get(f"http://127.0.0.1:{port}/masuk/")
            break
        except OSError:
            time.sleep(0.5)
    workers = _process_children(demo.pid)
    assert len(workers) == 1, workers  # the task worker
    assert "db_worker" in Path(f"/proc/{workers[0]}/cmdline").read_text()
    return demo, workers[0]


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not _alive(pid)


@pytest.mark.skipif(sys.platform != "linux", reason="reads the process tree from /proc")
def test_stopping_the_demo_stops_its_task_worker(env):
    demo, worker = _demo_with_worker(env)
    demo.send_signal(signal.SIGTERM)  # a service manager's stop, `kill`
    out, err = demo.communicate(timeout=60)
    assert demo.returncode == 0, err
    assert "Dihentikan." in out
    assert not _alive(worker)


@pytest.mark.skipif(sys.platform != "linux", reason="reads the process tree from /proc")
def test_a_killed_demo_takes_its_task_worker_with_it(env):
    demo, worker = _demo_with_worker(env)
    try:
        demo.kill()  # SIGKILL: no handler runs in the demo
        demo.wait(timeout=30)
        assert _gone_within(worker, 30)
    finally:
        if _alive(worker):
            os.kill(worker, signal.SIGKILL)
