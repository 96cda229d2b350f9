"""`paritrana daftar-pendek`: the same rounds, reasons and commands at the command line."""

# ruff: noqa: F811  (the fixtures of test_shortlist_world are imported, then asked for)
from __future__ import annotations

import json

from django.utils import timezone

from paritrana.awards.models import AuditEntry, Nomination
from paritrana.cli import main
from tests.secretariat.test_shortlist_world import (  # noqa: F401  (fixtures)
    KETAPANG,
    cycle,
    draft_cycle,
    figures,
    kabkota,
    people,
)

ROUND = ["--tahun", "2025", "--kategori", "pemda-kabkota"]


def test_show_draw_add_and_remove_as_the_provincial_admin(kabkota, people, capsys):
    assert main(["daftar-pendek", "tampil", *ROUND, "--provinsi", "61", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    ketapang = next(r for r in shown["rows"] if r["key"] == KETAPANG)
    assert ketapang["reason"] == "masuk: peringkat 4 dari 14 menurut cakupan UCJ 25,38%"

    as_kalbar = ["--provinsi", "61", "--sebagai", "admin_kalbar"]
    assert main(["daftar-pendek", "tarik", *ROUND, *as_kalbar]) == 0
    assert "7 kandidat baru dinominasikan" in capsys.readouterr().out
    entry = AuditEntry.objects.get(action="shortlist.draw")
    assert entry.user == people["kalbar"]

    eighth = shown["rows"][7]["key"]
    args = ["--kunci", eighth, "--alasan", "Perbup 2025"]
    assert main(["daftar-pendek", "tambah", *ROUND, *as_kalbar, *args]) == 0
    args = ["--kunci", KETAPANG, "--alasan", "Data belum diverifikasi"]
    assert main(["daftar-pendek", "keluarkan", *ROUND, *as_kalbar, *args]) == 0
    capsys.readouterr()
    assert main(["daftar-pendek", "tampil", *ROUND, "--provinsi", "61"]) == 0
    table = " ".join(capsys.readouterr().out.split())
    assert "Pemerintah Kabupaten/Kota Kalimantan Barat" in table
    assert "6 dari data, 1 dengan tangan, 1 dikeluarkan" in table
    drawn = timezone.localtime(entry.at)
    assert f"ditarik terakhir {drawn:%d/%m/%Y %H:%M} WIB oleh admin_kalbar" in table  # not UTC
    assert Nomination.objects.get(key=KETAPANG).status == "removed"


def test_another_province_is_refused_with_its_reason(kabkota, people, capsys):
    code = main(["daftar-pendek", "tarik", *ROUND, "--provinsi", "62", "--sebagai", "admin_kalbar"])
    assert code == 2
    assert "hanya dapat diubah oleh admin provinsinya" in capsys.readouterr().err
    assert not Nomination.objects.exists()


def test_the_national_round_is_province_00(kabkota, people, capsys):
    assert main(["daftar-pendek", "tarik", *ROUND, "--provinsi", "00"]) == 0  # the operator
    assert "babak nasional ditarik: 7 kandidat" in capsys.readouterr().out
    assert Nomination.objects.filter(category__level="nasional").count() == 7
    assert (
        main(["daftar-pendek", "tampil", *ROUND, "--provinsi", "00", "--tingkat", "provinsi"]) == 2
    )
    assert "ditarik per provinsi" in capsys.readouterr().err


def test_nothing_is_drawn_before_the_screening_stage_opens(draft_cycle, people, capsys):
    code = main(["daftar-pendek", "tarik", *ROUND, "--provinsi", "61", "--sebagai", "admin_kalbar"])
    assert code == 2
    assert "(Tingkat provinsi) belum dibuka" in capsys.readouterr().err
    assert (
        not Nomination.objects.exists()
        and not AuditEntry.objects.filter(
            action__in=("shortlist.draw", "nomination.shortlist")
        ).exists()
    )


def test_a_nominees_representative_is_linked_at_the_prompt(kabkota, people, capsys):
    from paritrana.awards.models import Representative

    as_kalbar = ["--provinsi", "61", "--sebagai", "admin_kalbar"]
    assert main(["daftar-pendek", "tarik", *ROUND, *as_kalbar]) == 0
    capsys.readouterr()
    new = ["--kunci", KETAPANG, "--nama", "Siti Aminah", "--email", "siti@ketapangkab.go.id"]
    assert main(["daftar-pendek", "wakil", *ROUND, *as_kalbar, *new]) == 0
    out = capsys.readouterr().out
    assert "Siti Aminah kini menjadi wakil Kabupaten Ketapang" in out
    assert "/aktivasi/" in out
    link = Representative.objects.get(nomination__key=KETAPANG)
    assert link.user.email == "siti@ketapangkab.go.id"
    entry = AuditEntry.objects.filter(action="representative.add").get()
    assert (entry.user, entry.command) == (people["kalbar"], "representative.add")

    again = ["--kunci", KETAPANG, "--akun", "siti@ketapangkab.go.id"]
    assert main(["daftar-pendek", "wakil", *ROUND, *as_kalbar, *again]) != 0
    assert "sudah menjadi wakil Kabupaten Ketapang" in capsys.readouterr().err
    refused = ["--provinsi", "62", "--sebagai", "admin_kalbar", "--kunci", "62.71", "--akun", "x"]
    assert main(["daftar-pendek", "wakil", *ROUND, *refused]) == 2
    assert "hanya dapat diubah oleh admin provinsinya" in capsys.readouterr().err
