"""The judging API says what the pages say: conflicts bar a member from every endpoint."""

from __future__ import annotations

import json

import pytest

from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.domain.conflicts import declare
from paritrana.assessment.models import Score
from tests.assessment.conftest import cast  # noqa: F401  (the fixture)
from tests.assessment.test_results import judge


def _put(client, url, body):
    return client.put(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def verification(cast):  # noqa: F811
    stage = cast.open("verifikasi")
    assign(stage=stage, member=cast.a, nomination=cast.ketapang, user=cast.admin)
    return stage


def test_it_needs_a_login_and_answers_in_one_error_shape(client, verification):
    response = client.get("/api/v1/penilaian/tugas")
    assert response.status_code == 401
    assert response.json() == {
        "error": {"code": "unauthenticated", "message": "Silakan masuk terlebih dahulu."}
    }


def test_an_assessor_lists_and_scores_an_assigned_candidate(client, cast, verification):  # noqa: F811
    client.force_login(cast.a.user)
    tasks = client.get("/api/v1/penilaian/tugas").json()
    assert [(t["candidate"], t["status"]) for t in tasks] == [("Kabupaten Ketapang", "belum")]
    url = f"/api/v1/penilaian/{verification.pk}/{cast.ketapang.pk}"
    sheet = client.get(url).json()
    regulasi = next(c for c in sheet["criteria"] if c["code"] == "regulasi")
    assert [lv["score"] for lv in regulasi["levels"]] == ["1", "2", "3", "4", "5"]
    assert regulasi["levels"][0]["descriptor"].startswith("Belum ada regulasi")
    body = {
        "scores": {
            "regulasi": {"value": "4"},
            "anggaran": {"value": "3"},
            "inovasi": {"value": "5", "comment": "Inovasi ditiru 3 kabupaten."},
        },
        "submit": True,
    }
    response = _put(client, url, body)
    assert response.status_code == 200, response.content
    assert response.json()["submitted_at"] is not None
    assert sorted(Score.objects.values_list("criterion__code", "value")) == [
        ("anggaran", 3),
        ("inovasi", 5),
        ("regulasi", 4),
    ]


def test_a_score_outside_the_rubric_is_refused_with_the_pages_message(client, cast, verification):  # noqa: F811
    client.force_login(cast.a.user)
    url = f"/api/v1/penilaian/{verification.pk}/{cast.ketapang.pk}"
    response = _put(client, url, {"scores": {"regulasi": {"value": "7"}}})
    assert (response.status_code, response.json()["error"]["code"]) == (422, "invalid")
    assert response.json()["error"]["message"] == (
        "Nilai 'Regulasi' (7) di luar tingkat rubrik: pilih salah satu dari 1, 2, 3, 4, 5."
    )
    assert not Score.objects.exists()


def test_an_unassigned_assessor_is_refused(client, cast, verification):  # noqa: F811
    client.force_login(cast.b.user)
    url = f"/api/v1/penilaian/{verification.pk}/{cast.ketapang.pk}"
    response = client.get(url)
    assert response.status_code == 403
    assert "tidak ditugaskan kepada Anda" in response.json()["error"]["message"]


def test_a_conflicted_member_is_barred_from_list_sheet_and_scores(client, cast, verification):  # noqa: F811
    declare(
        member=cast.a,
        nomination=cast.ketapang,
        kind="keluarga",
        reason="Istri bekerja di Bappeda Ketapang.",
        user=cast.a.user,
    )
    client.force_login(cast.a.user)
    assert client.get("/api/v1/penilaian/tugas").json() == []
    url = f"/api/v1/penilaian/{verification.pk}/{cast.ketapang.pk}"
    response = client.get(url)
    assert response.status_code == 403
    assert "konflik kepentingan" in response.json()["error"]["message"]
    response = _put(client, url, {"scores": {"regulasi": {"value": "3"}}})
    assert response.status_code == 403
    assert not Score.objects.exists()


def test_the_ranking_hides_assessor_figures_of_a_barred_candidate(client, cast):  # noqa: F811
    judge(cast)
    client.force_login(cast.ketapang_member.user)
    response = client.get(f"/api/v1/penilaian/hasil/{cast.category.pk}/61")
    assert response.status_code == 200
    rows = {r["candidate"]: r for r in response.json()["rows"]}
    assert rows["Kabupaten Ketapang"]["conflict"] is True
    assert rows["Kabupaten Ketapang"]["assessor_raw"] is None
    assert rows["Kota Pontianak"]["assessor_raw"] == pytest.approx(39.375 / 0.65)
    client.force_login(cast.outsider)
    response = client.get(f"/api/v1/penilaian/hasil/{cast.category.pk}/61")
    assert response.status_code == 403


def test_a_submitted_sheet_answers_409_locked_and_a_closed_stage_409_too(
    client,
    cast,  # noqa: F811
    verification,
):
    client.force_login(cast.a.user)
    url = f"/api/v1/penilaian/{verification.pk}/{cast.ketapang.pk}"
    full = {
        "scores": {
            "regulasi": {"value": "4"},
            "anggaran": {"value": "3"},
            "inovasi": {"value": "5", "comment": "Inovasi ditiru 3 kabupaten."},
        },
        "submit": True,
    }
    assert _put(client, url, full).status_code == 200
    again = _put(client, url, {"scores": {"regulasi": {"value": "3"}}})
    assert (again.status_code, again.json()["error"]["code"]) == (409, "locked")
    assert "sudah dikirim" in again.json()["error"]["message"]
    from paritrana.awards.domain.stages import close_stage

    close_stage(stage=verification, user=cast.admin)
    closed = _put(client, url, {"scores": {"regulasi": {"value": "3"}}})
    assert (closed.status_code, closed.json()["error"]["code"]) == (409, "locked")
    assert Score.objects.get(criterion__code="regulasi").value == 4


def test_a_group_without_a_panel_is_the_national_admins_to_read(client, cast):  # noqa: F811
    # As on the ranking page: the policy decides, not the API on its own.
    from tests.assessment.conftest import nominate

    nominate(cast.category, "62.71", "Kota Palangka Raya", "62")
    url = f"/api/v1/penilaian/hasil/{cast.category.pk}/62"
    client.force_login(cast.admin)
    response = client.get(url)
    assert response.status_code == 200, response.json()
    assert [r["candidate"] for r in response.json()["rows"]] == ["Kota Palangka Raya"]
    client.force_login(cast.chair.user)  # Kalimantan Barat's chair: not its panel
    response = client.get(url)
    assert response.status_code == 403 and response.json()["error"]["message"]
