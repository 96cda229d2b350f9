"""`paritrana tim impor|tampil|bentuk|salin`: the panels of a cycle from the command line.

- `paritrana tim impor --tahun 2025 anggota.xlsx [--sebagai AKUN]`: the members' workbook,
  checked whole first (each problem printed with its row, column and reason; nothing written);
  new people's activation links are mailed when mail is configured, otherwise printed once.
- `paritrana tim tampil --tahun 2025 [--provinsi 61] [--json]`: the panels and their members.
- `paritrana tim bentuk --tahun 2025 [--provinsi 61]`: form the missing panels.
- `paritrana tim salin --tahun 2026 --dari 2025 [--provinsi 61] [--sebagai AKUN]`: copy the
  teams of an earlier cycle (every team, or one province's; 'nasional' for the national jury),
  one line per team: how many were copied, already seated, skipped and why.

Without `--sebagai` the command acts as the server's operator; with it, as that account, with
exactly the rights it has on the pages (`paritrana.access`).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from rich.console import Console
from rich.table import Table

from paritrana.cli import CommandError, acting_user, setup_django
from paritrana.cli.arguments import existing_file, year
from paritrana.cli.readiness import REGIONS


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "tim", help="tim penilai: impor anggota, tampilkan, bentuk, salin dari siklus lalu"
    )
    sub = parser.add_subparsers(dest="tim_command", metavar="AKSI", required=True)

    imp = sub.add_parser("impor", help="impor anggota tim dari berkas XLSX")
    imp.add_argument("berkas", metavar="BERKAS", type=existing_file, help="berkas XLSX anggota tim")
    imp.add_argument("--tahun", type=year, required=True, help="tahun penilaian siklus")
    imp.add_argument("--sebagai", metavar="AKUN", help="bertindak sebagai akun ini")
    imp.set_defaults(handler=run_import, database=REGIONS)

    show = sub.add_parser("tampil", help="tampilkan tim penilai dan anggotanya")
    show.add_argument("--tahun", type=year, required=True, help="tahun penilaian siklus")
    show.add_argument("--provinsi", help="kode provinsi (mis. 61) atau 'nasional'")
    show.add_argument("--json", action="store_true", help="keluaran JSON")
    show.set_defaults(handler=run_show, database=REGIONS)

    form = sub.add_parser("bentuk", help="bentuk tim penilai yang belum ada")
    form.add_argument("--tahun", type=year, required=True, help="tahun penilaian siklus")
    form.add_argument("--provinsi", help="hanya provinsi ini (kode) atau 'nasional'")
    form.add_argument("--sebagai", metavar="AKUN", help="bertindak sebagai akun ini")
    form.set_defaults(handler=run_form, database=REGIONS)

    copy = sub.add_parser("salin", help="salin tim penilai dari siklus sebelumnya")
    copy.add_argument("--tahun", type=year, required=True, help="tahun penilaian siklus tujuan")
    copy.add_argument(
        "--dari", type=year, required=True, help="tahun penilaian siklus yang timnya disalin"
    )
    copy.add_argument("--provinsi", help="hanya tim provinsi ini (kode) atau 'nasional'")
    copy.add_argument("--sebagai", metavar="AKUN", help="bertindak sebagai akun ini")
    copy.set_defaults(handler=run_copy, database=REGIONS)


def _cycle(year: int) -> Any:
    from paritrana.awards.models import Cycle

    cycle = Cycle.objects.filter(assessment_year=year).first()
    if cycle is None:
        raise CommandError(f"Tidak ada siklus dengan tahun penilaian {year}.")
    return cycle


def run_import(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.assessment.domain.roster import RosterRejected
    from paritrana.awards.domain.workbook_problems import describe
    from paritrana.commands.roster import import_roster

    actor = acting_user(args.sebagai, "access.seat_panels")
    cycle = _cycle(args.tahun)
    console = Console(stderr=True)
    try:
        result = import_roster(
            actor, cycle=cycle, content=args.berkas.read_bytes(), file_name=args.berkas.name
        )
    except RosterRejected as exc:
        for problem in exc.problems:
            console.print(f"{problem.file}: {describe(problem)}", highlight=False)
        raise CommandError(
            f"{args.berkas.name} ditolak ({len(exc.problems)} masalah); tidak ada yang disimpan."
        ) from None
    console.print(
        f"{result.file_name}: {result.rows} baris; {result.added} kursi baru, {result.changed} "
        f"diubah, {result.unchanged} sudah sama; {result.panels_created} tim dibentuk.",
        highlight=False,
    )
    for invitation in result.invitations:
        who = f"{invitation.user.get_full_name()} ({invitation.user.email})"
        if invitation.mailed:
            console.print(f"Tautan aktivasi dikirim ke {who}.", highlight=False)
        else:
            if invitation.mail_error:
                console.print(f"{invitation.mail_error}.", highlight=False)
            console.print(
                f"Tautan aktivasi {who}, tampil sekali ini, serahkan kepadanya:", highlight=False
            )
            print(invitation.link)  # stdout, one per line, for a script to capture
    return 0


def _panels(cycle: Any, province: str | None) -> list[dict[str, Any]]:
    from paritrana.access.invitations import awaiting_activation
    from paritrana.assessment.models import Panel
    from paritrana.awards.models import Level
    from paritrana.regions.models import Region

    names = dict(Region.objects.filter(level="provinsi").values_list("code", "name"))
    if province and province.lower() != "nasional" and province not in names:
        raise CommandError(f"Provinsi '{province}' tidak dikenal.")
    panels = Panel.objects.filter(cycle=cycle).prefetch_related("members__user")
    if province:
        code = "" if province.lower() == "nasional" else province
        level = Level.PROVINCIAL if code else Level.NATIONAL
        panels = panels.filter(level=level, province=code)
    return [
        {
            "id": p.pk,
            "province": p.province,
            "province_name": names.get(p.province, "") if p.province else "Nasional",
            "name": p.name,
            "members": [
                {
                    "username": m.user.get_username(),
                    "name": m.display_name,
                    "email": m.user.email,
                    "role": str(m.get_role_display()),
                    "affiliation": str(m.get_affiliation_display()),
                    "institution": m.institution,
                    "awaiting_activation": awaiting_activation(m.user),
                }
                for m in p.members.all()
            ],
        }
        for p in panels.order_by("level", "province")
    ]


def run_show(args: argparse.Namespace) -> int:
    setup_django()
    from django.utils import translation

    translation.activate("id")
    rows = _panels(_cycle(args.tahun), args.provinsi)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    console = Console()
    if not rows:
        console.print("Belum ada tim penilai.")
    for panel in rows:
        table = Table(title=f"{panel['name']} ({len(panel['members'])} anggota)")
        for column in ("Nama", "Akun", "Peran", "Unsur", "Instansi"):
            table.add_column(column)
        for m in panel["members"]:
            account = m["username"] + (" (belum aktif)" if m["awaiting_activation"] else "")
            table.add_row(m["name"], account, m["role"], m["affiliation"], m["institution"])
        console.print(table)
    return 0


def run_form(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.commands.roster import create_missing

    actor = acting_user(args.sebagai, "access.manage_judging")
    provinces = None
    if args.provinsi:
        provinces = ["" if args.provinsi.lower() == "nasional" else args.provinsi]
    made = create_missing(actor, cycle=_cycle(args.tahun), provinces=provinces)
    print(f"{len(made)} tim penilai dibentuk.")
    return 0


def run_copy(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.commands.roster import copy_teams

    actor = acting_user(args.sebagai, "access.seat_panels")
    cycle, source = _cycle(args.tahun), _cycle(args.dari)
    provinces = None
    if args.provinsi:
        provinces = ["" if args.provinsi.lower() == "nasional" else args.provinsi]
    for team in copy_teams(actor, cycle=cycle, source=source, provinces=provinces):
        print(f"{team.summary}.")
    return 0
