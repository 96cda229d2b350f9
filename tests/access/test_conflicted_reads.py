"""Issue 13, item 2: a conflict of interest bars a member from a candidate's scores, comments,
breakdown and rank on every read, and an assessor takes away only the candidates assigned to
them.

As in the demo, an academic of the Kalimantan Barat team (here assessor `b`) declares a conflict
with Kota Pontianak (after scoring it: the ranking then leaves their sheets out). They still sit
on the panel, so they may open the ranking: Pontianak's row is withheld there, in its workbook,
in the panel's rankings and scores workbooks and over the API, with the same note everywhere.
"""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from paritrana.access.policy import WITHHELD, barred_nominations, visible_rows
from paritrana.access.tokens import issue
from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.domain.conflicts import declare
from paritrana.assessment.domain.results import compute
from paritrana.reports.workbooks import write_candidates, write_rankings, write_scores
from tests.assessment import conftest as judging
from tests.assessment.test_results import judge

cast = judging.cast


@pytest.fixture
def conflicted(cast):
    judge(cast)
    declare(
        member=cast.b,
        nomination=cast.pontianak,
        kind="pendampingan",
        reason="Tenaga ahli penyusunan peraturan Wali Kota Pontianak (2024).",
        user=cast.b.user,
    )
    return cast


def _figures(row) -> list[str]:
    """The figures of a ranking row as the page prints them (two decimals, decimal comma)."""
    values = [row.total, row.assessor_raw, row.assessor_normalised, row.data_total]
    return [f"{v:.2f}".replace(".", ",") for v in values if v is not None]


def _page_row(html: str, nomination) -> str:
    return html.split(f'data-nomination="{nomination.pk}"', 1)[1].split("</tr>", 1)[0]


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(cast) -> str:
    return f"/hasil/{cast.category.pk}/61/"


def test_the_ranking_page_withholds_the_barred_candidates_row(conflicted):
    c = conflicted
    result = compute(category=c.category, group="61")
    pontianak, ketapang = result.row(c.pontianak), result.row(c.ketapang)
    assert pontianak.total is not None and pontianak.rank == 2
    html = _login(c.b.user).get(_url(c)).content.decode()
    row = _page_row(html, c.pontianak)
    assert "Kota Pontianak" in row and WITHHELD in row
    assert not [f for f in _figures(pontianak) if f in row], row
    assert 'class="num">2<' not in row and "breakdown-link" not in row
    # Listed last, after the candidate they may read, whose figures they see.
    assert html.index(f'data-nomination="{c.ketapang.pk}"') < html.index(
        f'data-nomination="{c.pontianak.pk}"'
    )
    assert all(f in _page_row(html, c.ketapang) for f in _figures(ketapang))
    # The chair, not conflicted, sees Pontianak's figures.
    chair = _page_row(_login(c.chair.user).get(_url(c)).content.decode(), c.pontianak)
    assert WITHHELD not in chair and all(f in chair for f in _figures(pontianak))
    # Its breakdown is refused, with the reason.
    response = _login(c.b.user).get(f"{_url(c)}{c.pontianak.pk}/")
    assert response.status_code == 403 and "berkonflik kepentingan" in response.content.decode()


def _sheet_rows(content: bytes, title: str) -> dict[str, dict[str, object]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True)[title]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    # A read-only sheet leaves out a row's trailing empty cells.
    full = [(*r, *[None] * (len(header) - len(r))) for r in rows[1:]]
    return {str(r[3]): dict(zip(header, r, strict=True)) for r in full}


def _assert_withheld(rows: dict[str, dict[str, object]], result, cast) -> None:
    withheld = rows[f"Kota Pontianak ({WITHHELD})"]
    assert withheld["Peringkat"] is None and withheld["Juara"] in (None, "")
    figures = {k: v for k, v in withheld.items() if k not in ("Kode kandidat", "Kandidat")}
    assert all(v in (None, "") for v in figures.values()), figures
    ketapang = rows["Kabupaten Ketapang"]
    assert ketapang["Peringkat"] == 1
    assert ketapang["Nilai yang diperingkat"] == pytest.approx(result.row(cast.ketapang).total)


def test_the_ranking_workbook_withholds_it(conflicted):
    c = conflicted
    response = _login(c.b.user).get(f"{_url(c)}peringkat.xlsx")
    assert response.status_code == 200
    result = compute(category=c.category, group="61")
    _assert_withheld(_sheet_rows(response.content, "Peringkat"), result, c)
    # The national admin's copy has Pontianak's figures.
    admin = _sheet_rows(_login(c.admin).get(f"{_url(c)}peringkat.xlsx").content, "Peringkat")
    assert admin["Kota Pontianak"]["Nilai yang diperingkat"] == pytest.approx(
        result.row(c.pontianak).total
    )


def test_the_panels_rankings_workbook_withholds_it(conflicted):
    c = conflicted
    buffer = io.BytesIO()
    write_rankings(buffer, panel=c.panel, user=c.b.user, requested_by=c.b.user.username)
    result = compute(category=c.category, group="61")
    _assert_withheld(_sheet_rows(buffer.getvalue(), "pemda-kabkota 61"), result, c)


def test_the_scores_workbook_holds_none_of_its_scores_or_comments(conflicted):
    c = conflicted
    buffer = io.BytesIO()
    write_scores(buffer, panel=c.panel, user=c.b.user)
    sheet = load_workbook(io.BytesIO(buffer.getvalue()), read_only=True)["Nilai"]
    candidates = {r[3] for r in list(sheet.iter_rows(values_only=True))[1:]}
    assert candidates == {"Kabupaten Ketapang"}


def test_the_api_ranking_withholds_it(conflicted):
    c = conflicted
    _token, secret = issue(user=c.b.user, name="uji", scopes=["baca"])
    response = Client().get(
        f"/api/v1/penilaian/hasil/{c.category.pk}/61",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 200
    rows = response.json()["rows"]
    assert [r["candidate"] for r in rows] == ["Kabupaten Ketapang", "Kota Pontianak"]
    withheld = rows[1]
    assert withheld["conflict"] and withheld["note"] == WITHHELD
    assert withheld["rank"] is None and withheld["total"] is None
    assert withheld["data_total"] is None and withheld["place"] is None
    assert rows[0]["rank"] == 1 and rows[0]["total"] is not None


def test_the_page_the_workbook_and_the_api_ask_one_function(conflicted):
    """The one policy: what `visible_rows` withholds is what `barred_nominations` bars."""
    c = conflicted
    result = compute(category=c.category, group="61")
    for user in (c.admin, c.chair.user, c.a.user, c.b.user, c.ketapang_member.user):
        shown = visible_rows(user, result.rows)
        withheld = {s.row.nomination.pk for s in shown if s.withheld}
        assert withheld == barred_nominations(user, [c.ketapang, c.pontianak]), user.username
    assert barred_nominations(c.b.user, [c.ketapang, c.pontianak]) == {c.pontianak.pk}
    # Ketapang's own member is barred from Ketapang by their origin.
    assert barred_nominations(c.ketapang_member.user, [c.ketapang]) == {c.ketapang.pk}


def test_an_assessor_takes_away_only_the_candidates_assigned_to_them(cast):
    stage = cast.open("verifikasi")
    assign(stage=stage, member=cast.b, nomination=cast.ketapang, user=cast.admin)

    def listed(user) -> set[str]:
        buffer = io.BytesIO()
        write_candidates(buffer, cycle=cast.cycle, user=user)
        sheet = load_workbook(io.BytesIO(buffer.getvalue()), read_only=True)["Kandidat"]
        return {r[4] for r in list(sheet.iter_rows(values_only=True))[1:]}

    assert listed(cast.b.user) == {"Kabupaten Ketapang"}
    assert listed(cast.chair.user) == {"Kabupaten Ketapang", "Kota Pontianak"}
    # The Ketapang member, conflicted with Ketapang and assigned to nobody, gets none.
    assert listed(cast.ketapang_member.user) == set()


def test_the_provincial_summary_withholds_it_from_a_conflicted_chair(conflicted):
    """The chair may download the summary (`access.download_summary`); a conflict with
    Pontianak withholds its figures there too, while the national admin's copy has them."""
    from tests.reports.test_pdfs import pages

    c = conflicted
    declare(
        member=c.chair,
        nomination=c.pontianak,
        kind="keluarga",
        reason="Ipar Wali Kota Pontianak.",
        user=c.chair.user,
    )
    result = compute(category=c.category, group="61")
    url = f"/panel/{c.panel.pk}/ringkasan.pdf"
    response = _login(c.chair.user).get(url)
    assert response.status_code == 200
    text = " ".join(pages(response.content))
    pontianak = text.split("Kota Pontianak", 1)[1][:120]
    assert WITHHELD in " ".join(pontianak.split())
    assert not [f for f in _figures(result.row(c.pontianak)) if f in text]
    assert all(f in text for f in _figures(result.row(c.ketapang))[:1])
    admin = " ".join(pages(_login(c.admin).get(url).content))
    assert WITHHELD not in admin and _figures(result.row(c.pontianak))[0] in admin


def test_an_admin_seated_on_the_panel_is_barred_by_their_conflict_too(conflicted):
    """The provincial admin who also sits on the panel (as the team's secretariat often does)
    and declared a conflict: the admin role does not reopen the candidate's judging."""
    from paritrana.access.models import ProvincialAdmin
    from paritrana.access.policy import allowed, judged_nominations, visible_nominations

    c = conflicted
    ProvincialAdmin.objects.create(user=c.b.user, province="61")
    for perm in ("access.view_judging", "access.view_candidate", "access.download_report"):
        assert not allowed(c.b.user, perm, c.pontianak), perm
        assert allowed(c.b.user, perm, c.ketapang), perm
    assert c.pontianak not in judged_nominations(c.b.user)
    assert c.pontianak not in visible_nominations(c.b.user)
    assert c.ketapang in judged_nominations(c.b.user)
    client = _login(c.b.user)
    assert client.get(f"/seleksi/{c.pontianak.pk}/").status_code == 403
    assert client.get(f"/seleksi/{c.ketapang.pk}/").status_code == 200
    report = f"/hasil/{c.category.pk}/61/{c.pontianak.pk}/laporan.pdf"
    assert client.get(report).status_code == 403


def test_no_gap_in_the_ranks_tells_where_the_withheld_candidate_stands(conflicted):
    """Ketapang's own member is barred from Ketapang, first: Pontianak, second, was shown with
    rank 2 below a hidden row, which told them Ketapang's rank (and that its total was above
    Pontianak's). Ranked among what they may see, Pontianak is first, everywhere."""
    c = conflicted
    assert compute(category=c.category, group="61").row(c.pontianak).rank == 2
    reader = c.ketapang_member.user
    html = _login(reader).get(_url(c)).content.decode()
    assert 'id="renumbered-note"' in html
    row = _page_row(html, c.pontianak)
    assert '<td class="num">1</td>' in row and '<td class="num">2</td>' not in row
    assert "peringkat 2" not in row and "rank 2" not in row
    workbook = _sheet_rows(_login(reader).get(f"{_url(c)}peringkat.xlsx").content, "Peringkat")
    assert workbook["Kota Pontianak"]["Peringkat"] == 1
    # Nor the shares of the robustness draws in which it keeps its rank or stays a Juara,
    # which are of its rank among all (a low share of the top places below a withheld row).
    assert '<b class="keep">' not in row
    assert workbook["Kota Pontianak"]["Peringkat tetap"] is None
    assert workbook["Kota Pontianak"]["Masuk tiga besar"] is None
    _token, secret = issue(user=reader, name="uji", scopes=["baca"])
    rows = (
        Client()
        .get(
            f"/api/v1/penilaian/hasil/{c.category.pk}/61",
            headers={"Authorization": f"Bearer {secret}"},
        )
        .json()["rows"]
    )
    assert [(r["candidate"], r["rank"]) for r in rows] == [
        ("Kota Pontianak", 1),
        ("Kabupaten Ketapang", None),
    ]
    assert rows[0]["rank_low"] == rows[0]["rank_high"] == 1
    assert rows[0]["keep_share"] is None  # the API has no top share
    # The chair, barred from no one, reads the ranks as computed.
    chair = _page_row(_login(c.chair.user).get(_url(c)).content.decode(), c.pontianak)
    assert '<td class="num">2</td>' in chair


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )


def test_the_breakdown_and_the_report_rank_among_what_the_reader_may_see(conflicted):
    """The team's secretary, who runs the panel, declares a conflict with Ketapang (first) and
    opens Pontianak (second): its breakdown page said "peringkat 2" and its assessment report
    "2 / 2", its range over the draws and the shares of the draws in which it keeps its rank or
    stays among the top three, where the ranking shows it first: each told them a withheld
    candidate stands above it."""
    c = conflicted
    declare(
        member=c.secretary,
        nomination=c.ketapang,
        kind="keluarga",
        reason="Saudara kandung bekerja di Dinas Tenaga Kerja Ketapang.",
        user=c.secretary.user,
    )
    assert compute(category=c.category, group="61").row(c.pontianak).rank == 2
    client = _login(c.secretary.user)
    page = client.get(f"{_url(c)}{c.pontianak.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "peringkat 1<" in html and "peringkat 2<" not in html
    response = client.get(f"{_url(c)}{c.pontianak.pk}/laporan.pdf")
    assert response.status_code == 200, response.content[:300]
    text = _pdf_text(response.content)
    assert "1 / 1 peringkat" in text and "2 / 2 peringkat" not in text, text
    assert "mempertahankan peringkatnya" not in text, text
    assert "konflik kepentingan" in text, text
    # The chair, barred from no one, reads Pontianak's rank as computed, and its robustness.
    chair = _pdf_text(_login(c.chair.user).get(f"{_url(c)}{c.pontianak.pk}/laporan.pdf").content)
    assert "2 / 2 peringkat" in chair and "mempertahankan peringkatnya" in chair, chair
