"""Copying last year's teams into a new cycle: what the secretariat checks on the roster page
(who was copied, with which role and seat, who was kept, who was skipped and why), the audit
trail, and the refusals (another province's admin, judging already begun)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from paritrana.access.check import AccessDenied
from paritrana.assessment.domain.panels import add_member, create_panel
from paritrana.assessment.models import Conflict, Panel, PanelMember
from paritrana.awards.domain.templates import create_cycle_from_template
from paritrana.awards.models import AuditEntry, Stage, StageStatus
from paritrana.cli import main
from paritrana.commands.roster import copy_teams
from paritrana.errors import Locked
from tests.assessment.conftest import nominate
from tests.commands.audit import assert_audited
from tests.secretariat import roster_fixtures

cycle = roster_fixtures.cycle
national_admin = roster_fixtures.national_admin
kalbar_admin = roster_fixtures.kalbar_admin

pytestmark = pytest.mark.django_db

# Kalimantan Barat's team of 2024: (username, name, role, affiliation, institution, own region)
KALBAR_2024 = [
    ("harisson", "Harisson", "ketua", "sekda", "Pemprov Kalimantan Barat", "61"),
    ("rina", "Rina Wulandari", "sekretaris", "bpjs", "Kanwil Kalimantan", ""),
    ("manto", "Manto", "anggota", "disnaker", "Disnakertrans Kalbar", ""),
    ("yulia", "Yulia Sari", "anggota", "akademisi", "Universitas Tanjungpura", "61.71"),
    ("hendra", "Hendra", "anggota", "pengusaha", "APINDO Kalbar", ""),
    ("sutrisno", "Sutrisno", "anggota", "serikat", "KSPSI Kalbar", ""),
    ("dewi", "Dewi Lestari", "anggota", "pakar", "Politeknik Negeri Pontianak", ""),
    ("budi_lama", "Budi Nonaktif", "anggota", "disnaker", "Disnaker Kota Pontianak", ""),
]


def _person(username: str, name: str):
    users = get_user_model().objects
    found = users.filter(username=username).first()
    return found or users.create_user(
        username, email=f"{username}@contoh.go.id", first_name=name, password="rahasia-uji-123"
    )


@pytest.fixture
def last_year(regions, national_admin):
    """The 2024 cycle: Kalimantan Barat's team of eight (one account since deactivated, one
    conflict of interest declared), Kalimantan Tengah's chair and the national jury's chair."""
    earlier = create_cycle_from_template(assessment_year=2024)
    kalbar = create_panel(
        cycle=earlier, level="provinsi", province="61", assessors_per_candidate=2, max_load=25
    )
    for username, name, role, affiliation, institution, region in KALBAR_2024:
        member = add_member(
            panel=kalbar,
            member_user=_person(username, name),
            role=role,
            affiliation=affiliation,
            institution=institution,
            region_code=region,
            employer_key="EMP-77" if username == "hendra" else "",
            max_load=12 if username == "dewi" else None,
        )
        if username == "yulia":
            category = earlier.categories.get(level="provinsi", code="pemda-kabkota")
            nomination = nominate(category, "61.71", "Kota Pontianak", "61")
            Conflict.objects.create(
                member=member, nomination=nomination, kind="keluarga", reason="Adik kandung."
            )
    get_user_model().objects.filter(username="budi_lama").update(is_active=False)
    kalteng = create_panel(cycle=earlier, level="provinsi", province="62")
    add_member(
        panel=kalteng,
        member_user=_person("sekda_kalteng", "Sekda Kalteng"),
        role="ketua",
        affiliation="sekda",
    )
    jury = create_panel(cycle=earlier, level="nasional")
    add_member(
        panel=jury,
        member_user=_person("budi", "Budi Santoso"),
        role="ketua",
        affiliation="kemenko",
        institution="Kemenko PMK",
    )
    return earlier


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _seats(cycle, province: str) -> dict[str, PanelMember]:
    panel = Panel.objects.get(cycle=cycle, level="provinsi", province=province)
    return {m.user.username: m for m in panel.members.select_related("user")}


def _kalbar_already_has_rina(cycle, actor) -> None:
    """Rina was seated in 2025 already, as an ordinary member of another institution."""
    panel = create_panel(cycle=cycle, level="provinsi", province="61")
    add_member(
        panel=panel,
        member_user=get_user_model().objects.get(username="rina"),
        role="anggota",
        affiliation="bpjs",
        institution="Kantor Cabang Pontianak",
        user=actor,
    )


def test_the_secretariat_copies_last_years_teams_from_the_roster_page(
    cycle, last_year, national_admin
):
    _kalbar_already_has_rina(cycle, national_admin)
    client = _client(national_admin)
    url = f"/sekretariat/{cycle.pk}/tim/"
    page = client.get(url).content.decode()
    assert 'id="copy-form"' in page and f'<option value="{last_year.pk}"' in page

    response = client.post(url, {"action": "copy", "source": last_year.pk, "province": "semua"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="copy-result"' in html
    assert (
        "Kalimantan Barat: 6 anggota disalin, 1 sudah duduk, 1 dilewati "
        "(akun nonaktif: Budi Nonaktif)"
    ) in html
    assert (
        "Kalimantan Tengah: 1 anggota disalin, 0 sudah duduk, 0 dilewati; tim penilai dibentuk"
        in html
    )
    assert "Dewan Juri Nasional: 1 anggota disalin" in html

    seats = _seats(cycle, "61")
    assert sorted(seats) == ["dewi", "harisson", "hendra", "manto", "rina", "sutrisno", "yulia"]
    chair = seats["harisson"]
    assert (chair.role, chair.affiliation, chair.institution, chair.region_code) == (
        "ketua",
        "sekda",
        "Pemprov Kalimantan Barat",
        "61",
    )
    assert seats["yulia"].region_code == "61.71" and seats["yulia"].affiliation == "akademisi"
    assert seats["hendra"].employer_key == "EMP-77" and seats["dewi"].max_load == 12
    # Rina was already seated: kept exactly as she sat, not made secretary, not duplicated.
    assert (seats["rina"].role, seats["rina"].institution) == ("anggota", "Kantor Cabang Pontianak")
    assert "budi_lama" not in seats
    # Conflicts of interest concern 2024's candidates: none came along.
    assert not Conflict.objects.filter(member__panel__cycle=cycle).exists()
    assert Conflict.objects.filter(member__panel__cycle=last_year).count() == 1
    # The missing teams were formed, Kalimantan Tengah's with its chair.
    assert _seats(cycle, "62")["sekda_kalteng"].role == "ketua"
    jury = Panel.objects.get(cycle=cycle, level="nasional")
    assert jury.members.get().user.username == "budi"
    # The roster's counts show it.
    overview = client.get(url).content.decode()
    row = overview.split('data-province="61"', 1)[1].split("</tr>", 1)[0]
    assert ">1<" in row and ">7<" in row  # one chair, seven members


def test_a_formed_team_keeps_last_years_panel_settings(cycle, last_year, national_admin):
    copy_teams(national_admin, cycle=cycle, source=last_year, provinces=["61"])
    panel = Panel.objects.get(cycle=cycle, province="61")
    assert (panel.assessors_per_candidate, panel.max_load) == (2, 25)
    assert panel.name == "Tim Penilai Provinsi Kalimantan Barat"


def test_each_team_copied_leaves_one_entry_naming_who_was_copied_kept_and_skipped(
    cycle, last_year, national_admin
):
    _kalbar_already_has_rina(cycle, national_admin)
    copy_teams(national_admin, cycle=cycle, source=last_year)
    entry = assert_audited("roster.copy", national_admin)
    summaries = AuditEntry.objects.filter(command="roster.copy", action="roster.copy")
    assert summaries.count() == 3  # Kalimantan Barat, Kalimantan Tengah, the national jury
    kalbar = summaries.get(after__province="61")
    assert kalbar.object_id == str(Panel.objects.get(cycle=cycle, province="61").pk)
    assert kalbar.cycle == cycle and kalbar.after["from_cycle"] == 2024
    assert kalbar.after["kept"] == ["rina"]
    assert kalbar.after["skipped"] == [{"username": "budi_lama", "reason": "akun nonaktif"}]
    assert kalbar.after["copied"][0] == "harisson" and len(kalbar.after["copied"]) == 6
    assert entry.command == "roster.copy"
    # Each new seat has its own entry, as seating by hand leaves.
    members = AuditEntry.objects.filter(command="roster.copy", action="panel.member")
    assert members.count() == 6 + 1 + 1


def test_copying_again_changes_nothing(cycle, last_year, national_admin):
    copy_teams(national_admin, cycle=cycle, source=last_year)
    seated = PanelMember.objects.filter(panel__cycle=cycle).count()
    again = copy_teams(national_admin, cycle=cycle, source=last_year, provinces=["61"])
    assert again[0].summary == (
        "Kalimantan Barat: 0 anggota disalin, 7 sudah duduk, 1 dilewati "
        "(akun nonaktif: Budi Nonaktif)"
    )
    assert PanelMember.objects.filter(panel__cycle=cycle).count() == seated


def test_a_chair_already_chosen_this_year_is_not_replaced(cycle, last_year, national_admin):
    panel = create_panel(cycle=cycle, level="provinsi", province="61")
    add_member(
        panel=panel,
        member_user=_person("sekda_baru", "Sekda Baru"),
        role="ketua",
        affiliation="sekda",
    )
    [team] = copy_teams(national_admin, cycle=cycle, source=last_year, provinces=["61"])
    assert "ketua sudah dipegang Sekda Baru: Harisson" in team.summary
    assert _seats(cycle, "61")["sekda_baru"].role == "ketua"
    assert "harisson" not in _seats(cycle, "61")
    assert len(team.copied) == 6  # the secretary and five members


def test_a_provincial_admin_copies_their_own_province_only(cycle, last_year, kalbar_admin):
    create_panel(cycle=cycle, level="provinsi", province="61")
    client = _client(kalbar_admin)
    url = f"/sekretariat/{cycle.pk}/tim/"
    every = client.post(url, {"action": "copy", "source": last_year.pk, "province": "semua"})
    html = every.content.decode()
    assert every.status_code == 200
    assert "Kalimantan Barat: 7 anggota disalin" in html and "Kalimantan Tengah" not in html
    assert not Panel.objects.filter(cycle=cycle, province="62").exists()
    assert not Panel.objects.filter(cycle=cycle, level="nasional").exists()

    other = client.post(url, {"action": "copy", "source": last_year.pk, "province": "62"})
    assert other.status_code == 403
    create_panel(cycle=cycle, level="provinsi", province="62")
    with pytest.raises(AccessDenied, match="admin provinsinya"):
        copy_teams(kalbar_admin, cycle=cycle, source=last_year, provinces=["62"])
    assert not PanelMember.objects.filter(panel__cycle=cycle, panel__province="62").exists()
    assert not AuditEntry.objects.filter(command="roster.copy", after__province="62").exists()


def test_a_provincial_admin_cannot_form_a_missing_team_by_copying(cycle, last_year, kalbar_admin):
    with pytest.raises(AccessDenied, match="admin nasional"):
        copy_teams(kalbar_admin, cycle=cycle, source=last_year, provinces=["61"])
    assert not Panel.objects.filter(cycle=cycle).exists()


def test_copying_is_refused_once_verification_has_opened(cycle, last_year, national_admin):
    Stage.objects.filter(cycle=cycle, level="provinsi", kind="verifikasi").update(
        status=StageStatus.OPEN
    )
    with pytest.raises(Locked) as refused:
        copy_teams(national_admin, cycle=cycle, source=last_year, provinces=["61"])
    assert refused.value.http_status == 409
    assert "Tahap verifikasi" in refused.value.message and "sudah dibuka" in refused.value.message

    response = _client(national_admin).post(
        f"/sekretariat/{cycle.pk}/tim/",
        {"action": "copy", "source": last_year.pk, "province": "semua"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="copy-error"' in html and "tidak dapat lagi disalin" in html
    # One transaction: the national jury (its round not opened) was not copied either.
    assert not Panel.objects.filter(cycle=cycle).exists()
    assert not AuditEntry.objects.filter(command="roster.copy").exists()


def test_only_an_earlier_cycle_can_be_copied(cycle, last_year, national_admin):
    later = create_cycle_from_template(assessment_year=2026)
    with pytest.raises(Exception, match="hanya dapat disalin dari siklus sebelumnya"):
        copy_teams(national_admin, cycle=last_year, source=cycle)
    with pytest.raises(Exception, match="tidak punya tim penilai untuk Kalimantan Selatan"):
        copy_teams(national_admin, cycle=later, source=last_year, provinces=["63"])
    page = _client(national_admin).post(
        f"/sekretariat/{cycle.pk}/tim/", {"action": "copy", "source": "x"}
    )
    assert page.status_code == 400 and 'id="copy-error"' in page.content.decode()


def test_the_api_copies_a_team_and_says_what_it_did(cycle, last_year, national_admin, kalbar_admin):
    client = _client(national_admin)
    response = client.post(
        "/api/v1/tim/2025/salin",
        {"source_year": 2024, "provinces": ["61", "nasional"]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    kalbar, jury = body["teams"]
    assert body["source_year"] == 2024
    assert kalbar["panel_created"] and len(kalbar["copied"]) == 7
    assert kalbar["skipped"] == [{"name": "Budi Nonaktif", "reason": "akun nonaktif"}]
    assert jury["province"] == "" and jury["copied"] == ["Budi Santoso"]

    refused = _client(kalbar_admin).post(
        "/api/v1/tim/2025/salin",
        {"source_year": 2024, "provinces": ["62"]},
        content_type="application/json",
    )
    assert refused.status_code == 403 and refused.json()["error"]["message"]

    Stage.objects.filter(cycle=cycle, level="provinsi", kind="verifikasi").update(
        status=StageStatus.OPEN
    )
    locked = client.post(
        "/api/v1/tim/2025/salin", {"source_year": 2024}, content_type="application/json"
    )
    assert locked.status_code == 409
    assert "sudah dibuka" in locked.json()["error"]["message"]


def test_the_command_line_copies_a_province(cycle, last_year, capsys):
    assert main(["tim", "salin", "--tahun", "2025", "--dari", "2024", "--provinsi", "61"]) == 0
    out = capsys.readouterr().out
    assert "Kalimantan Barat: 7 anggota disalin, 0 sudah duduk, 1 dilewati" in out
    assert AuditEntry.objects.get(command="roster.copy", action="roster.copy").actor == "operator"
    assert main(["tim", "salin", "--tahun", "2025", "--dari", "2031"]) == 2
    assert "Tidak ada siklus" in capsys.readouterr().err
