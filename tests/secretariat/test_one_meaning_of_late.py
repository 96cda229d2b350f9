"""One meaning of "late" (terlambat) on the secretariat's daily pages.

A user tour of the demo found Kalimantan Barat's home page (/beranda/) saying "15 penilaian
mandiri terlambat" while the reminders page its link opens listed no candidate: the progress
board counted a self-assessment late once its stage's end date had passed, even with the stage
closed (nothing can be submitted any more, so nobody is reminded), and the reminders read the
open stages only. Late now means, everywhere (`progress.overdue`): the stage is open and its end
date has passed. What is missing and not late says why, with the deadline: a closed stage, a
deadline ahead, a group whose Juara are confirmed (the kab/kota rows that said "tepat waktu"
beside "belum dikirim").
"""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client

from paritrana.assessment.domain.progress import board, province_detail
from paritrana.assessment.domain.reminders import late_tally, waiting
from paritrana.assessment.models import Decision
from paritrana.awards.models import Representative
from tests.secretariat.progress_world import World, world

__all__ = ["world"]


def page(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def kabkota(w: World):
    block = next(b for b in board(cycle=w.cycle, provinces=["61"]).provinces if b.code == "61")
    return next(line for line in block.lines if line.category_code == "pemda-kabkota")


def shown(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def late_words(html: str) -> str:
    """The words of the reminders page's late line (id="late-total"), "" when none."""
    found = re.search(r'id="late-total">([^<]*)\.</p>', html)
    return found.group(1) if found else ""


def test_a_closed_self_assessment_stage_is_missing_not_late_and_says_its_deadline(world):
    world.set_stage("penilaian_mandiri", status="closed", ends=-1)
    line = kabkota(world)
    assert line.figures.late == []
    assert line.figures.submissions_late == 0
    assert (line.figures.submitted, line.figures.nominees) == (1, 3)  # still shown as missing
    assert len(line.notes) == 1 and shown(world.today - dt.timedelta(days=1)) in line.notes[0]
    # and the reminders have nothing to remind anyone of: the stage takes nothing any more
    assert not [e for e in waiting(cycle=world.cycle) if e.kind == "penilaian_mandiri"]


def test_the_home_counts_what_the_reminders_page_lists(world):
    """The home's "late" for the cycle is, word for word, what its Reminders link opens."""
    world.set_stage("penilaian_mandiri", status="closed", ends=-5)
    world.set_stage("verifikasi", ends=-1)  # Penilai_B's sheet for Ketapang is late
    world.set_stage("keputusan", status="open", ends=-1)  # no Juara confirmed yet
    home = page(world.kalbar_admin, "/beranda/")
    reminders = page(world.kalbar_admin, f"/sekretariat/{world.cycle.pk}/pengingat/")
    words = "1 lembar nilai terlambat; 1 keputusan Juara terlambat"
    assert f"{world.cycle.name}: {words}" in home
    assert "penilaian mandiri terlambat" not in home
    assert late_words(reminders) == words


def test_a_candidate_with_two_representatives_is_one_late_self_assessment(world, django_user_model):
    """Open and past its date: both pages count the two candidates once each, whoever is
    reminded (Pontianak's two representatives, Sambas's nobody)."""
    second = django_user_model.objects.create_user("wakil_dua", password="rahasia-uji-123")
    Representative.objects.create(user=second, nomination=world.pontianak)
    entries = waiting(cycle=world.cycle, provinces=["61"])
    assert (
        late_tally(entries).late == kabkota(world).figures.late == ["2 penilaian mandiri terlambat"]
    )
    reminders = page(world.kalbar_admin, f"/sekretariat/{world.cycle.pk}/pengingat/")
    assert late_words(reminders) == "2 penilaian mandiri terlambat"


def test_the_drill_down_says_why_a_missing_self_assessment_is_not_late(world):
    world.set_stage("penilaian_mandiri", status="closed", ends=-1)
    detail = province_detail(cycle=world.cycle, province="61")
    part = next(p for p in detail.categories if p.line.category_code == "pemda-kabkota")
    pontianak = next(c for c in part.candidates if c.pk == world.pontianak.pk)
    assert pontianak.late == [] and not pontianak.submission_late
    assert len(pontianak.notes) == 1
    assert shown(world.today - dt.timedelta(days=1)) in pontianak.notes[0]
    html = page(world.kalbar_admin, f"/sekretariat/{world.cycle.pk}/kemajuan/61/")
    row = html.split(f'data-nomination="{world.pontianak.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "tepat waktu" not in row and "terlambat" not in row
    assert shown(world.today - dt.timedelta(days=1)) in row


def test_a_deadline_ahead_is_said_beside_not_submitted(world):
    world.set_stage("penilaian_mandiri", ends=12)
    ahead = shown(world.today + dt.timedelta(days=12))
    assert kabkota(world).figures.late == [] and ahead in kabkota(world).notes[0]
    html = page(world.kalbar_admin, f"/sekretariat/{world.cycle.pk}/kemajuan/61/")
    row = html.split(f'data-nomination="{world.sambas.pk}"', 1)[1].split("</tr>", 1)[0]
    assert ahead in row and "tepat waktu" not in row


def test_a_decided_groups_missing_work_says_the_juara_are_confirmed(world):
    Decision.objects.create(
        category=world.category,
        group="61",
        place=1,
        nomination=world.ketapang,
        total=80,
        confirmed_by=world.chair.user,
    )
    line = kabkota(world)
    assert line.figures.late == [] and len(line.notes) == 1
    html = page(world.kalbar_admin, f"/sekretariat/{world.cycle.pk}/kemajuan/61/")
    for nomination in (world.pontianak, world.sambas):  # not submitted, group decided
        row = html.split(f'data-nomination="{nomination.pk}"', 1)[1].split("</tr>", 1)[0]
        assert "tepat waktu" not in row and 'class="note why"' in row
