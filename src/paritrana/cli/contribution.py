"""`paritrana contribution ...`: Jamsostek contributions for one case, as a table or JSON.

Examples::

    paritrana contribution --segment PU --wage 10000000 --risk medium --date 2024-06-01
    paritrana contribution --segment BPU --income 3.000.000 --jht
    paritrana contribution --segment Jakon --contract-value 2000000000 --json

Pure: it uses paritrana.rules only and never loads Django.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re

from rich.console import Console
from rich.table import Table

from paritrana.cli import CommandError
from paritrana.cli.arguments import existing_file
from paritrana.cli.readiness import PURE
from paritrana.rules import (
    ContributionResult,
    RuleError,
    RulesTable,
    calculate,
    format_rupiah,
    load_rules,
)

_AMOUNT = re.compile(r"-?\d+")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "contribution",
        help="hitung iuran Jamsostek (PU, BPU, Jakon) menurut tabel aturan",
        description="Hitung iuran Jamsostek per program untuk satu kasus, menurut aturan yang "
        "berlaku pada tanggal tertentu.",
    )
    parser.add_argument("--segment", help="PU, BPU atau Jakon (wajib)")
    parser.add_argument("--date", help="tanggal berlaku, YYYY-MM-DD (bawaan: hari ini)")
    parser.add_argument(
        "--wage", help="PU: upah sebulan dalam rupiah, mis. 10000000 atau 10.000.000"
    )
    parser.add_argument("--risk", help="PU: kelompok risiko very_low|low|medium|high|very_high")
    parser.add_argument("--age", help="PU: usia pekerja dalam tahun (menentukan JP)")
    parser.add_argument(
        "--discount", action="store_true", help="PU: pemberi kerja berhak atas diskon JKK"
    )
    parser.add_argument("--income", help="BPU: penghasilan sebulan yang dilaporkan, rupiah")
    parser.add_argument("--jht", action="store_true", help="BPU: ikut JHT (opsional)")
    parser.add_argument("--contract-value", help="Jakon: nilai kontrak proyek, rupiah")
    parser.add_argument(
        "--rules", metavar="CSV", type=existing_file, help="pakai berkas tabel aturan lain"
    )
    parser.add_argument("--json", action="store_true", help="keluaran JSON")
    parser.set_defaults(handler=run, database=PURE)


def _rupiah(text: str | None, option: str) -> int | None:
    if text is None:
        return None
    cleaned = re.sub(r"^(-?)\s*rp\.?", r"\1", text.strip(), flags=re.IGNORECASE)
    cleaned = re.sub(r"[\s._]", "", cleaned)
    if not _AMOUNT.fullmatch(cleaned):
        raise CommandError(f"{option} '{text}' bukan jumlah rupiah bulat (mis. 10000000).")
    return int(cleaned)


def _date(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date '{text}' bukan tanggal YYYY-MM-DD.") from None


def _age(text: str | None) -> int | None:
    if text is None:
        return None
    if not re.fullmatch(r"-?\d+", text.strip()):
        raise CommandError(f"--age '{text}' bukan bilangan bulat.")
    return int(text)


def _table(path: str | None) -> RulesTable | None:
    if path is None:
        return None
    try:
        return load_rules(path)
    except OSError as exc:
        raise CommandError(f"--rules: berkas {path} tidak dapat dibaca ({exc.strerror}).") from None


def run(args: argparse.Namespace) -> int:
    if not args.segment:
        raise CommandError("--segment wajib diisi (PU, BPU atau Jakon).")
    try:
        result = calculate(
            segment=args.segment,
            on=_date(args.date),
            wage=_rupiah(args.wage, "--wage"),
            income=_rupiah(args.income, "--income"),
            contract_value=_rupiah(args.contract_value, "--contract-value"),
            risk=args.risk,
            age=_age(args.age),
            discount_eligible=args.discount,
            bpu_jht=args.jht,
            table=_table(args.rules),
        )
    except RuleError as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        render(result, Console(highlight=False))
    return 0


def render(result: ContributionResult, console: Console) -> None:
    """The human-readable report: each programme as billed, the JKP recomposition as a note,
    notes, and the rules used in words."""
    table = Table(title=f"Iuran Jamsostek {result.segment}, berlaku {result.on.isoformat()}")
    table.add_column("Program")
    for heading in ("Pemberi kerja", "Pekerja", "Jumlah", "Dasar"):
        table.add_column(heading, justify="right", no_wrap=True)
    for amount in result.programmes:
        base = format_rupiah(amount.base) if amount.base is not None else "tetap"
        name = amount.programme
        if amount.discount:
            name += f" (diskon {format_rupiah(amount.discount)})"
        table.add_row(
            name,
            format_rupiah(amount.employer),
            format_rupiah(amount.worker),
            format_rupiah(amount.total),
            base,
        )
    table.add_section()
    table.add_row(
        "Jumlah tagihan",
        format_rupiah(result.total_employer),
        format_rupiah(result.total_worker),
        format_rupiah(result.total),
        "",
        style="bold",
    )
    console.print(table)
    if result.jkp is not None:
        console.print(f"JKP: {result.jkp.note}", markup=False)
    console.print("\nCatatan:")
    for note in result.notes:
        console.print(f"  - {note}", markup=False)
    console.print("\nDasar hukum (aturan yang dipakai; tanda ! = belum terverifikasi):")
    for rule in result.rules:
        mark = "  - " if rule.verified else "! - BELUM TERVERIFIKASI: "
        end = rule.valid_to.isoformat() if rule.valid_to else "seterusnya"
        console.print(
            f"{mark}{rule.description}; {rule.basis};"
            f" berlaku {rule.valid_from.isoformat()} s.d. {end}",
            markup=False,
        )
