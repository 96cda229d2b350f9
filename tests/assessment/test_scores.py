"""Scores are taken only from an assigned, unconflicted assessor in an open stage, on the
rubric's levels; extremes need a comment; submitting locks; every edit is audited; and a later
stage never overwrites an earlier one."""

from __future__ import annotations

import pytest

from paritrana.access.check import AccessDenied
from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.domain.interviews import (
    InterviewError,
    record_attendance,
    schedule,
)
from paritrana.assessment.domain.scores import (
    Entry,
    ScoreRefused,
    save_scores,
    sheet_of,
    submit_sheet,
)
from paritrana.assessment.models import Score
from paritrana.awards.domain.stages import close_stage
from paritrana.awards.models import AuditEntry
from paritrana.commands.scores import save_sheet


@pytest.fixture
def verification(cast):
    stage = cast.open("verifikasi")
    assign(stage=stage, member=cast.a, nomination=cast.ketapang, user=cast.admin)
    return stage


def _score(cast, stage, member=None, nomination=None, **entries):
    member = member or cast.a
    return save_scores(
        stage=stage,
        member=member,
        nomination=nomination or cast.ketapang,
        entries={k: v if isinstance(v, Entry) else Entry(v) for k, v in entries.items()},
        user=member.user,
    )


def test_it_rejects_unassigned_assessor(cast, verification):
    with pytest.raises(AccessDenied, match="tidak ditugaskan kepada Anda"):
        save_sheet(
            cast.b.user,
            stage=verification,
            nomination=cast.ketapang,
            entries={"regulasi": Entry(3)},
        )


def test_it_rejects_a_score_outside_the_rubric(cast, verification):
    with pytest.raises(
        ScoreRefused, match=r"di luar tingkat rubrik: pilih salah satu dari 1, 2, 3, 4, 5"
    ):
        _score(cast, verification, regulasi=6)
    with pytest.raises(ScoreRefused, match="di luar tingkat rubrik"):
        _score(cast, verification, regulasi="3,5")
    with pytest.raises(ScoreRefused, match="harus salah satu tingkat rubrik"):
        _score(cast, verification, regulasi="bagus")


def test_it_rejects_a_criterion_of_another_stage(cast, verification):
    with pytest.raises(ScoreRefused, match="pemahaman tidak dinilai pada tahap 'Verifikasi'"):
        _score(cast, verification, pemahaman=3)


def test_an_extreme_score_needs_a_comment_to_be_submitted(cast, verification):
    # A draft keeps it without one (the comment may be written later)...
    _score(cast, verification, regulasi=5, anggaran=Entry(1, "  "), inovasi=3)
    with pytest.raises(ScoreRefused, match="wajib disertai komentar") as refused:
        submit_sheet(stage=verification, member=cast.a, nomination=cast.ketapang)
    assert set(refused.value.details["comments"]) == {"regulasi", "anggaran"}
    assert not sheet_of(stage=verification, member=cast.a, nomination=cast.ketapang).is_submitted
    # ...and submitting takes it once commented.
    _score(cast, verification, regulasi=Entry(5, "Perbup 12/2024 mewajibkan semua non-ASN."))
    _score(cast, verification, anggaran=Entry(1, "Tidak ada anggaran."))
    submit_sheet(stage=verification, member=cast.a, nomination=cast.ketapang)
    assert Score.objects.get(criterion__code="regulasi").comment == (
        "Perbup 12/2024 mewajibkan semua non-ASN."
    )


def test_edits_before_submission_are_audited_with_before_and_after(cast, verification):
    _score(cast, verification, regulasi=3)
    _score(cast, verification, regulasi=4, anggaran=2)
    entries = list(AuditEntry.objects.filter(action="score.save").order_by("id"))
    assert len(entries) == 2
    assert entries[1].before["scores"] == {"regulasi": ["3", ""]}
    assert entries[1].after["scores"] == {"regulasi": ["4", ""], "anggaran": ["2", ""]}
    assert entries[1].user == cast.a.user


def test_submission_needs_every_criterion_and_then_locks(cast, verification):
    _score(cast, verification, regulasi=4, anggaran=3)
    with pytest.raises(ScoreRefused, match="Belum semua kriteria dinilai: Inovasi"):
        submit_sheet(stage=verification, member=cast.a, nomination=cast.ketapang)
    _score(cast, verification, inovasi=4)
    sheet = submit_sheet(
        stage=verification, member=cast.a, nomination=cast.ketapang, user=cast.a.user
    )
    assert sheet.is_submitted
    with pytest.raises(ScoreRefused, match=r"sudah dikirim .* dan terkunci"):
        _score(cast, verification, regulasi=3)
    assert Score.objects.get(criterion__code="regulasi").value == 4


def test_no_score_is_lost_across_stages(cast, verification):
    _score(cast, verification, regulasi=4, anggaran=3, inovasi=4)
    submit_sheet(stage=verification, member=cast.a, nomination=cast.ketapang)
    close_stage(stage=verification, user=cast.admin)
    interview = cast.open("wawancara")
    assign(stage=interview, member=cast.a, nomination=cast.ketapang, user=cast.admin)
    _score(cast, interview, pemahaman=4)
    submit_sheet(stage=interview, member=cast.a, nomination=cast.ketapang)
    # Both stages' scores are kept, each under its own stage.
    kept = dict(
        Score.objects.filter(sheet__member=cast.a).values_list("criterion__code", "sheet__stage")
    )
    assert kept == {
        "regulasi": verification.pk,
        "anggaran": verification.pk,
        "inovasi": verification.pk,
        "pemahaman": interview.pk,
    }
    assert sheet_of(stage=verification, member=cast.a, nomination=cast.ketapang).is_submitted
    with pytest.raises(ScoreRefused, match="sudah ditutup"):
        _score(cast, verification, regulasi=2)


def test_a_stage_not_yet_opened_takes_no_scores(cast, verification):
    interview = cast.stage("wawancara")
    with pytest.raises(ScoreRefused, match="belum dibuka"):
        _score(cast, interview, pemahaman=3)


def test_interview_slots_do_not_overlap_and_attendance_is_recorded(cast):
    import datetime as dt

    from django.utils import timezone

    interview = cast.open("wawancara")
    nine = timezone.make_aware(dt.datetime(2026, 5, 12, 9, 0))
    slot = schedule(
        stage=interview,
        nomination=cast.ketapang,
        starts_at=nine,
        minutes=45,
        place="Aula Kantor Gubernur",
        user=cast.secretary.user,
    )
    clash = r"bentrok dengan wawancara Kabupaten Ketapang \(12/05/2026 09:00, 45 menit\)"
    with pytest.raises(InterviewError, match=clash):  # its time in WIB, as it was entered
        schedule(
            stage=interview, nomination=cast.pontianak, starts_at=nine + dt.timedelta(minutes=30)
        )
    schedule(stage=interview, nomination=cast.pontianak, starts_at=nine + dt.timedelta(minutes=45))
    with pytest.raises(InterviewError, match="siapa yang hadir"):
        record_attendance(slot=slot, attendance="kepala_hadir")
    record_attendance(
        slot=slot,
        attendance="kepala_hadir",
        attendee="Bupati Ketapang (hadir langsung)",
        user=cast.secretary.user,
    )
    slot.refresh_from_db()
    assert (slot.attendance, slot.attendee) == ("kepala_hadir", "Bupati Ketapang (hadir langsung)")
    assert str(slot).endswith(" 12/05/2026 09:00")  # its name (admin, change history): WIB
    assert AuditEntry.objects.filter(action="interview.attendance").get().after["attendance"] == (
        "kepala_hadir"
    )
    with pytest.raises(InterviewError, match="hanya dapat dibuat pada tahap wawancara"):
        schedule(stage=cast.open("verifikasi"), nomination=cast.ketapang, starts_at=nine)
