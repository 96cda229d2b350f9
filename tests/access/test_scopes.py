"""The lists (`paritrana.access.scopes`) hold exactly what `has_perm` allows, object by object,
for every role; and the reasons of a refusal name what bars the person."""

from __future__ import annotations

import pytest

from paritrana.access.check import AccessDenied, denied, require
from paritrana.access.scopes import (
    WITHHELD,
    barred_nominations,
    judged_nominations,
    listed_nominations,
    visible_nominations,
    visible_panels,
    visible_rows,
)
from paritrana.assessment.domain.access import awaiting_own_scores, barring
from paritrana.assessment.models import Panel
from paritrana.awards.models import Nomination
from tests.access.test_matrix import ROLES


@pytest.mark.parametrize("role", ROLES)
def test_each_list_agrees_with_the_permission(world, role):
    user = world.role(role).user
    seen = set(visible_nominations(user).values_list("pk", flat=True))
    judged = set(judged_nominations(user).values_list("pk", flat=True))
    panels = set(visible_panels(user).values_list("pk", flat=True))
    for nomination in Nomination.objects.select_related("category"):
        assert (nomination.pk in seen) == user.has_perm("access.view_candidate", nomination)
        assert (nomination.pk in judged) == user.has_perm("access.view_judging", nomination)
    for panel in Panel.objects.all():
        assert (panel.pk in panels) == user.has_perm("access.view_panel", panel)


def test_what_a_reader_is_barred_from_agrees_with_the_conflicts(world):
    """`barred_nominations` (what every ranking, workbook, PDF and API answer withholds) is
    `barring`, candidate by candidate; the candidates workbook never lists a barred candidate,
    and gives an assessor exactly the candidates they judge."""
    nominations = list(Nomination.objects.select_related("category"))
    for role in ROLES:
        user = world.role(role).user
        barred = barred_nominations(user, nominations)
        for nomination in nominations:
            assert (nomination.pk in barred) == (barring(user, nomination) is not None), (
                role,
                nomination.name,
            )
        listed = set(listed_nominations(user, world.cast.cycle).values_list("pk", flat=True))
        assert not listed & barred, role
        if role in ("penilai", "penilai_berkonflik"):
            assert listed == set(judged_nominations(user).values_list("pk", flat=True)), role
    conflicted = world.role("penilai_berkonflik").user
    assert barred_nominations(conflicted, nominations) == {world.cast.ketapang.pk}


class _Row:
    def __init__(self, nomination: Nomination) -> None:
        self.nomination = nomination


def test_a_rankings_rows_are_withheld_and_opened_as_the_lists_say(world):
    """`visible_rows` (every ranking page, PDF and API answer) withholds exactly the candidates
    `barred_nominations` bars and those whose sheets the reader has still to send
    (`awaiting_own_scores`), and opens exactly those `judged_nominations` holds, for every
    role, over the candidates of every panel at once (it reads each seat's conflicts once)."""
    nominations = list(Nomination.objects.select_related("category__cycle").order_by("pk"))
    rows = [_Row(n) for n in nominations]
    for role in ROLES:
        user = world.role(role).user
        barred = barred_nominations(user, nominations) | awaiting_own_scores(user, nominations)
        judged = set(
            judged_nominations(user, among=[n.pk for n in nominations]).values_list("pk", flat=True)
        )
        shown = visible_rows(user, rows)
        assert [s.row.nomination.pk for s in shown] == [
            *(n.pk for n in nominations if n.pk not in barred),
            *(n.pk for n in nominations if n.pk in barred),
        ], role
        for s in shown:
            pk = s.row.nomination.pk
            assert s.withheld == (pk in barred), (role, s.row.nomination.name)
            assert s.open == (pk in judged and pk not in barred), (role, s.row.nomination.name)
    conflicted = world.role("penilai_berkonflik").user
    shown = visible_rows(conflicted, rows)
    assert [s.row.nomination for s in shown if s.note == WITHHELD] == [world.cast.ketapang]


def test_refusals_say_why_in_bahasa_indonesia(world):
    c = world.cast
    conflicted = world.role("penilai_berkonflik").user
    assert "berkonflik kepentingan dengan Kabupaten Ketapang" in denied(
        conflicted, "access.view_candidate", c.ketapang
    )
    assessor = world.role("penilai").user
    assert denied(assessor, "access.score_candidate", world.sambas) == (
        "Kabupaten Sambas tidak ditugaskan kepada Anda untuk dinilai."
    )
    assert denied(assessor, "access.score_candidate", c.ketapang) is None
    with pytest.raises(AccessDenied, match="hanya dapat dikelola oleh ketua"):
        require(world.role("admin_provinsi").user, "access.manage_panel", world.kalteng)
    require(world.role("admin_provinsi").user, "access.manage_panel", c.panel)
    anonymous = world.role("publik").user
    assert denied(anonymous, "access.import_data") == "Silakan masuk terlebih dahulu."


def test_a_representative_reads_the_report_only_once_the_result_is_out(judged, django_user_model):
    from paritrana.awards.models import Representative

    user = django_user_model.objects.create_user("wakil", password="rahasia-uji-123")
    Representative.objects.create(user=user, nomination=judged.ketapang)
    reason = denied(user, "access.download_report", judged.ketapang)
    assert reason is not None and "setelah Juara" in reason
    assert user.has_perm("access.view_candidate", judged.ketapang)
    assert not user.has_perm("access.view_candidate", judged.pontianak)
