"""Quantitative criteria scored from the coverage metrics, against values worked by hand."""

from __future__ import annotations

import pytest

from paritrana.awards.domain.auto_scoring import auto_scores
from paritrana.awards.domain.eligibility import Candidate
from paritrana.awards.domain.templates import create_cycle_from_template
from paritrana.coverage.domain.compute import compute_metrics
from tests.store_fixture import warm_store

KETAPANG = Candidate(entity="kabkota", name="Kabupaten Ketapang", region_code="61.04")
PONTIANAK = Candidate(entity="kabkota", name="Kota Pontianak", region_code="61.71")
E1 = Candidate(
    entity="perusahaan",
    name="PT Satu",
    region_code="61.04",
    size_class="menengah",
    employer_id="E1",
)


@pytest.fixture
def cycle(regions, settings, tmp_path):
    settings.PARITRANA_STORE_DIR = warm_store(tmp_path / "store")
    compute_metrics(year=2025)  # tests/store_fixture.py: the figures below come from there
    return create_cycle_from_template(assessment_year=2025)


def _by_code(scores):
    return {s.criterion: s for s in scores}


def test_a_kabupaten_is_scored_on_coverage_against_its_provinces_target(cycle):
    category = cycle.categories.get(level="provinsi", code="pemda-kabkota")
    scores = _by_code(auto_scores(category=category, candidate=KETAPANG, year=2025))
    # UCJ Ketapang = 2 active / 6 workers = 33.33%; no kab/kota target, so Kalimantan Barat's
    # 59.56% applies: attainment 33.33 / 59.56 = 0.5597 -> 55.97 of 100.
    assert scores["ucj"].value == pytest.approx(100 * 2 / 6)
    assert scores["ucj"].score == 55.97
    assert "59,56" in scores["ucj"].explanation and "55,97" in scores["ucj"].explanation
    # BPU coverage 0 of 6 workers = 0% -> 0 on "0 at 0%, 100 at 20%".
    assert (scores["bpu"].value, scores["bpu"].score) == (0.0, 0.0)
    # No 2024 workforce for Ketapang, so no growth figure: no data, not a zero.
    assert scores["pertumbuhan"].value is None and scores["pertumbuhan"].score is None


def test_an_employer_is_scored_on_its_compliance(cycle):
    category = cycle.categories.get(level="provinsi", code="perusahaan-besar-menengah")
    scores = _by_code(auto_scores(category=category, candidate=E1, year=2025))
    # E1: 3 of 6 reported workers registered = 50% -> 0 on "0 at 50%, 100 at 100%";
    # 75% complete -> 50; 50% on time -> 0; paid 97.83% of rules-due -> (97.83-80)/20 = 89.17.
    assert scores["terdaftar"].score == 0.0
    assert scores["program"].score == 50.0
    assert scores["tepat_waktu"].score == 0.0
    assert scores["upah_penuh"].score == pytest.approx(
        100 * (1_400_000 / 1_431_000 * 100 - 80) / 20, abs=0.01
    )


def test_ranking_among_peers_for_village_criteria(cycle):
    category = cycle.categories.get(level="provinsi", code="pemda-desa")
    village = Candidate(entity="desa", name="Sungai Putri", region_code="61.04.01.2011")
    scores = _by_code(auto_scores(category=category, candidate=village, year=2025, peers=[village]))
    assert scores["aktif"].value == 1 and scores["aktif"].score == 100.0  # alone: the top
