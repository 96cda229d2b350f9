"""A province whose kab/kota are read at different months says so beside "as of December"."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from paritrana.coverage.domain.compute import compute_metrics
from paritrana.coverage.models import RegionMetric
from paritrana.reports.workbooks.coverage import write_coverage
from tests.engine.test_reference_month import _store


def test_a_province_read_at_several_months_says_its_earliest(regions, settings, tmp_path, client):
    settings.PARITRANA_STORE_DIR = _store(tmp_path / "store")
    compute_metrics(year=2025)
    kalbar = RegionMetric.objects.get(year=2025, region_code="61", base_kind="sakernas_bekerja")
    assert (kalbar.active, kalbar.as_of_month, kalbar.earliest_month) == (
        3,
        dt.date(2025, 12, 1),
        dt.date(2025, 11, 1),
    )
    page = client.get("/cakupan/61/").content.decode()
    assert "Peserta aktif per Desember 2025" in page
    assert 'id="months-differ">data sebagian kab/kota baru sampai November 2025<' in page
    ketapang = client.get("/cakupan/61.04/").content.decode()
    assert 'id="months-differ"' not in ketapang  # one kab/kota, one month

    buffer = io.BytesIO()
    write_coverage(buffer, year=2025, requested_by="publik")
    buffer.seek(0)
    rows = list(openpyxl.load_workbook(buffer)["Wilayah"].iter_rows(values_only=True))
    row = dict(zip(rows[0], next(r for r in rows if r[1] == "61"), strict=True))
    assert (row["Bulan acuan"], row["Bulan acuan terawal"]) == (
        dt.datetime(2025, 12, 1),
        dt.datetime(2025, 11, 1),
    )
