"""`paritrana token buat|daftar|cabut`: the operator's way to hand out API tokens."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from paritrana.access.models import ApiToken
from paritrana.cli import main

pytestmark = pytest.mark.django_db


@pytest.fixture
def petugas(django_user_model):
    return django_user_model.objects.create_user("petugas", password="rahasia-uji-123")


def test_make_prints_the_secret_once_and_it_works(petugas, capsys, client):
    code = main(
        [
            "token",
            "buat",
            "petugas",
            "--nama",
            "Skrip impor",
            "--cakupan",
            "baca,impor",
            "--hari",
            "30",
        ]
    )
    assert code == 0
    out, err = capsys.readouterr()
    secret = out.strip()
    token = ApiToken.objects.get()
    assert secret.startswith(token.prefix + "_") and secret not in token.digest
    assert "Simpan rahasianya sekarang: tidak akan ditampilkan lagi." in err
    until = timezone.localtime(ApiToken.objects.get().expires_at)
    assert f"berlaku sampai {until:%d/%m/%Y %H:%M} WIB" in " ".join(err.split())  # not UTC
    assert (token.name, token.scopes, token.user) == ("Skrip impor", ["baca", "impor"], petugas)
    assert token.expires_at is not None
    response = client.get("/api/v1/siklus/", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200

    assert main(["token", "daftar", "petugas", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["name"], r["scopes"], r["active"]) for r in rows] == [
        (token.pk, "Skrip impor", ["baca", "impor"], True)
    ]
    assert secret not in json.dumps(rows)

    assert main(["token", "cabut", str(token.pk)]) == 0
    assert "dicabut" in capsys.readouterr().out
    response = client.get("/api/v1/siklus/", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401
    assert main(["token", "daftar", "petugas"]) == 0
    assert "dicabut" in capsys.readouterr().out


def test_refusals_are_explained_without_a_traceback(petugas, capsys):
    assert main(["token", "buat", "siapa", "--nama", "x", "--cakupan", "baca"]) == 2
    assert "Akun 'siapa' tidak ditemukan" in capsys.readouterr().err
    assert main(["token", "buat", "petugas", "--nama", "x", "--cakupan", "tulis"]) == 2
    assert "Cakupan token tidak dikenal: tulis." in capsys.readouterr().err
    assert (
        main(["token", "buat", "petugas", "--nama", "x", "--cakupan", "baca", "--hari", "0"]) == 2
    )
    assert "Masa berlaku token antara 1 dan 730 hari." in capsys.readouterr().err
    assert main(["token", "cabut", "12345"]) == 2
    assert "Token #12345 tidak ditemukan." in capsys.readouterr().err
    assert not ApiToken.objects.exists()
