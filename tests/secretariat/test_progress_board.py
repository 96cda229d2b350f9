"""The national progress board: its figures on a small world, what is late, who sees which
province, the workbook, the API and the CLI, and a query count that does not grow with the
number of candidates."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from paritrana import versions
from paritrana.assessment.domain.progress import board, province_detail
from paritrana.assessment.models import Assignment, Decision, ScoreSheet
from paritrana.awards.models import Nomination, NominationSource, SelfAssessment
from paritrana.cli import main
from tests.secretariat.progress_world import World, evidence, nominate, world

__all__ = ["world"]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def kalbar_line(w: World, **kwargs):
    found = board(cycle=w.cycle, **kwargs)
    block = next(b for b in found.provinces if b.code == "61")
    return next(line for line in block.lines if line.category_code == "pemda-kabkota")


def test_it_counts_a_provinces_round(world):
    f = kalbar_line(world).figures
    assert (f.nominees, f.submitted, f.evidence) == (3, 1, 2)
    assert (f.sheets_done, f.sheets_due) == (1, 2)
    assert (f.interviews_held, f.interviews, f.places, f.promoted) == (0, 0, 0, 0)


def test_it_says_how_each_provinces_team_is_seated(world):
    blocks = {b.code: b for b in board(cycle=world.cycle).provinces}
    assert blocks["61"].team.words == "tim penilai 3 orang"  # the Sekda chairs, two assessors
    assert blocks["62"].team.words == "belum ada tim penilai"
    world.chair.delete()
    blocks = {b.code: b for b in board(cycle=world.cycle).provinces}
    assert blocks["61"].team.words == "tim penilai 2 orang, belum ada ketua"


def test_it_lists_every_province_by_name(world):
    found = board(cycle=world.cycle)
    names = [b.name for b in found.provinces]
    assert len(names) == 38
    assert names == sorted(names)
    assert {line.category_code for line in found.national} >= {"pemda-kabkota"}


def test_it_says_in_words_what_is_late(world):
    f = kalbar_line(world).figures
    assert f.late == ["2 penilaian mandiri terlambat"]
    world.set_stage("verifikasi", ends=-2)
    world.set_stage("keputusan", status="open", ends=-1)  # late only while the stage is open
    f = kalbar_line(world).figures
    assert f.late == [
        "2 penilaian mandiri terlambat",
        "1 lembar nilai terlambat",
        "1 keputusan Juara terlambat",
    ]


def test_nothing_is_late_before_the_end_dates(world):
    world.set_stage("penilaian_mandiri", ends=3)
    assert kalbar_line(world).figures.late == []


def test_it_counts_confirmed_juara_and_promotion(world):
    for place, nomination in enumerate([world.ketapang, world.pontianak], start=1):
        Decision.objects.create(
            category=world.category,
            group="61",
            place=place,
            nomination=nomination,
            total=80 - place,
            confirmed_by=world.chair.user,
        )
    national = world.cycle.categories.get(level="nasional", code="pemda-kabkota")
    Nomination.objects.create(
        category=national,
        province="61",
        entity="kabkota",
        key="61.04",
        name="Kabupaten Ketapang",
        region_code="61.04",
        source=NominationSource.PROMOTED,
    )
    world.set_stage("keputusan", ends=-1)
    f = kalbar_line(world).figures
    assert (f.places, f.decided, f.promoted, f.decisions_late) == (2, 1, 1, 0)
    found = board(cycle=world.cycle)
    line = next(n for n in found.national if n.category_id == national.pk)
    assert (line.figures.nominees, line.figures.groups, line.figures.decided) == (1, 1, 0)


def test_the_drill_down_says_who_is_missing(world):
    world.set_stage("verifikasi", ends=-1)
    detail = province_detail(cycle=world.cycle, province="61")
    assert detail.name == "Kalimantan Barat"
    part = next(p for p in detail.categories if p.line.category_code == "pemda-kabkota")
    by_name = {c.name: c for c in part.candidates}
    ketapang = by_name["Kabupaten Ketapang"]
    assert (ketapang.sheets_done, ketapang.sheets_due, ketapang.evidence) == (1, 2, 2)
    assert [s.assessor for s in ketapang.missing_sheets] == ["Penilai_B"]
    assert ketapang.late == ["1 lembar nilai terlambat"]
    assert by_name["Kota Pontianak"].late == ["penilaian mandiri terlambat"]
    assessors = {m.name: m for m in detail.assessors}
    assert (assessors["Penilai_B"].done, assessors["Penilai_B"].due) == (0, 1)
    assert assessors["Penilai_B"].missing == ["Kabupaten Ketapang"]
    assert assessors["Penilai_A"].missing == []


# -- pages ------------------------------------------------------------------------------------


def test_the_board_page_shows_the_figures_and_late_in_words(world):
    response = client_for(world.admin).get(f"/sekretariat/{world.cycle.pk}/kemajuan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Papan kemajuan" in html
    assert "Kalimantan Barat" in html and "Aceh" in html
    assert "1 / 3" in html  # self-assessments submitted of nominees
    assert "1 / 2" in html  # sheets
    assert "2 penilaian mandiri terlambat" in html
    assert "tim penilai 3 orang" in html and "belum ada tim penilai" in html
    assert 'id="board-national"' in html
    assert f"/sekretariat/{world.cycle.pk}/kemajuan/61/" in html


def test_the_board_can_show_the_late_rows_only(world):
    """38 provinces x 4 categories make a page 15,000 px long; a secretariat chasing the late
    ones asks for those only. Kalimantan Barat's two self-assessments are late; Kalimantan
    Tengah's one nominee has submitted, and the provinces without nominees have nothing due."""
    kalteng = nominate(world.category, "62.01", "Kabupaten Kotawaringin Barat", "62")
    SelfAssessment.objects.create(nomination=kalteng, submitted_at=timezone.now())
    client = client_for(world.admin)
    url = f"/sekretariat/{world.cycle.pk}/kemajuan/"
    every = client.get(url).content.decode()
    assert 'data-province="62"' in every and 'data-province="11" class="empty"' in every
    assert 'name="terlambat" value="1">' in every  # not checked
    assert 'href="#national-round"' in every and '<h2 id="national-round">' in every

    late = client.get(url, {"terlambat": "1"}).content.decode()
    board = late.split('id="board-provinces"', 1)[1].split("</table>", 1)[0]
    assert set(re.findall(r'data-province="(\d+)"', board)) == {"61"}
    assert "2 penilaian mandiri terlambat" in board
    assert 'name="terlambat" value="1" checked>' in late
    assert 'id="board-national"' in late  # the national round stays whole
    # One board for both filters; each filter's rows kept beside it.
    assert (versions.kept_count("progress.board"), versions.kept_count("progress.rows")) == (1, 2)

    for draft in SelfAssessment.objects.filter(submitted_at=None):
        draft.submitted_at = timezone.now()
        draft.save()
    SelfAssessment.objects.create(nomination=world.sambas, submitted_at=timezone.now())
    versions.moved()  # as the commands that submit do: the board is computed again
    none = client.get(url, {"terlambat": "1"}).content.decode()
    assert 'id="board-provinces"' not in none
    assert "Tidak ada provinsi yang terlambat." in none


def test_a_provincial_admin_sees_its_own_province_only(world):
    client = client_for(world.kalbar_admin)
    html = client.get(f"/sekretariat/{world.cycle.pk}/kemajuan/").content.decode()
    assert "Kalimantan Barat" in html
    assert "Aceh" not in html and 'id="board-national"' not in html
    assert client.get(f"/sekretariat/{world.cycle.pk}/kemajuan/61/").status_code == 200
    refused = client.get(f"/sekretariat/{world.cycle.pk}/kemajuan/62/")
    assert refused.status_code == 403
    assert "admin provinsi" in refused.content.decode()


def test_others_are_refused_with_a_reason(world):
    response = client_for(world.a.user).get(f"/sekretariat/{world.cycle.pk}/kemajuan/")
    assert response.status_code == 403
    assert "Papan kemajuan hanya untuk admin nasional" in response.content.decode()


def test_the_drill_down_page(world):
    response = client_for(world.admin).get(f"/sekretariat/{world.cycle.pk}/kemajuan/61/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kabupaten Sambas" in html and "Penilai_B" in html
    assert "belum dikirim" in html
    assert (
        client_for(world.admin).get(f"/sekretariat/{world.cycle.pk}/kemajuan/99/").status_code
        == 404
    )


def test_the_workbook_holds_the_boards_figures(world):
    response = client_for(world.kalbar_admin).get(f"/sekretariat/{world.cycle.pk}/kemajuan.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Kemajuan"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    assert {r["Provinsi"] for r in rows} == {"Kalimantan Barat"}  # its own province only
    row = next(r for r in rows if r["Kategori"] == world.category.name)
    assert row["Nomine"] == 3
    assert row["Penilaian mandiri terkirim"] == 1
    assert row["Bukti"] == 2
    assert (row["Lembar nilai terkirim"], row["Lembar nilai wajib"]) == (1, 2)
    assert row["Terlambat"] == "2 penilaian mandiri terlambat"
    assert "Keterangan" in book.sheetnames


# -- API and CLI --------------------------------------------------------------------------------


def test_the_api_gives_the_same_figures(world):
    client = client_for(world.admin)
    data = client.get("/api/v1/kemajuan/2025").json()
    kalbar = next(p for p in data["provinces"] if p["code"] == "61")
    line = next(x for x in kalbar["lines"] if x["category_code"] == "pemda-kabkota")
    f = line["figures"]
    assert (f["nominees"], f["submitted"], f["evidence"], f["sheets_done"], f["sheets_due"]) == (
        3,
        1,
        2,
        1,
        2,
    )
    assert f["late"] == ["2 penilaian mandiri terlambat"]
    detail = client.get("/api/v1/kemajuan/2025/provinsi/61").json()
    assert {a["name"]: a["missing"] for a in detail["assessors"]}["Penilai_B"] == [
        "Kabupaten Ketapang"
    ]


def test_the_api_keeps_a_provincial_admin_to_its_province(world):
    client = client_for(world.kalbar_admin)
    data = client.get("/api/v1/kemajuan/2025").json()
    assert [p["code"] for p in data["provinces"]] == ["61"] and data["national"] == []
    refused = client.get("/api/v1/kemajuan/2025/provinsi/62")
    assert refused.status_code == 403
    assert "admin provinsi" in refused.json()["error"]["message"]


def test_the_cli_prints_and_writes_the_board(world, capsys, tmp_path):
    out = tmp_path / "kemajuan.xlsx"
    code = main(["kemajuan", "--tahun", "2025", "--provinsi", "61", "--xlsx", str(out), "--json"])
    assert code == 0
    lines = json.loads(capsys.readouterr().out)
    line = next(x for x in lines if x["kategori"] == "pemda-kabkota")
    assert (line["nominees"], line["submitted"], line["sheets_done"]) == (3, 1, 1)
    assert load_workbook(out)["Kemajuan"].max_row == 5  # header + the four categories
    assert (
        main(["kemajuan", "--tahun", "2025", "--sebagai", "admin_kalteng", "--provinsi", "61"]) == 2
    )
    assert "admin provinsi" in capsys.readouterr().err


# -- the number of queries ---------------------------------------------------------------------


def add_candidates(w: World, count: int, start: int) -> None:
    """`count` more candidates spread over three provinces, each with a submitted
    self-assessment, an evidence item, and two assignments (one sheet submitted)."""
    verification = w.stage("verifikasi")
    for i in range(start, start + count):
        province = ("61", "62", "63")[i % 3]
        n = nominate(w.category, f"{province}.9{i:03d}", f"Kandidat {i}", province)
        SelfAssessment.objects.create(nomination=n, submitted_at=timezone.now())
        evidence(n, f"Bukti {i}")
        for member in (w.a, w.b):
            Assignment.objects.create(
                stage=verification, member=member, nomination=n, method="manual"
            )
        ScoreSheet.objects.create(
            stage=verification, member=w.a, nomination=n, submitted_at=timezone.now()
        )


def queries(func) -> int:
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured.captured_queries)


@pytest.mark.parametrize("page", ["board", "drill-down", "xlsx", "api"])
def test_the_query_count_does_not_grow_with_the_candidates(world, page):
    client = client_for(world.admin)
    url = {
        "board": f"/sekretariat/{world.cycle.pk}/kemajuan/",
        "drill-down": f"/sekretariat/{world.cycle.pk}/kemajuan/61/",
        "xlsx": f"/sekretariat/{world.cycle.pk}/kemajuan.xlsx",
        "api": "/api/v1/kemajuan/2025",
    }[page]
    client.get(url)  # warm the session and caches
    add_candidates(world, 6, 0)
    small = queries(lambda: client.get(url))
    add_candidates(world, 12, 6)
    large = queries(lambda: client.get(url))
    assert small == large
    assert Nomination.objects.count() == 3 + 18


def test_late_counts_are_written_as_bahasa_indonesia_writes_them():
    from paritrana.assessment.domain.progress import Figures

    figures = Figures(sheets_late=1917, submissions_late=800, decisions_late=1)
    assert figures.late == [
        "800 penilaian mandiri terlambat",
        "1.917 lembar nilai terlambat",
        "1 keputusan Juara terlambat",
    ]


@pytest.mark.parametrize(("language", "shown"), [("id", "949 / 2.889"), ("en", "949 / 2,889")])
def test_the_boards_figures_have_thousands_separators(language, shown):
    """A national board counts thousands of sheets: "949 / 2889" was hard to read."""
    from django.utils import translation

    from paritrana.assessment.domain.progress import Figures, Line
    from paritrana.web.views.progress import _row

    figures = Figures(nominees=1200, submitted=950, sheets_due=2889, sheets_done=949, evidence=4100)
    line = Line("provinsi", "61", "Kalimantan Barat", 1, "pemda-kabkota", "Kab/Kota", figures)
    with translation.override(language):
        cells = str(_row(line)["cells"])
    assert f"{shown}</td>" in cells
    assert ("1.200" if language == "id" else "1,200") in cells
    assert "2889" not in cells


def test_a_companys_interview_says_its_leadership_attended_not_a_regional_head(world):
    import datetime as dt

    from django.utils import timezone

    from paritrana.assessment.models import Attendance, InterviewSlot
    from paritrana.awards.models import Nomination, NominationSource

    category = world.cycle.categories.get(level="provinsi", code="perusahaan-besar-menengah")
    company = Nomination.objects.create(
        category=category,
        province="61",
        entity="perusahaan",
        key="PT-61-0001",
        name="PT Jaya Sejahtera",
        region_code="61.04",
        source=NominationSource.MANUAL,
    )
    InterviewSlot.objects.create(
        stage=world.stage("wawancara"),
        nomination=company,
        starts_at=timezone.now() - dt.timedelta(days=1),
        attendance=Attendance.HEAD_IN_PERSON,
    )
    detail = province_detail(cycle=world.cycle, province="61")
    part = next(p for p in detail.categories if p.line.category_code == category.code)
    [line] = part.candidates
    assert line.interview == "Pimpinan perusahaan hadir langsung"
