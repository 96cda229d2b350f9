"""Data imports through the API: upload (202), then the status resource, as the page does."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from paritrana.coverage.models import DataImport
from tests.api.conftest import bearer, error_of

GOOD_TARGETS = "region_code,year,target_pct,source\n61,2025,59.56,Pergub\n51,2025,67.28,RPJMD\n"
BAD_TARGETS = "region_code,year,target_pct,source\n61,2025,159.56,Pergub\n6104010,2025,50,x\n"


def _upload(client, headers, kind, name, text):
    upload = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post("/api/v1/impor/", {"kind": kind, "file": upload}, headers=headers)


def test_a_data_officer_uploads_and_follows_the_status(client, regions, store, data_officer):
    headers = bearer(data_officer, "baca", "impor")
    response = _upload(client, headers, "targets", "target.csv", GOOD_TARGETS)
    assert response.status_code == 202, response.content
    record = DataImport.objects.get()
    assert response["Location"] == f"/api/v1/impor/{record.pk}"
    body = response.json()
    # Tasks run at once in the tests: the 202 already carries the outcome.
    assert (body["kind"], body["file_name"], body["uploaded_by"]) == (
        "targets",
        "target.csv",
        "petugas",
    )
    status = client.get(response["Location"], headers=headers).json()
    assert (status["status"], status["finished"], status["rows"], status["rows_written"]) == (
        "imported",
        True,
        2,
        2,
    )
    assert status["status_label"] and status["problem_count"] == 0
    listed = client.get("/api/v1/impor/", headers=headers).json()
    assert [i["id"] for i in listed["items"]] == [record.pk]


def test_a_rejected_file_reports_its_problems_counted_without_cell_values(
    client, regions, store, data_officer
):
    headers = bearer(data_officer, "baca", "impor")
    response = _upload(client, headers, "targets", "target-salah.csv", BAD_TARGETS)
    status = client.get(response["Location"], headers=headers).json()
    assert (status["status"], status["problem_count"]) == ("rejected", 2)
    assert {p["column"] for p in status["problem_summary"]} == {"target_pct", "region_code"}
    assert "6104010" not in response.content.decode()  # no cell is quoted
    assert status["message"]


def test_an_unknown_kind_or_a_binary_csv_is_refused_and_nothing_is_recorded(
    client, regions, store, data_officer
):
    headers = bearer(data_officer, "impor")
    response = _upload(client, headers, "gaji", "x.csv", GOOD_TARGETS)
    assert response.status_code == 400
    assert error_of(response)["message"].startswith("Jenis data 'gaji' tidak dikenal.")
    response = _upload(client, headers, "targets", "x.csv", "a,b\n\x00\x01")
    assert response.status_code == 400
    assert "ditolak" in error_of(response)["message"]
    assert not DataImport.objects.exists()


def test_a_file_over_the_size_limit_is_a_413_naming_the_limit(
    client, regions, store, data_officer, settings
):
    settings.PARITRANA_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    big = GOOD_TARGETS + "61,2024,59.56,Pergub\n" * 120_000  # about 2.4 MB
    response = _upload(client, bearer(data_officer, "impor"), "targets", "besar.csv", big)
    assert response.status_code == 413
    assert error_of(response) == {
        "code": "too_large",
        "message": "Berkas 'besar.csv' ditolak: lebih besar dari batas 2 MB.",
    }
    assert not DataImport.objects.exists()


def test_a_missing_file_is_a_422(client, store, data_officer):
    response = client.post(
        "/api/v1/impor/", {"kind": "targets"}, headers=bearer(data_officer, "impor")
    )
    assert response.status_code == 422
    assert [d["field"] for d in error_of(response)["details"]] == ["file.file"]


def test_only_data_officers_and_the_national_admin_import(client, store, django_user_model):
    user = django_user_model.objects.create_user("tamu", password="rahasia-uji-123")
    response = _upload(client, bearer(user, "baca", "impor"), "targets", "t.csv", GOOD_TARGETS)
    assert response.status_code == 403
    assert error_of(response)["message"] == (
        "Impor data hanya untuk petugas data dan admin nasional."
    )
    assert client.get("/api/v1/impor/1", headers=bearer(user)).status_code == 403
    assert not DataImport.objects.exists()


def test_a_session_upload_works_too(client, regions, store, data_officer):
    client.force_login(data_officer)
    response = _upload(client, {}, "targets", "target.csv", GOOD_TARGETS)
    assert response.status_code == 202
    assert client.get(response["Location"]).json()["status"] == "imported"
