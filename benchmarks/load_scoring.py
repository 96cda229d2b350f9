"""Load test of judging: 100 assessors scoring and submitting at once on PostgreSQL, then a count
of every score in the database (none lost, none duplicated).

    pip install -e '.[load]'                     # locust
    python benchmarks/load_scoring.py            # 100 assessors x 5 sheets, about a minute
    python benchmarks/load_scoring.py --assessors 100 --sheets 5 --threads 8 --json

What it does, bounded and on loopback only:

1. drops and recreates its own PostgreSQL database `paritrana_load` on 127.0.0.1:5432 (user
   postgres; no other name is accepted, so `test`, `test_*` and `paritrana_bench` are never
   touched), migrates it and loads the regions;
2. builds the 2025 cycle from the template through the domain functions, as the demo does:
   one provincial team per province of 10 assessors, 10 kab/kota candidates each, every
   assessor assigned to --sheets of them by hand in the open verification stage;
3. starts the real server (waitress, --threads threads, as `paritrana demo` runs it) on a free
   port of 127.0.0.1 and runs locust headless in a subprocess (benchmarks/locust_scoring.py):
   each assessor logs in on /masuk/, then all at once GET and PUT their sheets over the JSON
   API with submit=true; every third first saves a draft and replays a stale PUT, which must
   get 409 "conflict". Each user stops after its sheets; --run-time is only a safety cap;
4. checks the database: one sheet per assignment, every sheet submitted with the expected
   version, every score present exactly once with its value and comment, one submission in
   the audit log per sheet, no failed request but the expected 409s; prints p50, p95 and
   throughput of the scoring requests (logins apart), and exits 1 when any check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "paritrana_load"  # the only database this script creates, drops or writes
SERVER = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "uji-beban-penilai-2025"
PER_PANEL = 10  # assessors and candidates per provincial team
MAX_ASSESSORS, MAX_RUN_SECONDS = 200, 900


def _recreate_database() -> None:
    import psycopg

    assert DATABASE == "paritrana_load"  # never test, test_*, paritrana_bench or anything else
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')


def _setup_django(data_dir: Path) -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
    os.environ["PARITRANA_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "paritrana.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def _load_regions(provinces: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """Loads the packaged hierarchy; returns the first provinces with enough kab/kota, and
    PER_PANEL of their kab/kota each."""
    from paritrana.regions.domain.loading import load_kemendagri
    from paritrana.regions.models import Region

    load_kemendagri()
    picked = []
    for province in Region.objects.filter(level="provinsi").order_by("code"):
        kabkota = Region.objects.filter(parent=province, level="kabkota").order_by("code")
        chosen = list(kabkota.values_list("code", "name")[:PER_PANEL])
        if len(chosen) == PER_PANEL:
            picked.append((province.code, chosen))
        if len(picked) == provinces:
            return picked
    raise SystemExit(f"only {len(picked)} provinces have {PER_PANEL} kab/kota")


def _entry(rng: random.Random, criterion: Any, scale: list[Any]) -> tuple[str, str]:
    value = rng.choice(scale)
    comment = ""
    if value in (scale[0], scale[-1]):  # an extreme needs its comment
        comment = f"Nilai {value.normalize():f} untuk {criterion.name}: bukti dicek penilai."
    return f"{value.normalize():f}", comment


def build(assessors: int, sheets: int, seed: int) -> list[dict[str, Any]]:
    """The cycle, panels, candidates and assignments; returns the locust plan."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from paritrana.assessment.domain.assignments import assign
    from paritrana.assessment.domain.panels import add_member, create_panel
    from paritrana.assessment.domain.scores import criteria_for, levels
    from paritrana.awards.domain.stages import open_stage
    from paritrana.awards.domain.templates import create_cycle_from_template
    from paritrana.awards.models import Nomination, NominationSource

    call_command("migrate", interactive=False, verbosity=0)
    provinces = _load_regions(assessors // PER_PANEL)
    cycle = create_cycle_from_template(assessment_year=2025)
    category = cycle.categories.get(level="provinsi", code="pemda-kabkota")
    stage = open_stage(stage=cycle.stages.get(level="provinsi", kind="verifikasi"))
    # One slow hash for everyone: the benchmark measures scoring, not 100 account setups.
    hashed = make_password(PASSWORD)
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"penilai-{i + 1:03d}", password=hashed) for i in range(assessors)
    )
    rng = random.Random(seed)
    plan = []
    for p, (province, kabkota) in enumerate(provinces):
        panel = create_panel(
            cycle=cycle, level="provinsi", province=province, assessors_per_candidate=sheets
        )
        candidates = [
            Nomination.objects.create(
                category=category,
                province=province,
                entity="kabkota",
                key=code,
                name=name,
                region_code=code,
                source=NominationSource.MANUAL,
            )
            for code, name in kabkota
        ]
        criteria = criteria_for(stage, candidates[0])
        for i in range(PER_PANEL):
            user = users[p * PER_PANEL + i]
            member = add_member(panel=panel, member_user=user, role="anggota", affiliation="pakar")
            mine = [candidates[(i + j) % PER_PANEL] for j in range(sheets)]
            for nomination in mine:
                assign(stage=stage, member=member, nomination=nomination)
            plan.append(
                {
                    "username": user.username,
                    "password": PASSWORD,
                    "draft_first": (p * PER_PANEL + i) % 3 == 0,
                    "sheets": [
                        {
                            "stage": stage.pk,
                            "nomination": n.pk,
                            "member": member.pk,
                            "scores": {c.code: _entry(rng, c, levels(c)) for c in criteria},
                        }
                        for n in mine
                    ],
                }
            )
    return plan


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(port: int, threads: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "waitress",
            f"--listen=127.0.0.1:{port}",
            f"--threads={threads}",
            # Waitress's default of 100 open connections is the number of assessors itself.
            "--connection-limit=250",
            "paritrana.wsgi:application",
        ],
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


def check(plan: list[dict[str, Any]], summary: dict[str, Any]) -> list[tuple[str, bool]]:
    """What the database holds against what the plan sent; (description, passed) pairs."""
    from django.db.models import Count

    from paritrana.assessment.models import Score, ScoreSheet
    from paritrana.awards.models import AuditEntry

    wanted_sheets = {
        (s["member"], s["nomination"]): (u["draft_first"], s["scores"])
        for u in plan
        for s in u["sheets"]
    }
    sheets = {(s.member_id, s.nomination_id): s for s in ScoreSheet.objects.all()}
    wanted_scores = {
        (key, code): value
        for key, (_d, scores) in wanted_sheets.items()
        for code, value in scores.items()
    }
    stored = {
        ((member, nomination), code): [f"{value.normalize():f}", comment]
        for member, nomination, code, value, comment in Score.objects.values_list(
            "sheet__member_id", "sheet__nomination_id", "criterion__code", "value", "comment"
        )
    }
    duplicated = (
        Score.objects.values("sheet_id", "criterion_id").annotate(n=Count("id")).filter(n__gt=1)
    )
    versions_ok = all(
        key in sheets and sheets[key].version == (3 if draft else 2)
        for key, (draft, _s) in wanted_sheets.items()
    )
    drafts = sum(len(u["sheets"]) for u in plan if u["draft_first"])
    failures = summary.get("failures", {})
    return [
        (f"{len(wanted_sheets)} sheets, one per assignment", set(sheets) == set(wanted_sheets)),
        ("every sheet submitted", all(s.submitted_at for s in sheets.values())),
        ("versions: 2 (save, submit), 3 after a draft", versions_ok),
        (f"{len(wanted_scores)} scores, none lost", wanted_scores.keys() <= stored.keys()),
        ("no score outside the plan", stored.keys() <= wanted_scores.keys()),
        ("no score duplicated", not duplicated.exists()),
        (
            "every value and comment as sent",
            all(stored.get(k) == list(v) for k, v in wanted_scores.items()),
        ),
        (
            f"{len(wanted_sheets)} submissions in the audit log",
            AuditEntry.objects.filter(action="score.submit").count() == len(wanted_sheets),
        ),
        (
            f"{drafts} stale PUTs refused with 409 conflict",
            summary.get("expected_conflicts") == drafts,
        ),
        (f"no failed request ({failures or 'none'})", not failures),
        (f"all {len(plan)} assessors finished", summary.get("finished") == len(plan)),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessors", type=int, default=100, help="a multiple of 10")
    parser.add_argument("--sheets", type=int, default=5, help="candidates per assessor, 1..10")
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument("--run-time", type=int, default=300, help="safety cap, seconds")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not (
        PER_PANEL <= args.assessors <= MAX_ASSESSORS
        and args.assessors % PER_PANEL == 0
        and 1 <= args.sheets <= PER_PANEL
        and 1 <= args.threads <= 32
        and 10 <= args.run_time <= MAX_RUN_SECONDS
    ):
        raise SystemExit(
            f"--assessors {PER_PANEL}..{MAX_ASSESSORS} in tens, --sheets 1..{PER_PANEL}, "
            f"--threads 1..32, --run-time 10..{MAX_RUN_SECONDS}"
        )
    work = Path(tempfile.mkdtemp(prefix="paritrana-load-"))
    started = time.perf_counter()
    _recreate_database()
    _setup_django(work / "data")
    plan = build(args.assessors, args.sheets, args.seed)
    built = time.perf_counter() - started
    (work / "plan.json").write_text(json.dumps(plan))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "PARITRANA_LOAD_PLAN": str(work / "plan.json"),
        "PARITRANA_LOAD_RESULT": str(work / "result.json"),
    }
    port = _free_port()
    server = _serve(port, args.threads, env, work / "server.log")
    try:
        locust = subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(Path(__file__).with_name("locust_scoring.py")),
                "--headless",
                "--users",
                str(args.assessors),
                "--spawn-rate",
                str(args.assessors),
                "--host",
                f"http://127.0.0.1:{port}",
                "--run-time",
                f"{args.run_time}s",
                "--csv",
                str(work / "locust"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            cwd=work,
            capture_output=True,
            text=True,
            timeout=args.run_time + 120,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    if not (work / "result.json").exists():
        print(locust.stdout[-3000:], locust.stderr[-3000:], sep="\n", file=sys.stderr)
        raise SystemExit("locust wrote no result")
    summary = json.loads((work / "result.json").read_text())
    checks = check(plan, summary)
    totals = _locust_totals(work / "locust_stats.csv")
    report = {
        "assessors": args.assessors,
        "sheets": sum(len(u["sheets"]) for u in plan),
        "scores": sum(len(s["scores"]) for u in plan for s in u["sheets"]),
        "server_threads": args.threads,
        "setup_seconds": round(built, 1),
        **summary,
        "locust_totals": totals,
        "checks": {name: ok for name, ok in checks},
        "files": str(work),
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print(report, checks)
    return 0 if all(ok for _name, ok in checks) else 1


def _locust_totals(path: Path) -> dict[str, Any]:
    """Locust's own aggregated row, as a cross-check of the counts (logins included)."""
    import csv

    if not path.exists():
        return {}
    for row in csv.DictReader(path.open(encoding="utf-8")):
        if row["Name"] == "Aggregated":
            return {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "per_second": round(float(row["Requests/s"]), 1),
            }
    return {}


def _print(report: dict[str, Any], checks: list[tuple[str, bool]]) -> None:
    print(
        f"{report['assessors']} assessors, {report['sheets']} sheets, {report['scores']} scores; "
        f"waitress {report['server_threads']} threads; setup {report['setup_seconds']} s"
    )
    print(
        f"scoring phase: {report['scoring_requests']} requests in {report['scoring_seconds']} s = "
        f"{report['per_second']} req/s; p50 {report['p50_ms']} ms, p95 {report['p95_ms']} ms, "
        f"p99 {report['p99_ms']} ms, max {report['max_ms']} ms"
    )
    for name, row in report["by_name"].items():
        print(f"  {name:<26}{row['requests']:>6}  p50 {row['p50_ms']} ms  p95 {row['p95_ms']} ms")
    print(f"locust totals (logins included): {report['locust_totals']}")
    for name, ok in checks:
        print(f"  [{'ok' if ok else 'FAILED'}] {name}")
    print(f"files: {report['files']}")


if __name__ == "__main__":
    raise SystemExit(main())
