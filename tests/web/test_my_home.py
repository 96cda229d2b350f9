"""Issue 16: "Beranda saya" (/beranda/), where everybody lands after logging in, says what waits
for them: an assessor the sheets still to submit in each open stage, a candidate's
representative its workspace and the self-assessment's deadline, a chair the groups whose
Juara wait for confirmation, the secretariat what is late on its progress board, a data officer
the imports that failed; anybody else a friendly page with the public links.

The world is the progress board's (tests/secretariat/progress_world.py): Kalimantan Barat's
kab/kota round, verification open for ten more days, the self-assessment ended yesterday."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.models import ScoreSheet
from paritrana.coverage.models import DataImport
from paritrana.regions.models import Region
from tests.secretariat.progress_world import World, nominate, world

__all__ = ["world"]

PASSWORD = "rahasia-uji-123"  # the world's accounts
BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def tanggal(day: dt.date) -> str:
    """A date as the page writes it in Bahasa Indonesia: 12 Desember 2026."""
    return f"{day.day} {BULAN[day.month - 1]} {day.year}"


def home(user, language: str = "id") -> str:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get("/beranda/")
    assert response.status_code == 200
    return response.content.decode()


def sheets_item(html: str) -> str:
    """The text of the assessor's section."""
    start = html.index('id="home-sheets"')
    return html[start : html.index("</section>", start)]


def more_candidates(world: World, count: int) -> None:
    """`count` more Kalimantan Barat kab/kota nominees, each assigned to assessor B."""
    verification = world.stage("verifikasi")
    have = set(world.category.nominations.values_list("key", flat=True))
    free = Region.objects.filter(level="kabkota", parent_id="61").exclude(code__in=have)
    for region in free.order_by("code")[:count]:
        candidate = nominate(world.category, region.code, region.name, "61")
        assign(stage=verification, member=world.b, nomination=candidate, user=world.admin)


def submit(world: World, member, nomination) -> None:
    ScoreSheet.objects.create(
        stage=world.stage("verifikasi"),
        member=member,
        nomination=nomination,
        submitted_at=timezone.now(),
    )


def test_an_assessor_is_told_how_many_sheets_wait_and_until_when(world: World):
    verification = world.stage("verifikasi")
    for candidate in (world.pontianak, world.sambas):
        assign(stage=verification, member=world.b, nomination=candidate, user=world.admin)
    section = sheets_item(home(world.b.user))
    assert "3 lembar menunggu" in section
    assert f"sampai {tanggal(world.today + dt.timedelta(days=10))}" in section
    assert "0 dari 3 sudah dikirim" in section
    assert 'href="/penilaian/"' in section

    submit(world, world.b, world.pontianak)
    section = sheets_item(home(world.b.user))
    assert "2 lembar menunggu" in section and "1 dari 3 sudah dikirim" in section


def test_an_assessor_whose_sheets_are_all_in_is_told_so(world: World):
    section = sheets_item(home(world.a.user))
    assert "Verifikasi: semua 1 lembar sudah dikirim" in section
    assert "lembar menunggu" not in section


def test_a_late_stage_says_its_deadline_has_passed(world: World):
    world.set_stage("verifikasi", ends=-2)
    html = home(world.b.user)
    assert "1 lembar menunggu" in html
    assert f"batas {tanggal(world.today - dt.timedelta(days=2))} sudah lewat" in html
    assert "1 hal terlambat" in html


def test_a_representative_sees_its_workspace_and_the_deadline(world: World):
    world.set_stage("penilaian_mandiri", ends=5)
    html = home(world.pontianak_rep)
    assert (
        "Ruang kerja Kota Pontianak (tingkat provinsi): penilaian mandiri dibuka sampai "
        f"{tanggal(world.today + dt.timedelta(days=5))}"
    ) in html
    assert "0 dari 4 pertanyaan dijawab, 0 dokumen diunggah, belum dikirim" in html
    assert f'href="/kandidat/{world.pontianak.pk}/"' in html
    assert "1 hal segera jatuh tempo" in html  # five days left


def test_a_representative_whose_deadline_passed_is_told_it_is_late(world: World):
    html = home(world.pontianak_rep)  # the self-assessment ended yesterday
    yesterday = tanggal(world.today - dt.timedelta(days=1))
    assert f"batas penilaian mandiri {yesterday} sudah lewat" in html
    assert "1 hal terlambat" in html


def test_a_chair_sees_the_groups_waiting_for_the_juara(world: World):
    assert "menunggu konfirmasi Anda" not in home(world.chair.user)  # decision stage closed
    world.set_stage("keputusan", status="open", ends=3)
    html = home(world.chair.user)
    assert f"Juara {world.category.name} Kalimantan Barat menunggu konfirmasi Anda" in html
    assert f'href="/hasil/{world.category.pk}/61/"' in html
    assert f"sampai {tanggal(world.today + dt.timedelta(days=3))}" in html
    # Its assessors are not the chair: nothing to confirm for them.
    assert "menunggu konfirmasi Anda" not in home(world.b.user)


def test_the_secretariat_sees_what_is_late_in_its_provinces(world: World):
    html = home(world.kalbar_admin)
    assert "2 penilaian mandiri terlambat" in html  # Pontianak and Sambas
    assert f'href="/sekretariat/{world.cycle.pk}/kemajuan/"' in html
    assert 'href="/sekretariat/"' in html
    html = home(world.kalteng_admin)
    assert "tidak ada yang terlambat" in html and "penilaian mandiri terlambat" not in html
    national = home(world.admin)
    assert "2 penilaian mandiri terlambat" in national
    assert "1 dari 39 babak terlambat" in national  # 38 provinces and the national round


def test_a_data_officer_sees_the_imports_that_failed(world: World, data_officer):
    assert "Tidak ada impor yang gagal atau menunggu" in home(data_officer)
    DataImport.objects.create(
        kind="targets", file_name="target-2025.csv", status="rejected", message="3 baris salah"
    )
    html = home(data_officer)
    assert "Impor target-2025.csv" in html and "ditolak" in html and "3 baris salah" in html
    assert "(Target cakupan)" in html
    assert "Import of target-2025.csv (Coverage targets)" in home(data_officer, "en")
    DataImport.objects.create(kind="targets", file_name="target-2025b.csv", status="imported")
    assert "target-2025.csv" not in home(data_officer)  # a later import of its kind went in


def test_somebody_with_nothing_waiting_gets_the_public_pages(world: World, django_user_model):
    outsider = django_user_model.objects.create_user("warga", password=PASSWORD)
    html = home(outsider)
    assert "Saat ini tidak ada yang menunggu Anda." in html
    assert 'href="/pengumuman/"' in html and 'href="/cakupan/"' in html
    assert "lembar menunggu" not in html and "Sekretariat" not in html.split("<main>")[1]


@pytest.mark.parametrize(
    "who", ["penilai_b", "wakil_pontianak", "sekda", "admin_kalbar", "admin_nasional"]
)
def test_logging_in_lands_on_my_home(world: World, who: str):
    response = Client().post("/masuk/", {"username": who, "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/beranda/"


def test_logging_in_from_a_page_returns_to_it(world: World):
    client = Client()
    assert client.get("/penilaian/").url == "/masuk/?next=/penilaian/"
    response = client.post(
        "/masuk/?next=/penilaian/", {"username": "penilai_b", "password": PASSWORD}
    )
    assert response.status_code == 302 and response.url == "/penilaian/"


def test_the_page_needs_a_login():
    assert Client().get("/beranda/").url == "/masuk/?next=/beranda/"


def _queries(user) -> int:
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/beranda/").status_code == 200
    return len(captured.captured_queries)


def test_the_queries_do_not_grow_with_the_sheets(world: World):
    world.set_stage("keputusan", status="open")
    world.chair.user.represents.create(nomination=world.pontianak)  # every role at once
    for member in (world.b, world.chair):
        assign(
            stage=world.stage("verifikasi"),
            member=member,
            nomination=world.pontianak,
            user=world.admin,
        )
    few = _queries(world.b.user), _queries(world.chair.user), _queries(world.admin)
    more_candidates(world, 6)
    many = _queries(world.b.user), _queries(world.chair.user), _queries(world.admin)
    assert "8 lembar menunggu" in home(world.b.user)
    assert many == few


def test_the_workspace_list_says_where_each_self_assessment_stands(world: World):
    """A representative of two nominees opens "Ruang kerja kandidat" (/kandidat/): each nominee
    with where its self-assessment stands, as on "Beranda saya", and its category and cycle;
    the late one first."""
    from paritrana.awards.models import Representative

    Representative.objects.create(user=world.pontianak_rep, nomination=world.sambas)
    client = Client()
    client.force_login(world.pontianak_rep)
    html = client.get("/kandidat/").content.decode()
    items = html[html.index('id="workspaces"') :]
    yesterday = tanggal(world.today - dt.timedelta(days=1))
    category = world.category
    about = (
        f"{category.display_name} ({category.get_level_display()}) · {category.cycle.display_label}"
    )
    for nominee in ("Kota Pontianak", "Kabupaten Sambas"):
        state = f"batas penilaian mandiri {yesterday} sudah lewat"
        assert f"Ruang kerja {nominee} (tingkat provinsi): {state}" in items
    assert items.count(about) == 2
    assert items.count("0 dari 4 pertanyaan dijawab, 0 dokumen diunggah, belum dikirim") == 2
    assert f'href="/kandidat/{world.sambas.pk}/"' in items
    assert f'href="/kandidat/{world.pontianak.pk}/"' in items
    assert items.count("terlambat") == 2


def test_the_workspace_list_of_one_nominee_opens_its_workspace(world: World):
    client = Client()
    client.force_login(world.pontianak_rep)
    response = client.get("/kandidat/")
    assert response.status_code == 302
    assert response["Location"] == f"/kandidat/{world.pontianak.pk}/"
