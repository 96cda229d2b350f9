"""A criterion nobody scored yet (the interview of a round whose interviews are still to come)
is a missing figure, never a raw "nan": the breakdown page, the ranking rows, the candidate's
PDF report and the rankings workbook write "-" or leave the cell empty."""

from __future__ import annotations

import io
import math
import re

import pytest
from openpyxl import load_workbook

from paritrana.assessment.domain.results import compute
from paritrana.reports.candidate_report import candidate_report_pdf
from paritrana.reports.workbooks.rankings import write_ranking
from paritrana.web.templatetags.humanize_id import desimal, persen
from tests.assessment import conftest as judging
from tests.assessment.test_results import score
from tests.reports.test_pdfs import pages

cast = judging.cast  # the judging cast: a national admin, the Kalbar team, two candidates

NAN = re.compile(r"\bnan\b", re.IGNORECASE)


@pytest.fixture
def unscored(cast):
    """Verification scored for both candidates; the interview criterion (pemahaman) by
    nobody: its combined and 0-100 figures are NaN in the aggregation."""
    verification = cast.open("verifikasi")
    score(cast, verification, cast.a, cast.ketapang, regulasi=4, anggaran=3, inovasi=4)
    score(cast, verification, cast.b, cast.ketapang, regulasi=4, anggaran=3, inovasi=4)
    score(cast, verification, cast.a, cast.pontianak, regulasi=3, anggaran=2, inovasi=3)
    score(cast, verification, cast.b, cast.pontianak, regulasi=4, anggaran=4, inovasi=3)
    cast.open("wawancara")
    return cast


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _cells(row_html: str) -> list[str]:
    return [_text(cell) for cell in re.findall(r'<td class="num">(.*?)</td>', row_html, re.S)]


def test_the_round_has_a_criterion_without_any_score(unscored):
    breakdown = compute(category=unscored.category, group="61").explain(unscored.ketapang)
    pemahaman = next(c for c in breakdown.criteria if c.code == "pemahaman")
    assert pemahaman.raw == {} and math.isnan(pemahaman.combined_raw)


def test_the_breakdown_writes_a_dash_for_the_unscored_criterion(client, unscored):
    client.force_login(unscored.admin)
    response = client.get(f"{judging.ranking_url(unscored)}{unscored.ketapang.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not NAN.search(_text(html))
    row = html.split('data-criterion="pemahaman">', 1)[1].split("</tr>", 1)[0]
    cells = _cells(row)
    # Share, one cell per assessor (no score: "-"), combined raw and normalised, 0-100 raw
    # and normalised.
    assert cells[0] == "15,0%"
    assert cells[1:] == ["-"] * (len(cells) - 1) and len(cells) == 1 + 2 + 4
    # The scored criteria keep their figures.
    regulasi = html.split('data-criterion="regulasi">', 1)[1].split("</tr>", 1)[0]
    assert "4,00" in regulasi and "75,00" in regulasi


def test_the_ranking_rows_write_no_nan(client, unscored):
    client.force_login(unscored.admin)
    html = client.get(judging.ranking_url(unscored)).content.decode()
    assert not NAN.search(_text(html))


def test_the_candidate_report_writes_a_dash_for_the_unscored_criterion(unscored):
    report = candidate_report_pdf(nomination=unscored.ketapang, reader=unscored.admin)
    text = " ".join(pages(report))
    assert not NAN.search(text)
    assert re.search(r"Pemahaman .*? - - - -", text)


def test_the_rankings_workbook_leaves_no_nan_cell(unscored):
    result = compute(category=unscored.category, group="61")
    buffer = io.BytesIO()
    write_ranking(buffer, result=result, user=unscored.admin)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    for sheet in book.worksheets:
        for line in sheet.iter_rows(values_only=True):
            for value in line:
                assert not (isinstance(value, float) and math.isnan(value))
                assert not (isinstance(value, str) and NAN.search(value))


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_a_number_that_is_not_a_number_is_no_figure(value):
    assert desimal(value) == persen(value) == "-"


def test_the_pdf_numbers_write_a_dash_for_nan():
    from paritrana.reports.numbers import decimal_id, percent_id, whole_id

    assert decimal_id(math.nan) == percent_id(math.nan) == whole_id(math.nan) == "-"
