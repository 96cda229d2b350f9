"""The demo's judged cycle, on the small store of tests/store_fixture.py (three provinces with
data): every province gets its team, the Kalimantan shortlists go through the provincial round
(Kalimantan Barat's only in part) into the national verification. The national picture over
all 38 provinces with data is in test_demo_national.py."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from paritrana.assessment.domain.conflicts import barred_pairs
from paritrana.assessment.domain.panels import nominations_of
from paritrana.assessment.domain.results import compute, groups
from paritrana.assessment.models import (
    Assignment,
    Conflict,
    Decision,
    InterviewSlot,
    Panel,
    PanelMember,
    Score,
    ScoreSheet,
)
from paritrana.awards.models import AuditEntry, Cycle, Nomination, Representative, Stage
from paritrana.cli import demo
from paritrana.cli.demo_judging import KALBAR_DECIDED, judge_demo_cycle
from paritrana.cli.demo_provinces import KALIMANTAN
from paritrana.coverage.domain.compute import compute_metrics
from tests.store_fixture import build_store

PROVINCES = ("31", "61", "63")  # those of tests/store_fixture.py


@pytest.fixture
def judged(regions, store, settings):
    """What `paritrana demo` prepares after its coverage data: accounts, then the cycle."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed
    build_store(store)
    compute_metrics(year=2025)
    demo._ensure_accounts()
    output = io.StringIO()
    # Only the provinces the small store has data for: test_demo_national.py seats all 38.
    demo._ensure_award_cycle(Console(file=output, width=300), provinces=PROVINCES)
    return Cycle.objects.get(assessment_year=2025), output.getvalue()


def _state():
    counted = (
        Panel,
        PanelMember,
        Conflict,
        Assignment,
        ScoreSheet,
        Score,
        InterviewSlot,
        Decision,
        Nomination,
        Representative,
        AuditEntry,
    )
    stages = sorted(Stage.objects.values_list("level", "kind", "status"))
    return {model.__name__: model.objects.count() for model in counted}, stages


def test_every_provincial_team_has_a_chair_a_secretary_and_nine_seats(judged):
    cycle, _output = judged
    provincial = Panel.objects.filter(cycle=cycle, level="provinsi")
    assert sorted(provincial.values_list("province", flat=True)) == sorted(PROVINCES)
    for panel in provincial:
        roles = list(panel.members.values_list("role", flat=True))
        assert roles.count("ketua") == 1 and roles.count("sekretaris") == 1, panel
        assert len(roles) == 9
        assert panel.assessors_per_candidate == 3
    chair = PanelMember.objects.get(user__username="ketua-kalbar")
    assert (chair.role, chair.affiliation, chair.region_code) == ("ketua", "sekda", "61")
    jury = Panel.objects.get(cycle=cycle, level="nasional")
    assert jury.members.filter(user__username="juri").exists()


def test_no_assignment_breaks_a_conflict_and_both_kinds_exist(judged):
    cycle, _output = judged
    barred_anywhere = set()
    for panel in Panel.objects.filter(cycle=cycle):
        members = list(panel.members.select_related("user", "panel"))
        barred = barred_pairs(members, nominations_of(panel))
        barred_anywhere |= barred
        assigned = set(
            Assignment.objects.filter(member__panel=panel).values_list("member_id", "nomination_id")
        )
        assert not assigned & barred, panel
    ketapang_member = PanelMember.objects.get(region_code="61.04")
    ketapang = Nomination.objects.get(category__level="provinsi", key="61.04")
    assert (ketapang_member.pk, ketapang.pk) in barred_anywhere  # derived: own government
    declared = Conflict.objects.get()
    assert declared.member.user.username == "penilai-kalbar"
    assert declared.kind == "pendampingan"


def test_the_chairs_confirmed_the_computed_top_three_and_juara_i_went_national(judged):
    cycle, _output = judged
    judged_groups = 0
    for category in cycle.categories.filter(level="provinsi", enabled=True):
        for group in groups(category):
            if group.code not in KALIMANTAN:
                continue  # still verifying
            if group.code == "61" and category.code not in KALBAR_DECIDED:
                assert not Decision.objects.filter(category=category, group="61").exists()
                continue  # waiting for ketua-kalbar
            top = [row.nomination for row in compute(category=category, group=group.code).top(3)]
            decided = [
                d.nomination
                for d in Decision.objects.filter(category=category, group=group.code).order_by(
                    "place"
                )
            ]
            assert decided == top, (category.code, group.code)
            chair = PanelMember.objects.get(panel__province=group.code, role="ketua")
            confirmed_by = Decision.objects.filter(category=category, group=group.code)
            assert set(confirmed_by.values_list("confirmed_by", flat=True)) == {chair.user_id}
            # Confirmed through the command: the ranking as decided is stored, version 1.
            assert set(confirmed_by.values_list("ranking__version", flat=True)) == {1}
            assert AuditEntry.objects.filter(
                command="decision.confirm", user_id=chair.user_id
            ).exists()
            promoted = Nomination.objects.get(
                category__cycle=cycle,
                category__level="nasional",
                category__code=category.code,
                key=top[0].key,
            )
            assert (promoted.source, promoted.status) == ("promosi", "nominated")
            judged_groups += 1
    assert judged_groups >= 2
    assert InterviewSlot.objects.filter(attendance="belum").count() == 0


def test_the_juror_finds_pending_sheets_while_the_rest_of_the_jury_submitted(judged):
    cycle, output = judged
    stage = cycle.stages.get(level="nasional", kind="verifikasi")
    assert stage.status == "open"
    mine = Assignment.objects.filter(stage=stage, member__user__username="juri")
    assert mine.exists()
    assert not ScoreSheet.objects.filter(
        stage=stage, member__user__username="juri", submitted_at__isnull=False
    ).exists()
    others = Assignment.objects.filter(stage=stage).exclude(member__user__username="juri")
    submitted = ScoreSheet.objects.filter(stage=stage, submitted_at__isnull=False)
    assert submitted.count() == others.count() > 0
    assert "Juara dikonfirmasi" in output and "akun juri" in output
    assert "3 tim penilai provinsi" in output


def test_preparing_the_demo_again_changes_nothing(judged):
    cycle, _output = judged
    before = _state()
    demo._ensure_award_cycle(Console(file=io.StringIO()))
    assert judge_demo_cycle(cycle) is None
    assert _state() == before


def test_the_demo_accounts_can_log_in_and_generated_members_cannot(judged, client):
    for username in ("ketua-kalbar", "penilai-kalbar", "juri", "ketapang"):
        assert client.login(username=username, password="paritrana-demo"), username
    generated = PanelMember.objects.exclude(
        user__username__in=["ketua-kalbar", "penilai-kalbar", "juri"]
    ).select_related("user")
    assert generated and not any(m.user.has_usable_password() for m in generated)
