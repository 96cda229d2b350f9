"""`paritrana serve`: the production web server (not the demo's): several processes with
gunicorn on Linux and macOS, or one process of waitress (Windows, or --server waitress).

It refuses to start in debug mode, without a configured PARITRANA_SECRET_KEY or without
PARITRANA_ALLOWED_HOSTS, or on a database whose migrations have not all run; it creates no
accounts and no data (unlike `paritrana demo`). Static files are served by WhiteNoise from
the installed package. Background work runs in its own service: `paritrana manage db_worker`.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from typing import Any

from paritrana.cli import CommandError
from paritrana.cli.arguments import at_least
from paritrana.cli.readiness import REGIONS, where

SERVERS = ("gunicorn", "waitress")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve", help="server web produksi (beberapa proses di belakang reverse proxy)"
    )
    parser.add_argument(
        "--bind", default="127.0.0.1:8000", metavar="HOST:PORT", help="bawaan 127.0.0.1:8000"
    )
    parser.add_argument(
        "--workers", type=at_least(1, 256), default=2, help="jumlah proses (1-256; bawaan 2)"
    )
    parser.add_argument(
        "--threads", type=at_least(1, 256), default=4, help="utas per proses (1-256; bawaan 4)"
    )
    parser.add_argument(
        "--timeout",
        type=at_least(10, 86_400),
        default=120,
        help="detik sebelum permintaan dihentikan (10-86400; bawaan 120)",
    )
    parser.add_argument(
        "--server",
        choices=SERVERS,
        help="bawaan: gunicorn (Linux/macOS), waitress (Windows; satu proses)",
    )
    parser.set_defaults(handler=run, database=REGIONS)


def _refusals() -> list[str]:
    from django.conf import settings

    from paritrana.cli.readiness import _pending

    problems = []
    if settings.DEBUG:
        problems.append("PARITRANA_DEBUG menyala: server produksi tidak berjalan dalam mode debug")
    if not os.environ.get("PARITRANA_SECRET_KEY"):
        problems.append(
            "PARITRANA_SECRET_KEY belum diatur (buat dengan "
            '`python -c "import secrets; print(secrets.token_urlsafe(50))"`)'
        )
    if not os.environ.get("PARITRANA_ALLOWED_HOSTS"):
        problems.append(
            "PARITRANA_ALLOWED_HOSTS belum diatur (nama host situs, mis. paritrana.go.id)"
        )
    pending, _ever = _pending()
    if pending:
        problems.append(
            f"basis data {where()} belum mutakhir ({len(pending)} migrasi belum dijalankan: "
            "`paritrana manage migrate`)"
        )
    return problems


def _address(bind: str) -> tuple[str, int]:
    host, _colon, port = bind.rpartition(":")
    if not host or not port.isdigit():
        raise CommandError(f"--bind {bind!r}: tulis HOST:PORT, mis. 127.0.0.1:8000.")
    return host.strip("[]"), int(port)


def choose_server(requested: str | None) -> str:
    if requested:
        server = requested
    else:
        usable = sys.platform != "win32" and importlib.util.find_spec("gunicorn") is not None
        server = "gunicorn" if usable else "waitress"
    if server == "gunicorn" and sys.platform == "win32":
        raise CommandError("gunicorn tidak berjalan di Windows: pakai --server waitress.")
    if importlib.util.find_spec(server) is None:
        raise CommandError(f"{server} belum terpasang: `pip install {server}`.")
    return server


def run(args: argparse.Namespace) -> int:
    problems = _refusals()
    if problems:
        raise CommandError("server tidak dijalankan: " + "; ".join(problems) + ".")
    host, port = _address(args.bind)
    server = choose_server(args.server)
    if server == "waitress" and args.workers > 1:
        raise CommandError(
            "waitress menjalankan satu proses: pakai --workers 1 (dan --threads), atau gunicorn."
        )
    print(
        f"Paritrana melayani http://{args.bind}/ ({server}, {args.workers} proses x "
        f"{args.threads} utas; basis data {where()}).",
        file=sys.stderr,
    )
    if server == "waitress":
        from waitress import serve

        from paritrana.wsgi import application

        serve(application, host=host, port=port, threads=args.threads, channel_timeout=args.timeout)
        return 0
    _gunicorn(args).run()
    return 0


def _gunicorn(args: argparse.Namespace) -> Any:
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    connections.close_all()  # forked workers open their own connections

    options = {
        "bind": args.bind,
        "workers": args.workers,
        "threads": args.threads,
        "worker_class": "gthread" if args.threads > 1 else "sync",
        "timeout": args.timeout,
        "graceful_timeout": 30,
        "errorlog": "-",
        "accesslog": None,  # the reverse proxy keeps the access log
        "forwarded_allow_ips": "127.0.0.1,::1",
        "proc_name": "paritrana",
    }

    class Application(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for name, value in options.items():
                self.cfg.set(name, value)

        def load(self) -> Any:
            from paritrana.wsgi import application

            return application

    return Application()
