"""`paritrana daftar-pendek tampil|tarik|tambah|keluarkan|wakil|impor-wakil`: one round's
shortlist, with the reason each candidate is in or out, drawn, added and removed by hand through
the commands of `paritrana.commands.awards` (the same as the pages and the API), and a nominee's
representative linked (`representative.add`, as on the candidate's page: an existing account,
or a new person whose one-time activation link is printed once, or mailed when mail is
configured).

`paritrana daftar-pendek impor-wakil --tahun 2025 --berkas wakil.xlsx [--periksa]` links the
representatives of a workbook (`representative.import`) over every round of the cycle the actor
may manage: each row checked first (each problem printed with its row, column and reason;
nothing written), then all linked or nothing; `--periksa` only checks.

A round is a category (`--kategori`, its code) of the cycle of `--tahun` in one province
(`--provinsi 61`); `--provinsi 00` is the whole national round of a national category. The
round is the provincial one unless `--tingkat nasional` (or `--provinsi 00`). `--sebagai` names
the account that acts, checked by the access policy on the round; without it the server's
operator acts.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from django.utils import timezone

from paritrana.cli import CommandError, account, setup_django
from paritrana.cli.arguments import existing_file, year
from paritrana.cli.readiness import REGIONS


def _round_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tahun", type=year, required=True, help="tahun penilaian, mis. 2025")
    parser.add_argument("--kategori", required=True, help="kode kategori, mis. pemda-kabkota")
    parser.add_argument(
        "--provinsi", required=True, help="kode provinsi, mis. 61; 00: seluruh babak nasional"
    )
    parser.add_argument(
        "--tingkat",
        choices=("provinsi", "nasional"),
        help="babak (bawaan: provinsi, atau nasional untuk --provinsi 00)",
    )
    parser.add_argument(
        "--sebagai",
        "--pengguna",
        dest="sebagai",
        metavar="NAMA_AKUN",
        help="akun yang bertindak (bawaan: operator server)",
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "daftar-pendek", help="daftar pendek per kategori dan provinsi: tampil, tarik, ubah"
    )
    sub = parser.add_subparsers(dest="shortlist_command", metavar="AKSI", required=True)

    show = sub.add_parser("tampil", help="peringkat dan alasan setiap kandidat")
    _round_arguments(show)
    show.add_argument("--json", action="store_true", help="keluaran JSON")
    show.set_defaults(handler=run_show, database=REGIONS)

    draw = sub.add_parser("tarik", help="tarik daftar pendek dari data cakupan")
    _round_arguments(draw)
    draw.set_defaults(handler=run_draw, database=REGIONS)

    for verb, text, handler in (
        ("tambah", "tambah kandidat dengan tangan (alasan wajib)", run_add),
        ("keluarkan", "keluarkan kandidat (alasan wajib)", run_remove),
    ):
        change = sub.add_parser(verb, help=text)
        _round_arguments(change)
        change.add_argument("--kunci", required=True, help="kode wilayah, atau nomor pemberi kerja")
        change.add_argument("--alasan", required=True, help="alasan perubahan")
        change.set_defaults(handler=handler, database=REGIONS)

    link = sub.add_parser(
        "wakil", help="hubungkan wakil kandidat: akun yang ada, atau orang baru (nama dan email)"
    )
    _round_arguments(link)
    link.add_argument("--kunci", required=True, help="kode wilayah, atau nomor pemberi kerja")
    link.add_argument("--akun", default="", help="nama pengguna atau email akun yang sudah ada")
    link.add_argument("--nama", default="", help="nama lengkap orang baru")
    link.add_argument("--email", default="", help="email orang baru")
    link.set_defaults(handler=run_representative, database=REGIONS)

    bulk = sub.add_parser(
        "impor-wakil",
        help="hubungkan wakil kandidat dari berkas XLSX (babak-babak siklus yang boleh dikelola)",
    )
    bulk.add_argument("--tahun", type=year, required=True, help="tahun penilaian, mis. 2025")
    bulk.add_argument(
        "--berkas",
        type=existing_file,
        required=True,
        metavar="BERKAS",
        help="buku kerja XLSX (templatnya di halaman daftar pendek satu babak)",
    )
    bulk.add_argument(
        "--periksa", action="store_true", help="hanya periksa berkasnya; tidak ada yang disimpan"
    )
    bulk.add_argument(
        "--sebagai",
        "--pengguna",
        dest="sebagai",
        metavar="NAMA_AKUN",
        help="akun yang bertindak (bawaan: operator server)",
    )
    bulk.set_defaults(handler=run_import_representatives, database=REGIONS)


def _actor(args: argparse.Namespace) -> Any:
    from paritrana.access.actors import OPERATOR

    return account(args.sebagai) if args.sebagai else OPERATOR


def _round(args: argparse.Namespace) -> tuple[Any, Any]:
    """The round named by the arguments and the actor, once the actor may work on it."""
    from paritrana.access.policy import require
    from paritrana.awards.domain.nominations import NATION, NominationRound
    from paritrana.awards.domain.shortlist_reasons import ensure_province
    from paritrana.awards.models import Category

    level = args.tingkat or ("nasional" if args.provinsi == NATION else "provinsi")
    category = (
        Category.objects.select_related("cycle")
        .filter(cycle__assessment_year=args.tahun, level=level, code=args.kategori)
        .first()
    )
    if category is None:
        raise CommandError(
            f"Tidak ada kategori '{args.kategori}' babak {level} pada siklus {args.tahun}."
        )
    ensure_province(category, args.provinsi)
    the_round = NominationRound(category, args.provinsi)
    actor = _actor(args)
    require(actor, "access.nominate", the_round)
    return the_round, actor


def _explained(the_round: Any) -> Any:
    from paritrana.awards.domain.shortlist_reasons import explain

    category = the_round.category
    return explain(
        category=category, province=the_round.province, year=category.cycle.assessment_year
    )


def _print(the_round: Any, found: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Daftar pendek {the_round.name} ({found.year})", caption=found.rule)
    for column in ("Peringkat", "Kandidat", "Wilayah", found.metric, "Status", "Alasan"):
        table.add_column(column)
    for row in found.rows:
        table.add_row(
            str(row.position or "-"),
            row.name,
            row.place,
            row.value_text,
            row.state_text,
            row.reason,
        )
    drawn = (
        f"ditarik terakhir {timezone.localtime(found.drawn.at):%d/%m/%Y %H:%M} WIB "
        f"oleh {found.drawn.actor}"
        if found.drawn
        else "belum ditarik"
    )
    console = Console()
    console.print(table if found.rows else "Tidak ada kandidat yang memenuhi syarat.")
    console.print(
        f"{found.by_data} dari data, {found.by_hand} dengan tangan, {found.removed} "
        f"dikeluarkan, {found.waiting} masuk tetapi belum ditarik; {drawn}."
    )


def run_show(args: argparse.Namespace) -> int:
    setup_django()
    the_round, _ = _round(args)
    found = _explained(the_round)
    if args.json:
        rows = [
            {
                "key": r.key,
                "name": r.name,
                "place": r.place,
                "province": r.province,
                "value": r.value,
                "position": r.position,
                "of": r.of,
                "state": r.state,
                "reason": r.reason,
            }
            for r in found.rows
        ]
        print(json.dumps({"rule": found.rule, "rows": rows}, ensure_ascii=False, indent=2))
        return 0
    _print(the_round, found)
    return 0


def run_draw(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.commands.awards import draw_shortlist

    the_round, actor = _round(args)
    category = the_round.category
    drawn = draw_shortlist(
        actor,
        category=category,
        province=the_round.province,
        year=category.cycle.assessment_year,
    )
    print(f"Daftar pendek {the_round.name} ditarik: {len(drawn)} kandidat baru dinominasikan.")
    for nomination in drawn:
        print(f"  {nomination.name}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.commands.awards import add_nomination

    the_round, actor = _round(args)
    candidate = _explained(the_round).candidate(args.kunci)
    add_nomination(
        actor,
        category=the_round.category,
        province=the_round.province,
        candidate=candidate,
        reason=args.alasan,
    )
    print(f"{candidate.name} ditambahkan ke daftar pendek {the_round.name}.")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.commands.awards import remove_nomination

    the_round, actor = _round(args)
    nomination = _explained(the_round).nomination(args.kunci)
    remove_nomination(actor, nomination=nomination, reason=args.alasan)
    print(f"{nomination.name} dikeluarkan dari daftar pendek {the_round.name}.")
    return 0


def run_representative(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.commands.representatives import add_representative

    the_round, actor = _round(args)
    nomination = _explained(the_round).nomination(args.kunci)
    linked = add_representative(
        actor, nomination=nomination, account=args.akun, name=args.nama, email=args.email
    )
    person = linked.link.user
    print(
        f"{person.get_full_name() or person.get_username()} kini menjadi wakil {nomination.name} "
        f"(akun {person.get_username()})."
    )
    invitation = linked.invitation
    if invitation is not None and invitation.mailed:
        print(f"Tautan aktivasi dikirim ke {person.email}.")
    elif invitation is not None:
        if invitation.mail_error:
            print(f"{invitation.mail_error}.")
        print(
            "Tautan aktivasi (serahkan sekarang: hanya ditampilkan sekali ini dan hanya dapat "
            f"dipakai sekali): {invitation.link}"
        )
    return 0


def run_import_representatives(args: argparse.Namespace) -> int:
    setup_django()
    from rich.console import Console

    from paritrana.awards.domain.representative_import import RepresentativesRejected
    from paritrana.awards.domain.workbook_problems import describe
    from paritrana.awards.models import Cycle
    from paritrana.commands.representatives import check_import, import_representatives

    cycle = Cycle.objects.filter(assessment_year=args.tahun).first()
    if cycle is None:
        raise CommandError(f"Tidak ada siklus dengan tahun penilaian {args.tahun}.")
    actor = _actor(args)
    content, file_name = args.berkas.read_bytes(), args.berkas.name
    console = Console(stderr=True)

    def rejected(problems: list[Any]) -> CommandError:
        for problem in problems:
            console.print(f"{problem.file}: {describe(problem)}", highlight=False)
        return CommandError(
            f"{file_name} ditolak ({len(problems)} masalah); tidak ada yang disimpan."
        )

    if args.periksa:
        checked = check_import(actor, cycle=cycle, content=content, file_name=file_name)
        if checked.problems:
            raise rejected(checked.problems)
        new = len({link.email for link in checked.to_add if link.new_account})
        print(
            f"{file_name} dapat diimpor: {len(checked.links)} baris berisi wakil; "
            f"{len(checked.to_add)} akan ditambahkan, {checked.unchanged} sudah ada, "
            f"{checked.skipped} baris tanpa wakil dilewati; {new} akun baru. "
            "Tidak ada yang disimpan."
        )
        return 0
    try:
        result = import_representatives(actor, cycle=cycle, content=content, file_name=file_name)
    except RepresentativesRejected as exc:
        raise rejected(exc.problems) from None
    print(
        f"{result.file_name}: {result.rows} baris berisi wakil; {result.added} ditambahkan, "
        f"{result.unchanged} sudah ada, {result.skipped} baris tanpa wakil dilewati; "
        f"{result.accounts_created} akun baru."
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
