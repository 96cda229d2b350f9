"""Once a group's Juara are decided, a sheet of it not sent is no longer accepted. The
assessor's list still read "Belum dinilai · Nilai" and the form opened editable; only sending
said "sudah diputuskan ... tidak lagi diterima". Now the list and the form say so."""

from __future__ import annotations

import re

from django.test import Client

from tests.access import test_independent_scoring as scoring
from tests.assessment import conftest as judging

cast = judging.cast
interviewing = scoring.interviewing
decided_without_a_sheet = scoring.decided_without_a_sheet


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_list_says_the_sheet_is_no_longer_needed(decided_without_a_sheet):
    c = decided_without_a_sheet
    client = Client()
    client.force_login(c.a.user)
    html = client.get("/penilaian/").content.decode()
    block = html.split(f'id="stage-{c.interview.pk}-seat-{c.a.pk}"', 1)[1].split("</section>")[0]
    row = block.split(f'data-nomination="{c.pontianak.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "Tidak diperlukan lagi: Juara sudah diputuskan" in _text(row)
    assert ">Nilai<" not in row and ">Lihat<" in row


def test_the_form_says_why_it_cannot_be_filled_in(decided_without_a_sheet):
    c = decided_without_a_sheet
    client = Client()
    client.force_login(c.a.user)
    html = client.get(f"/penilaian/{c.interview.pk}/{c.pontianak.pk}/").content.decode()
    assert "sudah diputuskan pada" in _text(html) and "tidak lagi diterima" in _text(html)
    assert 'value="submit"' not in html and 'value="save"' not in html and "readonly" in html


def test_the_stage_check_does_not_wait_for_a_decided_groups_sheet(decided_without_a_sheet):
    """The set-up page's check before closing the interview said "1 lembar nilai tahap
    wawancara belum dikirim" where the progress board said the group's Juara were confirmed
    and nothing of it was late: the secretariat chased a sheet no longer accepted."""
    from paritrana.assessment.domain.prechecks import CLOSE, findings

    c = decided_without_a_sheet
    assert "sheets_missing" not in {f.code for f in findings(c.interview, CLOSE)}
