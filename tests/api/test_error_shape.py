"""One JSON error shape everywhere under /api/v1/, in Bahasa Indonesia, whatever refused."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import bearer, error_of

pytestmark = pytest.mark.django_db


def test_an_unknown_address_is_a_json_404(client):
    response = client.get("/api/v1/tidak-ada/sama-sekali")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert error_of(response) == {
        "code": "not_found",
        "message": (
            "Tidak ada alamat API /api/v1/tidak-ada/sama-sekali. Daftar alamat: /api/v1/docs."
        ),
    }


def test_the_api_root_and_a_path_parameter_of_the_wrong_type_are_json_404s(client):
    assert error_of(client.get("/api/v1/"))["code"] == "not_found"
    assert error_of(client.get("/api/v1/siklus/duaribu"))["code"] == "not_found"
    assert error_of(client.get("/api/v1/hasil/%0A"))["code"] == "not_found"  # found by fuzzing
    # An unsafe method to an unknown address is not a CSRF refusal (HTML) either.
    assert error_of(client.delete("/api/v1/token/-1"))["code"] == "not_found"


def test_a_wrong_method_is_a_json_405_naming_the_right_one(client):
    response = client.delete("/api/v1/wilayah/")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert error_of(response) == {
        "code": "method_not_allowed",
        "message": "Metode DELETE tidak dapat dipakai di alamat ini; pakai GET.",
    }


def test_no_login_is_a_401_with_a_challenge(client):
    response = client.get("/api/v1/kandidat/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="Paritrana"'
    assert error_of(response) == {
        "code": "unauthenticated",
        "message": "Silakan masuk terlebih dahulu.",
    }


def test_a_refusal_by_the_access_rules_is_a_403_with_its_reason(client, django_user_model):
    user = django_user_model.objects.create_user("tamu", password="rahasia-uji-123")
    response = client.get("/api/v1/impor/", headers=bearer(user))
    assert response.status_code == 403
    assert error_of(response) == {
        "code": "forbidden",
        "message": "Impor data hanya untuk petugas data dan admin nasional.",
    }


def test_a_bad_query_parameter_is_a_422_naming_the_field(client):
    response = client.get("/api/v1/wilayah/?per_halaman=501&tingkat=benua")
    assert response.status_code == 422
    error = error_of(response)
    assert error["message"] == "Data yang dikirim tidak valid."
    assert {d["field"] for d in error["details"]} == {"query.per_halaman", "query.tingkat"}


def test_a_body_that_is_not_json_is_a_422(client, admin):
    client.force_login(admin)
    response = client.post("/api/v1/token/", data="{nama: ", content_type="application/json")
    assert response.status_code == 422
    assert error_of(response) == {
        "code": "invalid_json",
        "message": "Isi permintaan bukan JSON yang sah.",
    }


def test_a_body_missing_a_field_is_a_422(client, admin):
    client.force_login(admin)
    response = client.post(
        "/api/v1/token/", data=json.dumps({"name": "x"}), content_type="application/json"
    )
    assert response.status_code == 422
    assert [d["field"] for d in error_of(response)["details"]] == ["body.data.scopes"]


def test_a_domain_refusal_is_a_400_with_the_domains_message(client):
    response = client.get("/api/v1/wilayah/6104010")
    assert response.status_code == 400
    assert error_of(response)["message"].startswith("'6104010' tampaknya kode BPS")


def test_a_body_too_large_is_a_413(client, admin, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(admin)
    body = json.dumps({"name": "x" * 2000, "scopes": ["baca"]})
    response = client.post("/api/v1/token/", data=body, content_type="application/json")
    assert response.status_code == 413
    assert error_of(response) == {"code": "too_large", "message": "Isi permintaan terlalu besar."}


def test_a_session_write_without_csrf_is_a_403_in_bahasa_indonesia(admin):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    response = client.post(
        "/api/v1/token/",
        data=json.dumps({"name": "x", "scopes": ["baca"]}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert error_of(response)["message"].startswith("Pemeriksaan CSRF gagal")


def test_too_many_uploads_are_a_429(client, admin):
    headers = bearer(admin, "impor")
    for _ in range(60):  # an hour's allowance; these fail fast (no file)
        assert client.post("/api/v1/impor/", {"kind": "x"}, headers=headers).status_code == 422
    response = client.post("/api/v1/impor/", {"kind": "x"}, headers=headers)
    assert response.status_code == 429
    assert response["Retry-After"]
    assert error_of(response)["code"] == "throttled"
    assert error_of(response)["message"].startswith("Terlalu banyak permintaan.")


def test_the_openapi_document_is_in_bahasa_indonesia(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Paritrana API"
    assert "Setiap daftar memakai `?halaman=1&per_halaman=50`" in schema["info"]["description"]
    summaries = {op["summary"] for path in schema["paths"].values() for op in path.values()}
    assert {"Daftar wilayah", "Unggah berkas untuk diimpor", "Buat token API"} <= summaries
    params = schema["paths"]["/api/v1/wilayah/"]["get"]["parameters"]
    assert {p["name"] for p in params} >= {"halaman", "per_halaman"}


def test_the_docs_page_loads_nothing_from_elsewhere(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "http" not in html  # no address elsewhere
    assert "<script>" not in html  # no inline script (the CSP forbids it)
    assert "/api/v1/docs/aset/swagger-ui-bundle.js" in html
    asset = client.get("/api/v1/docs/aset/swagger-ui-bundle.js")
    assert asset.status_code == 200 and asset["Content-Type"] == "text/javascript"
    assert client.get("/api/v1/docs/aset/..%2Fsettings.py").status_code == 404


def test_each_field_is_told_in_bahasa_indonesia(client, admin):
    """The message on top was Indonesian, each field's pydantic's English ("Input should be
    greater than or equal to 1", "Field required", "Input should be 'open' or 'close'")."""
    response = client.get("/api/v1/wilayah/?per_halaman=501&tingkat=benua&halaman=-1")
    told = {d["field"]: d["message"] for d in error_of(response)["details"]}
    assert told["query.halaman"] == "Harus paling sedikit 1."
    assert told["query.per_halaman"] == "Paling banyak 500."
    assert told["query.tingkat"].startswith("Pilih salah satu dari: ")
    assert "Input should" not in repr(told)
    client.force_login(admin)
    missing = client.post(
        "/api/v1/token/", data=json.dumps({"name": "x"}), content_type="application/json"
    )
    assert error_of(missing)["details"] == [
        {"field": "body.data.scopes", "message": "Wajib diisi."}
    ]
