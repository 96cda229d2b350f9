"""A stage's dates edited in the Django admin go through the secretariat's command
(`stage.schedule`), as on /sekretariat/<siklus>/: dates out of the round's order are refused with
the command's message in Bahasa Indonesia and nothing is saved; dates in order are saved with
the command's audit entry. The stage's place in its round (cycle, round, kind, order) is shown,
not edited, here."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from paritrana.awards.models import AuditEntry
from tests.secretariat import test_setup_domain

setup_world = test_setup_domain.setup_world  # the fixture


@pytest.fixture
def superuser_client(client, setup_world, django_user_model):
    user = django_user_model.objects.create_superuser("super", password="rahasia-uji-123")
    client.force_login(user)
    client.user = user
    return client


def _url(stage) -> str:
    return f"/admin/awards/stage/{stage.pk}/change/"


def _post(client, stage, starts_on: str, ends_on: str, **more):
    # The whole form as a browser sends it (its stage's place too: read-only fields are ignored).
    place = {
        "cycle": stage.cycle_id,
        "level": stage.level,
        "kind": stage.kind,
        "order": stage.order,
    }
    form = place | {"starts_on": starts_on, "ends_on": ends_on, "roles": json.dumps(stage.roles)}
    return client.post(_url(stage), form | more, follow=True)


def _stored(stage):
    stage.refresh_from_db()
    return (stage.starts_on, stage.ends_on)


def _entries(stage):
    return AuditEntry.objects.filter(model="awards.Stage", object_id=str(stage.pk))


def test_a_stage_dated_before_the_stage_before_it_is_refused_in_the_admin(
    superuser_client, setup_world
):
    """The bug: the admin saved a stage dated before the previous one without a word."""
    w = setup_world
    self_assessment = w.stage("penilaian_mandiri")  # after the screening of 1-28 February 2026
    before = _stored(self_assessment)
    page = _post(superuser_client, self_assessment, "2026-01-20", "2026-01-31")
    html = page.content.decode()
    assert (
        "Tahap &#x27;Penilaian mandiri dan bukti&#x27; (tingkat provinsi) mulai 20 Januari "
        "2026, sebelum tahap sebelumnya, &#x27;Penyaringan data&#x27;, mulai 1 Februari 2026. "
        "Tanggal tahap harus mengikuti urutan tahap."
    ) in html
    assert page.redirect_chain[-1][0].endswith(_url(self_assessment))  # back on its form
    assert _stored(self_assessment) == before
    assert not _entries(self_assessment).exists()


def test_an_end_before_the_start_is_refused_in_the_admin(superuser_client, setup_world):
    w = setup_world
    screening = w.stage("penyaringan")
    before = _stored(screening)
    html = _post(superuser_client, screening, "2026-02-10", "2026-02-01").content.decode()
    assert (
        "Tahap &#x27;Penyaringan data&#x27; (tingkat provinsi) selesai 1 Februari 2026, "
        "sebelum tanggal mulainya 10 Februari 2026. "
        "Tanggal selesai tidak boleh sebelum tanggal mulai."
    ) in html
    assert _stored(screening) == before
    assert not _entries(screening).exists()


def test_a_refused_date_keeps_the_rest_of_the_form_unsaved_too(superuser_client, setup_world):
    w = setup_world
    screening = w.stage("penyaringan")  # before the self-assessment of 1-31 March 2026
    roles = list(screening.roles)
    html = _post(
        superuser_client, screening, "2026-02-01", "2026-04-15", roles='["ketua"]'
    ).content.decode()
    assert (
        "Tahap &#x27;Penyaringan data&#x27; (tingkat provinsi) selesai 15 April 2026, sesudah "
        "tahap berikutnya, &#x27;Penilaian mandiri dan bukti&#x27;, selesai 31 Maret 2026."
    ) in html
    assert _stored(screening)[1] == dt.date(2026, 2, 28)
    assert screening.roles == roles
    assert not _entries(screening).exists()


def test_dates_in_order_are_saved_through_the_secretariats_command(superuser_client, setup_world):
    """Overlapping neighbours is allowed: a stage may begin before the one before it ends."""
    w = setup_world
    self_assessment = w.stage("penilaian_mandiri")
    page = _post(superuser_client, self_assessment, "2026-02-20", "2026-03-31")
    assert page.redirect_chain[-1][0] == "/admin/awards/stage/"
    assert _stored(self_assessment) == (dt.date(2026, 2, 20), dt.date(2026, 3, 31))
    entry = _entries(self_assessment).get()
    assert (entry.command, entry.action) == ("stage.schedule", "stage.schedule")
    assert entry.user == superuser_client.user and entry.cycle == w.cycle
    assert (entry.before["starts_on"], entry.after["starts_on"]) == ("2026-03-01", "2026-02-20")


def test_a_change_beside_the_dates_is_the_admins_own_save(superuser_client, setup_world):
    w = setup_world
    screening = w.stage("penyaringan")
    dates = _stored(screening)
    page = _post(
        superuser_client,
        screening,
        dates[0].isoformat(),
        dates[1].isoformat(),
        roles='["ketua"]',
    )
    assert page.redirect_chain[-1][0] == "/admin/awards/stage/"
    screening.refresh_from_db()
    assert screening.roles == ["ketua"] and _stored(screening) == dates
    entry = _entries(screening).get()  # no dates scheduled
    assert (entry.command, entry.action, entry.after["roles"]) == (
        "admin.save",
        "admin.change",
        ["ketua"],
    )


def test_the_stages_place_in_its_round_is_shown_not_edited(superuser_client, setup_world):
    """Its order is what its dates are checked against: not changed past the check here."""
    w = setup_world
    screening = w.stage("penyaringan")
    place = (screening.order, screening.kind)
    html = superuser_client.get(_url(screening)).content.decode()
    assert 'name="starts_on"' in html and 'name="ends_on"' in html
    for field in ("order", "kind", "level", "cycle"):
        assert f'name="{field}"' not in html
    _post(superuser_client, screening, "2026-02-01", "2026-02-28", order="9", kind="publikasi")
    screening.refresh_from_db()
    assert (screening.order, screening.kind) == place


def test_a_stage_added_in_the_admin_is_scheduled_by_the_same_command(superuser_client, setup_world):
    """A stage taken away and added again: its dates are checked like any other's."""
    w = setup_world
    interview = w.stage("wawancara")
    place = {
        "cycle": w.cycle.pk,
        "level": "provinsi",
        "kind": "wawancara",
        "order": interview.order,
    }
    interview.delete()
    form = place | {"roles": "[]", "starts_on": "2026-01-05", "ends_on": "2026-01-09"}
    html = superuser_client.post("/admin/awards/stage/add/", form, follow=True).content.decode()
    assert (
        "Tahap &#x27;Wawancara&#x27; (tingkat provinsi) mulai 5 Januari 2026, sebelum tahap "
        in (html)
    )
    assert not w.cycle.stages.filter(level="provinsi", kind="wawancara").exists()
    assert not AuditEntry.objects.filter(model="awards.Stage").exists()

    starts = w.stage("verifikasi").ends_on  # as the verification ends, before the decision
    form |= {"starts_on": starts.isoformat(), "ends_on": starts.isoformat()}
    done = superuser_client.post("/admin/awards/stage/add/", form, follow=True)
    assert done.redirect_chain[-1][0] == "/admin/awards/stage/"
    added = w.stage("wawancara")
    assert _stored(added) == (starts, starts)
    assert [e.command for e in _entries(added).order_by("id")] == ["admin.save", "stage.schedule"]
