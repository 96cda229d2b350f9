"""`paritrana regions load|show|search|boundaries`: the Kemendagri hierarchy and its boundaries."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from paritrana.cli import CommandError, progress_bar, setup_django
from paritrana.cli.arguments import at_least, existing_file
from paritrana.cli.readiness import OWN, PREPARES, REGIONS

if TYPE_CHECKING:
    from paritrana.regions.domain import LoadReport
    from paritrana.regions.models import Region


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("regions", help="wilayah Kemendagri: muat, tampilkan, cari")
    sub = parser.add_subparsers(dest="regions_command", metavar="AKSI", required=True)

    load = sub.add_parser("load", help="muat hierarki Kemendagri 2025 ke basis data (idempoten)")
    load.set_defaults(handler=run_load, database=OWN)

    show = sub.add_parser("show", help="tampilkan satu wilayah dengan induk dan jumlah turunannya")
    show.add_argument("code", metavar="KODE", help="kode Kemendagri, mis. 61.04 atau 6104")
    show.add_argument("--json", action="store_true", help="keluaran JSON")
    show.set_defaults(handler=run_show, database=REGIONS)

    search = sub.add_parser("search", help="cari wilayah menurut nama")
    search.add_argument("text", metavar="TEKS", nargs="+", help="mis. Ketapang, 'Kab. Sambas'")
    search.add_argument(
        "--level",
        choices=["provinsi", "kabkota", "kecamatan", "desa"],
        help="hanya wilayah tingkat ini",
    )
    search.add_argument(
        "--limit",
        metavar="N",
        type=at_least(1, 100_000),
        default=20,
        help="jumlah hasil paling banyak (1-100000; bawaan 20)",
    )
    search.add_argument("--json", action="store_true", help="keluaran JSON")
    search.set_defaults(handler=run_search, database=REGIONS)

    boundaries = sub.add_parser(
        "boundaries",
        help="muat berkas batas wilayah resmi (GeoJSON berkode Kemendagri; semua atau tidak ada)",
    )
    boundaries.add_argument("file", metavar="BERKAS", type=existing_file, help="berkas GeoJSON")
    boundaries.add_argument(
        "--property",
        dest="code_property",
        metavar="NAMA",
        help="properti fitur yang berisi kode Kemendagri (bawaan: dikenali otomatis, mis. kode, "
        "KDEPUM, KDPKAB, atau id fitur)",
    )
    boundaries.add_argument("--json", action="store_true", help="keluaran JSON")
    boundaries.set_defaults(handler=run_boundaries, database=PREPARES)


def _migrate_quietly() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def load_with_progress(console: Console) -> LoadReport:
    """Load the hierarchy with a progress bar; shared with `paritrana demo`."""
    from paritrana.access.actors import OPERATOR
    from paritrana.commands.reference import load_regions

    with progress_bar(console) as bar:
        task = bar.add_task("Memuat wilayah Kemendagri 2025", total=None)

        def report(_stage: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return load_regions(OPERATOR, progress=report)


def run_load(args: argparse.Namespace) -> int:
    setup_django()
    _migrate_quietly()
    console = Console()
    report = load_with_progress(console)
    console.print(
        f"Wilayah: {_ribuan(report.created)} baru, {_ribuan(report.updated)} diperbarui, "
        f"{_ribuan(report.unchanged)} tidak berubah."
    )
    console.print("Jumlah: " + _per_level(report.per_level))
    if report.not_in_package:
        console.print(
            f"[yellow]{len(report.not_in_package)} kode di basis data tidak ada dalam paket "
            "(tidak dihapus).[/yellow]"
        )
    return 0


def _ribuan(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _per_level(counts: dict[str, int]) -> str:
    """Each level by its name, not its code: "Provinsi 38, Kabupaten/Kota 514, ..."."""
    from paritrana.regions.models import Level

    labels = dict(Level.choices)
    return ", ".join(f"{labels.get(level, level)} {_ribuan(n)}" for level, n in counts.items())


def _lookup(code: str) -> Region:
    from paritrana.regions.domain import InvalidRegionCode, RegionNotFound, get_region

    try:
        return get_region(code)
    except (InvalidRegionCode, RegionNotFound) as exc:
        raise CommandError(str(exc)) from None


def _brief(region: Region) -> dict[str, str]:
    return {"code": region.code, "name": region.name, "level": region.level}


def _zone_name(region: Region, chain: list[Region]) -> str | None:
    province = chain[0] if chain else region
    return province.zone.name if province.zone_id else None


def run_show(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.regions.domain import children_with_counts, descendant_counts, parent_chain
    from paritrana.regions.models import Level

    region = _lookup(args.code)
    chain = parent_chain(region)
    counts = descendant_counts(region)
    data = {
        **_brief(region),
        "kind": region.kind or None,
        "zone": _zone_name(region, chain),
        "parents": [_brief(p) for p in chain],
        "descendants": counts,
        "children": len(children_with_counts(region)) if region.level_enum.child else 0,
    }
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    labels = dict(Level.choices)
    console = Console()
    kind = f", {region.get_kind_display()}" if region.kind else ""
    console.print(f"[bold]{region.name}[/bold] ({labels[region.level]}{kind})")
    console.print(f"Kode Kemendagri: {region.code}")
    if data["zone"]:
        console.print(f"Zona penghargaan: {data['zone']}")
    if chain:
        console.print("Induk: " + " › ".join(f"{p.name} ({p.code})" for p in chain))
    if counts:
        table = Table("Tingkat", "Jumlah", title="Wilayah di bawahnya")
        for level, n in counts.items():
            table.add_row(str(labels[level]), _ribuan(n))
        console.print(table)
    return 0


def run_search(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.regions.domain import search_regions

    text = " ".join(args.text)
    results = search_regions(text, level=args.level, limit=args.limit)
    if args.json:
        rows = [
            {**_brief(r), "kind": r.kind or None, "parent": r.parent.name if r.parent else None}
            for r in results
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not results:
        raise CommandError(f"Tidak ada wilayah yang cocok dengan '{text}'.")
    table = Table("Kode", "Nama", "Tingkat", "Induk")
    for r in results:
        table.add_row(r.code, r.name, r.get_level_display(), r.parent.name if r.parent else "")
    Console().print(table)
    return 0


def run_boundaries(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.access.actors import OPERATOR
    from paritrana.commands.reference import load_boundaries
    from paritrana.regions.domain.boundaries import BoundaryFileError

    try:
        report = load_boundaries(
            OPERATOR,
            content=args.file.read_bytes(),
            file_name=args.file.name,
            code_property=args.code_property,
        )
    except BoundaryFileError as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        print(json.dumps(vars(report), ensure_ascii=False, indent=2))
        return 0
    Console().print(
        f"{report.file} (kode dari '{report.code_property}'): {report.created} baru, "
        f"{report.updated} diperbarui, {report.unchanged} tidak berubah; "
        + _per_level(report.per_level)
    )
    return 0
