"""`paritrana kemajuan` (the progress board) and `paritrana pengingat daftar|kirim` (reminders).

The same figures and the same permissions as the pages and the API: `--sebagai AKUN` acts as
that account (a provincial admin sees and reminds its own province only); without it the
server's operator acts, as the national admin.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from typing import Any

from django.utils import timezone
from rich.console import Console
from rich.table import Table

from paritrana.cli import CommandError, acting_user, setup_django
from paritrana.cli.arguments import output_file, year
from paritrana.cli.readiness import REGIONS


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tahun", type=year, required=True, help="tahun penilaian, mis. 2025")
    parser.add_argument("--provinsi", metavar="KODE", help="hanya provinsi ini, mis. 61")
    parser.add_argument(
        "--sebagai",
        "--pengguna",
        dest="sebagai",
        metavar="NAMA_AKUN",
        help="bertindak sebagai akun ini (admin nasional atau admin provinsi)",
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    board = subparsers.add_parser(
        "kemajuan", help="papan kemajuan: per provinsi dan kategori, yang terlambat"
    )
    _common(board)
    board.add_argument("--xlsx", type=output_file, metavar="BERKAS", help="tulis papan ke XLSX ini")
    board.add_argument("--json", action="store_true", help="keluaran JSON")
    board.set_defaults(handler=run_board, database=REGIONS)

    reminders = subparsers.add_parser("pengingat", help="pengingat: siapa menunggu, kirim")
    sub = reminders.add_subparsers(dest="reminder_command", metavar="AKSI", required=True)
    listing = sub.add_parser("daftar", help="siapa yang pekerjaannya menunggu")
    _common(listing)
    listing.add_argument("--json", action="store_true", help="keluaran JSON")
    listing.set_defaults(handler=run_list, database=REGIONS)
    send = sub.add_parser("kirim", help="kirim pengingat (di aplikasi, dan email bila diatur)")
    _common(send)
    send.add_argument(
        "--paksa", action="store_true", help="juga kepada yang sudah diingatkan hari ini"
    )
    send.set_defaults(handler=run_send, database=REGIONS)


def _setup(args: argparse.Namespace, perm: str) -> tuple[Any, Any]:
    setup_django()
    from paritrana.access.check import require
    from paritrana.assessment.domain.publication import PublicationNotFound, cycle_for

    user = acting_user(args.sebagai, perm)
    if args.provinsi:
        require(user, perm, args.provinsi)
    try:
        cycle = cycle_for(args.tahun)
    except PublicationNotFound as exc:
        raise CommandError(exc.message) from None
    return user, cycle


def _ratio(done: int, due: int) -> str:
    return f"{done}/{due}"


def run_board(args: argparse.Namespace) -> int:
    user, cycle = _setup(args, "access.view_progress")
    from paritrana.assessment.domain.progress import board
    from paritrana.commands.progress import progress_scope
    from paritrana.reports.workbooks.progress import write_progress

    found = board(cycle=cycle, provinces=progress_scope(user, args.provinsi))
    if args.xlsx:
        with args.xlsx.open("wb") as target:
            write_progress(target, board=found, requested_by=user.get_username())
    lines = [line for block in found.provinces for line in block.lines] + found.national
    if args.json:
        out = [
            {
                "provinsi": line.province,
                "nama_provinsi": line.province_name,
                "kategori": line.category_code,
                **{k: v for k, v in dataclasses.asdict(line.figures).items()},
                "terlambat": line.figures.late,
            }
            for line in lines
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    console = Console()
    table = Table(title=f"Papan kemajuan {cycle.name} (per {found.today:%d/%m/%Y})")
    for header in (
        "Provinsi",
        "Kategori",
        "Nomine",
        "Penilaian mandiri",
        "Bukti",
        "Lembar nilai",
        "Wawancara",
        "Juara",
        "Naik",
        "Terlambat",
    ):
        table.add_column(header, overflow="fold")
    for line in lines:
        f = line.figures
        if not (f.nominees or f.places) and line.province:
            continue
        table.add_row(
            line.province_name,
            line.category_name,
            str(f.nominees),
            _ratio(f.submitted, f.nominees),
            str(f.evidence),
            _ratio(f.sheets_done, f.sheets_due),
            _ratio(f.interviews_held, f.interviews),
            _ratio(f.decided, f.groups),
            str(f.promoted) if line.province else "-",
            "; ".join(f.late) or "tepat waktu",
        )
    console.print(table)
    if args.xlsx:
        console.print(f"Ditulis: {args.xlsx}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    user, cycle = _setup(args, "access.view_progress")
    from paritrana.assessment.domain.reminders import waiting
    from paritrana.commands.progress import progress_scope

    entries = waiting(cycle=cycle, provinces=progress_scope(user, args.provinsi))
    if args.json:
        out = [
            {
                "jenis": e.kind,
                "orang": e.person,
                "provinsi": e.province,
                "menunggu": e.items,
                "batas": e.due.isoformat() if e.due else None,
                "terlambat": e.late,
                "terakhir_diingatkan": e.last_sent.isoformat() if e.last_sent else None,
            }
            for e in entries
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    table = Table(title=f"Pekerjaan menunggu, {cycle.name}")
    for header in ("Siapa", "Jenis", "Provinsi", "Menunggu", "Batas", "Terakhir diingatkan"):
        table.add_column(header, overflow="fold")
    for e in entries:
        table.add_row(
            e.person,
            e.kind_label,
            e.province_name,
            ", ".join(e.items),
            (f"{e.due:%d/%m/%Y}" if e.due else "-") + (" terlambat" if e.late else ""),
            f"{timezone.localtime(e.last_sent):%d/%m/%Y %H:%M}" if e.last_sent else "belum pernah",
        )
    Console().print(table)
    return 0


def run_send(args: argparse.Namespace) -> int:
    user, cycle = _setup(args, "access.send_reminders")
    from paritrana.commands.progress import send_reminders

    sent = send_reminders(user, cycle=cycle, province=args.provinsi or None, force=args.paksa)
    print(
        f"{sent.reminded} pengingat dicatat, {sent.emailed} dikirim lewat email"
        + (f" ({sent.email_failed} email gagal)" if sent.email_failed else "")
        + f"; {sent.skipped_recent} dilewati (sudah diingatkan hari ini); "
        f"{sent.without_account} tanpa akun."
    )
    return 0
