"""Judging's commands: each one run by who may (its audit entry and what a user would see
changed) and by who may not (AccessDenied with the reason, and nothing changed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from paritrana.access.check import AccessDenied
from paritrana.access.models import ProvincialAdmin
from paritrana.assessment.domain.conflicts import is_conflicted
from paritrana.assessment.domain.scores import Entry
from paritrana.assessment.models import (
    Assignment,
    Conflict,
    ConflictOverride,
    InterviewSlot,
    JudgingRules,
    Panel,
    PanelMember,
    ScoreSheet,
)
from paritrana.awards.models import Criterion, RubricLevel
from paritrana.commands import admin as admin_commands
from paritrana.commands import judging, scores
from paritrana.errors import Locked
from tests.assessment.conftest import cast  # noqa: F401  (the judging cast)
from tests.commands.audit import assert_audited

EXERCISED = {
    "panel.create",
    "panel.update",
    "panel.add_member",
    "panel.remove_member",
    "conflict.declare",
    "conflict.override",
    "assignment.assign",
    "assignment.unassign",
    "assignment.auto",
    "sheet.save",
    "sheet.submit",
    "interview.schedule",
    "interview.attendance",
    "rules.declare",
    "admin.save",
    "admin.delete",
}

VERIFICATION = {
    "regulasi": Entry("3"),
    "anggaran": Entry("4"),
    "inovasi": Entry("5", "Inovasi layanan keliling ke desa."),
}


@pytest.fixture
def provincial_admin(cast, django_user_model):  # noqa: F811
    user = django_user_model.objects.create_user("admin_kalbar", password="rahasia-uji-123")
    ProvincialAdmin.objects.create(user=user, province="61")
    return user


@pytest.fixture
def verification(cast):  # noqa: F811
    stage = cast.open("verifikasi")
    judging.assign(cast.secretary.user, stage=stage, member=cast.a, nomination=cast.ketapang)
    return stage


# -- panels and members -------------------------------------------------------------------


def test_only_the_national_admin_creates_a_panel(cast):  # noqa: F811
    with pytest.raises(AccessDenied, match="admin nasional"):
        judging.create_panel(cast.chair.user, cycle=cast.cycle, level="provinsi", province="62")
    assert not Panel.objects.filter(province="62").exists()
    panel = judging.create_panel(
        cast.admin, cycle=cast.cycle, level="provinsi", province="62", assessors_per_candidate=4
    )
    assert_audited("panel.create", cast.admin)
    assert (panel.name, panel.assessors_per_candidate) == (
        "Tim Penilai Provinsi Kalimantan Tengah",
        4,
    )


def test_the_secretary_updates_the_panel_an_assessor_cannot(cast):  # noqa: F811
    with pytest.raises(AccessDenied, match="hanya dapat dikelola"):
        judging.update_panel(cast.a.user, panel=cast.panel, assessors_per_candidate=5)
    judging.update_panel(cast.secretary.user, panel=cast.panel, assessors_per_candidate=3)
    entry = assert_audited("panel.update", cast.secretary.user)
    assert (entry.before["assessors_per_candidate"], entry.after["assessors_per_candidate"]) == (
        2,
        3,
    )
    cast.panel.refresh_from_db()
    assert cast.panel.assessors_per_candidate == 3


def test_the_chair_adds_a_member_an_assessor_cannot(cast, django_user_model):  # noqa: F811
    newcomer = django_user_model.objects.create_user("penilai_baru")
    with pytest.raises(AccessDenied):
        judging.add_member(
            cast.a.user, panel=cast.panel, member_user=newcomer, role="anggota", affiliation="bpjs"
        )
    assert not PanelMember.objects.filter(user=newcomer).exists()
    judging.add_member(
        cast.chair.user, panel=cast.panel, member_user=newcomer, role="anggota", affiliation="bpjs"
    )
    assert_audited("panel.add_member", cast.chair.user)
    assert PanelMember.objects.get(user=newcomer).panel == cast.panel


def test_a_member_is_taken_off_by_who_manages_the_panel(cast):  # noqa: F811
    with pytest.raises(AccessDenied):
        judging.remove_member(cast.a.user, member=cast.b)
    assert PanelMember.objects.filter(pk=cast.b.pk).exists()
    judging.remove_member(cast.admin, member=cast.b)
    assert_audited("panel.remove_member", cast.admin)
    assert not PanelMember.objects.filter(pk=cast.b.pk).exists()


# -- conflicts ----------------------------------------------------------------------------


def test_a_member_declares_their_own_conflict_not_someone_elses(cast):  # noqa: F811
    with pytest.raises(AccessDenied, match="anggota itu sendiri"):
        judging.declare_conflict(
            cast.b.user, member=cast.a, nomination=cast.pontianak, kind="lainnya", reason="x"
        )
    assert not Conflict.objects.exists()
    judging.declare_conflict(
        cast.a.user,
        member=cast.a,
        nomination=cast.pontianak,
        kind="keluarga",
        reason="Adik kandung bekerja di Disnaker Kota Pontianak.",
    )
    assert_audited("conflict.declare", cast.a.user)
    assert is_conflicted(cast.a, cast.pontianak)


def test_the_provincial_admin_manages_the_panel_and_records_a_conflict(
    cast,  # noqa: F811
    provincial_admin,
):
    # One definition of managing a panel: the province's admin is in it everywhere.
    judging.declare_conflict(
        provincial_admin,
        member=cast.b,
        nomination=cast.ketapang,
        kind="pekerjaan",
        reason="Pernah menjadi konsultan Disnaker Ketapang.",
    )
    assert_audited("conflict.declare", provincial_admin)
    assert is_conflicted(cast.b, cast.ketapang)


def test_only_the_national_admin_overrides_with_a_logged_reason(cast):  # noqa: F811
    with pytest.raises(AccessDenied, match="Hanya admin nasional"):
        judging.override_conflict(
            cast.chair.user, member=cast.ketapang_member, nomination=cast.ketapang, reason="x"
        )
    assert not ConflictOverride.objects.exists()
    judging.override_conflict(
        cast.admin,
        member=cast.ketapang_member,
        nomination=cast.ketapang,
        reason="Penilai pindah tugas ke provinsi sejak Januari.",
    )
    entry = assert_audited("conflict.override", cast.admin)
    assert entry.after["reason"] == "Penilai pindah tugas ke provinsi sejak Januari."
    assert not is_conflicted(cast.ketapang_member, cast.ketapang)


# -- assignments --------------------------------------------------------------------------


def test_the_secretary_assigns_an_assessor_cannot(cast):  # noqa: F811
    stage = cast.open("verifikasi")
    with pytest.raises(AccessDenied):
        judging.assign(cast.b.user, stage=stage, member=cast.b, nomination=cast.pontianak)
    assert not Assignment.objects.exists()
    judging.assign(cast.secretary.user, stage=stage, member=cast.b, nomination=cast.pontianak)
    assert_audited("assignment.assign", cast.secretary.user)
    assert Assignment.objects.filter(member=cast.b, nomination=cast.pontianak).exists()


def test_unassigning_belongs_to_who_manages_the_panel(cast, verification):  # noqa: F811
    assignment = Assignment.objects.get(member=cast.a, nomination=cast.ketapang)
    with pytest.raises(AccessDenied):
        judging.unassign(cast.a.user, assignment=assignment)
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    judging.unassign(cast.chair.user, assignment=assignment)
    assert_audited("assignment.unassign", cast.chair.user)
    assert not Assignment.objects.filter(pk=assignment.pk).exists()


def test_automatic_assignment_by_the_provincial_admin_not_an_outsider(
    cast,  # noqa: F811
    provincial_admin,
):
    stage = cast.open("verifikasi")
    with pytest.raises(AccessDenied):
        judging.auto_assign(cast.outsider, stage=stage, panel=cast.panel)
    assert not Assignment.objects.exists()
    result = judging.auto_assign(provincial_admin, stage=stage, panel=cast.panel)
    assert_audited("assignment.auto", provincial_admin)
    # Two assessors per candidate, never the Ketapang member on Ketapang.
    assert len(result.created) == 4 and not result.unmet
    assert not Assignment.objects.filter(
        member=cast.ketapang_member, nomination=cast.ketapang
    ).exists()


# -- score sheets -------------------------------------------------------------------------


def test_the_assigned_assessor_saves_and_others_are_refused(cast, verification):  # noqa: F811
    with pytest.raises(AccessDenied, match="tidak ditugaskan kepada Anda pada tahap 'Verifikasi"):
        scores.save_sheet(cast.b.user, stage=verification, nomination=cast.ketapang, entries={})
    # Saying yes to a superuser for everything would let the admin write an assessor's sheet.
    with pytest.raises(AccessDenied):
        scores.save_sheet(
            cast.admin, stage=verification, nomination=cast.ketapang, entries=VERIFICATION
        )
    assert not ScoreSheet.objects.exists()
    sheet = scores.save_sheet(
        cast.a.user,
        stage=verification,
        nomination=cast.ketapang,
        entries={"regulasi": Entry("3")},
    )
    assert_audited("sheet.save", cast.a.user)
    assert sheet.scores.get().value == Decimal("3") and not sheet.is_submitted


def test_an_assignment_in_one_stage_does_not_open_the_sheet_of_another(
    cast,  # noqa: F811
    verification,
):
    interview = cast.open("wawancara")
    with pytest.raises(AccessDenied, match="pada tahap 'Wawancara'"):
        scores.save_sheet(
            cast.a.user,
            stage=interview,
            nomination=cast.ketapang,
            entries={"pemahaman": Entry("3")},
        )
    assert not ScoreSheet.objects.exists()


def test_a_conflicted_assessor_is_refused_with_the_conflict(cast, verification):  # noqa: F811
    judging.declare_conflict(
        cast.a.user,
        member=cast.a,
        nomination=cast.pontianak,
        kind="keluarga",
        reason="Adik kandung bekerja di Disnaker Kota Pontianak.",
    )
    with pytest.raises(AccessDenied, match="berkonflik kepentingan dengan Kota Pontianak"):
        scores.save_sheet(
            cast.a.user, stage=verification, nomination=cast.pontianak, entries=VERIFICATION
        )


def test_submitting_locks_the_sheet_of_its_assessor_only(cast, verification):  # noqa: F811
    scores.save_sheet(
        cast.a.user, stage=verification, nomination=cast.ketapang, entries=VERIFICATION
    )
    with pytest.raises(AccessDenied):
        scores.submit_sheet(cast.chair.user, stage=verification, nomination=cast.ketapang)
    assert not ScoreSheet.objects.get().is_submitted
    sheet = scores.submit_sheet(cast.a.user, stage=verification, nomination=cast.ketapang)
    assert_audited("sheet.submit", cast.a.user)
    assert sheet.is_submitted


# -- interviews ---------------------------------------------------------------------------


def _slot_time() -> dt.datetime:
    return dt.datetime(2026, 5, 12, 9, 0, tzinfo=dt.UTC)


def test_the_secretary_schedules_an_interview_an_assessor_cannot(cast):  # noqa: F811
    stage = cast.stage("wawancara")
    with pytest.raises(AccessDenied):
        judging.schedule_interview(
            cast.a.user, stage=stage, nomination=cast.ketapang, starts_at=_slot_time()
        )
    assert not InterviewSlot.objects.exists()
    slot = judging.schedule_interview(
        cast.secretary.user,
        stage=stage,
        nomination=cast.ketapang,
        starts_at=_slot_time(),
        place="Kantor Gubernur",
    )
    assert_audited("interview.schedule", cast.secretary.user)
    assert (slot.starts_at, slot.minutes, slot.place) == (_slot_time(), 30, "Kantor Gubernur")


def test_attendance_is_recorded_by_who_manages_the_panel(cast):  # noqa: F811
    slot = judging.schedule_interview(
        cast.secretary.user,
        stage=cast.stage("wawancara"),
        nomination=cast.ketapang,
        starts_at=_slot_time(),
    )
    with pytest.raises(AccessDenied):
        judging.record_attendance(
            cast.b.user, slot=slot, attendance="kepala_hadir", attendee="Bupati Ketapang"
        )
    slot.refresh_from_db()
    assert slot.attendance == "belum"
    judging.record_attendance(
        cast.chair.user, slot=slot, attendance="kepala_hadir", attendee="Bupati Ketapang"
    )
    assert_audited("interview.attendance", cast.chair.user)
    slot.refresh_from_db()
    assert (slot.attendance, slot.attendee) == ("kepala_hadir", "Bupati Ketapang")


# -- judging rules and the admin's own edits ----------------------------------------------


def test_only_the_national_admin_declares_the_rules(cast):  # noqa: F811
    with pytest.raises(AccessDenied):
        judging.declare_rules(cast.chair.user, cycle=cast.cycle, level="provinsi", method="mean")
    judging.declare_rules(cast.admin, cycle=cast.cycle, level="provinsi", method="mean")
    assert_audited("rules.declare", cast.admin)
    assert JudgingRules.objects.get(cycle=cast.cycle, level="provinsi").method == "mean"


def _criterion(cast):  # noqa: F811
    return Criterion.objects.get(category=cast.category, code="inovasi")


def test_an_admin_edit_of_a_weight_is_a_command_until_judging_opens(cast):  # noqa: F811
    criterion = _criterion(cast)
    criterion.weight = Decimal("20")
    with pytest.raises(AccessDenied):
        admin_commands.save_row(cast.chair.user, obj=criterion)
    assert _criterion(cast).weight == Decimal("15")
    admin_commands.save_row(cast.admin, obj=criterion)
    entry = assert_audited("admin.save", cast.admin)
    assert (entry.action, entry.before["weight"], entry.after["weight"]) == (
        "admin.change",
        "15.00",
        "20.00",
    )
    cast.open("verifikasi")
    criterion.weight = Decimal("30")
    with pytest.raises(Locked, match="verifikasi"):
        admin_commands.save_row(cast.admin, obj=criterion)
    assert _criterion(cast).weight == Decimal("20")


def test_an_admin_delete_is_a_command_and_never_lifts_a_conflict(cast):  # noqa: F811
    level = RubricLevel.objects.filter(criterion=_criterion(cast)).order_by("score").last()
    with pytest.raises(AccessDenied):
        admin_commands.delete_row(cast.chair.user, obj=level)
    admin_commands.delete_row(cast.admin, obj=level)
    assert_audited("admin.delete", cast.admin)
    assert not RubricLevel.objects.filter(pk=level.pk).exists()
    conflict = judging.declare_conflict(
        cast.a.user, member=cast.a, nomination=cast.pontianak, kind="lainnya", reason="Kerabat."
    )
    with pytest.raises(Locked, match="mengesampingkannya"):
        admin_commands.delete_row(cast.admin, obj=conflict)
    assert is_conflicted(cast.a, cast.pontianak)
