"""`paritrana coverage import|compute|show|reconcile|template`: the engine at the prompt."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table

from paritrana.cli import CommandError, acting_user, progress_bar, setup_django
from paritrana.cli.arguments import existing_file, output_file, whole_number, year
from paritrana.cli.readiness import PREPARES, PURE, REGIONS
from paritrana.engine.schemas import SCHEMAS

BASE_KINDS = ["sakernas_bekerja", "potensi", "lainnya"]
BASE_HELP = (
    "dasar penyebut cakupan: sakernas_bekerja (BPS Sakernas penduduk bekerja; bawaan), "
    "potensi (potensi BPJS) atau lainnya"
)
KINDS_HELP = ", ".join(SCHEMAS)  # the kinds of data file, as engine.schemas names them


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("coverage", help="cakupan Jamsostek: impor, hitung, tampilkan")
    sub = parser.add_subparsers(dest="coverage_command", metavar="AKSI", required=True)

    imp = sub.add_parser("import", help="impor berkas data BPJS/BPS (CSV, XLSX, Parquet)")
    imp.add_argument(
        "file", type=existing_file, metavar="BERKAS", help="berkas CSV, XLSX atau Parquet"
    )
    imp.add_argument("--kind", required=True, metavar="JENIS", help=f"jenis data: {KINDS_HELP}")
    imp.add_argument("--report", type=output_file, help="tulis laporan penolakan ke XLSX ini")
    imp.add_argument(
        "--pengguna",
        metavar="NAMA_PENGGUNA",
        help="catat impor atas nama akun ini; akun itu harus petugas data atau admin nasional",
    )
    imp.add_argument("--json", action="store_true", help="keluaran JSON")
    imp.set_defaults(handler=run_import, database=PREPARES)

    compute = sub.add_parser("compute", help="hitung semua metrik untuk satu tahun")
    compute.add_argument("--year", type=year, required=True, help="tahun data, mis. 2025")
    compute.add_argument(
        "--base-kind", default="sakernas_bekerja", choices=BASE_KINDS, help=BASE_HELP
    )
    compute.add_argument(
        "--engine",
        default="duckdb",
        choices=["duckdb", "spark"],
        help="mesin hitung: duckdb (bawaan, tertanam) atau spark (perlu pip install -e '.[spark]')",
    )
    compute.add_argument(
        "--spark-master",
        metavar="URL",
        help="master Spark, mis. local[2] atau spark://host:7077 (bawaan local[2]); "
        "Spark Connect lewat variabel SPARK_REMOTE",
    )
    compute.add_argument("--json", action="store_true", help="keluaran JSON")
    compute.set_defaults(handler=run_compute, database=PREPARES)

    show = sub.add_parser("show", help="tampilkan metrik satu wilayah (ID, zona, atau kode)")
    show.add_argument("code", metavar="KODE", help="ID (nasional), kalimantan, 61, 61.04, ...")
    show.add_argument("--year", type=year, help="tahun data (bawaan: tahun terbaru yang dihitung)")
    show.add_argument("--base-kind", default="sakernas_bekerja", choices=BASE_KINDS, help=BASE_HELP)
    show.add_argument("--json", action="store_true", help="keluaran JSON")
    show.set_defaults(handler=run_show, database=REGIONS)

    rec = sub.add_parser("reconcile", help="periksa apakah angka cakupan terbitan konsisten")
    rec.add_argument("--pct", required=True, help="persentase terbitan, mis. 35.68")
    rec.add_argument(
        "--numerator", type=whole_number, required=True, help="pembilang (peserta aktif)"
    )
    rec.add_argument("--denominator", type=whole_number, required=True, help="penyebut (pekerja)")
    rec.add_argument("--tolerance", help="toleransi dalam poin (bawaan: pembulatan terbitan)")
    rec.add_argument("--json", action="store_true", help="keluaran JSON")
    rec.set_defaults(handler=run_reconcile, database=PURE)

    template = sub.add_parser("template", help="tulis templat XLSX untuk satu jenis data")
    template.add_argument("kind", metavar="JENIS", help=f"jenis data: {KINDS_HELP}")
    template.add_argument(
        "-o", "--output", type=output_file, required=True, help="berkas XLSX yang ditulis"
    )
    template.set_defaults(handler=run_template, database=PURE)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def run_reconcile(args: argparse.Namespace) -> int:
    from paritrana.engine.reconcile import ReconcileError, reconcile

    try:
        result = reconcile(
            published_pct=args.pct,
            numerator=args.numerator,
            denominator=args.denominator,
            tolerance_points=args.tolerance,
        )
    except ReconcileError as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        _print_json({**result.__dict__, "explanation": result.explain()})
    else:
        Console().print(result.explain())
    return 0 if result.reconciles else 1


SPARK_ERRORS = ("pyspark", "py4j")  # the packages Spark's failures come from, to the driver


def run_compute(args: argparse.Namespace) -> int:
    setup_django()

    from paritrana.access.actors import OPERATOR
    from paritrana.commands.data import compute
    from paritrana.engine.location import ObjectsMissing
    from paritrana.engine.spark import SparkUnavailable, failure_message

    console = Console()

    with progress_bar(console) as bar:
        task = bar.add_task(f"Menghitung metrik {args.year}", total=None)
        try:
            run = compute(
                OPERATOR,
                year=args.year,
                base_kind=args.base_kind,
                progress=lambda _stage, done, total: bar.update(task, completed=done, total=total),
                engine=args.engine,
                spark_master=args.spark_master,
            )
        except SparkUnavailable as exc:
            raise CommandError(str(exc)) from None
        except ObjectsMissing as exc:  # found before Spark started
            if args.engine != "spark":  # a working copy's update: said as any refusal is
                raise
            raise CommandError(
                f"Spark gagal menghitung metrik {args.year}: {exc}. "
                "Metrik yang tersimpan tidak berubah."
            ) from None
        except Exception as exc:
            if args.engine != "spark" or type(exc).__module__.split(".")[0] not in SPARK_ERRORS:
                raise
            # Spark wraps a failure in pages of JVM and Python traces: the operator reads one
            # line (which object could not be read, say); nothing was replaced.
            raise CommandError(
                f"Spark gagal menghitung metrik {args.year}: {failure_message(exc)}. "
                "Metrik yang tersimpan tidak berubah."
            ) from None
    summary = {
        "engine": args.engine,
        "year": run.year,
        "base_kind": run.base_kind,
        "seconds": round(run.seconds, 2),
        "months_with_records": run.months_raw,
        "rows": run.rows,
    }
    if args.json:
        _print_json(summary)
    else:
        console.print(
            f"Metrik {run.year} dihitung dengan {args.engine} dalam {run.seconds:.1f} detik: "
            f"{run.rows.get('region_metrics', 0)} baris wilayah, "
            f"{run.rows.get('employer_metrics', 0)} pemberi kerja."
        )
    return 0


def _fmt(value: Any, suffix: str = "") -> str:
    if value is None:
        return "-"
    if suffix == "year":
        return str(value)
    if suffix == "rupiah":
        return f"{round(value):,}".replace(",", ".")
    if isinstance(value, float):
        return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".") + suffix
    return f"{value:,}".replace(",", ".") + suffix


SHOW_FIELDS = [
    ("active", "Peserta aktif", ""),
    ("active_pu", "  PU", ""),
    ("active_bpu", "  BPU", ""),
    ("active_jakon", "  Jakon", ""),
    ("active_pmi", "  PMI", ""),
    ("workforce", "Pekerja (dasar)", ""),
    ("ucj_pct", "UCJ", "%"),
    ("prev_ucj_pct", "UCJ tahun lalu", "%"),
    ("change_points", "Perubahan (poin)", ""),
    ("target_pct", "Target", "%"),
    ("attainment_pct", "Capaian target", "%"),
    ("gap_workers", "Tambahan pekerja dibutuhkan", ""),
    ("projected_year", "Perkiraan tahun target tercapai", "year"),
    ("bpu_coverage_pct", "Cakupan BPU (rentan)", "%"),
    ("benefits_per_participant", "Manfaat per peserta (Rp)", "rupiah"),
    ("on_time_pct", "Pembayaran tepat waktu", "%"),
    ("employers_in_arrears", "Pemberi kerja menunggak", ""),
]


def run_show(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.coverage.domain.summaries import MetricsNotFound, region_coverage, years

    available = years()
    if not available:
        raise CommandError("Belum ada metrik. Jalankan 'paritrana coverage compute --year TAHUN'.")
    year = args.year or available[0]
    code = args.code if args.code in ("ID",) or not args.code[:1].isdigit() else _dotted(args.code)
    try:
        view = region_coverage(code=code, year=year, base_kind=args.base_kind)
    except MetricsNotFound as exc:
        raise CommandError(str(exc)) from None
    metric = view.metric
    if args.json:
        fields = [f.name for f in metric._meta.concrete_fields if f.name not in ("id", "run")]
        _print_json(
            {
                "name": view.name,
                **{f: getattr(metric, f) for f in fields},
                "children": [
                    {
                        "name": name,
                        "region_code": m.region_code,
                        "active": m.active,
                        "ucj_pct": m.ucj_pct,
                    }
                    for name, m in view.children
                ],
                "trend": [
                    {"year": m.year, "active": m.active, "ucj_pct": m.ucj_pct} for m in view.trend
                ],
            }
        )
        return 0
    console = Console()
    as_of = f", per {metric.as_of_month:%m/%Y}" if metric.as_of_month else ""
    console.print(
        f"[bold]{view.name}[/bold] ({view.code}), {year}, dasar {metric.base_kind}{as_of}"
    )
    table = Table("Ukuran", "Nilai")
    for field, label, suffix in SHOW_FIELDS:
        table.add_row(label, _fmt(getattr(metric, field), suffix))
    console.print(table)
    if view.children:
        children = Table("Kode", "Nama", "Peserta aktif", "UCJ")
        for name, m in view.children:
            children.add_row(m.region_code, name, _fmt(m.active), _fmt(m.ucj_pct, "%"))
        console.print(children)
    return 0


def _dotted(code: str) -> str:
    from paritrana.regions.domain import InvalidRegionCode, normalize_code

    try:
        return normalize_code(code)
    except InvalidRegionCode as exc:
        raise CommandError(str(exc)) from None


REFUSED = ("rejected", "failed")
STAGES = {"reading": "Membaca", "validating": "Memeriksa", "writing": "Menyimpan"}


def run_import(args: argparse.Namespace) -> int:
    setup_django()

    from paritrana.commands.data import import_file
    from paritrana.coverage.domain.imports import ImportRefused, problem_report

    user = acting_user(args.pengguna, "access.import_data")
    console = Console(stderr=args.json)
    with progress_bar(console) as bar:
        task = bar.add_task(f"Impor {args.file.name}", total=None)

        def show(stage: str, done: int, total: int) -> None:
            label = STAGES.get(stage, stage)
            bar.update(task, description=f"{label} {args.file.name}", completed=done, total=total)

        try:
            record = import_file(user, path=args.file, kind=args.kind, progress=show)
        except ImportRefused as exc:
            raise CommandError(str(exc)) from None
    if args.report and record.problems:
        problem_report(record, args.report)
    if args.json:
        _print_json(
            {
                "status": record.status,
                "file": record.file_name,
                "kind": record.kind,
                "sha256": record.sha256,
                "rows": record.rows,
                "rows_written": record.rows_written,
                "months": record.months,
                "problem_count": record.problem_count,
                "problems": record.problems,
                "message": record.message,
            }
        )
    else:
        if record.status not in REFUSED:
            console.print(record.message)
        if record.problems:
            table = Table("Baris", "Kolom", "Nilai", "Alasan", title="Masalah (awal daftar)")
            for problem in record.problems[:20]:
                table.add_row(
                    str(problem["row"] or ""),
                    problem["column"],
                    problem["value"],
                    problem["reason"],
                )
            console.print(table)
            if args.report:
                console.print(f"Laporan lengkap: {args.report}")
    if record.status in REFUSED:  # the problems above; the verdict on stderr, as any refusal
        raise CommandError(record.message)
    return 0


def run_template(args: argparse.Namespace) -> int:
    from paritrana.engine.schemas import SCHEMAS
    from paritrana.engine.workbooks import write_template

    if args.kind not in SCHEMAS:
        raise CommandError(f"Jenis data '{args.kind}' tidak dikenal: {', '.join(SCHEMAS)}.")
    write_template(args.kind, args.output)
    Console().print(f"Templat {args.kind} ditulis ke {args.output}")
    return 0
