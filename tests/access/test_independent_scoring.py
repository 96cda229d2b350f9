"""An assessor scores a candidate on their own: while their sheet for it in an open stage is
not sent, the other assessors' scores of that candidate, its total and its rank are hidden from
them (the demo's assessor read "Lestari Ramadhan 5 | Muhammad Sinaga 3" on the breakdown of a
candidate whose interview sheet he had still to send, and the group's whole ranking). Once
they send it, they see them as before; the chair and the secretary, who run the panel and
score nothing there, see everything throughout.
"""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from paritrana.access.policy import AWAITING
from paritrana.access.tokens import issue
from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.domain.scores import Entry, save_scores, submit_sheet
from tests.assessment import conftest as judging
from tests.assessment.test_results import score

cast = judging.cast


@pytest.fixture
def interviewing(cast):
    """Both verified by a and b; in the interview, b has sent both sheets, a only Ketapang's
    and a draft of Pontianak's."""
    verification = cast.open("verifikasi")
    score(cast, verification, cast.a, cast.ketapang, regulasi=4, anggaran=3, inovasi=5)
    score(cast, verification, cast.b, cast.ketapang, regulasi=5, anggaran=3, inovasi=4)
    score(cast, verification, cast.a, cast.pontianak, regulasi=3, anggaran=2, inovasi=3)
    score(cast, verification, cast.b, cast.pontianak, regulasi=4, anggaran=4, inovasi=3)
    interview = cast.open("wawancara")
    score(cast, interview, cast.a, cast.ketapang, pemahaman=4)
    score(cast, interview, cast.b, cast.ketapang, pemahaman=4)
    score(cast, interview, cast.b, cast.pontianak, pemahaman=5)
    assign(stage=interview, member=cast.a, nomination=cast.pontianak, user=cast.admin)
    save_scores(
        stage=interview,
        member=cast.a,
        nomination=cast.pontianak,
        entries={"pemahaman": Entry(3, "")},
        user=cast.a.user,
    )
    cast.interview = interview
    return cast


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _row(html: str, nomination) -> str:
    return html.split(f'data-nomination="{nomination.pk}"', 1)[1].split("</tr>", 1)[0]


def test_an_assessor_does_not_read_the_others_scores_before_sending_their_own(interviewing):
    c = interviewing
    client = _login(c.a.user)
    ranking = f"/hasil/{c.category.pk}/61/"
    html = client.get(ranking).content.decode()
    pontianak = _row(html, c.pontianak)
    assert AWAITING in pontianak and "breakdown-link" not in pontianak
    assert AWAITING not in _row(html, c.ketapang)
    assert '<td class="num">1</td>' in _row(html, c.ketapang)
    breakdown = client.get(f"{ranking}{c.pontianak.pk}/")
    assert breakdown.status_code == 403 and AWAITING in breakdown.content.decode()
    assert client.get(f"{ranking}{c.ketapang.pk}/").status_code == 200
    assert client.get(f"{ranking}{c.pontianak.pk}/laporan.pdf").status_code == 403
    sheet = load_workbook(io.BytesIO(client.get(f"{ranking}peringkat.xlsx").content))["Peringkat"]
    names = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert f"Kota Pontianak ({AWAITING})" in names
    _token, secret = issue(user=c.a.user, name="uji", scopes=["baca"])
    rows = (
        Client()
        .get(
            f"/api/v1/penilaian/hasil/{c.category.pk}/61",
            headers={"Authorization": f"Bearer {secret}"},
        )
        .json()["rows"]
    )
    assert [(r["candidate"], r["rank"], r["total"]) for r in rows][1] == (
        "Kota Pontianak",
        None,
        None,
    )
    # The secretary runs the panel and scores nothing: Pontianak's row and breakdown are open.
    secretary = _login(c.secretary.user)
    assert AWAITING not in _row(secretary.get(ranking).content.decode(), c.pontianak)
    assert secretary.get(f"{ranking}{c.pontianak.pk}/").status_code == 200
    # Sent: a reads it.
    submit_sheet(stage=c.interview, member=c.a, nomination=c.pontianak, user=c.a.user)
    html = client.get(ranking).content.decode()
    assert AWAITING not in html
    assert client.get(f"{ranking}{c.pontianak.pk}/").status_code == 200


def test_the_ranking_page_says_why_a_row_is_withheld(interviewing):
    """The note above the ranking named a conflict of interest for a row withheld because the
    reader had still to send their own scores."""
    c = interviewing
    html = _login(c.a.user).get(f"/hasil/{c.category.pk}/61/").content.decode()
    assert 'id="awaiting-note"' in html and 'id="renumbered-note"' not in html
    assert "konflik kepentingan" not in html.split('id="awaiting-note"', 1)[1].split("</p>", 1)[0]


def test_who_runs_the_panel_sees_which_sheets_the_ranking_still_lacks(interviewing):
    """The secretary (and the province's admin) read a full-looking ranking with no word of
    the sheets still to come; only the chair, who confirms, was told."""
    c = interviewing
    html = _login(c.secretary.user).get(f"/hasil/{c.category.pk}/61/").content.decode()
    box = html.split('id="open-sheets"', 1)[1].split("</div>", 1)[0]
    assert "penilai_a" in box or c.a.user.get_full_name() in box
    assert "Kota Pontianak" in box and "belum menghitungnya" in box
    assert 'id="confirm-form"' not in html
    # An assessor who does not run the panel is not shown who else is late.
    assert (
        'id="open-sheets"'
        not in _login(c.b.user).get(f"/hasil/{c.category.pk}/61/").content.decode()
    )


@pytest.fixture
def decided_without_a_sheet(interviewing):
    """...and the chair decided without a's interview sheet for Pontianak (with a reason)."""
    from paritrana.assessment.domain.decisions import confirm

    c = interviewing
    c.open("keputusan")
    confirm(
        category=c.category,
        group="61",
        chosen=[c.ketapang, c.pontianak],
        user=c.chair.user,
        reason="Lembar wawancara penilai A untuk Kota Pontianak tidak dikirim sampai batas waktu.",
    )
    return c


def test_once_the_juara_are_decided_nothing_is_withheld_for_a_sheet_that_can_no_longer_come(
    decided_without_a_sheet,
):
    """The chair may decide without a late sheet (with a reason); that sheet is then no longer
    accepted, so hiding the candidate from its assessor protects nothing: the decided ranking
    is read by them as by everyone on the panel (it stayed withheld until the stage closed)."""
    c = decided_without_a_sheet
    client = _login(c.a.user)
    ranking = f"/hasil/{c.category.pk}/61/"
    html = client.get(ranking).content.decode()
    assert AWAITING not in html and 'id="awaiting-note"' not in html
    assert client.get(f"{ranking}{c.pontianak.pk}/").status_code == 200
