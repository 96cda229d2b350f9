"""A whole national cycle on PostgreSQL, then its busiest pages measured at concurrency 8.

    python benchmarks/national_cycle.py                          # build, serve, measure
    python benchmarks/national_cycle.py --reuse                  # measure an existing build
    python benchmarks/national_cycle.py --requests 20 --json     # 8 clients x 20 requests/page
    python benchmarks/national_cycle.py --reuse --workers 2 --threads 4   # gunicorn, 2 processes

What it does, bounded and on loopback only:

1. drops and recreates its own PostgreSQL database on 127.0.0.1:5432 (user postgres;
   `paritrana_national` unless --database names another `paritrana_national*` or `bench_*`
   database: no other name is accepted, so `test`, `test_*` and the demo's are never touched),
   migrates it and loads the packaged Kemendagri regions;
2. builds the 2025 cycle from the template (the domain's `create_cycle_from_template`) and
   fills it in bulk (`bulk_create` on the domain's models: this is a fixture, not a use case):
   38 provincial teams of 10 (a Sekda chair, a secretary, 8 assessors, one of them from a
   kab/kota of its province, so conflicts of interest are derived), all 514 kab/kota, 2,000
   companies (half large/medium, half small/micro) and 1,000 villages nominated in their
   provinces (companies and villages spread like the kab/kota), self-assessments and evidence
   records, 5 assessors per candidate in verification and in the interview, every sheet scored
   and submitted; verification closed, interview open;
3. serves the app with waitress (8 threads, one process, as `paritrana demo` runs it), or with
   --workers N gunicorn (N processes of --threads threads; `pip install -e '.[bench]'`), on a
   free port of 127.0.0.1, logs in through /masuk/ as the national admin, the chair of the largest
   province's team (Jawa Timur) and one of its assessors, and issues API tokens for them
   (`paritrana.access.tokens.issue`);
4. measures each page with 8 clients at once (a thread pool of 8, each with its own keep-alive
   connection, --requests each, after one cold request apart): the progress board
   (`web:progress`, skipped with a note while that URL name does not exist), the provincial
   panel page, the ranking pages of the largest groups, the assessor's list and the API lists;
   prints per page the first request (cold), the median of 5 requests made alone, p50/p95/max
   at concurrency 8 (milliseconds, to the last byte) and whether p95 is under 300 ms. Every
   response must be a 200.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SERVER = "postgres://postgres@127.0.0.1:5432"
ALLOWED_NAME = re.compile(r"^(paritrana_national[a-z0-9_]*|bench_[a-z0-9_]+)$")
PASSWORD = "uji-nasional-2025"
YEAR = 2025
COMPANIES, VILLAGES = 2000, 1000
ASSESSORS_PER_PANEL, PER_CANDIDATE = 8, 5
BUDGET_MS = 300.0
LARGEST = "35"  # Jawa Timur: 38 kab/kota, the most of any province
MAX_REQUESTS, CONCURRENCY = 200, 8
ALONE = 5  # sequential requests whose median is the "alone" column


# -- the database -------------------------------------------------------------------------


def _recreate_database(name: str) -> None:
    import psycopg

    if not ALLOWED_NAME.match(name):
        raise SystemExit(f"refused: database {name!r} (paritrana_national* or bench_* only)")
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def _setup_django(database: str, data_dir: Path) -> None:
    if not ALLOWED_NAME.match(database):
        raise SystemExit(f"refused: database {database!r} (paritrana_national* or bench_* only)")
    os.environ["DATABASE_URL"] = f"{SERVER}/{database}"
    os.environ["PARITRANA_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "paritrana.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


# -- the national cycle -------------------------------------------------------------------


def _spread(total: int, weights: dict[str, int]) -> dict[str, int]:
    """`total` split over provinces in proportion to `weights` (largest remainders)."""
    whole = sum(weights.values())
    exact = {p: total * w / whole for p, w in weights.items()}
    counts = {p: int(v) for p, v in exact.items()}
    rest = total - sum(counts.values())
    for p in sorted(exact, key=lambda p: exact[p] - counts[p], reverse=True)[:rest]:
        counts[p] += 1
    return counts


def _candidates(categories: dict[str, Any], rng: random.Random) -> list[Any]:
    from paritrana.awards.models import Nomination, NominationSource
    from paritrana.regions.models import Region

    kabkota: dict[str, list[tuple[str, str]]] = {}
    for code, name, parent in Region.objects.filter(level="kabkota").values_list(
        "code", "name", "parent_id"
    ):
        kabkota.setdefault(parent, []).append((code, name))
    weights = {p: len(rows) for p, rows in kabkota.items()}
    companies, villages = _spread(COMPANIES, weights), _spread(VILLAGES, weights)
    rows = []

    def add(category: str, province: str, entity: str, key: str, name: str, **extra: Any) -> None:
        rows.append(
            Nomination(
                category=categories[category],
                province=province,
                entity=entity,
                key=key,
                name=name,
                source=NominationSource.DATA,
                basis="ucj_pct",
                **extra,
            )
        )

    serial = 0
    for province, places in sorted(kabkota.items()):
        for code, name in places:
            add("pemda-kabkota", province, "kabkota", code, name, region_code=code)
        for i in range(companies[province]):
            serial += 1
            large = i % 2 == 0
            add(
                "perusahaan-besar-menengah" if large else "usaha-kecil-mikro",
                province,
                "perusahaan",
                f"BENCH{serial:06d}",
                f"PT Uji Nasional {serial:04d}",
                region_code=places[i % len(places)][0],
                size_class=rng.choice(["besar", "menengah"] if large else ["kecil", "mikro"]),
                sector="manufaktur",
            )
        wanted = villages[province]
        chosen = list(
            Region.objects.filter(level="desa", code__startswith=f"{province}.")
            .order_by("code")
            .values_list("code", "name")[: wanted * 7 : 7]
        )
        for code, name in chosen:
            add("pemda-desa", province, "desa", code, f"Desa {name}", region_code=code)
    return Nomination.objects.bulk_create(rows, batch_size=2000)


def build(seed: int) -> dict[str, Any]:
    """The whole cycle; returns what the measurement needs (accounts, ids) and the counts."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Permission
    from django.core.management import call_command
    from django.utils import timezone

    from paritrana.access.models import ProvincialAdmin
    from paritrana.assessment.domain.scores import levels
    from paritrana.assessment.models import (
        Assignment,
        AssignmentMethod,
        Panel,
        PanelMember,
        Score,
        ScoreSheet,
    )
    from paritrana.awards.domain.templates import create_cycle_from_template, leaves
    from paritrana.awards.models import (
        CriterionKind,
        Evidence,
        SelfAssessment,
        StageKind,
        StageStatus,
    )
    from paritrana.regions.domain.loading import load_kemendagri
    from paritrana.regions.models import Region

    rng = random.Random(seed)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    timings["migrate"] = time.perf_counter() - started
    mark = time.perf_counter()
    load_kemendagri()
    timings["regions"] = time.perf_counter() - mark
    mark = time.perf_counter()

    cycle = create_cycle_from_template(assessment_year=YEAR)
    categories = {c.code: c for c in cycle.categories.filter(level="provinsi")}
    now = timezone.now()
    stages = {s.kind: s for s in cycle.stages.filter(level="provinsi")}
    for kind in (StageKind.SCREENING, StageKind.SELF_ASSESSMENT, StageKind.VERIFICATION):
        stages[kind].status, stages[kind].opened_at = StageStatus.CLOSED, now - timedelta(60)
        stages[kind].closed_at = now - timedelta(1)
    stages[StageKind.INTERVIEW].status = StageStatus.OPEN
    stages[StageKind.INTERVIEW].opened_at = now - timedelta(1)
    for stage in stages.values():
        stage.save()

    # Accounts: one slow hash for everyone (the benchmark measures pages, not set-up).
    users = get_user_model()
    hashed = make_password(PASSWORD)
    admin = users.objects.create_user("admin-nasional", password=PASSWORD, is_staff=True)
    admin.user_permissions.add(Permission.objects.get(codename="manage_panels"))
    provincial = users.objects.create_user("admin-jatim", password=PASSWORD)
    ProvincialAdmin.objects.create(user=provincial, province=LARGEST)
    provinces = list(Region.objects.filter(level="provinsi").order_by("code"))
    seat_users = users.objects.bulk_create(
        users(username=f"{role}-{p.code}{suffix}", password=hashed)
        for p in provinces
        for role, suffix in [("ketua", ""), ("sekretaris", "")]
        + [("penilai", f"-{i + 1}") for i in range(ASSESSORS_PER_PANEL)]
    )
    panels = Panel.objects.bulk_create(
        Panel(
            cycle=cycle,
            level="provinsi",
            province=p.code,
            name=f"Tim Penilai Provinsi {p.name}",
            assessors_per_candidate=PER_CANDIDATE,
            max_load=200,
        )
        for p in provinces
    )
    first_kabkota = dict(
        Region.objects.filter(level="kabkota")
        .order_by("parent_id", "code")
        .values_list("parent_id", "code")
        .distinct("parent_id")
    )
    members = []
    per_panel = 2 + ASSESSORS_PER_PANEL
    for i, panel in enumerate(panels):
        block = seat_users[i * per_panel : (i + 1) * per_panel]
        members.append(PanelMember(panel=panel, user=block[0], role="ketua", affiliation="sekda"))
        members.append(
            PanelMember(panel=panel, user=block[1], role="sekretaris", affiliation="bpjs")
        )
        for j, user in enumerate(block[2:]):
            members.append(
                PanelMember(
                    panel=panel,
                    user=user,
                    role="anggota",
                    affiliation=["disnaker", "serikat", "pengusaha", "akademisi"][j % 4],
                    # The first assessor comes from a kab/kota of the province: a derived
                    # conflict of interest with it, as in real teams.
                    region_code=first_kabkota.get(panel.province, "") if j == 0 else "",
                )
            )
    members = PanelMember.objects.bulk_create(members)
    assessors: dict[str, list[Any]] = {}
    for member in members:
        if member.role == "anggota":
            assessors.setdefault(member.panel.province, []).append(member)
    timings["cycle_panels"] = time.perf_counter() - mark
    mark = time.perf_counter()

    nominations = _candidates(categories, rng)
    SelfAssessment.objects.bulk_create(
        (
            SelfAssessment(
                nomination=n, answers={"regulasi": "Perda 2024"}, submitted_at=now - timedelta(20)
            )
            for n in nominations
            if rng.random() < 0.9
        ),
        batch_size=2000,
    )
    Evidence.objects.bulk_create(
        (
            Evidence(
                nomination=n,
                kind="lainnya",
                title=f"Bukti {k + 1}",
                file=f"bukti/{YEAR}/uji-{n.pk}-{k}.pdf",
                original_name=f"bukti-{k + 1}.pdf",
                content_type="application/pdf",
                size=1024,
                sha256="0" * 64,
            )
            for n in nominations
            for k in range(2)
        ),
        batch_size=2000,
    )
    timings["candidates"] = time.perf_counter() - mark
    mark = time.perf_counter()

    qualitative = {
        code: [c for c in leaves(category) if c.kind == CriterionKind.QUALITATIVE]
        for code, category in categories.items()
    }
    scale = {
        c.pk: levels(c) for criteria in qualitative.values() for c in criteria
    }  # one query per criterion, a few dozen
    assignments, sheets = [], []
    position: dict[str, int] = {}
    for nomination in nominations:
        pool = assessors[nomination.province]
        start = position.get(nomination.province, 0)
        position[nomination.province] = start + 1
        chosen = [
            m
            for m in (pool[(start + k) % len(pool)] for k in range(len(pool)))
            if not (m.region_code and m.region_code == nomination.region_code)
        ][:PER_CANDIDATE]
        for kind in (StageKind.VERIFICATION, StageKind.INTERVIEW):
            for member in chosen:
                assignments.append(
                    Assignment(
                        stage=stages[kind],
                        member=member,
                        nomination=nomination,
                        method=AssignmentMethod.AUTOMATIC,
                    )
                )
                sheets.append(
                    ScoreSheet(
                        stage=stages[kind],
                        member=member,
                        nomination=nomination,
                        submitted_at=now - timedelta(hours=rng.randint(2, 200)),
                        version=2,
                    )
                )
    Assignment.objects.bulk_create(assignments, batch_size=5000)
    sheets = ScoreSheet.objects.bulk_create(sheets, batch_size=5000)
    by_category = {n.pk: n.category.code for n in nominations}
    scores = []
    for sheet in sheets:
        for criterion in qualitative[by_category[sheet.nomination_id]]:
            if criterion.stage != sheet.stage.kind:
                continue
            values = scale[criterion.pk]
            value = rng.choice(values)
            comment = "Bukti dicek penilai." if value in (values[0], values[-1]) else ""
            scores.append(Score(sheet=sheet, criterion=criterion, value=value, comment=comment))
    Score.objects.bulk_create(scores, batch_size=5000)
    timings["judging"] = time.perf_counter() - mark
    _analyze()

    jatim = next(p for p in panels if p.province == LARGEST)
    chair = next(m for m in members if m.panel_id == jatim.pk and m.role == "ketua")
    assessor = assessors[LARGEST][1]
    return {
        "cycle": cycle.pk,
        "panel": jatim.pk,
        "categories": {code: c.pk for code, c in categories.items()},
        "accounts": {
            "admin": admin.username,
            "provincial_admin": provincial.username,
            "chair": chair.user.username,
            "assessor": assessor.user.username,
        },
        "counts": {
            "provinces": len(provinces),
            "panels": len(panels),
            "panel_members": len(members),
            "candidates": len(nominations),
            "kabkota": sum(1 for n in nominations if n.entity == "kabkota"),
            "companies": sum(1 for n in nominations if n.entity == "perusahaan"),
            "villages": sum(1 for n in nominations if n.entity == "desa"),
            "assignments": len(assignments),
            "sheets": len(sheets),
            "scores": len(scores),
        },
        "timings": {k: round(v, 1) for k, v in timings.items()},
    }


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _tokens(plan: dict[str, Any]) -> dict[str, str]:
    from django.contrib.auth import get_user_model

    from paritrana.access.tokens import issue

    users = get_user_model().objects
    return {
        role: issue(
            user=users.get(username=username), name="benchmark", scopes=["baca", "nilai"], days=1
        )[1]
        for role, username in plan["accounts"].items()
    }


def _largest_groups(plan: dict[str, Any]) -> dict[str, tuple[int, str, int]]:
    """Per category, the province with the most candidates: (category pk, group, count)."""
    from django.db.models import Count

    from paritrana.awards.models import Nomination

    found = {}
    for code, pk in plan["categories"].items():
        row = (
            Nomination.objects.filter(category_id=pk)
            .values("province")
            .annotate(n=Count("id"))
            .order_by("-n", "province")
            .first()
        )
        if row:
            found[code] = (pk, row["province"], row["n"])
    return found


# -- serving and logging in ---------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_command(port: int, threads: int, workers: int) -> list[str]:
    """waitress (one process, as `paritrana demo` serves), or gunicorn with `workers`
    processes of `threads` threads each (`pip install -e '.[bench]'`)."""
    if workers == 0:
        return [
            sys.executable,
            "-m",
            "waitress",
            f"--listen=127.0.0.1:{port}",
            f"--threads={threads}",
            "paritrana.wsgi:application",
        ]
    return [
        sys.executable,
        "-m",
        "gunicorn",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        "--log-level=warning",
        "paritrana.wsgi:application",
    ]


def _serve(port: int, threads: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen(
        _server_command(port, threads, workers),
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/masuk/", timeout=5) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"the server did not answer on 127.0.0.1:{port}; see {log}")


def login(base: str, username: str) -> str:
    """Logs in through the real form (CSRF and all); returns the session cookie's value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/masuk/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on /masuk/"
    data = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    ).encode()
    request = urllib.request.Request(f"{base}/masuk/", data=data, headers={"Referer": base})
    opener.open(request).read()
    session = next((c.value for c in jar if c.name == "sessionid"), None)
    if session is None:
        raise SystemExit(f"could not log in as {username}")
    return session


# -- measuring ----------------------------------------------------------------------------


@dataclass
class Measured:
    page: str
    path: str
    who: str
    requests: int
    errors: int
    cold_ms: float
    alone_ms: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    kilobytes: float

    @property
    def ok(self) -> bool:
        return self.errors == 0 and self.p95_ms < BUDGET_MS


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def _fetch(
    connection: http.client.HTTPConnection, path: str, headers: dict[str, str]
) -> tuple[float, int, int]:
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    return (time.perf_counter() - started) * 1000, response.status, len(body)


def measure(
    port: int, page: str, path: str, who: str, headers: dict[str, str], requests: int
) -> Measured:
    headers = {"Accept-Language": "id", **headers}
    cold = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    cold_ms, status, size = _fetch(cold, path, headers)
    if status != 200:
        raise SystemExit(f"{page} {path}: status {status} for {who}")
    # Alone: one client, one request at a time (what a request costs the server by itself).
    alone = statistics.median(_fetch(cold, path, headers)[0] for _i in range(ALONE))
    cold.close()
    local = threading.local()
    lock = threading.Lock()
    errors = 0

    def one(_i: int) -> float:
        nonlocal errors
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        ms, code, _size = _fetch(local.connection, path, headers)
        if code != 200:
            with lock:
                errors += 1
        return ms

    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        times = sorted(pool.map(one, range(requests * CONCURRENCY)))
    return Measured(
        page=page,
        path=path,
        who=who,
        requests=len(times),
        errors=errors,
        cold_ms=round(cold_ms, 1),
        alone_ms=round(alone, 1),
        p50_ms=round(statistics.median(times), 1),
        p95_ms=round(_percentile(times, 0.95), 1),
        max_ms=round(times[-1], 1),
        kilobytes=round(size / 1024, 1),
    )


def pages(plan: dict[str, Any], groups: dict[str, tuple[int, str, int]]) -> list[tuple[str, ...]]:
    """(page, path, who, how): how is "session" or "token"."""
    from django.urls import NoReverseMatch, reverse

    found: list[tuple[str, ...]] = []
    try:
        found.append(("progress board", reverse("web:progress", args=[plan["cycle"]]), "admin"))
    except NoReverseMatch:
        print("note: web:progress does not exist in this branch yet; the board is skipped")
    found.append(("panel page (Jawa Timur)", f"/panel/{plan['panel']}/", "chair"))
    for code in ("pemda-kabkota", "perusahaan-besar-menengah", "pemda-desa"):
        if code in groups:
            pk, group, count = groups[code]
            found.append((f"ranking {code} ({count})", f"/hasil/{pk}/{group}/", "chair"))
    found.append(("assessor's list", "/penilaian/", "assessor"))
    api = "/api/v1"
    found += [
        ("API candidates (admin)", f"{api}/kandidat/", "admin"),
        ("API candidates 500 (admin)", f"{api}/kandidat/?per_halaman=500", "admin"),
        ("API candidates (chair)", f"{api}/kandidat/", "chair"),
        ("API candidates (assessor)", f"{api}/kandidat/", "assessor"),
        ("API cycles", f"{api}/siklus/", "admin"),
        ("API categories", f"{api}/siklus/{YEAR}/kategori", "admin"),
        ("API results (cycles)", f"{api}/hasil/", "admin"),
        ("API results of the year", f"{api}/hasil/{YEAR}", "admin"),
        ("API assessor's tasks", f"{api}/penilaian/tugas", "assessor"),
    ]
    pk, group, count = groups["pemda-kabkota"]
    ranking = f"{api}/penilaian/hasil/{pk}/{group}"
    found.append((f"API ranking pemda-kabkota ({count})", ranking, "chair"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="paritrana_national")
    parser.add_argument("--reuse", action="store_true", help="measure an existing build")
    parser.add_argument("--requests", type=int, default=10, help="per client, 8 clients")
    parser.add_argument("--threads", type=int, default=8, help="threads per server process")
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="0: waitress, one process (as the demo); N: gunicorn, N processes (.[bench])",
    )
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not (
        1 <= args.requests <= MAX_REQUESTS and 1 <= args.threads <= 32 and 0 <= args.workers <= 8
    ):
        raise SystemExit(f"--requests 1..{MAX_REQUESTS}, --threads 1..32, --workers 0..8")
    if not ALLOWED_NAME.match(args.database):
        raise SystemExit(f"refused: database {args.database!r} (paritrana_national* or bench_*)")
    work = Path(tempfile.mkdtemp(prefix="paritrana-national-"))
    plan_file = Path(tempfile.gettempdir()) / f"{args.database}.plan.json"
    started = time.perf_counter()
    if args.reuse and plan_file.exists():
        _setup_django(args.database, work / "data")
        plan = json.loads(plan_file.read_text())
    else:
        _recreate_database(args.database)
        _setup_django(args.database, work / "data")
        plan = build(args.seed)
        plan["build_seconds"] = round(time.perf_counter() - started, 1)
        plan_file.write_text(json.dumps(plan))
    tokens = _tokens(plan)
    groups = _largest_groups(plan)
    port = _free_port()
    server = _serve(port, args.threads, args.workers, work / "server.log")
    base = f"http://127.0.0.1:{port}"
    try:
        sessions = {role: login(base, name) for role, name in plan["accounts"].items()}
        results = []
        for page, path, who in pages(plan, groups):
            if path.startswith("/api/"):
                headers = {"Authorization": f"Bearer {tokens[who]}"}
            else:
                headers = {"Cookie": f"sessionid={sessions[who]}"}
            results.append(measure(port, page, path, who, headers, args.requests))
            if not args.json:
                _row(results[-1])
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = {
        "counts": plan["counts"],
        "build_seconds": plan.get("build_seconds"),
        "build_steps": plan.get("timings"),
        "concurrency": CONCURRENCY,
        "server": f"gunicorn {args.workers} x {args.threads} threads"
        if args.workers
        else f"waitress {args.threads} threads",
        "pages": [{**asdict(r), "under_300ms": r.ok} for r in results],
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"built in {plan.get('build_seconds')} s ({plan.get('timings')}); {plan['counts']}")
        print(f"served by {report['server']}; {CONCURRENCY} clients at once")
        failing = [r.page for r in results if not r.ok]
        print("all p95 under 300 ms" if not failing else f"over budget: {', '.join(failing)}")
    return 0 if all(r.ok for r in results) else 1


HEADER = (
    f"{'page':<40}{'who':<10}{'n':>5}{'cold':>7}{'alone':>7}{'p50':>7}{'p95':>7}{'max':>7}  <300"
)


def _row(r: Measured) -> None:
    if _row.__dict__.setdefault("first", True):
        print(HEADER)
        _row.first = False  # type: ignore[attr-defined]
    print(
        f"{r.page:<40}{r.who:<10}{r.requests:>5}{r.cold_ms:>7.0f}{r.alone_ms:>7.0f}"
        f"{r.p50_ms:>7.0f}{r.p95_ms:>7.0f}{r.max_ms:>7.0f}  {'yes' if r.ok else 'NO'}"
        + (f" ({r.errors} errors)" if r.errors else "")
    )


if __name__ == "__main__":
    raise SystemExit(main())
