"""A corrected contribution file for a month already imported is refused (contribution batches
never overlap) and the app has no way yet to withdraw or replace an earlier import. The refusal
must then tell the data officer which import holds the rows (its file, its day and its page)
and that the correction is not possible in the app yet, and whom to ask. Before the fix it said
only "impor hanya data yang belum ada", which reads as if the fixed file were the mistake."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from paritrana.coverage.models import DataImport
from tests.engine.conftest import valid_rows, write_csv


def _upload(client, path):
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
    return client.post("/impor/", {"kind": "contributions", "file": upload})


def test_a_corrected_month_is_refused_naming_the_earlier_import_and_whom_to_ask(
    client, regions, store, data_officer, tmp_path
):
    client.force_login(data_officer)
    (tmp_path / "fixed").mkdir()
    rows = valid_rows("contributions")
    _upload(client, write_csv(tmp_path / "good_2026.csv", rows))
    earlier = DataImport.objects.get()
    assert earlier.status == "imported"
    rows[0]["paid_jkk"] = "8500"  # one amount corrected, the rest as imported
    response = _upload(client, write_csv(tmp_path / "fixed" / "good_2026_fixed.csv", rows))
    record = DataImport.objects.latest("id")
    assert record.status == "rejected"

    html = client.get(response.url).content.decode()

    today = dt.datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%d/%m/%Y")
    assert f"(diimpor sebelumnya dari good_2026.csv, {today})" in html
    assert "Bulan yang sudah diimpor belum dapat dikoreksi di aplikasi" in html
    assert "hubungi pengelola sistem" in html
    # The earlier import's page, linked, so it can be found and shown to whoever fixes it.
    assert f'<a href="/impor/{earlier.pk}/">/impor/{earlier.pk}/</a>' in html
    assert "good_2026.csv" in html.split('id="earlier-imports"')[1].split("</section>")[0]
