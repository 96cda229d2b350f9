"""A data criterion scored on a count (active participants) shows its value as a count on the
breakdown page: whole, with thousands dots (2.461), never as a measure to two decimals (2461,00).
"""

from __future__ import annotations

import re

import pytest

from paritrana.awards.models import Criterion
from paritrana.coverage.models import RegionMetric
from paritrana.web.templatetags.humanize_id import metric_value
from tests.assessment import conftest as judging
from tests.assessment.test_results import judge

cast = judging.cast  # the judging cast: a national admin, the Kalbar team, two candidates


def _data_row(html: str, code: str) -> list[str]:
    table = html.split('id="data-criteria"', 1)[1].split("</table>", 1)[0]
    row = table.split(f'data-criterion="{code}">', 1)[1].split("</tr>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)
    ]


def test_a_count_criterion_shows_a_whole_number_with_thousands_dots(client, cast):
    criterion = Criterion.objects.get(category=cast.category, metric="ucj_pct")
    criterion.metric = "active"
    criterion.save()
    # The fixture's Ketapang has a handful of participants; the demo's villages thousands.
    assert RegionMetric.objects.filter(region_code="61.04", year=2025).update(active=2461)
    judge(cast)
    client.force_login(cast.admin)
    html = client.get(f"{judging.ranking_url(cast)}{cast.ketapang.pk}/").content.decode()
    value = _data_row(html, criterion.code)[2]  # name, share, metric value
    assert value == "2.461"


@pytest.mark.parametrize(
    ("value", "metric", "shown"),
    [
        (2461.0, "active", "2.461"),
        (1234567.0, "registered", "1.234.567"),
        (55.967, "ucj_pct", "55,97"),
        (2.5, "change_points", "2,50"),
        (None, "active", "-"),
        (float("nan"), "active", "-"),
    ],
)
def test_metric_values_are_written_as_their_kind(value, metric, shown):
    assert metric_value(value, metric) == shown
