"""A score sheet sent back with a version that cannot be read ("abc", "", "²", true) is refused
like one from a stale read: the version is what tells an old tab from a newer save, so a save
without a readable one would overwrite whatever was saved meanwhile. Nothing is saved, and the
assessor reads why in Bahasa Indonesia, on the scoring page (409, the typed scores kept, the
form carrying the current version) and on the API (422, the field named)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.domain.scores import Entry, save_scores, sheet_of
from paritrana.assessment.models import Score
from paritrana.awards.models import AuditEntry
from tests.assessment import conftest as judging

cast = judging.cast  # the judging tests' cast of users and candidates, shared

THREE = {"regulasi": 3, "anggaran": 3, "inovasi": 3}
UNREADABLE = ["abc", "", " ", "1.0", "-1", "²", "٣", "1e3"]


@pytest.fixture
def verification(cast):
    stage = cast.open("verifikasi")
    assign(stage=stage, member=cast.a, nomination=cast.ketapang, user=cast.admin)
    return stage


@pytest.fixture
def saved(cast, verification):
    """Ketapang's sheet saved once (version 1) with three 3s, from another tab."""
    return save_scores(
        stage=verification,
        member=cast.a,
        nomination=cast.ketapang,
        entries={code: Entry(value) for code, value in THREE.items()},
        user=cast.a.user,
        expected_version=0,
    )


def test_only_a_whole_number_is_a_version():
    from paritrana.assessment.domain.scores import as_version

    assert [as_version(v) for v in (0, 3, "3", " 12 ")] == [0, 3, 3, 12]
    assert [as_version(v) for v in [*UNREADABLE, True, False, -1, 2.0, None]] == [None] * 13


@pytest.mark.parametrize("typed", UNREADABLE)
def test_the_scoring_page_refuses_an_unreadable_version_and_saves_nothing(
    client, cast, verification, saved, typed
):
    client.force_login(cast.a.user)
    url = f"/penilaian/{verification.pk}/{cast.ketapang.pk}/"
    audited = AuditEntry.objects.count()
    response = client.post(
        url, {"score-regulasi": "4", "score-anggaran": "2", "version": typed, "action": "save"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Versi lembar nilai yang dikirim" in page and "tidak dikenali" in page
    assert "isian Anda tidak disimpan" in page
    assert "Muat ulang lembar nilai untuk melihat nilai terkini" in page
    assert 'id="score-conflict"' in page
    # What was typed stays; the form now carries the current version.
    assert 'id="score-regulasi-4" name="score-regulasi" value="4" checked' in page
    assert '<input type="hidden" name="version" value="1">' in page
    assert set(Score.objects.values_list("value", flat=True)) == {Decimal(3)}
    assert sheet_of(stage=verification, member=cast.a, nomination=cast.ketapang).version == 1
    assert AuditEntry.objects.count() == audited


def test_a_submission_with_an_unreadable_version_is_refused_too(client, cast, verification, saved):
    client.force_login(cast.a.user)
    url = f"/penilaian/{verification.pk}/{cast.ketapang.pk}/"
    response = client.post(
        url,
        {
            "score-regulasi": "4",
            "score-anggaran": "3",
            "score-inovasi": "3",
            "version": "abc",
            "action": "submit",
            "yakin": "1",
        },
    )
    assert response.status_code == 409
    sheet = sheet_of(stage=verification, member=cast.a, nomination=cast.ketapang)
    assert (sheet.version, sheet.is_submitted) == (1, False)


def test_the_page_still_saves_with_the_current_version(client, cast, verification, saved):
    client.force_login(cast.a.user)
    url = f"/penilaian/{verification.pk}/{cast.ketapang.pk}/"
    response = client.post(url, {"score-regulasi": "4", "version": "1", "action": "save"})
    assert response.status_code == 302
    assert Score.objects.get(criterion__code="regulasi").value == 4


@pytest.mark.parametrize("version", ["abc", "", True, -1, 1.5])
def test_the_api_refuses_an_unreadable_version_and_saves_nothing(
    client, cast, verification, saved, version
):
    client.force_login(cast.a.user)
    url = f"/api/v1/penilaian/{verification.pk}/{cast.ketapang.pk}"
    body = {"scores": {"regulasi": {"value": "4"}}, "submit": False, "version": version}
    response = client.put(url, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    [detail] = error["details"]
    assert detail["field"].endswith("version")
    assert "Versi lembar nilai yang dikirim" in detail["message"]
    assert "isian Anda tidak disimpan" in detail["message"]
    assert Score.objects.get(criterion__code="regulasi").value == 3
    assert client.get(url).json()["version"] == 1
