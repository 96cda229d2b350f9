"""A round's screening does not open on a year without coverage metrics: its draw would
nominate no one (every candidate "without a value"), and the pre-check said nothing was
missing."""

from __future__ import annotations

import pytest

from paritrana.assessment.domain.prechecks import PrecheckFailed, findings, open_checked
from paritrana.awards.domain.templates import create_cycle_from_template
from paritrana.awards.models import StageKind, StageStatus
from paritrana.coverage.domain.compute import compute_metrics
from tests.store_fixture import warm_store


def _screening(cycle):
    return cycle.stages.get(level="provinsi", kind=StageKind.SCREENING)


def test_screening_waits_for_the_years_coverage_metrics(regions, settings, tmp_path):
    settings.PARITRANA_STORE_DIR = warm_store(tmp_path / "store")
    cycle = create_cycle_from_template(assessment_year=2025)
    categories = cycle.categories.filter(level="provinsi", enabled=True).count()

    found = {f.code: f for f in findings(_screening(cycle))}
    missing = found["coverage_data_missing"]
    assert missing.message.startswith(
        f"Belum ada metrik cakupan tahun 2025 untuk {categories} kategori ("
    )
    assert missing.count == categories and missing.link == "web:imports"
    with pytest.raises(PrecheckFailed, match="Belum ada metrik cakupan tahun 2025"):
        open_checked(stage=_screening(cycle))
    assert _screening(cycle).status == StageStatus.DRAFT

    compute_metrics(year=2025)  # regions, villages and employers of the store

    assert "coverage_data_missing" not in {f.code for f in findings(_screening(cycle))}
    assert open_checked(stage=_screening(cycle)).status == StageStatus.OPEN


def test_a_category_of_a_kind_without_metrics_is_named(regions, settings, tmp_path):
    from paritrana.coverage.models import EmployerMetric

    settings.PARITRANA_STORE_DIR = warm_store(tmp_path / "store")
    compute_metrics(year=2025)
    EmployerMetric.objects.filter(year=2025).delete()
    cycle = create_cycle_from_template(assessment_year=2025)
    companies = list(
        cycle.categories.filter(
            level="provinsi", enabled=True, eligibility__entity="perusahaan"
        ).values_list("name", flat=True)
    )
    assert companies
    (missing,) = [f for f in findings(_screening(cycle)) if f.code == "coverage_data_missing"]
    assert missing.count == len(companies)
    assert companies[0] in missing.message
