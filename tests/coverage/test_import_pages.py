"""A data officer imports files on the web and on the command line."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from paritrana.cli import main
from paritrana.coverage.models import DataImport
from paritrana.engine.schemas import SCHEMAS

GOOD_TARGETS = "region_code,year,target_pct,source\n61,2025,59.56,Pergub\n51,2025,67.28,RPJMD\n"
BAD_TARGETS = "region_code,year,target_pct,source\n61,2025,159.56,Pergub\n6104010,2025,50,x\n"


def _upload(client, kind, name, text):
    return client.post(
        "/impor/",
        {"kind": kind, "file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")},
    )


def test_the_import_page_needs_a_data_officer(client, regions, store, django_user_model):
    response = client.get("/impor/")
    assert response.url == "/masuk/?next=/impor/"  # to the login page
    django_user_model.objects.create_user(username="tamu", password="rahasia-123")
    client.login(username="tamu", password="rahasia-123")
    assert client.get("/impor/").status_code == 403


def test_a_good_file_lands_and_the_page_says_so(client, regions, store, data_officer):
    client.force_login(data_officer)
    response = _upload(client, "targets", "target.csv", GOOD_TARGETS)
    record = DataImport.objects.get()
    assert response.url == f"/impor/{record.pk}/"
    assert (record.status, record.rows, record.rows_written) == ("imported", 2, 2)
    assert record.uploaded_by == data_officer
    html = client.get(response.url).content.decode()
    assert 'data-status="imported"' in html and "hx-trigger" not in html


def test_the_same_file_twice_changes_nothing(client, regions, store, data_officer):
    client.force_login(data_officer)
    _upload(client, "targets", "target.csv", GOOD_TARGETS)
    files = sorted(p.relative_to(store) for p in store.rglob("*.parquet"))
    _upload(client, "targets", "target-lagi.csv", GOOD_TARGETS)
    assert DataImport.objects.latest("id").status == "duplicate"
    assert sorted(p.relative_to(store) for p in store.rglob("*.parquet")) == files


def test_a_bad_file_is_rejected_with_a_report_and_nothing_lands(
    client, regions, store, data_officer
):
    client.force_login(data_officer)
    response = _upload(client, "targets", "target-salah.csv", BAD_TARGETS)
    record = DataImport.objects.get()
    assert record.status == "rejected"
    assert not list(store.rglob("*.parquet"))
    html = client.get(response.url).content.decode()
    assert 'id="problems"' in html and "kode BPS" in html
    report = client.get(f"/impor/{record.pk}/laporan.xlsx")
    assert report["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(report.content))["Masalah"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {(r[0], r[1], r[2]) for r in rows} >= {
        ("target-salah.csv", 2, "target_pct"),
        ("target-salah.csv", 3, "region_code"),
    }
    assert all(isinstance(r[1], int) for r in rows)


def test_a_file_of_the_wrong_type_is_refused_by_the_form(client, regions, store, data_officer):
    client.force_login(data_officer)
    response = _upload(client, "targets", "target.pdf", "%PDF-1.4")
    assert response.status_code == 200
    assert "CSV, XLSX" in response.content.decode()
    assert not DataImport.objects.exists()


def test_a_file_over_the_limit_is_refused_with_its_size_and_the_limit(
    client, regions, store, data_officer, settings
):
    settings.PARITRANA_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(data_officer)
    padded = GOOD_TARGETS + "61,2025,59.56,Pergub\n" * 80_000  # 1.6 MB
    response = _upload(client, "targets", "target.csv", padded)
    page = response.content.decode()
    assert "Berkas (1,6 MB) lebih besar dari batas 1,0 MB." in page
    assert 'data-max-bytes="1048576"' in page  # the page refuses it before sending, too
    assert not DataImport.objects.exists()


@pytest.mark.parametrize("kind", ["contributions", "employers", "workforce"])
def test_templates_download_as_workbooks_with_the_schema_header(client, kind):
    response = client.get(f"/impor/templat/{kind}.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    header = [c.value for c in workbook.worksheets[0][1]]
    assert header == SCHEMAS[kind].names


def test_the_cli_imports_and_reports_as_json(regions, store, tmp_path, capsys):
    path = tmp_path / "target.csv"
    path.write_text(GOOD_TARGETS, encoding="utf-8")
    assert main(["coverage", "import", str(path), "--kind", "targets", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["status"], out["rows_written"]) == ("imported", 2)
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_TARGETS, encoding="utf-8")
    report = tmp_path / "laporan.xlsx"
    assert main(["coverage", "import", str(bad), "--kind", "targets", "--report", str(report)]) == 2
    assert "Masalah" in openpyxl.load_workbook(report).sheetnames
    assert main(["coverage", "import", str(bad), "--kind", "nonsense"]) == 2
    assert "tidak dikenal" in capsys.readouterr().err


def test_a_data_officer_starts_the_computation_from_the_import_page(
    client, regions, settings, tmp_path, data_officer
):
    from paritrana.coverage.models import RegionMetric
    from tests.store_fixture import build_store

    settings.PARITRANA_STORE_DIR = build_store(tmp_path / "store")
    client.force_login(data_officer)
    response = client.post("/impor/hitung/", {"year": "2025"}, follow=True)
    assert "2025" in response.content.decode()
    assert RegionMetric.objects.get(level="provinsi", region_code="61", year=2025).active == 3
    assert client.post("/impor/hitung/", {"year": "abc"}).status_code == 302


def test_the_formats_page_documents_every_kind_and_column(client):
    html = client.get("/impor/skema/").content.decode()
    for kind, schema in SCHEMAS.items():
        assert f'id="{kind}"' in html
        for column in schema.columns:
            assert f"<code>{column.name}</code>" in html


def test_importing_records_brings_their_months_facts_up_to_date(regions, store, tmp_path):
    from paritrana.coverage.domain.imports import import_now
    from paritrana.coverage.domain.store import region_index
    from paritrana.engine.metrics import compute_year
    from tests.engine.conftest import VALID, write_csv

    path = write_csv(tmp_path / "iuran.csv", VALID["contributions"])
    record = import_now(path=path, kind="contributions")
    assert record.status == "imported" and record.months == ["2025-01", "2025-02"]
    assert sorted(p.name for p in (store / "facts").iterdir()) == ["month=2025-01", "month=2025-02"]
    result = compute_year(store_root=store, regions=region_index(), year=2025)
    assert result.months_reused == 2  # nothing read from the records again
