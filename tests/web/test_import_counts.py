"""A rejected import's problem count is written the Indonesian way, as every other count on the
page ("400.000 masalah", not "400000 masalah")."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from paritrana.coverage.models import DataImport


def test_the_problem_count_has_thousands_separators():
    record = DataImport(
        pk=7,
        kind="contributions",
        file_name="iuran.csv",
        status="rejected",
        rows=400_000,
        rows_written=0,
        problem_count=400_000,
        problems=[{"row": 2, "column": "wage", "value": "x", "reason": "Bukan angka."}],
    )
    with translation.override("id"):
        html = render_to_string("web/imports/_status.html", {"record": record, "outcome": "-"})
    assert "400.000 masalah" in html and "400000" not in html
