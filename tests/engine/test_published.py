"""The packaged published reference figures: each with its source and date, the values a reader
of the domain notes would look up, and region codes that exist."""

from __future__ import annotations

import re

from paritrana.engine.published import RPJMN, published_figures, target_series, value
from paritrana.regions.packaged import region_index


def test_every_figure_says_where_it_comes_from_and_when():
    figures = published_figures()
    assert len({f.id for f in figures}) == len(figures)
    for figure in figures:
        assert figure.source.strip() and figure.reported_by.strip(), figure.id
        assert re.fullmatch(r"\d{4}(-\d{2})?", figure.period), figure.id
        assert figure.period.startswith(str(figure.year)), figure.id


def test_the_bps_workforce_by_year():
    assert [value("employed", year=y) for y in (2023, 2024, 2025)] == [
        139_850_000,
        144_640_000,
        146_540_000,
    ]
    assert [value("labour_force", year=y) for y in (2023, 2024, 2025)] == [
        147_710_000,
        152_110_000,
        154_000_000,
    ]
    assert value("employed", year=2025, region="75") is None  # Gorontalo: 2023 and 2024 only
    assert value("employed", year=2024, region="75") == 632_184


def test_national_active_participants_and_the_rpjmn_targets():
    assert value("active", year=2023) == 41_560_000
    assert value("active", year=2024) == 45_200_000
    assert value("active", year=2025, period="2025-04") == 39_700_000
    assert target_series(RPJMN) == [(2025, 32.15), (2029, 43.92)]
    assert value("target", year=2045) == 99.5  # RPJPN


def test_provincial_targets_and_figures():
    assert value("target", year=2025, region="61") == 59.56  # Kalimantan Barat
    assert value("target", year=2026, region="61") == 60.80
    assert value("target", year=2025, region="51") == 67.28  # Bali
    assert value("target", year=2026, region="63") == 70.0  # Kalimantan Selatan
    assert value("workers", year=2025, region="61") == 1_800_000
    assert value("ucj", year=2025, region="61", period="2025-10") == 30.41


def test_every_region_is_a_kemendagri_2025_code():
    known = set(region_index().level)
    for figure in published_figures():
        assert figure.region == "ID" or figure.region in known, figure.id
