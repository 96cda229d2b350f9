"""Personal tokens: made with a session only, used as `Authorization: Bearer`, limited by their
scopes, refused once revoked or expired."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from paritrana.access.models import ApiToken
from paritrana.access.tokens import issue, revoke
from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.models import Score
from tests.api.conftest import bearer, error_of


def _post(client, url, body, **kw):
    return client.post(url, data=json.dumps(body), content_type="application/json", **kw)


def test_a_logged_in_user_makes_lists_and_revokes_a_token(client, admin):
    client.force_login(admin)
    made = _post(client, "/api/v1/token/", {"name": "Dasbor BI", "scopes": ["baca"], "days": 30})
    assert made.status_code == 201
    body = made.json()
    assert body["secret"].startswith(body["prefix"] + "_")
    assert (body["name"], body["scopes"], body["active"]) == ("Dasbor BI", ["baca"], True)
    assert body["expires_at"] is not None
    listed = client.get("/api/v1/token/").json()
    assert [t["name"] for t in listed["items"]] == ["Dasbor BI"]
    assert "secret" not in listed["items"][0]  # shown once only
    assert ApiToken.objects.get().digest != body["secret"]  # only a digest is kept

    headers = {"Authorization": f"Bearer {body['secret']}"}
    assert client.get("/api/v1/siklus/", headers=headers).status_code == 200
    revoked = client.delete(f"/api/v1/token/{body['id']}")
    assert revoked.status_code == 200 and revoked.json()["active"] is False
    client.logout()
    response = client.get("/api/v1/kandidat/", headers=headers)
    assert response.status_code == 401
    assert error_of(response) == {
        "code": "invalid_token",
        "message": (
            "Token API tidak dikenal, sudah kedaluwarsa atau sudah dicabut. Buat token baru di "
            "halaman Token API."
        ),
    }


def test_a_token_is_refused_with_a_reason_for_an_unknown_scope(client, admin):
    client.force_login(admin)
    response = _post(client, "/api/v1/token/", {"name": "x", "scopes": ["tulis"]})
    assert response.status_code == 400
    assert error_of(response)["message"] == (
        "Cakupan token tidak dikenal: tulis. Pilih dari: baca, nilai, impor, tim."
    )


def test_a_token_cannot_make_list_or_revoke_tokens(client, admin):
    headers = bearer(admin, "baca", "nilai", "impor")
    for response in (
        client.get("/api/v1/token/", headers=headers),
        _post(client, "/api/v1/token/", {"name": "x", "scopes": ["baca"]}, headers=headers),
        client.delete(f"/api/v1/token/{ApiToken.objects.get().pk}", headers=headers),
    ):
        assert response.status_code == 403
        assert error_of(response)["message"] == (
            "Token API tidak dapat dipakai di sini: masuk lewat halaman web."
        )
    assert ApiToken.objects.get().revoked_at is None


def test_one_cannot_revoke_anothers_token(client, admin, django_user_model):
    other = django_user_model.objects.create_user("lain", password="rahasia-uji-123")
    token, _secret = issue(user=other, name="punya orang", scopes=["baca"])
    client.force_login(admin)
    assert client.delete(f"/api/v1/token/{token.pk}").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_expired_token_is_a_401(client, admin):
    token, secret = issue(user=admin, name="lama", scopes=["baca"], days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/v1/kandidat/", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401
    assert error_of(response)["code"] == "invalid_token"


def test_a_revoked_token_is_a_401_even_on_a_public_endpoint(client, admin):
    token, secret = issue(user=admin, name="dicabut", scopes=["baca"])
    revoke(token=token, user=admin)
    response = client.get("/api/v1/wilayah/zona", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401


def test_reading_needs_the_read_scope(client, admin):
    response = client.get("/api/v1/kandidat/", headers=bearer(admin, "impor"))
    assert response.status_code == 403
    error = error_of(response)
    assert (error["code"], error["scope"]) == ("insufficient_scope", "baca")
    assert error["message"] == (
        "Token 'uji' tidak memiliki cakupan 'baca' (membaca apa yang boleh dilihat akunnya) yang "
        "diperlukan untuk permintaan ini. Buat token dengan cakupan tersebut."
    )


@pytest.fixture
def verification(cast):
    stage = cast.open("verifikasi")
    assign(stage=stage, member=cast.a, nomination=cast.ketapang, user=cast.admin)
    return stage


def test_saving_scores_needs_the_score_scope(client, cast, verification):
    url = f"/api/v1/penilaian/{verification.pk}/{cast.ketapang.pk}"
    body = {"scores": {"regulasi": {"value": "4"}}}
    read_only = bearer(cast.a.user, "baca")
    assert client.get(url, headers=read_only).status_code == 200
    response = client.put(
        url, data=json.dumps(body), content_type="application/json", headers=read_only
    )
    assert response.status_code == 403
    assert error_of(response)["scope"] == "nilai"
    assert not Score.objects.exists()
    scorer = bearer(cast.a.user, "baca", "nilai")
    response = client.put(
        url, data=json.dumps(body), content_type="application/json", headers=scorer
    )
    assert response.status_code == 200, response.content
    assert list(Score.objects.values_list("criterion__code", "value")) == [("regulasi", 4)]


def test_a_token_acts_with_its_users_rights_only(client, cast, verification):
    url = f"/api/v1/penilaian/{verification.pk}/{cast.ketapang.pk}"
    response = client.get(url, headers=bearer(cast.b.user, "baca", "nilai"))
    assert response.status_code == 403
    assert "tidak ditugaskan kepada Anda" in error_of(response)["message"]


def test_uploading_needs_the_import_scope(client, admin):
    response = client.post("/api/v1/impor/", {"kind": "targets"}, headers=bearer(admin, "baca"))
    assert response.status_code == 403
    assert error_of(response)["scope"] == "impor"
