"""The year's active participants read each kab/kota at its own latest month with data.

A file for one kab/kota's later month (a branch office reporting September first) moved the
whole year's reference to September: every other region, without a September record, had no
figure for the year (its pages answered 404) and the province and the nation counted only that
one kab/kota (Kalimantan Barat fell from 401,000 active participants to 31)."""

from __future__ import annotations

import datetime as dt

from tests.engine import conftest
from tests.engine.conftest import write_csv
from tests.engine.test_blank_amounts import _bpu_row, _metrics

importer = conftest.importer
region_index = conftest.region_index
store_root = conftest.store_root


def _rows(kabkota: str, month: str, count: int, first: int) -> list[dict[str, str]]:
    rows = []
    for n in range(first, first + count):
        row = _bpu_row(n % 100, blank=False)
        row.update(
            participant=f"{kabkota.replace('.', '')}0123456{n:03d}"[:16],
            kabkota_code=kabkota,
            month=month,
            paid_date=f"{month}-10",
            due_date=f"{month}-15",
        )
        rows.append(row)
    return rows


def test_each_kabkota_counts_at_its_own_latest_month(tmp_path, importer, store_root):
    march = _rows("61.71", "2025-03", 7, 1)  # Pontianak: March only
    april = _rows("61.04", "2025-04", 5, 100)  # Ketapang: April...
    september = _rows("61.04", "2025-09", 3, 200)  # ...and September
    for name, rows in (("mar", march), ("apr", april), ("sep", september)):
        result = importer(write_csv(tmp_path / f"{name}.csv", rows), as_of=dt.date(2025, 12, 31))
        assert result.status == "imported", result.problems
    pontianak = _metrics(store_root, "region_metrics", level="kabkota", region_code="61.71")
    assert [(r["active"], r["as_of_month"]) for r in pontianak] == [(7, dt.date(2025, 3, 1))]
    [ketapang] = _metrics(store_root, "region_metrics", level="kabkota", region_code="61.04")
    assert (ketapang["active"], ketapang["as_of_month"]) == (3, dt.date(2025, 9, 1))
    [kalbar] = _metrics(store_root, "region_metrics", level="provinsi", region_code="61")
    assert (kalbar["active"], kalbar["as_of_month"]) == (10, dt.date(2025, 9, 1))
    [nation] = _metrics(store_root, "region_metrics", level="nasional")
    assert nation["active"] == 10 and nation["active_bpu"] == 10
