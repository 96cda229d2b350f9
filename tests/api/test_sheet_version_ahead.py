"""A score sheet sent back with a version the sheet never had (5, or 99999999999999999999, on a
sheet at version 0) is no stale read: nobody changed the sheet, so the 409 "sudah diubah ...
setelah Anda membukanya" would be untrue. It is refused as invalid input (422 `invalid`, as the
README says of a version that cannot be right), and nothing is saved. A version below the
sheet's is still the conflict it always was."""

from __future__ import annotations

import json

import pytest

from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.domain.scores import Entry, ScoreInvalid, save_scores, sheet_of
from paritrana.assessment.models import Score, ScoreSheet
from paritrana.awards.models import AuditEntry


@pytest.fixture
def verification(cast):
    stage = cast.open("verifikasi")
    assign(stage=stage, member=cast.a, nomination=cast.ketapang, user=cast.admin)
    return stage


def _put(client, cast, stage, version):
    url = f"/api/v1/penilaian/{stage.pk}/{cast.ketapang.pk}"
    body = {"scores": {"regulasi": {"value": "4"}}, "submit": False, "version": version}
    return client.put(url, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("version", [5, 99999999999999999999, "7"])
def test_a_version_ahead_of_a_new_sheet_is_invalid_not_a_conflict(
    client, cast, verification, version
):
    client.force_login(cast.a.user)
    audited = AuditEntry.objects.count()
    response = _put(client, cast, verification, version)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "tidak mungkin benar" in error["message"], error["message"]
    assert "sudah diubah" not in error["message"]
    assert "isian Anda tidak disimpan" in error["message"]
    assert f"({str(version)[:20]}" in error["message"] and "saat ini (0)" in error["message"]
    # Nothing saved, not even the empty sheet the save began with.
    assert not ScoreSheet.objects.exists() and not Score.objects.exists()
    assert AuditEntry.objects.count() == audited


def test_on_a_saved_sheet_ahead_is_invalid_behind_is_a_conflict(client, cast, verification):
    client.force_login(cast.a.user)
    assert _put(client, cast, verification, 0).status_code == 200  # now at version 1
    ahead = _put(client, cast, verification, 2)
    assert ahead.status_code == 422 and ahead.json()["error"]["code"] == "invalid"
    assert "saat ini (1)" in ahead.json()["error"]["message"]
    behind = _put(client, cast, verification, 0)
    assert behind.status_code == 409 and behind.json()["error"]["code"] == "conflict"
    assert "sudah diubah" in behind.json()["error"]["message"]
    assert _put(client, cast, verification, 1).status_code == 200
    assert sheet_of(stage=verification, member=cast.a, nomination=cast.ketapang).version == 2


def test_the_domain_refuses_a_version_ahead(cast, verification):
    with pytest.raises(ScoreInvalid, match="tidak mungkin benar"):
        save_scores(
            stage=verification,
            member=cast.a,
            nomination=cast.ketapang,
            entries={"regulasi": Entry(3)},
            user=cast.a.user,
            expected_version=1,
        )
    assert not ScoreSheet.objects.exists()


def test_the_scoring_page_refuses_it_too_and_saves_nothing(client, cast, verification):
    client.force_login(cast.a.user)
    url = f"/penilaian/{verification.pk}/{cast.ketapang.pk}/"
    response = client.post(url, {"score-regulasi": "4", "version": "5", "action": "save"})
    assert response.status_code == 400
    assert "tidak mungkin benar" in response.content.decode()
    assert not ScoreSheet.objects.exists()
