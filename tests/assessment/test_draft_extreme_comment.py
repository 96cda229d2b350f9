"""A draft saves incomplete work, an extreme score still without its comment included; the
comment rule is the submission's. The other checks of a draft, which protect the data, stay."""

from __future__ import annotations

import pytest

from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.domain.scores import (
    Entry,
    ScoreInvalid,
    ScoreRefused,
    save_scores,
    sheet_of,
    submit_sheet,
)
from paritrana.assessment.models import Score, ScoreSheet


@pytest.fixture
def interview(cast):
    stage = cast.open("wawancara")
    assign(stage=stage, member=cast.a, nomination=cast.ketapang, user=cast.admin)
    return stage


def _save(cast, stage, *, submit=False, note=None, **entries):
    return save_scores(
        stage=stage,
        member=cast.a,
        nomination=cast.ketapang,
        entries={k: v if isinstance(v, Entry) else Entry(v) for k, v in entries.items()},
        note=note,
        submit=submit,
        user=cast.a.user,
    )


def test_a_draft_keeps_an_extreme_score_without_a_comment_and_its_note(cast, interview):
    _save(cast, interview, pemahaman=1, note="Tanyakan data BPU.")
    sheet = sheet_of(stage=interview, member=cast.a, nomination=cast.ketapang)
    assert sheet.note == "Tanyakan data BPU." and not sheet.is_submitted
    assert [(int(s.value), s.comment) for s in sheet.scores.all()] == [(1, "")]


def test_submitting_refuses_the_missing_comment_by_criterion(cast, interview):
    _save(cast, interview, pemahaman=1)
    with pytest.raises(ScoreInvalid) as refused:
        submit_sheet(stage=interview, member=cast.a, nomination=cast.ketapang, user=cast.a.user)
    message = (
        "Nilai ekstrem (1) untuk 'Pemahaman (wawancara)' wajib disertai komentar yang "
        "menjelaskan alasannya."
    )
    assert str(refused.value) == message
    assert refused.value.details == {"comments": {"pemahaman": message}}
    assert refused.value.http_status == 422
    assert not sheet_of(stage=interview, member=cast.a, nomination=cast.ketapang).is_submitted


def test_saving_and_submitting_in_one_step_stays_all_or_nothing(cast, interview):
    with pytest.raises(ScoreRefused, match="wajib disertai komentar"):
        _save(cast, interview, submit=True, pemahaman=5, note="catatan")
    assert not ScoreSheet.objects.exists() and not Score.objects.exists()
    _save(cast, interview, submit=True, pemahaman=Entry(5, "Paham betul."))
    assert sheet_of(stage=interview, member=cast.a, nomination=cast.ketapang).is_submitted


def test_the_draft_checks_that_protect_the_data_stay(cast, interview):
    with pytest.raises(ScoreInvalid, match="di luar tingkat rubrik"):
        _save(cast, interview, pemahaman=6)
    with pytest.raises(ScoreInvalid, match="regulasi tidak dinilai pada tahap"):
        _save(cast, interview, regulasi=3)
    assert not ScoreSheet.objects.exists()
    _save(cast, interview, submit=True, pemahaman=3)
    with pytest.raises(ScoreRefused, match=r"sudah dikirim .* dan terkunci"):
        _save(cast, interview, pemahaman=1)
    assert [int(s.value) for s in Score.objects.all()] == [3]
