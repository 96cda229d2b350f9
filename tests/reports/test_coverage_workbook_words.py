"""The coverage workbook's cover says where its figures come from in words a reader can use:
no source-code path ("src/paritrana/engine/metrics/") in a user's Excel file."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from paritrana.coverage.domain.compute import compute_metrics
from paritrana.reports.workbooks import write_coverage
from tests.store_fixture import warm_store


@pytest.fixture
def computed(regions, settings, tmp_path):
    settings.PARITRANA_STORE_DIR = warm_store(tmp_path / "store")
    return compute_metrics(year=2025)


def test_the_cover_explains_the_figures_without_a_source_path(computed):
    buffer = io.BytesIO()
    write_coverage(buffer, year=2025)
    buffer.seek(0)
    notes = load_workbook(buffer)["Keterangan"]
    texts = [str(v) for row in notes.iter_rows(values_only=True) for v in row if v is not None]
    assert not [t for t in texts if "src/" in t or "paritrana/" in t or ".py" in t]
    about = {row[0]: row[1] for row in notes.iter_rows(values_only=True) if row[0]}
    assert "daftar kolom" in about["Sumber"]
    assert "UCJ = peserta aktif / pekerja (dasar)" in about["Sumber"]
    # ...and the list of columns it points to is there, with each metric's meaning.
    columns = {row[1]: row[2] for row in notes.iter_rows(values_only=True) if row[1]}
    assert columns["UCJ"].startswith("Peserta aktif / pekerja (dasar)")
