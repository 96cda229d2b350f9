"""The panels over the API (/api/v1/tim/) and the command line (`paritrana tim`)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from paritrana.access.tokens import issue
from paritrana.assessment.models import Panel, PanelMember
from paritrana.cli import main
from paritrana.commands.roster import create_missing
from tests.secretariat import roster_fixtures
from tests.secretariat.roster_fixtures import KALBAR_TEAM, workbook

cycle = roster_fixtures.cycle
national_admin = roster_fixtures.national_admin
kalbar_admin = roster_fixtures.kalbar_admin

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _api(user, scopes=("baca", "tim")) -> tuple[Client, dict[str, str]]:
    _token, secret = issue(user=user, name="uji", scopes=list(scopes))
    return Client(), {"Authorization": f"Bearer {secret}"}


def test_the_import_over_the_api_lands_whole_and_hands_back_the_links_once(cycle, national_admin):
    client, headers = _api(national_admin)
    upload = SimpleUploadedFile("tim.xlsx", workbook(KALBAR_TEAM), content_type=XLSX)
    response = client.post("/api/v1/tim/2025/impor", {"file": upload}, headers=headers)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["rows"], body["added"], body["panels_created"]) == (5, 5, 2)
    assert len(body["invitations"]) == 5
    assert all("/aktivasi/" in i["activation_link"] for i in body["invitations"])
    listed = client.get("/api/v1/tim/2025", headers=headers).json()
    kalbar = next(p for p in listed if p["province"] == "61")
    assert kalbar["province_name"] == "Kalimantan Barat"
    assert kalbar["missing"] == []
    chair = next(m for m in kalbar["members"] if m["role"] == "ketua")
    assert (chair["name"], chair["affiliation_label"], chair["awaiting_activation"]) == (
        "Harisson",
        "Sekretariat daerah (Sekda)",
        True,
    )
    again = SimpleUploadedFile("tim.xlsx", workbook(KALBAR_TEAM), content_type=XLSX)
    second = client.post("/api/v1/tim/2025/impor", {"file": again}, headers=headers).json()
    assert (second["added"], second["unchanged"], second["invitations"]) == (0, 5, [])


def test_a_rejected_workbook_answers_422_with_each_problem(cycle, national_admin):
    client, headers = _api(national_admin)
    bad = [(*KALBAR_TEAM[0][:2], "bukan-email", *KALBAR_TEAM[0][3:])]
    upload = SimpleUploadedFile("salah.xlsx", workbook(bad), content_type=XLSX)
    response = client.post("/api/v1/tim/2025/impor", {"file": upload}, headers=headers)
    assert response.status_code == 422
    error = response.json()["error"]
    [problem] = error["details"]["problems"]
    assert (problem["file"], problem["row"], problem["column"]) == ("salah.xlsx", 2, "email")
    assert "bukan alamat email yang sah" in problem["reason"]
    assert PanelMember.objects.count() == 0 and Panel.objects.count() == 0


def test_panels_and_members_over_the_api(cycle, national_admin, kalbar_admin):
    client, headers = _api(national_admin)
    made = client.post(
        "/api/v1/tim/2025/panel",
        {"province": "61"},
        content_type="application/json",
        headers=headers,
    )
    assert made.status_code == 201 and made.json()["missing"] == [
        "belum ada ketua",
        "belum ada sekretaris",
        "belum ada anggota",
    ]
    panel_id = made.json()["id"]
    seat = {
        "name": "Rina",
        "email": "rina@bpjsketenagakerjaan.go.id",
        "role": "sekretaris",
        "affiliation": "bpjs",
    }
    own, own_headers = _api(kalbar_admin)
    seated = own.post(
        f"/api/v1/tim/panel/{panel_id}/anggota",
        seat,
        content_type="application/json",
        headers=own_headers,
    )
    assert seated.status_code == 201, seated.content
    assert seated.json()["member"]["role_label"] == "Sekretaris"
    assert "/aktivasi/" in seated.json()["invitation"]["activation_link"]
    # The provincial admin lists its own province only, and cannot touch another's panel.
    assert [p["province"] for p in own.get("/api/v1/tim/2025", headers=own_headers).json()] == [
        "61"
    ]
    kalteng = create_missing(national_admin, cycle=cycle, provinces=["62"])[0]
    refused = own.post(
        f"/api/v1/tim/panel/{kalteng.pk}/anggota",
        seat,
        content_type="application/json",
        headers=own_headers,
    )
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    formed = own.post(
        "/api/v1/tim/2025/panel",
        {"province": "63"},
        content_type="application/json",
        headers=own_headers,
    )
    assert formed.status_code == 403
    member_id = seated.json()["member"]["id"]
    removed = own.post(
        f"/api/v1/tim/panel/{panel_id}/keluarkan",
        {"member": member_id},
        content_type="application/json",
        headers=own_headers,
    )
    assert removed.status_code == 204
    assert not PanelMember.objects.filter(pk=member_id).exists()


@pytest.mark.parametrize("scopes", [("baca",), ("baca", "impor")])
def test_a_token_without_the_team_scope_cannot_seat(cycle, national_admin, scopes):
    # A token made to upload data files (scope "impor") seated panel members as well.
    client, headers = _api(national_admin, scopes=scopes)
    response = client.post(
        "/api/v1/tim/2025/panel", {}, content_type="application/json", headers=headers
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "insufficient_scope"
    assert "'tim' (menyusun tim penilai dan anggotanya)" in response.json()["error"]["message"]
    assert not Panel.objects.exists()


def test_the_command_line_imports_and_shows_the_panels(cycle, national_admin, tmp_path, capsys):
    path = tmp_path / "tim.xlsx"
    path.write_bytes(workbook(KALBAR_TEAM))
    assert main(["tim", "impor", "--tahun", "2025", str(path), "--sebagai", "sekretariat"]) == 0
    out, err = capsys.readouterr()
    assert "5 baris; 5 kursi baru" in err
    assert out.count("/aktivasi/") == 5
    assert main(["tim", "impor", "--tahun", "2025", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "0 kursi baru" in err and "5 sudah sama" in err and out == ""
    assert main(["tim", "tampil", "--tahun", "2025", "--provinsi", "61", "--json"]) == 0
    [panel] = __import__("json").loads(capsys.readouterr().out)
    assert panel["province_name"] == "Kalimantan Barat" and len(panel["members"]) == 4
    assert main(["tim", "tampil", "--tahun", "2025"]) == 0
    assert "Harisson" in capsys.readouterr().out


def test_the_command_line_names_each_problem_and_refuses(cycle, tmp_path, capsys, kalbar_admin):
    path = tmp_path / "salah.xlsx"
    path.write_bytes(workbook([(*KALBAR_TEAM[0][:3], "Bendahara", *KALBAR_TEAM[0][4:])]))
    assert main(["tim", "impor", "--tahun", "2025", str(path)]) == 2
    err = capsys.readouterr().err
    assert "salah.xlsx: baris 2, kolom 'peran': Peran 'Bendahara' tidak dikenal" in err
    assert "tidak ada yang disimpan" in err
    assert PanelMember.objects.count() == 0
    ok = tmp_path / "ok.xlsx"
    ok.write_bytes(workbook(KALBAR_TEAM[:1]))
    # The provincial admin cannot form its panel (the national admin forms panels).
    assert main(["tim", "impor", "--tahun", "2025", str(ok), "--sebagai", "admin_kalbar"]) == 2
    assert "admin nasional" in capsys.readouterr().err
