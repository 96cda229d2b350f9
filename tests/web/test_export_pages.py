"""The downloads page (/unduhan/): asking for a workbook, its progress, taking the file, and who
may take it; the direct download of one ranking."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from paritrana.coverage.domain.compute import compute_metrics
from paritrana.reports.models import Export, ExportStatus
from tests.assessment import conftest as judging
from tests.assessment.test_results import judge
from tests.store_fixture import warm_store

cast = judging.cast
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def computed(regions, settings, tmp_path):
    settings.PARITRANA_STORE_DIR = warm_store(tmp_path / "store")
    return compute_metrics(year=2025)


@pytest.fixture
def people(django_user_model):
    return (
        django_user_model.objects.create_user("warga", password="rahasia-123"),
        django_user_model.objects.create_user("tetangga", password="rahasia-123"),
    )


def _workbook(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(content))


def test_a_coverage_export_is_asked_for_built_and_downloaded(client, computed, media, people):
    asker, other = people
    client.force_login(asker)
    page = client.get("/unduhan/").content.decode()
    assert 'id="form-cakupan"' in page and 'id="form-nilai"' not in page
    response = client.post("/unduhan/", {"kind": "cakupan", "year": "2025"})
    assert response.status_code == 302 and response.url == "/unduhan/"
    export = Export.objects.get(requested_by=asker)
    assert export.status == ExportStatus.DONE
    listed = client.get("/unduhan/").content.decode()
    assert f'href="/unduhan/{export.pk}/berkas"' in listed
    assert "cakupan-2025.xlsx" in listed
    download = client.get(f"/unduhan/{export.pk}/berkas")
    assert download.status_code == 200 and download["Content-Type"] == XLSX
    assert 'filename="cakupan-2025.xlsx"' in download["Content-Disposition"]
    book = _workbook(download)
    rows = {r[1]: r for r in book["Wilayah"].iter_rows(min_row=2, values_only=True)}
    assert rows["61.04"][2] == "Kabupaten Ketapang"
    # Someone else may not take it.
    client.force_login(other)
    refused = client.get(f"/unduhan/{export.pk}/berkas")
    assert refused.status_code == 403
    assert "hanya dapat diunduh oleh yang memintanya" in refused.content.decode()
    assert f"/unduhan/{export.pk}/berkas" not in client.get("/unduhan/").content.decode()


def test_the_national_admin_may_take_anyones_file(client, cast, media):
    client.force_login(cast.outsider)
    client.post("/unduhan/", {"kind": "cakupan", "year": "2025"})
    export = Export.objects.get()
    client.force_login(cast.admin)
    assert client.get(f"/unduhan/{export.pk}/berkas").status_code == 200


def test_progress_is_polled_while_the_export_waits(client, computed, media, people, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    asker, _other = people
    client.force_login(asker)
    client.post("/unduhan/", {"kind": "cakupan", "year": "2025"})
    client.post("/unduhan/", {"kind": "cakupan", "year": "2025"})  # the same one, not another
    export = Export.objects.get()
    assert export.status == ExportStatus.QUEUED
    page = client.get("/unduhan/").content.decode()
    assert 'hx-get="/unduhan/"' in page and 'hx-trigger="every 2s"' in page
    Export.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, done=2000, total=8000)
    partial = client.get("/unduhan/", headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<section id="export-list"')
    assert 'aria-valuenow="25"' in partial and "2.000 / 8.000" in partial
    # Not finished: no file to take yet.
    assert client.get(f"/unduhan/{export.pk}/berkas").status_code == 404


def test_a_forbidden_kind_gives_the_indonesian_message(client, cast, media):
    client.force_login(cast.outsider)
    response = client.post("/unduhan/", {"kind": "nilai", "panel": str(cast.panel.pk)})
    assert response.status_code == 403
    html = response.content.decode()
    assert (
        "Nilai penilai hanya dapat diunduh oleh anggota tim penilai yang bersangkutan, admin "
        "provinsinya dan admin nasional." in html
    )
    assert not Export.objects.exists()
    bad = client.post("/unduhan/", {"kind": "cakupan", "year": "dua ribu"})
    assert bad.status_code == 400 and "Tahun tidak valid" in bad.content.decode()


def test_a_panel_member_asks_for_the_panel_scores(client, cast, media):
    judge(cast)
    client.force_login(cast.chair.user)
    page = client.get("/unduhan/").content.decode()
    assert 'id="form-nilai"' in page and 'id="form-kandidat"' in page
    assert f'href="/hasil/{cast.category.pk}/61/peringkat.xlsx"' in page
    client.post("/unduhan/", {"kind": "nilai", "panel": str(cast.panel.pk)})
    export = Export.objects.get(requested_by=cast.chair.user)
    assert export.status == ExportStatus.DONE, export.message
    book = _workbook(client.get(f"/unduhan/{export.pk}/berkas"))
    assert book["Nilai"].max_row == 1 + 16


def test_the_ranking_workbook_is_sent_at_once_to_those_who_see_the_ranking(client, cast):
    judge(cast)
    url = f"/hasil/{cast.category.pk}/61/peringkat.xlsx"
    client.force_login(cast.chair.user)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "peringkat-2025-pemda-kabkota-61.xlsx" in response["Content-Disposition"]
    sheet = _workbook(response)["Peringkat"]
    assert sheet["D2"].value == "Kabupaten Ketapang" and sheet["A2"].value == 1
    client.force_login(cast.outsider)
    refused = client.get(url)
    assert refused.status_code == 403 and "anggota tim penilai" in refused.content.decode()


def test_the_downloads_need_a_login(client):
    assert client.get("/unduhan/").status_code == 302
    assert client.get("/unduhan/1/berkas").status_code == 302


def test_the_rankings_to_take_at_once_are_grouped_by_panel(client, cast):
    """The national admin sees every province's rankings: one folded group per panel, named
    with its count, instead of one long list; somebody with one panel has it open."""
    judging.nominate(
        cast.cycle.categories.get(level="provinsi", code="pemda-kabkota"),
        "64.01",
        "Kabupaten Paser",
        "64",
    )
    east = judging.create_panel(cycle=cast.cycle, level="provinsi", province="64", user=cast.admin)
    client.force_login(cast.admin)
    html = client.get("/unduhan/").content.decode()
    block = html.split('id="ranking-links"', 1)[1].split("</div>", 1)[0]
    groups = block.split('<details class="ranking-panel"')[1:]
    assert len(groups) == 2
    for panel, code in ((cast.panel, "61"), (east, "64")):
        (group,) = [
            g
            for g in groups
            if f"{panel.name} · {cast.cycle.name} (penilaian 2025) · 1 peringkat" in g
        ]
        assert not group.startswith(" open")  # folded: about 40 panels nationally
        assert f'href="/hasil/{cast.category.pk}/{code}/peringkat.xlsx"' in group

    client.force_login(cast.chair.user)
    html = client.get("/unduhan/").content.decode()
    block = html.split('id="ranking-links"', 1)[1].split("</div>", 1)[0]
    assert block.count('<details class="ranking-panel" open>') == 1
    assert f"{cast.panel.name} · {cast.cycle.name} (penilaian 2025) · 1 peringkat" in block
    assert "/64/peringkat.xlsx" not in block
