"""`paritrana synth`: a realistic synthetic national year, for the demo, trials and benchmarks."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console

from paritrana.cli import progress_bar, setup_django
from paritrana.cli.arguments import at_least, year
from paritrana.cli.readiness import PREPARES


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "synth", help="buat data sintetis satu tahun (peserta, pemberi kerja, angkatan kerja)"
    )
    parser.add_argument(
        "--participants",
        type=at_least(1000, 200_000_000),
        default=200_000,
        help="jumlah peserta (1000-200000000; bawaan 200000)",
    )
    parser.add_argument("--year", type=year, default=2025, help="tahun data (bawaan 2025)")
    parser.add_argument(
        "--seed", type=at_least(0), default=1, help="sama seed + ukuran = data sama"
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="tulis berkas saja ke folder ini (tanpa memuat ke basis data)",
    )
    parser.add_argument("--json", action="store_true", help="keluaran JSON")
    parser.set_defaults(handler=run, database=PREPARES)


def run(args: argparse.Namespace) -> int:
    setup_django()

    from paritrana.access.actors import OPERATOR
    from paritrana.commands.reference import load_synthetic
    from paritrana.coverage.domain.store import region_index
    from paritrana.coverage.domain.synthetic import describe
    from paritrana.engine.synth import generate

    console = Console(stderr=args.json)
    with progress_bar(console) as bar:
        task = bar.add_task("Membuat data sintetis", total=None)

        def show(stage: str, done: int, total: int) -> None:
            bar.update(task, description=f"Sintetis: {stage}", completed=done, total=total)

        if args.out:
            summary = generate(
                regions=region_index(),
                out_dir=args.out,
                participants=args.participants,
                year=args.year,
                seed=args.seed,
                progress=show,
            )
        else:
            summary = load_synthetic(
                OPERATOR,
                participants=args.participants,
                year=args.year,
                seed=args.seed,
                progress=show,
            )
    data = describe(summary)
    if args.json:
        print(json.dumps(data))
    else:
        console.print(
            f"{data['rows']:,} baris iuran untuk {data['participants']:,} peserta dan "
            f"{data['employers']:,} pemberi kerja ({data['seconds']} detik).".replace(",", ".")
        )
    return 0
