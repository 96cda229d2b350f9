"""The secretariat's panel pages and the activation of a new account."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from paritrana.assessment.models import Panel, PanelMember
from paritrana.commands.roster import create_missing
from tests.secretariat import roster_fixtures
from tests.secretariat.roster_fixtures import KALBAR_TEAM, workbook

cycle = roster_fixtures.cycle
national_admin = roster_fixtures.national_admin
kalbar_admin = roster_fixtures.kalbar_admin

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LINK = re.compile(r"https?://[^\s<\"]+/aktivasi/[^\s<\"]+/")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(rows, name="tim.xlsx"):
    return SimpleUploadedFile(name, workbook(rows), content_type=XLSX)


def test_the_overview_names_every_province_and_what_it_lacks(cycle, national_admin):
    create_missing(national_admin, cycle=cycle, provinces=["61"])
    html = _client(national_admin).get(f"/sekretariat/{cycle.pk}/tim/").content.decode()
    assert html.count("<tr data-province=") == 39  # 38 provinces and the national jury
    assert "Kalimantan Barat" in html and "Papua Barat Daya" in html
    assert "Dewan Juri Nasional" in html
    assert "belum ada tim" in html and "belum ada ketua" in html
    assert "bentuk tim untuk provinsi yang belum punya" in html.lower()
    assert 'id="lacking">38<' in html


def test_forming_the_missing_teams_from_the_page(cycle, national_admin):
    client = _client(national_admin)
    response = client.post(f"/sekretariat/{cycle.pk}/tim/", {"action": "create_missing"})
    assert response.status_code == 302
    assert Panel.objects.filter(cycle=cycle).count() == 39
    client.post(f"/sekretariat/{cycle.pk}/tim/", {"action": "create", "province": "61"})
    assert Panel.objects.filter(cycle=cycle).count() == 39


def test_preview_writes_nothing_then_the_confirmation_imports_and_shows_each_link_once(
    cycle, national_admin
):
    client = _client(national_admin)
    url = f"/sekretariat/{cycle.pk}/tim/"
    preview = client.post(url, {"action": "preview", "file": _upload(KALBAR_TEAM)})
    html = preview.content.decode()
    assert preview.status_code == 200 and 'id="import-preview"' in html
    assert "Harisson" in html and "baru, dengan tautan aktivasi" in html
    assert PanelMember.objects.count() == 0
    content = re.search(r'name="content" value="([^"]+)"', html).group(1)
    done = client.post(url, {"action": "import", "file_name": "tim.xlsx", "content": content})
    page = done.content.decode()
    assert done.status_code == 200 and 'id="import-result"' in page
    assert PanelMember.objects.count() == 5
    links = LINK.findall(page)
    assert len(links) == 5 - 0  # five new people, each link shown
    assert done["Cache-Control"].startswith("max-age=0")
    again = client.get(url).content.decode()
    assert not LINK.findall(again), "an activation link was shown a second time"


def test_a_rejected_workbook_shows_each_problem_and_writes_nothing(cycle, national_admin):
    bad = [KALBAR_TEAM[0], (*KALBAR_TEAM[1][:3], "Bendahara", *KALBAR_TEAM[1][4:])]
    response = _client(national_admin).post(
        f"/sekretariat/{cycle.pk}/tim/", {"action": "import", "file": _upload(bad, "salah.xlsx")}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "salah.xlsx" in html and "Peran &#x27;Bendahara&#x27; tidak dikenal" in html
    assert re.search(r'<td class="num">3</td><td>peran</td>', html)
    assert Panel.objects.count() == 0 and PanelMember.objects.count() == 0


def test_the_template_downloads_as_a_workbook(cycle, national_admin):
    from io import BytesIO

    from openpyxl import load_workbook

    response = _client(national_admin).get(f"/sekretariat/{cycle.pk}/tim/templat.xlsx")
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    assert sheet["B1"].value == "nama" and sheet["D2"].value == "Ketua"


def test_a_provincial_admin_sees_and_edits_its_province_only(cycle, national_admin, kalbar_admin):
    create_missing(national_admin, cycle=cycle, provinces=["61", "62", ""])
    client = _client(kalbar_admin)
    html = client.get(f"/sekretariat/{cycle.pk}/tim/").content.decode()
    assert re.findall(r'<tr data-province="(\w+)"', html) == ["61"]
    assert "Kalimantan Barat" in html
    kalteng = Panel.objects.get(cycle=cycle, province="62")
    national = Panel.objects.get(cycle=cycle, level="nasional")
    for panel in (kalteng, national):
        response = client.get(f"/sekretariat/{cycle.pk}/tim/{panel.pk}/")
        assert response.status_code == 403
        posted = client.post(
            f"/sekretariat/{cycle.pk}/tim/{panel.pk}/",
            {
                "action": "add",
                "account": "x@example.org",
                "name": "X",
                "role": "anggota",
                "affiliation": "pakar",
            },
        )
        assert posted.status_code == 403
    assert PanelMember.objects.count() == 0
    kalbar = Panel.objects.get(cycle=cycle, province="61")
    assert client.get(f"/sekretariat/{cycle.pk}/tim/{kalbar.pk}/").status_code == 200


def _seat_new(client, cycle, panel, email="rina@bpjsketenagakerjaan.go.id"):
    return client.post(
        f"/sekretariat/{cycle.pk}/tim/{panel.pk}/",
        {
            "action": "add",
            "account": email,
            "name": "Rina Wulandari",
            "role": "sekretaris",
            "affiliation": "bpjs",
            "institution": "Kantor Wilayah Kalimantan",
        },
    )


def test_seating_a_new_person_makes_an_account_whose_link_activates_once(
    cycle, national_admin, kalbar_admin
):
    create_missing(national_admin, cycle=cycle, provinces=["61"])
    panel = Panel.objects.get(cycle=cycle, province="61")
    response = _seat_new(_client(kalbar_admin), cycle, panel)
    html = response.content.decode()
    assert response.status_code == 200
    member = panel.members.get()
    assert (member.role, member.affiliation, member.user.email) == (
        "sekretaris",
        "bpjs",
        "rina@bpjsketenagakerjaan.go.id",
    )
    [link] = LINK.findall(html)
    path = link.split("testserver", 1)[1]
    visitor = Client()
    page = visitor.get(path)
    assert page.status_code == 200 and "rina@bpjsketenagakerjaan.go.id" in page.content.decode()
    weak = visitor.post(path, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 400
    done = visitor.post(
        path, {"new_password1": "Kalbar-Juara-2025!", "new_password2": "Kalbar-Juara-2025!"}
    )
    assert done.status_code == 302
    user = get_user_model().objects.get(email="rina@bpjsketenagakerjaan.go.id")
    assert user.check_password("Kalbar-Juara-2025!")
    assert int(visitor.session["_auth_user_id"]) == user.pk
    used = Client().get(path)
    assert used.status_code == 400 and 'id="activation-invalid"' in used.content.decode()


def test_with_mail_configured_the_link_is_mailed_not_shown(cycle, national_admin, settings):
    settings.EMAIL_HOST = "smtp.example.org"
    create_missing(national_admin, cycle=cycle, provinces=["61"])
    panel = Panel.objects.get(cycle=cycle, province="61")
    html = _seat_new(_client(national_admin), cycle, panel).content.decode()
    assert not LINK.findall(html)
    assert "dikirim ke rina@bpjsketenagakerjaan.go.id" in html
    [message] = mail.outbox
    assert message.to == ["rina@bpjsketenagakerjaan.go.id"]
    assert "/aktivasi/" in message.body


def test_seating_an_existing_account_changing_and_removing_it(cycle, national_admin):
    create_missing(national_admin, cycle=cycle, provinces=["61"])
    panel = Panel.objects.get(cycle=cycle, province="61")
    get_user_model().objects.create_user("manto", email="manto@disnaker.go.id", password="x-1")
    client = _client(national_admin)
    url = f"/sekretariat/{cycle.pk}/tim/{panel.pk}/"
    added = client.post(
        url, {"action": "add", "account": "manto", "role": "anggota", "affiliation": "disnaker"}
    )
    assert added.status_code == 200 and not LINK.findall(added.content.decode())
    member = panel.members.get()
    prefix = f"m{member.pk}"
    changed = client.post(
        url,
        {
            "action": "change",
            "member": member.pk,
            f"{prefix}-role": "ketua",
            f"{prefix}-affiliation": "disnaker",
            f"{prefix}-institution": "Disnakertrans Kalbar",
        },
    )
    assert changed.status_code == 302
    member.refresh_from_db()
    assert (member.role, member.institution) == ("ketua", "Disnakertrans Kalbar")
    html = client.get(url).content.decode()
    assert "Disnakertrans Kalbar" in html and "Ketua" in html
    missing = re.search(r'<p class="note" id="unrepresented">([^<]*)</p>', html).group(1)
    assert "Pengusaha (APINDO)" in missing and "Serikat pekerja" in missing
    assert "Disnaker" not in missing
    # A second chair is refused with the reason, nothing changes.
    refused = client.post(
        url,
        {
            "action": "add",
            "account": "baru@example.org",
            "name": "Baru",
            "role": "ketua",
            "affiliation": "pakar",
        },
    )
    assert refused.status_code == 400 and "sudah punya ketua" in refused.content.decode()
    assert not get_user_model().objects.filter(email="baru@example.org").exists()
    unknown = client.post(
        url, {"action": "add", "account": "tidakada", "role": "anggota", "affiliation": "pakar"}
    )
    assert unknown.status_code == 400
    client.post(url, {"action": "remove", "member": member.pk})
    assert not panel.members.exists()
