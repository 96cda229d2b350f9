"""Candidates over the API: the list holds what `access.view_candidate` allows, and a detail
refused says why."""

from __future__ import annotations

import pytest

from paritrana.access.models import ProvincialAdmin
from paritrana.assessment.domain.assignments import assign
from paritrana.awards.models import Representative
from tests.api.conftest import bearer, error_of

LIST = "/api/v1/kandidat/"


@pytest.fixture
def assigned(cast):
    stage = cast.open("verifikasi")
    assign(stage=stage, member=cast.a, nomination=cast.ketapang, user=cast.admin)
    return cast


def _names(client, user, query=""):
    response = client.get(LIST + query, headers=bearer(user))
    assert response.status_code == 200, response.content
    return [c["name"] for c in response.json()["items"]]


def test_each_role_lists_the_candidates_it_may_open(client, assigned, django_user_model):
    cast = assigned
    both = ["Kabupaten Ketapang", "Kota Pontianak"]
    assert _names(client, cast.admin) == both
    assert _names(client, cast.chair.user) == both
    assert _names(client, cast.a.user) == ["Kabupaten Ketapang"]  # assigned to them only
    assert _names(client, cast.outsider) == []
    kalbar = django_user_model.objects.create_user("admin_kalbar", password="rahasia-uji-123")
    ProvincialAdmin.objects.create(user=kalbar, province="61")
    assert _names(client, kalbar) == both
    rep = django_user_model.objects.create_user("wakil_ketapang", password="rahasia-uji-123")
    Representative.objects.create(user=rep, nomination=cast.pontianak)
    assert _names(client, rep) == ["Kota Pontianak"]


def test_a_conflicted_chair_does_not_list_the_candidate(client, cast):
    # The chair is from the province (region 61): no derived conflict with a kab/kota, so
    # a declared one is used.
    from paritrana.assessment.domain.conflicts import declare

    declare(
        member=cast.chair,
        nomination=cast.pontianak,
        kind="keluarga",
        reason="Adik bekerja di Pemkot Pontianak.",
        user=cast.chair.user,
    )
    assert _names(client, cast.chair.user) == ["Kabupaten Ketapang"]
    response = client.get(f"{LIST}{cast.pontianak.pk}", headers=bearer(cast.chair.user))
    assert response.status_code == 403
    assert error_of(response)["message"].startswith(
        "Anda berkonflik kepentingan dengan Kota Pontianak"
    )


def test_filters_and_pages(client, cast):
    headers = bearer(cast.admin)
    page = client.get(LIST + "?per_halaman=1&halaman=2", headers=headers).json()
    assert (page["count"], page["pages"], [c["name"] for c in page["items"]]) == (
        2,
        2,
        ["Kota Pontianak"],
    )
    assert _names(client, cast.admin, "?q=ketapang") == ["Kabupaten Ketapang"]
    assert _names(client, cast.admin, "?siklus=2025&tingkat=provinsi&provinsi=61") == [
        "Kabupaten Ketapang",
        "Kota Pontianak",
    ]
    assert _names(client, cast.admin, "?tingkat=nasional") == []
    assert _names(client, cast.admin, "?kategori=pemda-kabkota&status=removed") == []


@pytest.mark.parametrize("name", ["kategori", "provinsi", "q"])
def test_a_nul_character_in_a_filter_is_invalid_input(client, cast, name):
    """PostgreSQL refuses NUL in text: a 422, not a server error (found by schemathesis)."""
    response = client.get(f"{LIST}?{name}=a%00", headers=bearer(cast.admin))
    assert response.status_code == 422
    assert error_of(response)["code"] == "invalid"


def test_a_candidates_detail(client, assigned):
    cast = assigned
    response = client.get(f"{LIST}{cast.ketapang.pk}", headers=bearer(cast.a.user))
    assert response.status_code == 200
    body = response.json()
    assert body["category"] == {
        "cycle": 2025,
        "level": "provinsi",
        "code": "pemda-kabkota",
        "name": cast.category.name,
    }
    assert (body["name"], body["province"], body["entity"], body["region_code"]) == (
        "Kabupaten Ketapang",
        "61",
        "kabkota",
        "61.04",
    )


def test_a_candidate_one_may_not_open_is_refused_with_the_reason(client, assigned):
    cast = assigned
    response = client.get(f"{LIST}{cast.pontianak.pk}", headers=bearer(cast.a.user))
    assert response.status_code == 403
    assert error_of(response)["message"] == (
        "Data kandidat Kota Pontianak hanya untuk perwakilannya, penilai yang ditugaskan, ketua "
        "dan sekretaris timnya, admin provinsinya dan admin nasional."
    )
    missing = client.get(f"{LIST}999999", headers=bearer(cast.a.user))
    assert error_of(missing) == {
        "code": "not_found",
        "message": "Kandidat #999999 tidak ditemukan.",
    }


def test_a_nul_character_in_an_address_is_not_found(client, cast):
    """Category and group codes in an address never reach PostgreSQL with a NUL in them."""
    client.force_login(cast.chair.user)
    for url in (
        "/api/v1/siklus/2025/kategori/provinsi/a%00",
        "/api/v1/hasil/2025/provinsi/a%00/61",
        f"/api/v1/penilaian/hasil/{cast.category.pk}/6%00",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert error_of(response)["code"] == "not_found"
    assert client.get(f"/hasil/{cast.category.pk}/6%00/").status_code == 404
