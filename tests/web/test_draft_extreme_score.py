"""A draft keeps incomplete work, an extreme score whose comment is still to be written included;
the comment is asked for when the sheet is submitted, and the refusal then says the draft is
saved and stands beside that criterion's comment field."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.utils import translation

from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.models import Score, ScoreSheet
from tests.assessment import conftest as judging_conftest

cast = judging_conftest.cast

EXTREME = "Nilai ekstrem (1) untuk 'Regulasi' wajib disertai komentar yang menjelaskan alasannya."


@pytest.fixture
def verification(cast):
    stage = cast.open("verifikasi")
    assign(stage=stage, member=cast.a, nomination=cast.ketapang, user=cast.admin)
    return stage


def _url(stage, nomination) -> str:
    return f"/penilaian/{stage.pk}/{nomination.pk}/"


def _text(html: str, element_id: str) -> str:
    """The words a reader sees in the element with that id (tags dropped, spaces folded)."""
    found = re.search(rf'<(\w+)[^>]* id="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert found, f"no #{element_id} on the page"
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", found.group(2))).split())


def _indonesian(message: str) -> str:
    with translation.override("id"):
        return translation.gettext(message)


def _scores(cast) -> dict[str, tuple[int, str]]:
    return {
        s.criterion.code: (int(s.value), s.comment)
        for s in Score.objects.filter(sheet__member=cast.a).select_related("criterion")
    }


def test_a_draft_keeps_an_extreme_score_without_its_comment_and_the_note(
    client, cast, verification
):
    client.force_login(cast.a.user)
    url = _url(verification, cast.ketapang)
    response = client.post(
        url, {"score-regulasi": "1", "note": "Cek Perbup terbaru.", "action": "save"}
    )
    assert response.status_code == 302 and response.url == url
    html = client.get(url).content.decode()  # what a reload shows
    assert _indonesian("Draft saved.") in html
    assert 'name="score-regulasi" value="1" checked' in html
    assert _text(html, "note") == "Cek Perbup terbaru."
    assert re.search(r'<span class="badge" data-status="draf">', html)
    assert EXTREME not in html_lib.unescape(html)
    assert _scores(cast) == {"regulasi": (1, "")}


def test_submitting_asks_for_the_comment_beside_its_field_and_keeps_the_draft(
    client, cast, verification
):
    client.force_login(cast.a.user)
    url = _url(verification, cast.ketapang)
    sent = {
        "score-regulasi": "1",
        "score-anggaran": "3",
        "score-inovasi": "4",
        "note": "Cek Perbup terbaru.",
        "action": "submit",
        "yakin": "1",
    }
    response = client.post(url, sent)
    html = response.content.decode()
    assert response.status_code == 400
    # Beside the criterion's comment field, which is marked and linked to it.
    assert _text(html, "comment-regulasi-error") == EXTREME
    assert re.search(
        r'<textarea id="comment-regulasi"[^>]* aria-invalid="true" '
        r'aria-describedby="comment-regulasi-error"',
        html,
    )
    assert 'id="comment-anggaran-error"' not in html
    # The refusal says the draft is kept; and it is.
    alert = _text(html, "score-error")
    assert _indonesian("Your draft is saved, but the scores are not submitted yet.") in alert
    sheet = ScoreSheet.objects.get()
    assert not sheet.is_submitted and sheet.note == "Cek Perbup terbaru."
    assert _scores(cast) == {"regulasi": (1, ""), "anggaran": (3, ""), "inovasi": (4, "")}
    reloaded = client.get(url).content.decode()
    assert 'name="score-regulasi" value="1" checked' in reloaded
    assert _text(reloaded, "note") == "Cek Perbup terbaru."

    # With the comment written, the form (now at the draft's version) is sent.
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    done = client.post(url, {**sent, "comment-regulasi": "Belum ada Perbup.", "version": version})
    assert done.status_code == 302
    assert ScoreSheet.objects.get().is_submitted
    assert _scores(cast)["regulasi"] == (1, "Belum ada Perbup.")


def test_a_draft_still_refuses_a_score_outside_the_scale(client, cast, verification):
    client.force_login(cast.a.user)
    response = client.post(
        _url(verification, cast.ketapang),
        {"score-regulasi": "6", "note": "catatan", "action": "save"},
    )
    assert response.status_code == 400
    assert "di luar tingkat rubrik" in _text(response.content.decode(), "score-error")
    assert not ScoreSheet.objects.exists()
