"""The data officers' commands (imports, computations) and the API token commands, each through
its interface: the audit entry names the command and who acted."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from paritrana.access.actors import OPERATOR
from paritrana.access.check import AccessDenied
from paritrana.access.models import ApiToken
from paritrana.awards.models import AuditEntry
from paritrana.cli import main
from paritrana.commands import data, tokens
from paritrana.coverage.models import DataImport, MetricRun
from tests.commands.audit import assert_audited

EXERCISED = {
    "data.queue_import",
    "data.import_file",
    "data.compute",
    "data.queue_compute",
    "token.issue",
    "token.revoke",
    "export.request",
}

TARGETS = "region_code,year,target_pct,source\n61,2025,59.56,Pergub\n51,2025,67.28,RPJMD\n"


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("target.csv", text.encode(), content_type="text/csv")


def test_an_upload_on_the_import_page_is_the_queue_import_command(
    client, regions, store, data_officer
):
    client.force_login(data_officer)
    client.post("/impor/", {"kind": "targets", "file": _csv(TARGETS)})
    record = DataImport.objects.get()
    assert (record.status, record.rows_written) == ("imported", 2)
    entry = assert_audited("data.queue_import", data_officer)
    assert entry.object_id == str(record.pk)
    assert entry.after["kind"] == "targets"


def test_someone_without_the_import_permission_queues_nothing(regions, store, django_user_model):
    outsider = django_user_model.objects.create_user(username="tamu")
    with pytest.raises(AccessDenied, match="petugas data"):
        data.queue_import(outsider, uploaded=_csv(TARGETS), kind="targets")
    assert not DataImport.objects.exists()
    assert not AuditEntry.objects.filter(command="data.queue_import").exists()


def test_the_command_line_import_is_recorded_as_the_operator(regions, store, tmp_path):
    path = tmp_path / "target.csv"
    path.write_text(TARGETS)
    assert main(["coverage", "import", str(path), "--kind", "targets"]) == 0
    entry = AuditEntry.objects.get(command="data.import_file")
    assert (entry.user, entry.actor) == (None, "operator")
    assert entry.after["status"] == "imported"


def test_the_command_line_import_as_an_account_is_recorded_as_that_account(
    regions, store, tmp_path, data_officer
):
    path = tmp_path / "target.csv"
    path.write_text(TARGETS)
    assert (
        main(["coverage", "import", str(path), "--kind", "targets", "--pengguna", "petugas"]) == 0
    )
    assert_audited("data.import_file", data_officer)


def test_a_computation_is_audited_with_its_year(regions, store, tmp_path, data_officer):
    path = tmp_path / "target.csv"
    path.write_text(TARGETS)
    data.import_file(data_officer, path=path, kind="targets")
    run = data.compute(data_officer, year=2025)
    entry = assert_audited("data.compute", data_officer)
    assert (entry.object_id, entry.after["year"]) == (str(run.pk), 2025)


def test_the_compute_button_queues_the_computation(client, regions, store, data_officer):
    client.force_login(data_officer)
    client.post("/impor/", {"kind": "targets", "file": _csv(TARGETS)})
    client.post("/impor/hitung/", {"year": 2025})
    assert MetricRun.objects.filter(year=2025).exists()  # tasks run at once in tests
    entry = assert_audited("data.queue_compute", data_officer)
    assert entry.model == ""  # a request to compute, not an object


def test_a_token_made_and_revoked_on_the_token_page(client, data_officer):
    client.force_login(data_officer)
    client.post("/akun/token/", {"name": "skrip impor", "scopes": ["baca", "impor"]})
    token = ApiToken.objects.get()
    assert assert_audited("token.issue", data_officer).after["scopes"] == ["baca", "impor"]
    client.post(f"/akun/token/{token.pk}/cabut/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert_audited("token.revoke", data_officer)


def test_nobody_makes_a_token_for_someone_else_but_the_operator(data_officer, django_user_model):
    other = django_user_model.objects.create_user(username="lain")
    with pytest.raises(AccessDenied):
        tokens.issue(other, owner=data_officer, name="x", scopes=["baca"])
    with pytest.raises(AccessDenied):
        tokens.issue(AnonymousUser(), owner=data_officer, name="x", scopes=["baca"])
    assert not ApiToken.objects.exists()
    token, _secret = tokens.issue(OPERATOR, owner=data_officer, name="x", scopes=["baca"])
    entry = AuditEntry.objects.get(command="token.issue")
    assert (entry.actor, entry.after["owner"]) == ("operator", "petugas")
    with pytest.raises(AccessDenied, match="bukan milik Anda"):
        tokens.revoke(other, token=token)


def test_asking_for_a_workbook_is_the_export_request_command(
    client, regions, settings, tmp_path, data_officer
):
    from paritrana.reports.models import Export
    from tests.store_fixture import build_store

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARITRANA_STORE_DIR = build_store(tmp_path / "store")
    data.compute(data_officer, year=2025)
    client.force_login(data_officer)
    client.post("/unduhan/", {"kind": "cakupan", "year": "2025"})
    export = Export.objects.get()
    assert (export.requested_by, export.status) == (data_officer, "done")
    entry = assert_audited("export.request", data_officer)
    assert entry.object_id == str(export.pk)


def test_a_nik_in_the_command_lines_path_is_stored_nowhere(regions, store, tmp_path):
    """The file name was masked, but the path the data officer typed was kept whole in the
    import record and its audit entry (admin pages, every backup): a folder or a file named
    after a participant's NIK put the NIK there."""
    folder = tmp_path / "3201011203850044"
    folder.mkdir()
    path = folder / "target_6104011203850033.csv"
    path.write_text(TARGETS)
    assert main(["coverage", "import", str(path), "--kind", "targets"]) == 0
    record = DataImport.objects.get()
    entry = AuditEntry.objects.get(command="data.import_file")
    for stored in (record.upload_path, record.file_name, repr(entry.before), repr(entry.after)):
        assert "3201011203850044" not in stored and "6104011203850033" not in stored, stored
    assert record.upload_path.endswith("target_6104********33.csv")
