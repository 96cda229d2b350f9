"""The Juara are not confirmed on a ranking still waiting for score sheets, unless the chair
gives a reason; once decided, the group's sheets close (a sheet sent after the decision changed
the ranking shown beside it, and the score export called it "used in the ranking")."""

from __future__ import annotations

import pytest

from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.domain.decisions import DecisionRefused, confirm, open_sheets
from paritrana.assessment.domain.reminders import waiting
from paritrana.assessment.domain.scores import Entry, SheetLocked, save_scores, submit_sheet
from paritrana.assessment.models import DecidedRanking, Decision, ReminderKind
from tests.assessment import conftest as judging
from tests.assessment.conftest import confirmation, ranking_url

cast = judging.cast
judged = judging.judged


@pytest.fixture
def waiting_sheet(judged):
    """The secretary assigned to Pontianak's interview too, and not sent yet."""
    interview = judged.stage("wawancara")
    judged.secretary.user.first_name = "Rudi"
    judged.secretary.user.last_name = "Hartono"
    judged.secretary.user.save()
    assign(stage=interview, member=judged.secretary, nomination=judged.pontianak, user=judged.admin)
    return judged


def test_the_open_sheets_are_named_and_the_juara_not_confirmed_without_a_reason(waiting_sheet):
    cast = waiting_sheet
    [open_] = open_sheets(cast.category, "61")
    assert str(open_) == "Rudi Hartono (Wawancara: Kota Pontianak)"
    with pytest.raises(DecisionRefused) as refused:
        confirm(
            category=cast.category,
            group="61",
            chosen=[cast.ketapang, cast.pontianak],
            user=cast.chair.user,
        )
    assert refused.value.message.startswith(
        "Masih ada 1 lembar nilai Pemerintah Kabupaten/Kota Kalimantan Barat yang belum dikirim: "
        "Rudi Hartono (Wawancara: Kota Pontianak)."
    )
    assert not Decision.objects.exists() and not DecidedRanking.objects.exists()

    decided = confirm(
        category=cast.category,
        group="61",
        chosen=[cast.ketapang, cast.pontianak],
        user=cast.chair.user,
        reason="Penilai berhalangan tetap; diputuskan dengan lembar yang sudah masuk.",
    )
    assert [d.nomination for d in decided] == [cast.ketapang, cast.pontianak]
    assert decided[0].reason.startswith("Penilai berhalangan tetap")


def test_the_chairs_page_lists_the_open_sheets_and_refuses_without_a_reason(waiting_sheet, client):
    import re

    cast = waiting_sheet
    client.force_login(cast.chair.user)
    page = client.get(ranking_url(cast)).content.decode()
    assert 'id="open-sheets"' in page and "Rudi Hartono (Wawancara: Kota Pontianak)" in page
    [shown] = re.findall(r'name="ranking" value="(\w+)"', page)
    sent = {**confirmation(cast.ketapang, cast.pontianak), "ranking": shown}
    page = client.post(ranking_url(cast), sent, follow=True).content.decode()
    assert "Masih ada 1 lembar nilai" in page
    assert not Decision.objects.exists()


def test_a_decided_groups_sheets_are_closed_and_not_reminded_of(waiting_sheet):
    cast = waiting_sheet
    [before] = waiting(user=cast.secretary.user, kinds=[ReminderKind.SHEETS])
    assert before.items == ["Kota Pontianak"]
    confirm(
        category=cast.category,
        group="61",
        chosen=[cast.ketapang, cast.pontianak],
        user=cast.chair.user,
        reason="Penilai berhalangan tetap.",
    )
    interview = cast.stage("wawancara")
    with pytest.raises(SheetLocked, match=r"sudah diputuskan pada .*tidak lagi diterima"):
        save_scores(
            stage=interview,
            member=cast.secretary,
            nomination=cast.pontianak,
            entries={"pemahaman": Entry(value="1")},
            submit=True,
            user=cast.secretary.user,
        )
    with pytest.raises(SheetLocked):
        submit_sheet(
            stage=interview,
            member=cast.secretary,
            nomination=cast.pontianak,
            user=cast.secretary.user,
        )
    assert not cast.pontianak.sheets.filter(member=cast.secretary).exists()
    reminded = waiting(user=cast.secretary.user, kinds=[ReminderKind.SHEETS])
    assert reminded == []
