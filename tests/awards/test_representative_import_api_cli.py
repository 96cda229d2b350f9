"""The representatives' workbook over the API (POST /api/v1/daftar-pendek/<year>/wakil, with
`periksa` to check only) and at the command line (`paritrana daftar-pendek impor-wakil`): the
same command, the same checks, the same answers."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from paritrana.awards.models import AuditEntry, Representative
from paritrana.cli import main
from tests.awards import representative_world
from tests.awards.representative_world import workbook

world = representative_world.world

pytestmark = pytest.mark.django_db

URL = "/api/v1/daftar-pendek/2025/wakil"
ROWS = [
    ("61.04", "Kabupaten Ketapang", "provinsi/pemda-kabkota", "Siti Aminah", "siti@kab.go.id", ""),
    ("61.71", "Kota Pontianak", "", "", "", "budi"),
    ("61.01", "Kabupaten Sambas", "", "", "", ""),
]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _file(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("wakil.xlsx", content, content_type="application/octet-stream")


def test_the_api_checks_then_imports_a_workbook(world):
    client = _client(world.kalbar)
    checked = client.post(f"{URL}?periksa=true", {"file": _file(workbook(ROWS))})
    assert checked.status_code == 200, checked.content
    body = checked.json()
    assert (body["dry_run"], body["valid"], body["added"], body["skipped"]) == (True, True, 2, 1)
    assert body["accounts_created"] == 1 and body["problems"] == []
    assert [(r["row"], r["state"]) for r in body["checked"]] == [(2, "baru"), (3, "ada")]
    assert not Representative.objects.exists()

    done = client.post(URL, {"file": _file(workbook(ROWS))})
    assert done.status_code == 200, done.content
    body = done.json()
    assert (body["dry_run"], body["added"], body["unchanged"]) == (False, 2, 0)
    [invitation] = body["invitations"]
    assert invitation["email"] == "siti@kab.go.id" and "/aktivasi/" in invitation["activation_link"]
    assert Representative.objects.count() == 2
    again = client.post(URL, {"file": _file(workbook(ROWS))}).json()
    assert (again["added"], again["unchanged"], again["invitations"]) == (0, 2, [])


def test_the_api_answers_problems_in_its_error_shape_and_refuses_outsiders(world):
    client = _client(world.kalbar)
    bad = [*ROWS, ("62.71", "Kota Palangka Raya", "", "Rina", "rina@palangkaraya.go.id", "")]
    checked = client.post(f"{URL}?periksa=true", {"file": _file(workbook(bad))}).json()
    assert checked["valid"] is False
    assert [(p["row"], p["column"]) for p in checked["problems"]] == [(5, "kode kandidat")]
    refused = client.post(URL, {"file": _file(workbook(bad))})
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "invalid"
    assert error["details"]["problems"][0]["row"] == 5
    assert not Representative.objects.exists()
    assert client.post(URL).status_code == 422  # no file
    outsider = _client(world.budi).post(URL, {"file": _file(workbook(ROWS))})
    assert outsider.status_code == 403
    assert outsider.json()["error"]["message"].startswith("Wakil kandidat hanya dapat diimpor")


def test_the_command_line_checks_then_imports(world, tmp_path, capsys):
    path = tmp_path / "wakil.xlsx"
    path.write_bytes(workbook(ROWS))
    args = ["daftar-pendek", "impor-wakil", "--tahun", "2025", "--berkas", str(path)]
    assert main([*args, "--periksa", "--sebagai", "admin_kalbar"]) == 0
    out = capsys.readouterr().out
    assert "wakil.xlsx dapat diimpor: 2 baris berisi wakil; 2 akan ditambahkan" in out
    assert not Representative.objects.exists()

    assert main([*args, "--sebagai", "admin_kalbar"]) == 0
    captured = capsys.readouterr()
    assert "2 ditambahkan, 0 sudah ada, 1 baris tanpa wakil dilewati; 1 akun baru" in captured.out
    assert "/aktivasi/" in captured.out and "Siti Aminah (siti@kab.go.id)" in captured.err
    assert Representative.objects.count() == 2
    entry = AuditEntry.objects.get(action="representative.import")
    assert entry.user == world.kalbar and entry.after["file_name"] == "wakil.xlsx"

    assert main(args) == 0  # the operator, the same file: nothing changes
    assert "0 ditambahkan, 2 sudah ada" in capsys.readouterr().out


def test_the_command_line_names_each_problem_and_saves_nothing(world, tmp_path, capsys):
    path = tmp_path / "salah.xlsx"
    path.write_bytes(workbook([("61.04", "Kabupaten Ketapang", "", "Siti", "siti(at)kab", "")]))
    args = ["daftar-pendek", "impor-wakil", "--tahun", "2025", "--berkas", str(path)]
    assert main([*args, "--sebagai", "admin_kalbar"]) == 2
    err = capsys.readouterr().err
    assert "salah.xlsx: baris 2, kolom 'email wakil': 'siti(at)kab' bukan alamat email" in err
    assert "salah.xlsx ditolak (1 masalah); tidak ada yang disimpan." in err
    assert main([*args, "--periksa"]) == 2
    assert not Representative.objects.exists()
    assert main(["daftar-pendek", "impor-wakil", "--tahun", "2031", "--berkas", str(path)]) == 2
    assert "Tidak ada siklus dengan tahun penilaian 2031" in capsys.readouterr().err
