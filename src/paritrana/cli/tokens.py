"""`paritrana token buat|daftar|cabut`: personal API tokens, made by the server's operator.

The secret is printed once, when the token is made; only its digest is stored.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from django.utils import timezone
from rich.console import Console
from rich.table import Table

from paritrana.cli import CommandError, account, setup_django
from paritrana.cli.arguments import at_least, whole_number
from paritrana.cli.readiness import SCHEMA


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("token", help="token API pribadi: buat, daftar, cabut")
    sub = parser.add_subparsers(dest="token_command", metavar="AKSI", required=True)

    make = sub.add_parser("buat", help="buat token untuk satu akun (rahasianya tampil sekali)")
    make.add_argument("username", metavar="NAMA_AKUN", help="akun pemilik token")
    make.add_argument("--nama", required=True, help="nama token, mis. aplikasi yang memakainya")
    make.add_argument(
        "--cakupan",
        required=True,
        help="cakupan dipisah koma: baca (membaca), nilai (lembar nilai), impor (unggah data), "
        "tim (menyusun tim penilai dan anggotanya)",
    )
    make.add_argument(
        "--hari", type=whole_number, help="masa berlaku dalam hari (1-730); bawaan: tanpa batas"
    )
    make.set_defaults(handler=run_make, database=SCHEMA)

    listing = sub.add_parser("daftar", help="daftar token satu akun")
    listing.add_argument("username", metavar="NAMA_AKUN", help="akun pemilik token")
    listing.add_argument("--json", action="store_true", help="keluaran JSON")
    listing.set_defaults(handler=run_list, database=SCHEMA)

    revoke = sub.add_parser("cabut", help="cabut satu token menurut nomornya")
    revoke.add_argument(
        "token_id", metavar="NOMOR", type=at_least(1), help="nomor token (lihat `token daftar`)"
    )
    revoke.set_defaults(handler=run_revoke, database=SCHEMA)


def run_make(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.access.actors import OPERATOR
    from paritrana.access.tokens import TokenError
    from paritrana.commands.tokens import issue

    user = account(args.username)
    scopes = [s.strip() for s in args.cakupan.split(",") if s.strip()]
    try:
        token, secret = issue(OPERATOR, owner=user, name=args.nama, scopes=scopes, days=args.hari)
    except TokenError as exc:
        raise CommandError(str(exc)) from None
    console = Console(stderr=True)
    console.print(
        f"Token #{token.pk} '{token.name}' untuk {user.get_username()} "
        f"(cakupan: {', '.join(token.scopes)}"
        + (f"; berlaku sampai {_wib(token.expires_at)}" if token.expires_at else "")
        + "). Simpan rahasianya sekarang: tidak akan ditampilkan lagi."
    )
    print(secret)  # alone on stdout, for a script to capture
    return 0


def _wib(value: dt.datetime) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y %H:%M} WIB"


def _row(token: Any) -> dict[str, Any]:
    def when(value: Any) -> str | None:  # with its offset (+07:00): the table's dates are WIB
        return timezone.localtime(value).isoformat() if value else None

    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "scopes": token.scopes,
        "created_at": when(token.created_at),
        "expires_at": when(token.expires_at),
        "last_used_at": when(token.last_used_at),
        "revoked_at": when(token.revoked_at),
        "active": token.active,
    }


def run_list(args: argparse.Namespace) -> int:
    setup_django()
    user = account(args.username)
    rows = [_row(t) for t in user.api_tokens.all()]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    table = Table(title=f"Token API {user.get_username()}")
    for column in ("No.", "Nama", "Awalan", "Cakupan", "Dibuat", "Berlaku s.d.", "Status"):
        table.add_column(column)
    for row in rows:
        status = "aktif" if row["active"] else ("dicabut" if row["revoked_at"] else "kedaluwarsa")
        table.add_row(
            str(row["id"]),
            row["name"],
            row["prefix"],
            ", ".join(row["scopes"]),
            (row["created_at"] or "")[:10],
            (row["expires_at"] or "-")[:10],
            status,
        )
    Console().print(table if rows else f"{user.get_username()} belum punya token API.")
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    setup_django()
    from paritrana.access.actors import OPERATOR
    from paritrana.access.models import ApiToken
    from paritrana.commands.tokens import revoke

    token = ApiToken.objects.select_related("user").filter(pk=args.token_id).first()
    if token is None:
        raise CommandError(f"Token #{args.token_id} tidak ditemukan.")
    if token.revoked_at is not None:
        print(f"Token #{token.pk} '{token.name}' sudah dicabut sebelumnya.")
        return 0
    revoke(OPERATOR, token=token)
    print(f"Token #{token.pk} '{token.name}' milik {token.user.get_username()} dicabut.")
    return 0
