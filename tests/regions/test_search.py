"""Finding regions by name, tolerant of case and of Kab./Kabupaten/Kota prefixes."""

from __future__ import annotations

from paritrana.regions.domain import search_regions


def _codes(text, **kwargs):
    return [r.code for r in search_regions(text, **kwargs)]


def test_a_bare_name_finds_the_kabupaten_first(regions):
    assert _codes("ketapang")[0] == "61.04"
    assert _codes("KETAPANG")[0] == "61.04"


def test_kab_and_kabupaten_prefixes_mean_the_kabupaten(regions):
    assert _codes("Kab. Ketapang") == ["61.04"]
    assert _codes("kabupaten ketapang") == ["61.04"]
    assert _codes("Kab Sambas")[0] == "61.01"


def test_kota_prefix_separates_the_city_from_the_regency(regions):
    assert _codes("Kota Kupang") == ["53.71"]
    assert _codes("Kab. Kupang") == ["53.01"]
    assert set(_codes("kupang", level="kabkota")) == {"53.01", "53.71"}


def test_a_name_matches_at_every_level_with_higher_levels_first(regions):
    found = search_regions("ketapang", limit=100)
    levels = [r.level for r in found]
    assert levels[0] == "kabkota"
    assert levels.index("kecamatan") < levels.index("desa")
    assert {"18.01.14", "35.27.12"} <= {r.code for r in found}  # kecamatan named Ketapang


def test_kecamatan_named_kota_something_is_still_found(regions):
    # "Kota" prefixes are stripped only for kab/kota names, so kecamatan "Kota Juang" stays
    # findable by its full name.
    found = search_regions("kota juang")
    assert found and found[0].name == "Kota Juang"
    assert found[0].level == "kecamatan"


def test_nothing_matches_nonsense(regions):
    assert search_regions("qqqzzz") == []
    assert search_regions("   ") == []
