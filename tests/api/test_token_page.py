"""The API token page (/akun/token/): make a token (shown once), list, revoke; login required."""

from __future__ import annotations

import re

import pytest

from paritrana.access.models import ApiToken
from paritrana.access.tokens import issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("penilai", password="rahasia-uji-123")


def test_the_page_needs_a_login(client):
    response = client.get("/akun/token/")
    assert response.status_code == 302 and response.url.startswith("/masuk/")


def test_making_a_token_shows_its_secret_once(client, user):
    client.force_login(user)
    response = client.post("/akun/token/", {"name": "Skrip nilai", "scopes": ["baca", "nilai"]})
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    html = response.content.decode()
    secret = re.search(r'<code id="token-secret">([^<]+)</code>', html).group(1)
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.scopes) == (user, "Skrip nilai", ["baca", "nilai"])
    assert secret.startswith(token.prefix)
    again = client.get("/akun/token/").content.decode()
    assert secret not in again and "Skrip nilai" in again and token.prefix in again
    api = client.get("/api/v1/penilaian/tugas", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200


def test_a_bad_form_says_why_and_makes_nothing(client, user):
    client.force_login(user)
    response = client.post("/akun/token/", {"name": "x", "scopes": ["baca"], "days": "999"})
    assert response.status_code == 400
    assert 'id="token-secret"' not in response.content.decode()
    response = client.post("/akun/token/", {"name": "   ", "scopes": ["baca"]})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_revoking_ones_own_token_only(client, user, django_user_model):
    mine, _ = issue(user=user, name="punyaku", scopes=["baca"])
    other = django_user_model.objects.create_user("lain", password="rahasia-uji-123")
    theirs, _ = issue(user=other, name="punya orang", scopes=["baca"])
    client.force_login(user)
    assert client.get(f"/akun/token/{mine.pk}/cabut/").status_code == 405
    response = client.post(f"/akun/token/{mine.pk}/cabut/")
    assert response.url == "/akun/token/"
    assert client.post(f"/akun/token/{theirs.pk}/cabut/").status_code == 404
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None
    page = client.get("/akun/token/").content.decode()
    assert "punya orang" not in page
