"""Pages that keep their figures in memory until the data changes (`paritrana.versions`): the
progress board, a ranking (page and API), the panel page, the assessor's list.

Each test fills the memory first (a second request is served with fewer queries: it was
kept), then writes through the command a person would use, and reads the page again: it must
show the new figure at once. Who may see what is still asked on every request: a conflicted
assessor gets no scores of that candidate from a ranking another reader left in memory."""

from __future__ import annotations

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.domain.scores import Entry
from paritrana.commands.scores import save_sheet
from tests.assessment import conftest as judging
from tests.assessment.test_results import judge, score
from tests.secretariat.progress_world import world

cast, judged = judging.cast, judging.judged
__all__ = ["cast", "judged", "world"]

THREES = {"regulasi": Entry(3), "anggaran": Entry(3), "inovasi": Entry(3)}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _queries(client: Client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content.decode()[:500]
    return response.content.decode(), len(queries)


def _kept(client: Client, url: str) -> str:
    """The page, read twice: the second time from memory (fewer queries)."""
    _html, first = _queries(client, url)
    html, second = _queries(client, url)
    assert second < first, (first, second)
    return html


def _board_row(html: str, province: str = "61", category: str = "pemda-kabkota") -> str:
    marker = f'data-province="{province}" data-category="{category}"'
    return html.split(marker, 1)[1].split("</tr>", 1)[0]


# -- the progress board ---------------------------------------------------------------------


def test_the_kept_board_counts_a_sheet_submitted_after_it(world):
    board_url = f"/sekretariat/{world.cycle.pk}/kemajuan/"
    admin = client_for(world.admin)
    assert "1 / 2" in _board_row(_kept(admin, board_url))  # sheets: A submitted, B not yet
    save_sheet(
        world.b.user,
        stage=world.stage("verifikasi"),
        nomination=world.ketapang,
        entries=THREES,
        submit=True,
    )
    row = _board_row(client_for(world.admin).get(board_url).content.decode())
    assert "2 / 2" in row and "1 / 2" not in row


def test_a_provincial_admin_never_gets_the_national_board_kept_for_another(world):
    board_url = f"/sekretariat/{world.cycle.pk}/kemajuan/"
    html = _kept(client_for(world.admin), board_url)
    assert "Aceh" in html and 'id="board-national"' in html
    html = client_for(world.kalbar_admin).get(board_url).content.decode()
    assert "Kalimantan Barat" in html
    assert "Aceh" not in html and 'id="board-national"' not in html


def test_the_kept_board_and_ranking_show_a_juara_confirmed_after_them(judged):
    cast = judged
    board_url = f"/sekretariat/{cast.cycle.pk}/kemajuan/"
    admin, chair = client_for(cast.admin), client_for(cast.chair.user)
    assert "belum" in _board_row(_kept(admin, board_url))  # no Juara confirmed yet
    html = _kept(chair, judging.ranking_url(cast))
    assert "Juara I" not in judging.ranking_row(html, cast.ketapang)
    response = chair.post(
        judging.ranking_url(cast),
        judging.confirmation(cast.ketapang, cast.pontianak),
    )
    assert response.status_code == 302
    html = chair.get(judging.ranking_url(cast)).content.decode()
    assert "Juara I" in judging.ranking_row(html, cast.ketapang)
    assert "Juara II" in judging.ranking_row(html, cast.pontianak)
    assert "dikonfirmasi (2 peringkat)" in _board_row(admin.get(board_url).content.decode())


# -- a ranking ------------------------------------------------------------------------------


def test_the_kept_ranking_shows_a_sheet_submitted_after_it(cast):
    verification = cast.open("verifikasi")
    score(cast, verification, cast.a, cast.pontianak, regulasi=3, anggaran=2, inovasi=3)
    assign(stage=verification, member=cast.b, nomination=cast.pontianak, user=cast.admin)
    chair = client_for(cast.chair.user)
    # Verification of Pontianak by A alone: (50 x .25 + 25 x .10 + 50 x .15) / .5 = 45.
    assert '<td class="num">45,00</td>' in judging.ranking_row(
        _kept(chair, judging.ranking_url(cast)), cast.pontianak
    )
    entries = {"regulasi": Entry(4), "anggaran": Entry(4), "inovasi": Entry(3)}
    save_sheet(
        cast.b.user, stage=verification, nomination=cast.pontianak, entries=entries, submit=True
    )
    # With B's sheet, the medians 3.5, 3, 3: (62.5 x .25 + 50 x .10 + 50 x .15) / .5 = 56.25.
    row = judging.ranking_row(chair.get(judging.ranking_url(cast)).content.decode(), cast.pontianak)
    assert '<td class="num">56,25</td>' in row and "45,00" not in row


def test_a_conflicted_assessor_gets_no_scores_from_a_ranking_kept_for_the_chair(cast):
    judge(cast)
    html = _kept(client_for(cast.chair.user), judging.ranking_url(cast))
    assert "66,92" in judging.ranking_row(html, cast.ketapang)
    barred = client_for(cast.ketapang_member.user)
    ketapang = judging.ranking_row(
        barred.get(judging.ranking_url(cast)).content.decode(), cast.ketapang
    )
    assert "disembunyikan: Anda berkonflik kepentingan" in ketapang
    assert "66,92" not in ketapang and "78,85" not in ketapang and "breakdown-link" not in ketapang
    # ...and the chair, after them, still sees every figure.
    html = client_for(cast.chair.user).get(judging.ranking_url(cast)).content.decode()
    assert "66,92" in judging.ranking_row(html, cast.ketapang)
    assert "conflict-note" not in html


def test_a_conflicted_assessor_gets_no_scores_from_the_api_ranking_kept_for_the_chair(cast):
    judge(cast)
    url = f"/api/v1/penilaian/hasil/{cast.category.pk}/61"
    chair = client_for(cast.chair.user)
    rows = {r["candidate"]: r for r in chair.get(url).json()["rows"]}
    assert rows["Kabupaten Ketapang"]["total"] is not None
    with CaptureQueriesContext(connection) as again:
        chair.get(url)
    barred = client_for(cast.ketapang_member.user)
    with CaptureQueriesContext(connection) as theirs:
        rows = {r["candidate"]: r for r in barred.get(url).json()["rows"]}
    assert len(theirs) <= len(again) + 2  # the kept ranking, only their conflicts read anew
    ketapang = rows["Kabupaten Ketapang"]
    assert ketapang["conflict"] is True
    assert ketapang["total"] is None and ketapang["assessor_raw"] is None
    assert ketapang["rank"] is None and ketapang["place"] is None
    assert rows["Kota Pontianak"]["assessor_raw"] is not None


# -- the panel page and the assessor's list -------------------------------------------------


def test_the_kept_panel_page_shows_an_assignment_made_after_it(cast):
    verification = cast.open("verifikasi")
    url = f"/panel/{cast.panel.pk}/?tahap={verification.pk}"
    chair = client_for(cast.chair.user)
    html = _kept(chair, url)
    row = html.split(f'<tr data-nomination="{cast.pontianak.pk}">', 1)[1].split("</tr>", 1)[0]
    assert 'class="num shortfall">0/2</td>' in row
    response = chair.post(
        f"/panel/{cast.panel.pk}/",
        {"assign": f"{cast.a.pk}-{cast.pontianak.pk}", "tahap": verification.pk},
    )
    assert response.status_code == 302
    html = chair.get(url).content.decode()
    row = html.split(f'<tr data-nomination="{cast.pontianak.pk}">', 1)[1].split("</tr>", 1)[0]
    assert 'class="num shortfall">1/2</td>' in row
    # The matrix's form carries the reader's own token, not a placeholder kept.
    matrix = html.split('id="matrix-form"', 1)[1]
    assert "\x00" not in matrix
    assert re.search(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"', matrix)


def test_the_kept_assessors_list_shows_a_sheet_submitted_after_it(cast):
    verification = cast.open("verifikasi")
    assign(stage=verification, member=cast.a, nomination=cast.pontianak, user=cast.admin)
    assessor = client_for(cast.a.user)
    html = _kept(assessor, "/penilaian/")
    row = html.split("Kota Pontianak", 1)[1].split("</tr>", 1)[0]
    assert "Belum dinilai" in row
    entries = {"regulasi": Entry(3), "anggaran": Entry(2), "inovasi": Entry(3)}
    save_sheet(
        cast.a.user, stage=verification, nomination=cast.pontianak, entries=entries, submit=True
    )
    row = assessor.get("/penilaian/").content.decode().split("Kota Pontianak", 1)[1]
    assert "Terkirim" in row.split("</tr>", 1)[0]


def test_the_kept_api_task_list_shows_a_sheet_submitted_after_it(cast):
    verification = cast.open("verifikasi")
    assign(stage=verification, member=cast.a, nomination=cast.pontianak, user=cast.admin)
    assessor = client_for(cast.a.user)

    def pontianak() -> str:
        tasks = assessor.get("/api/v1/penilaian/tugas").json()
        return next(t["status"] for t in tasks if t["candidate"] == "Kota Pontianak")

    assert pontianak() == "belum"
    with CaptureQueriesContext(connection) as again:
        assert pontianak() == "belum"
    entries = {"regulasi": Entry(3), "anggaran": Entry(2), "inovasi": Entry(3)}
    save_sheet(
        cast.a.user, stage=verification, nomination=cast.pontianak, entries=entries, submit=True
    )
    with CaptureQueriesContext(connection) as anew:
        assert pontianak() == "terkirim"
    assert len(again) < len(anew)  # the second list came from memory


def test_the_kept_api_categories_show_a_category_renamed_after_them(cast):
    from paritrana.commands.setup import update_category

    url = f"/api/v1/siklus/{cast.cycle.assessment_year}/kategori"
    reader = Client()

    def names() -> list[str]:
        return [c["name"] for c in reader.get(url).json()["items"]]

    before = cast.category.name
    assert names().count(before) == 2  # the provincial and the national round's
    assert names().count(before) == 2  # again: from memory
    update_category(cast.admin, category=cast.category, name="Pemkab/Pemkot Teladan")
    assert "Pemkab/Pemkot Teladan" in names()
    assert names().count(before) == 1  # the national round's category of that name stays


# -- writes made outside a command ----------------------------------------------------------


def test_a_metric_recompute_in_the_background_moves_the_data_version(cast):
    """The data-based scores read the coverage summaries, which a background task replaces
    without a command: the replacement moves the version itself."""
    from paritrana import versions
    from paritrana.coverage.domain.compute import compute_metrics

    before = versions.current()
    compute_metrics(year=2025)
    assert versions.current() != before


def test_the_api_candidate_list_drops_a_candidate_right_after_a_conflict_is_declared(cast):
    """The chair's list reads its panel's candidates and their conflicts from memory; a
    conflict declared after that (through the command) hides the candidate at once."""
    from paritrana.commands.judging import declare_conflict

    chair = client_for(cast.chair.user)

    def names() -> list[str]:
        return sorted(row["name"] for row in chair.get("/api/v1/kandidat/").json()["items"])

    assert names() == ["Kabupaten Ketapang", "Kota Pontianak"]
    with CaptureQueriesContext(connection) as again:
        assert names() == ["Kabupaten Ketapang", "Kota Pontianak"]
    declare_conflict(
        cast.chair.user,
        member=cast.chair,
        nomination=cast.pontianak,
        kind="keluarga",
        reason="Saudara kandung Wali Kota",
    )
    with CaptureQueriesContext(connection) as anew:
        assert names() == ["Kabupaten Ketapang"]
    assert len(again) < len(anew)  # the second list came from memory, the third computed anew
