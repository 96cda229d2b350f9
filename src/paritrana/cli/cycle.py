"""`paritrana siklus daftar|buat|salin|ganti-nama|tambah-kategori|hapus-kategori|periksa|buka|
tutup`: the secretariat's cycle set-up at the prompt, through the same commands and policy as
/sekretariat/ and the API.

    paritrana siklus buat --tahun 2026
    paritrana siklus salin --dari 2025 --tahun 2026
    paritrana siklus ganti-nama --tahun 2026 --nama "Paritrana Award 2027"
    paritrana siklus tambah-kategori --tahun 2026 --tingkat provinsi --nama "..." --tiru KODE
    paritrana siklus hapus-kategori --tahun 2026 --tingkat provinsi --kategori KODE
    paritrana siklus periksa --tahun 2026 --tahap verifikasi --tingkat provinsi
    paritrana siklus buka --tahun 2026 --tahap verifikasi --tingkat provinsi [--alasan ...]
    paritrana siklus tutup --tahun 2026 --tahap verifikasi --tingkat provinsi [--alasan ...]

Without `--sebagai` the server's operator acts (recorded as "operator"). `periksa` exits 1
when something is missing, 0 when nothing is; a refusal exits 2 with its reason.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from rich.console import Console
from rich.table import Table

from paritrana.cli import CommandError, acting_user, setup_django
from paritrana.cli.arguments import year
from paritrana.cli.readiness import SCHEMA

STAGES = ["penyaringan", "penilaian_mandiri", "verifikasi", "wawancara", "keputusan", "publikasi"]
LEVELS = ["provinsi", "nasional"]


def _as(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sebagai",
        "--pengguna",
        dest="sebagai",
        metavar="NAMA_PENGGUNA",
        help="bertindak atas nama akun ini (harus admin nasional); bawaan: operator server",
    )


def _cycle_args(parser: argparse.ArgumentParser, *, level: bool = False) -> None:
    """--tahun (the cycle's assessment year), and --tingkat (the round) with `level`."""
    parser.add_argument("--tahun", type=year, required=True, help="tahun penilaian siklus")
    if level:
        parser.add_argument("--tingkat", required=True, choices=LEVELS, help="babak")


def _stage_args(parser: argparse.ArgumentParser) -> None:
    _cycle_args(parser)
    parser.add_argument("--tahap", required=True, choices=STAGES, help="tahap siklus")
    parser.add_argument("--tingkat", required=True, choices=LEVELS, help="babak")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "siklus",
        help="siklus penghargaan: buat, salin, ganti nama, tambah dan hapus kategori, periksa, "
        "buka dan tutup tahap",
    )
    sub = parser.add_subparsers(dest="cycle_command", metavar="AKSI", required=True)

    listing = sub.add_parser("daftar", help="daftar siklus dan status tahapnya")
    listing.add_argument("--json", action="store_true", help="keluaran JSON")
    listing.set_defaults(handler=run_list, database=SCHEMA)

    make = sub.add_parser("buat", help="buat siklus dari templat bawaan")
    make.add_argument("--tahun", type=year, required=True, help="tahun penilaian")
    _as(make)
    make.set_defaults(handler=run_create, database=SCHEMA)

    copy = sub.add_parser("salin", help="salin siklus ke tahun penilaian baru")
    copy.add_argument("--dari", type=year, required=True, help="tahun penilaian yang disalin")
    copy.add_argument("--tahun", type=year, required=True, help="tahun penilaian baru")
    _as(copy)
    copy.set_defaults(handler=run_copy, database=SCHEMA)

    rename = sub.add_parser("ganti-nama", help="ganti nama siklus")
    _cycle_args(rename)
    rename.add_argument("--nama", required=True, help="nama baru siklus")
    _as(rename)
    rename.set_defaults(handler=run_rename, database=SCHEMA)

    add = sub.add_parser(
        "tambah-kategori", help="tambah kategori: salinan kategori babak yang sama, nama baru"
    )
    _cycle_args(add, level=True)
    add.add_argument("--nama", required=True, help="nama kategori baru")
    add.add_argument(
        "--tiru",
        required=True,
        metavar="KODE",
        help="kode kategori babak itu yang ditiru (siapa yang boleh ikut, aturan daftar "
        "pendek, kriteria dan rubriknya)",
    )
    _as(add)
    add.set_defaults(handler=run_add_category, database=SCHEMA)

    remove = sub.add_parser(
        "hapus-kategori", help="hapus kategori yang belum punya kandidat, nilai atau keputusan"
    )
    _cycle_args(remove, level=True)
    remove.add_argument("--kategori", required=True, metavar="KODE", help="kode kategori")
    _as(remove)
    remove.set_defaults(handler=run_remove_category, database=SCHEMA)

    check = sub.add_parser("periksa", help="apa yang masih kurang sebelum tahap dibuka/ditutup")
    _stage_args(check)
    check.add_argument(
        "--aksi",
        choices=["buka", "tutup"],
        default="buka",
        help="periksa sebelum tahap dibuka (bawaan) atau ditutup",
    )
    check.add_argument("--json", action="store_true", help="keluaran JSON")
    check.set_defaults(handler=run_check, database=SCHEMA)

    for verb, text in (("buka", "buka tahap"), ("tutup", "tutup tahap (final)")):
        change = sub.add_parser(verb, help=text)
        _stage_args(change)
        change.add_argument(
            "--alasan", help="alasan untuk tetap melanjutkan meskipun ada yang kurang (diaudit)"
        )
        _as(change)
        change.set_defaults(handler=run_change, verb=verb, database=SCHEMA)


def _cycle(year: int) -> Any:
    from paritrana.awards.models import Cycle

    cycle = Cycle.objects.filter(assessment_year=year).first()
    if cycle is None:
        raise CommandError(f"Tidak ada siklus dengan tahun penilaian {year}.")
    return cycle


def _stage(args: argparse.Namespace) -> Any:
    return _cycle(args.tahun).stages.get(level=args.tingkat, kind=args.tahap)


def run_list(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.awards.models import Cycle

    cycles = list(Cycle.objects.order_by("-assessment_year").prefetch_related("stages"))
    rows = [
        {
            "tahun": c.assessment_year,
            "nama": c.label,
            "tahap": [
                {
                    "tingkat": s.level,
                    "tahap": s.kind,
                    "status": s.status,
                    "mulai": s.starts_on.isoformat() if s.starts_on else None,
                    "selesai": s.ends_on.isoformat() if s.ends_on else None,
                }
                for s in c.stages.all()
            ],
        }
        for c in cycles
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    table = Table("Tahun", "Siklus", "Tahap dibuka")
    for c in cycles:
        opened = [
            f"{s.get_level_display()}: {s.get_kind_display()}"
            for s in c.stages.all()
            if s.status == "open"
        ]
        table.add_row(str(c.assessment_year), c.label, "; ".join(opened) or "-")
    Console().print(table)
    return 0


def run_create(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.commands.awards import create_cycle

    actor = acting_user(args.sebagai, "access.manage_cycle")
    cycle = create_cycle(actor, assessment_year=args.tahun)
    print(f"Siklus dibuat: {cycle.label}")
    return 0


def run_copy(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.commands.awards import copy_cycle

    actor = acting_user(args.sebagai, "access.manage_cycle")
    cycle = copy_cycle(actor, source=_cycle(args.dari), assessment_year=args.tahun)
    print(f"Siklus {args.dari} disalin: {cycle.label}")
    return 0


def _category(cycle: Any, level: str, code: str) -> Any:
    category = cycle.categories.filter(level=level, code=code).first()
    if category is None:
        codes = ", ".join(cycle.categories.filter(level=level).values_list("code", flat=True))
        raise CommandError(
            f"Tidak ada kategori '{code}' di tingkat {level} siklus {cycle.assessment_year}; "
            f"kode yang ada: {codes or '-'}."
        )
    return category


def run_rename(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.commands.setup import rename_cycle

    actor = acting_user(args.sebagai, "access.manage_cycle")
    cycle = rename_cycle(actor, cycle=_cycle(args.tahun), name=args.nama)
    print(f"Nama siklus {args.tahun} diganti: {cycle.label}")
    return 0


def run_add_category(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.commands.setup import add_category

    actor = acting_user(args.sebagai, "access.manage_cycle")
    cycle = _cycle(args.tahun)
    basis = _category(cycle, args.tingkat, args.tiru)
    added = add_category(actor, cycle=cycle, level=args.tingkat, name=args.nama, basis=basis)
    print(
        f"Kategori ditambahkan di tingkat {args.tingkat}: {added.name} (kode {added.code}), "
        f"salinan {basis.name}."
    )
    return 0


def run_remove_category(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.commands.setup import remove_category

    actor = acting_user(args.sebagai, "access.manage_cycle")
    category = _category(_cycle(args.tahun), args.tingkat, args.kategori)
    name = category.name
    remove_category(actor, category=category)
    print(f"Kategori dihapus dari tingkat {args.tingkat}: {name} (kode {args.kategori}).")
    return 0


def run_check(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.assessment.domain.prechecks import CLOSE, OPEN, findings

    stage = _stage(args)
    found = findings(stage, OPEN if args.aksi == "buka" else CLOSE)
    if args.json:
        print(json.dumps([f.as_dict() for f in found], ensure_ascii=False, indent=1))
        return 1 if found else 0
    where = f"{stage.get_kind_display()} ({stage.get_level_display().lower()})"
    if not found:
        print(f"{where}: tidak ada yang kurang.")
        return 0
    print(f"{where}, sebelum {'dibuka' if args.aksi == 'buka' else 'ditutup'}:")
    for finding in found:
        print(f"- {finding.message}")
    return 1


def run_change(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.commands.awards import close_stage, open_stage

    actor = acting_user(args.sebagai, "access.manage_cycle")
    change = open_stage if args.verb == "buka" else close_stage
    stage = change(actor, stage=_stage(args), override_reason=args.alasan)
    print(f"{stage}: {stage.get_status_display()}.")
    return 0
