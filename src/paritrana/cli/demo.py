"""`paritrana demo`: prepare the embedded database and serve the web interface on 127.0.0.1."""

from __future__ import annotations

import argparse
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

from rich.console import Console

from paritrana.cli import CommandError, setup_django
from paritrana.cli.arguments import at_least
from paritrana.cli.readiness import OWN

DEMO_ACCOUNTS = [
    # (username, password, role shown to the user, superuser, permissions)
    (
        "admin",
        "paritrana-demo",
        "Admin nasional (Sekretariat Kemenko PMK / BPJS kantor pusat; kemajuan 38 provinsi)",
        True,
        (),
    ),
    (
        "petugas",
        "paritrana-demo",
        "Petugas data (impor berkas BPJS/BPS)",
        False,
        ("coverage.add_dataimport", "coverage.view_dataimport"),
    ),
    (
        "kalbar",
        "paritrana-demo",
        "Admin provinsi Kalimantan Barat (sekretariat tim: nominasi, bukti, panel dan peringkat "
        "provinsinya)",
        False,
        (),
    ),
    (
        "ketapang",
        "paritrana-demo",
        "Wakil kandidat Kabupaten Ketapang (ruang kerja nasional terbuka: lengkapi dan kirim)",
        False,
        (),
    ),
    (
        "ketua-kalbar",
        "paritrana-demo",
        "Ketua Tim Penilai Provinsi Kalimantan Barat (Sekda; kelompok menunggu keputusan Juara)",
        False,
        (),
    ),
    (
        "penilai-kalbar",
        "paritrana-demo",
        "Penilai Provinsi Kalimantan Barat (akademisi; lembar nilai wawancara menunggu, "
        "konflik kepentingan yang dideklarasikan)",
        False,
        (),
    ),
    (
        "juri",
        "paritrana-demo",
        "Anggota Dewan Juri Nasional (lembar nilai verifikasi nasional menunggu)",
        False,
        (),
    ),
]
DEMO_PROVINCIAL_ADMINS = {"kalbar": "61"}  # username -> the province they administer
# Two synthetic years (growth needs a previous year) over all 38 provinces, in the calibrated
# proportions (`engine.synth_calibration`): a sample of raw records, not the 45 M participants
# of a real year, sized so that the raw records and the national cycle built on their metrics
# start together in well under the 90 s the demo is held to (benchmarks/demo_start.py). The
# sample gives employers' compliance; the active participants and the workforce the pages show
# are aggregated counts at the published national scale (`engine.synth_scale`).
DEMO_YEARS = ((2024, 1, 110_000), (2025, 2, 120_000))


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "demo", help="siapkan basis data contoh dan jalankan antarmuka web"
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="alamat yang didengarkan (bawaan 127.0.0.1)"
    )
    parser.add_argument(
        "--port",
        type=at_least(1, 65_535),
        default=int(os.environ.get("PARITRANA_PORT", "8000")),
        help="porta yang didengarkan (bawaan 8000, atau PARITRANA_PORT)",
    )
    parser.add_argument(
        "--no-serve", action="store_true", help="hanya siapkan basis data, jangan jalankan server"
    )
    parser.set_defaults(handler=run, database=OWN)


def prepare(console: Console) -> None:
    """Migrate, load the reference data and create the demo accounts; cheap when already done."""
    from django.conf import settings
    from django.core.management import call_command

    from paritrana.cli.manage import recover_imports
    from paritrana.cli.regions import load_with_progress

    database = settings.DATABASES["default"]
    console.print(f"Basis data: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}")
    with console.status("Menyiapkan struktur basis data (migrate)..."):
        call_command("migrate", interactive=False, verbosity=0)
    recover_imports()  # before the worker starts: settle imports a killed demo left running
    report = load_with_progress(console)
    if report.changed:
        console.print(f"Wilayah Kemendagri 2025 dimuat: {report.created:,} baru.".replace(",", "."))
    _ensure_accounts()
    _ensure_coverage(console)
    _ensure_award_cycle(console)


DEMO_CYCLE_NAME = "Paritrana Award {ceremony} (demo, data sintetis)"


def _ensure_award_cycle(
    console: Console,
    *,
    ahead: tuple[str, ...] | None = None,
    provinces: tuple[str, ...] | None = None,
) -> None:
    """The 2025 cycle from the Paritrana 2025 template over all 38 provinces, their data-based
    shortlists drawn from the demo's coverage figures, left mid-way (see `demo_judging`): the
    Kalimantan provinces judged furthest, the others verifying, the national round begun (once:
    a restart stays fast). `ahead`: the provinces judged through (the Kalimantan ones);
    `provinces`: only these provinces' teams and shortlists (tests build a smaller picture)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from paritrana.awards.models import Cycle, Level, StageKind
    from paritrana.cli.demo_judging import judge_demo_cycle
    from paritrana.cli.demo_panels import province_codes
    from paritrana.cli.demo_provinces import KALIMANTAN
    from paritrana.cli.demo_stages import open_in
    from paritrana.cli.demo_workspaces import nominate_ketapang
    from paritrana.commands.admin import save_row
    from paritrana.commands.awards import create_cycle, draw_shortlist

    cycle = Cycle.objects.filter(assessment_year=2025).first()
    if cycle is None:
        admin = get_user_model().objects.get(username="admin")  # the national secretariat
        with transaction.atomic():  # a cycle without its shortlists is never left behind
            cycle = create_cycle(admin, assessment_year=2025)
            cycle.name = DEMO_CYCLE_NAME.format(ceremony=cycle.ceremony_year)  # synthetic
            save_row(admin, obj=cycle)
            # Shortlists are drawn while the screening stage is open (as on the shortlist page).
            open_in(cycle, Level.PROVINCIAL, StageKind.SCREENING, admin)
            drawn, codes = 0, province_codes(provinces)
            for category in cycle.categories.filter(level="provinsi", enabled=True):
                for code in codes:
                    drawn += len(draw_shortlist(admin, category=category, province=code, year=2025))
            if "61" in codes:
                nominate_ketapang(cycle)  # by hand when the synthetic sample left it out
        console.print(
            f"Siklus {cycle.label} dibuat; {f'{drawn:,}'.replace(',', '.')} kandidat dari "
            f"{len(codes)} provinsi dinominasikan."
        )
    if cycle.panels.exists():
        return  # judged already (the judging runs in one transaction: all or nothing)
    with console.status("Menyiapkan penjurian contoh (38 provinsi dan awal babak nasional)..."):
        judged = judge_demo_cycle(
            cycle, ahead=KALIMANTAN if ahead is None else ahead, provinces=provinces
        )
    if judged is not None:
        console.print(judged.line())


def _ensure_coverage(
    console: Console, *, years: tuple[tuple[int, int, int], ...] = DEMO_YEARS
) -> None:
    """Synthetic coverage data and its metrics, once: a database with metrics is left alone.
    `years`: (year, seed, participants) of each synthetic year (tests pass a smaller one)."""
    from paritrana.access.actors import OPERATOR
    from paritrana.cli import progress_bar
    from paritrana.commands.data import compute
    from paritrana.commands.reference import load_synthetic
    from paritrana.coverage.models import RegionMetric

    if RegionMetric.objects.exists():
        return
    with progress_bar(console) as bar:
        task = bar.add_task("Data cakupan sintetis", total=None)
        for year, seed, participants in years:
            bar.update(task, description=f"Data sintetis {year}", completed=0, total=None)
            load_synthetic(
                OPERATOR,
                participants=participants,
                year=year,
                seed=seed,
                progress=lambda _s, done, total: bar.update(task, completed=done, total=total),
                published_scale=True,
            )
        for year, _seed, _participants in years:
            bar.update(task, description=f"Menghitung metrik {year}", completed=0, total=None)
            compute(
                OPERATOR,
                year=year,
                progress=lambda _s, done, total: bar.update(task, completed=done, total=total),
            )
    shown = "-".join(dict.fromkeys(str(year) for year in (years[0][0], years[-1][0])))
    console.print(f"Data cakupan sintetis {shown} dimuat dan dihitung.")


def _ensure_accounts() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from paritrana.access.models import ProvincialAdmin

    user_model = get_user_model()
    for username, password, _role, superuser, permissions in DEMO_ACCOUNTS:
        if user_model.objects.filter(username=username).exists():
            continue
        if superuser:
            user_model.objects.create_superuser(username=username, password=password, email="")
            continue
        user = user_model.objects.create_user(username=username, password=password)
        for name in permissions:
            app_label, codename = name.split(".")
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
    for username, province in DEMO_PROVINCIAL_ADMINS.items():
        ProvincialAdmin.objects.get_or_create(
            user=user_model.objects.get(username=username), province=province
        )


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    setup_django()
    console = Console()
    prepare(console)
    if args.no_serve:
        console.print(f"Siap dalam {time.monotonic() - started:.1f} detik.")
        return 0
    serve(console, host=args.host, port=args.port, started=started)
    return 0


def serve(console: Console, *, host: str, port: int, started: float) -> None:
    """Serve the prepared database with the task worker beside the web server, until Ctrl+C or
    SIGTERM (a service manager's stop, `kill`): either stops the worker too. Should this process
    be killed outright, the worker ends with it (Linux: it asks the kernel for SIGTERM when its
    parent dies), so no worker is left running behind a stopped demo."""
    from waitress import create_server

    from paritrana.wsgi import application

    try:
        server = create_server(application, host=host, port=port, threads=8)
    except OSError as exc:
        raise CommandError(
            f"Tidak dapat membuka {host}:{port} ({exc.strerror}). "
            "Pakai --port untuk memilih port lain."
        ) from None
    worker = _start_task_worker()
    url = f"http://{host}:{port}/"
    ready = time.monotonic() - started
    console.print(
        f"\n[bold green]Paritrana berjalan di {url}[/bold green]  (siap dalam {ready:.1f} detik)"
    )
    console.print("Akun demo:")
    for username, password, role, _superuser, _permissions in DEMO_ACCOUNTS:
        console.print(f"  {username} / {password}  — {role}")
    console.print(f"Administrasi: {url}admin/   Hentikan dengan Ctrl+C.")

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt  # ends server.run() the way Ctrl+C does

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.run()  # returns on Ctrl+C or SIGTERM, its threads shut down
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop_worker(worker)
    console.print("Dihentikan.")


def _stop_worker(worker: subprocess.Popen[bytes]) -> None:
    """SIGTERM lets the worker finish the task in hand (an import left half-way is settled by
    the next start anyway); one that has not ended after 30 s is killed."""
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _dies_with(parent: int) -> Callable[[], None]:
    def ask() -> None:  # pragma: no cover - runs in the child, between fork and exec
        """In the worker before it starts: SIGTERM when the demo process dies, however it
        dies (also if it died already, between the fork and this call)."""
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGTERM)

    return ask


def _start_task_worker() -> subprocess.Popen[bytes]:
    """Imports uploaded on the web run as background tasks: the demo runs their worker beside
    the web server (a deployment runs `paritrana manage db_worker` as a service)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "paritrana",
            "manage",
            "db_worker",
            "--interval",
            "1",
            "--no-startup-delay",
        ],
        stdout=subprocess.DEVNULL,
        preexec_fn=_dies_with(os.getpid()) if sys.platform == "linux" else None,
    )
