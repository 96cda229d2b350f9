"""The API's status comes from the domain's error, never from Python's built-in exception
classes: an operating-system refusal is a fault of ours (500, nothing of it shown), while a
domain refusal keeps its own status, code and Bahasa message."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from paritrana.coverage.models import DataImport
from tests.api.conftest import bearer, error_of

TARGETS = "region_code,year,target_pct,source\n61,2025,59.56,Pergub\n"


def _upload(client, headers, name="target.csv", text=TARGETS, kind="targets"):
    upload = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post("/api/v1/impor/", {"kind": kind, "file": upload}, headers=headers)


def test_an_operating_system_permission_error_is_a_server_error_not_a_403(
    client, regions, store, data_officer, settings
):
    # /sys refuses every new folder, even to root: a real PermissionError (EPERM).
    settings.PARITRANA_UPLOAD_DIR = "/sys/paritrana-unggahan"
    response = _upload(client, bearer(data_officer, "baca", "impor"))
    assert response.status_code == 500
    error = error_of(response)
    assert error["code"] == "server_error"
    assert "/sys" not in error["message"] and "Errno" not in error["message"]
    assert not DataImport.objects.exists()


def test_a_domain_refusal_keeps_its_status_code_and_message(client, regions, store, data_officer):
    response = _upload(client, bearer(data_officer, "baca", "impor"), kind="gaji")
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "refused"
    assert "gaji" in error["message"]


def test_an_upload_over_the_limit_is_413_from_its_own_error(
    client, regions, store, data_officer, settings
):
    settings.PARITRANA_MAX_UPLOAD_BYTES = 10
    response = _upload(client, bearer(data_officer, "baca", "impor"))
    assert (response.status_code, error_of(response)["code"]) == (413, "too_large")
