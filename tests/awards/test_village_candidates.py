"""A village candidate's pages: its data-based scores rank it among the villages of its group
(the category's nominees in its province), as the ranking does, instead of failing because
the pages gave the ranking functions no peers."""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict

from paritrana.access.models import ProvincialAdmin
from paritrana.awards.domain.eligibility import Candidate
from paritrana.awards.domain.nominations import add_by_hand
from paritrana.awards.domain.templates import create_cycle_from_template
from paritrana.awards.models import Representative
from paritrana.coverage.domain.compute import compute_metrics
from paritrana.coverage.models import RegionMetric
from tests.screening import open_screening
from tests.store_fixture import warm_store


def _village_figures(code: str, active: int, active_bpu: int) -> None:
    """A second village's computed summary, copied from Sungai Putri's with other counts."""
    source = RegionMetric.objects.get(year=2025, level="desa", region_code="61.04.01.2011")
    fields = model_to_dict(source, exclude=["id", "run"])
    fields.update(region_code=code, active=active, active_bpu=active_bpu)
    RegionMetric.objects.create(run=source.run, **fields)


@pytest.fixture
def villages(regions, settings, tmp_path, django_user_model):
    settings.PARITRANA_STORE_DIR = warm_store(tmp_path / "store")
    settings.MEDIA_ROOT = tmp_path / "media"
    compute_metrics(year=2025)  # Sungai Putri (61.04.01.2011): 1 active participant, 0 BPU
    _village_figures("61.04.01.2012", active=3, active_bpu=2)  # Tanjung Baik Budi
    cycle = create_cycle_from_template(assessment_year=2025)
    open_screening(cycle, "provinsi")
    category = cycle.categories.get(level="provinsi", code="pemda-desa")
    nominated = {
        code: add_by_hand(
            category=category,
            province="61",
            reason="uji",
            candidate=Candidate(entity="desa", name=name, region_code=code),
        )
        for code, name in (
            ("61.04.01.2011", "Sungai Putri"),
            ("61.04.01.2012", "Tanjung Baik Budi"),
        )
    }
    kalbar = django_user_model.objects.create_user("kalbar", password="x-123456")
    ProvincialAdmin.objects.create(user=kalbar, province="61")
    village_head = django_user_model.objects.create_user("kades", password="x-123456")
    Representative.objects.create(user=village_head, nomination=nominated["61.04.01.2011"])
    return nominated, kalbar, village_head


def _rows(html: str) -> str:
    start = html.index('id="auto-scores"')
    return html[start : html.index("</table>", start)]


def test_the_selection_page_ranks_a_village_among_its_provinces_nominees(client, villages):
    nominated, kalbar, _head = villages
    client.force_login(kalbar)
    response = client.get(f"/seleksi/{nominated['61.04.01.2011'].pk}/")
    assert response.status_code == 200
    scores = _rows(response.content.decode())
    # Sungai Putri's 1 active participant against Tanjung Baik Budi's 3: second of two -> 0.
    assert "peringkat 2 dari 2 kandidat" in scores
    assert "Peserta aktif di desa (peringkat dalam provinsi) 1,00 peringkat 2 dari 2" in scores
    assert "Peserta BPU aktif (peringkat dalam provinsi) 0,00 peringkat 2 dari 2" in scores
    assert '<td class="num">0,00</td>' in scores
    response = client.get(f"/seleksi/{nominated['61.04.01.2012'].pk}/")
    assert response.status_code == 200
    scores = _rows(response.content.decode())
    assert "Peserta aktif di desa (peringkat dalam provinsi) 3,00 peringkat 1 dari 2" in scores
    assert '<td class="num">100,00</td>' in scores


def test_the_workspace_shows_the_village_its_own_rank(client, villages):
    nominated, _kalbar, village_head = villages
    client.force_login(village_head)
    response = client.get(f"/kandidat/{nominated['61.04.01.2011'].pk}/")
    assert response.status_code == 200
    scores = _rows(response.content.decode())
    assert "peringkat 2 dari 2 kandidat" in scores
    assert "Tanjung Baik Budi" not in scores  # its rank, not the other village's figures
