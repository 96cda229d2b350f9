"""Conflicts of interest are derived and declared, bar the member everywhere, and only the
national admin can override them; the automatic assignment is optimal and never breaks one."""

from __future__ import annotations

import pytest

from paritrana.access.check import AccessDenied
from paritrana.assessment.domain.assignments import (
    AssignmentRefused,
    assign,
    auto_assign,
)
from paritrana.assessment.domain.conflicts import (
    ConflictError,
    conflicts_of,
    declare,
    derived,
    is_conflicted,
    override,
)
from paritrana.assessment.domain.panels import add_member, create_panel
from paritrana.assessment.domain.scores import Entry, save_scores
from paritrana.assessment.models import Assignment
from paritrana.awards.models import AuditEntry
from paritrana.commands.judging import declare_conflict, override_conflict
from paritrana.commands.scores import save_sheet
from tests.assessment.conftest import nominate


def test_a_member_from_the_candidates_own_government_is_conflicted(cast):
    found = conflicts_of(cast.ketapang_member, cast.ketapang)
    assert [(f.kind, f.declared) for f in found] == [("institusi", False)]
    assert "pemerintah daerah asal" in found[0].reason
    assert not is_conflicted(cast.ketapang_member, cast.pontianak)


def test_the_province_a_team_serves_is_not_a_conflict_but_a_village_in_ones_kabupaten_is(cast):
    # The Sekda of Kalimantan Barat judges the province's kab/kota: that is the job.
    assert not is_conflicted(cast.chair, cast.ketapang)
    desa = cast.cycle.categories.get(level="provinsi", code="pemda-desa")
    village = nominate(desa, "61.04.01.2001", "Desa di Ketapang", "61", entity="desa")
    assert [k for k, _ in derived(cast.ketapang_member, village)] == ["wilayah"]
    assert not is_conflicted(cast.chair, village)


def test_a_member_working_for_a_company_is_conflicted_on_it(cast):
    companies = cast.cycle.categories.get(level="provinsi", code="perusahaan-besar-menengah")
    company = nominate(companies, "E1", "PT Satu", "61", entity="perusahaan")
    cast.b.employer_key = "E1"
    cast.b.save()
    assert [k for k, _ in derived(cast.b, company)] == ["institusi"]


def test_a_declared_conflict_needs_a_reason_and_ends_the_members_open_assignment(cast):
    stage = cast.open("verifikasi")
    assign(stage=stage, member=cast.a, nomination=cast.pontianak, user=cast.admin)
    with pytest.raises(ConflictError, match="Alasan"):
        declare(
            member=cast.a, nomination=cast.pontianak, kind="keluarga", reason=" ", user=cast.a.user
        )
    with pytest.raises(ConflictError, match="Pilih jenis"):
        declare(
            member=cast.a, nomination=cast.pontianak, kind="wilayah", reason="x", user=cast.a.user
        )
    declare(
        member=cast.a,
        nomination=cast.pontianak,
        kind="keluarga",
        reason="Adik kandung bekerja di Disnaker Kota Pontianak.",
        user=cast.a.user,
    )
    assert is_conflicted(cast.a, cast.pontianak)
    assert not Assignment.objects.filter(member=cast.a, nomination=cast.pontianak).exists()
    assert AuditEntry.objects.filter(action="assignment.remove_conflict").count() == 1


def test_another_member_cannot_declare_for_someone_else(cast):
    with pytest.raises(AccessDenied, match="anggota itu sendiri"):
        declare_conflict(
            cast.b.user, member=cast.a, nomination=cast.pontianak, kind="lainnya", reason="x"
        )


def test_it_refuses_to_assign_a_conflicted_member(cast):
    stage = cast.open("verifikasi")
    with pytest.raises(AssignmentRefused, match="berkonflik kepentingan dengan Kabupaten Ketapang"):
        assign(stage=stage, member=cast.ketapang_member, nomination=cast.ketapang, user=cast.admin)


def test_it_refuses_a_candidate_of_another_province(cast):
    stage = cast.open("verifikasi")
    kaltim = nominate(cast.category, "64.03", "Kabupaten Berau", "64")
    with pytest.raises(AssignmentRefused, match="tidak dinilai oleh Tim Penilai Provinsi"):
        assign(stage=stage, member=cast.a, nomination=kaltim, user=cast.admin)


def test_only_the_national_admin_overrides_a_conflict_and_the_reason_is_logged(cast):
    with pytest.raises(AccessDenied, match="Hanya admin nasional"):
        override_conflict(
            cast.chair.user, member=cast.ketapang_member, nomination=cast.ketapang, reason="x"
        )
    with pytest.raises(ConflictError, match="Alasan"):
        override(member=cast.ketapang_member, nomination=cast.ketapang, reason="", user=cast.admin)
    override(
        member=cast.ketapang_member,
        nomination=cast.ketapang,
        reason="Penilai pindah tugas ke provinsi sejak Januari.",
        user=cast.admin,
    )
    assert not is_conflicted(cast.ketapang_member, cast.ketapang)
    entry = AuditEntry.objects.get(action="conflict.override")
    assert entry.user == cast.admin
    assert entry.after["reason"] == "Penilai pindah tugas ke provinsi sejak Januari."
    stage = cast.open("verifikasi")
    assign(stage=stage, member=cast.ketapang_member, nomination=cast.ketapang, user=cast.admin)


def test_automatic_assignment_gives_each_candidate_two_assessors_without_conflicts(cast):
    stage = cast.open("verifikasi")
    result = auto_assign(stage=stage, panel=cast.panel, user=cast.admin)
    assert result.unmet == []
    pairs = set(Assignment.objects.filter(stage=stage).values_list("nomination_id", "member_id"))
    assert (cast.ketapang.pk, cast.ketapang_member.pk) not in pairs
    for nomination in (cast.ketapang, cast.pontianak):
        assert sum(1 for n, _ in pairs if n == nomination.pk) == 2
    # Four seats for five members: balanced, nobody takes two.
    assert sorted(result.load.values()) == [0, 1, 1, 1, 1]
    # Running it again adds nothing.
    assert auto_assign(stage=stage, panel=cast.panel, user=cast.admin).created == []


def test_automatic_assignment_explains_what_it_could_not_satisfy(cast, django_user_model):
    stage = cast.open("verifikasi")
    cast.panel.assessors_per_candidate = 5
    cast.panel.save()
    result = auto_assign(stage=stage, panel=cast.panel, user=cast.admin)
    unmet = {u.nomination.name: u for u in result.unmet}
    # Ketapang has four members without a conflict, Pontianak all five.
    assert set(unmet) == {"Kabupaten Ketapang"}
    assert unmet["Kabupaten Ketapang"].assigned == 4
    assert "hanya 4 penilai tanpa konflik kepentingan" in unmet["Kabupaten Ketapang"].reason


def test_the_optimum_beats_greedy_when_caps_are_tight(cast, django_user_model):
    """Ketapang can only go to member A (B and C are conflicted); a greedy pass that gives
    Pontianak to A first leaves Ketapang without anyone."""
    panel = create_panel(
        cycle=cast.cycle, level="provinsi", province="64", assessors_per_candidate=1, max_load=1
    )
    users = [django_user_model.objects.create_user(n) for n in ("x", "y", "z")]
    x = add_member(panel=panel, member_user=users[0], role="anggota", affiliation="pakar")
    add_member(
        panel=panel, member_user=users[1], role="anggota", affiliation="pakar", region_code="64.03"
    )
    add_member(
        panel=panel, member_user=users[2], role="anggota", affiliation="pakar", region_code="64.03"
    )
    berau = nominate(cast.category, "64.03", "Kabupaten Berau", "64")
    nominate(cast.category, "64.01", "Kabupaten Paser", "64")
    stage = cast.open("verifikasi")
    result = auto_assign(stage=stage, panel=panel)
    assert result.unmet == []
    assert Assignment.objects.get(stage=stage, nomination=berau).member == x


def test_a_conflicted_member_cannot_score_even_when_assigned_before_the_conflict(cast):
    stage = cast.open("verifikasi")
    assign(stage=stage, member=cast.b, nomination=cast.pontianak, user=cast.admin)
    save_scores(
        stage=stage,
        member=cast.b,
        nomination=cast.pontianak,
        entries={"regulasi": Entry(3)},
        user=cast.b.user,
    )
    declare(
        member=cast.b,
        nomination=cast.pontianak,
        kind="pendampingan",
        reason="Pernah menjadi konsultan Pemkot.",
        user=cast.b.user,
    )
    with pytest.raises(AccessDenied, match="konflik kepentingan"):
        save_sheet(
            cast.b.user, stage=stage, nomination=cast.pontianak, entries={"regulasi": Entry(4)}
        )
