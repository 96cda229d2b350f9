"""The packaged Kemendagri 2025 hierarchy, as loaded into the database."""

from __future__ import annotations

import pytest
from django.db.models import Count

from paritrana.regions.domain import descendant_counts, get_region, parent_chain
from paritrana.regions.models import Region


def test_it_has_the_kepmendagri_2025_count_at_every_level(regions):
    counts = dict(Region.objects.values_list("level").annotate(n=Count("code")).order_by())
    assert counts == {"provinsi": 38, "kabkota": 514, "kecamatan": 7285, "desa": 83762}


def test_it_marks_416_kabupaten_and_98_kota(regions):
    kinds = dict(
        Region.objects.filter(level="kabkota")
        .values_list("kind")
        .annotate(n=Count("code"))
        .order_by()
    )
    assert kinds == {"kabupaten": 416, "kota": 98}


def test_it_marks_villages_as_desa_kelurahan_or_desa_adat(regions):
    kinds = dict(
        Region.objects.filter(level="desa").values_list("kind").annotate(n=Count("code")).order_by()
    )
    assert kinds == {"desa": 75252, "kelurahan": 8496, "desa_adat": 14}
    assert get_region("91.03.01.3007").kind == "desa_adat"  # Desa Adat Yoboi, Kab. Jayapura


# Kab/kota per Kalimantan province follow the laws creating them (Kalbar 12 kab + 2 kota, Kalteng
# 13 + 1, Kalsel 11 + 2, Kaltim 7 + 3, Kaltara 4 + 1); kecamatan and village counts are those of
# Kepmendagri 300.2.2-2138/2025 as carried by idn-area-data 4.0.1.
KALIMANTAN = {
    "61": ("Kalimantan Barat", 12, 2, 174, 2145),
    "62": ("Kalimantan Tengah", 13, 1, 136, 1571),
    "63": ("Kalimantan Selatan", 11, 2, 156, 2016),
    "64": ("Kalimantan Timur", 7, 3, 105, 1038),
    "65": ("Kalimantan Utara", 4, 1, 55, 482),
}


@pytest.mark.parametrize("code", sorted(KALIMANTAN))
def test_it_counts_each_kalimantan_province_exactly(regions, code):
    name, kabupaten, kota, kecamatan, desa = KALIMANTAN[code]
    province = get_region(code)
    assert province.name == name
    assert province.zone.name == "Kalimantan"
    assert descendant_counts(province) == {
        "kabkota": kabupaten + kota,
        "kecamatan": kecamatan,
        "desa": desa,
    }
    kinds = dict(province.children.values_list("kind").annotate(n=Count("code")).order_by())
    assert kinds == {"kabupaten": kabupaten, "kota": kota}


def test_it_knows_known_codes_and_names(regions):
    assert get_region("61.04").name == "Kabupaten Ketapang"
    assert get_region("6171").name == "Kota Pontianak"
    assert get_region("64.74").name == "Kota Bontang"
    assert get_region("31").name == "Daerah Khusus Ibukota Jakarta"
    village = get_region("6104012011")
    assert village.name == "Sungai Putri"
    assert village.kind == "desa"
    assert [p.code for p in parent_chain(village)] == ["61", "61.04", "61.04.01"]
    assert village.parent.code == "61.04.01"


def test_every_province_is_in_one_of_the_five_award_zones(regions):
    zones = dict(
        Region.objects.filter(level="provinsi")
        .values_list("zone__name")
        .annotate(n=Count("code"))
        .order_by()
    )
    assert zones == {
        "Sumatera": 10,
        "Jawa-Bali": 7,
        "Kalimantan": 5,
        "Sulawesi": 6,
        "Nusa Tenggara-Maluku-Papua": 10,
    }
    assert get_region("51").zone.name == "Jawa-Bali"  # Bali rides with Java
    assert get_region("52").zone.name == "Nusa Tenggara-Maluku-Papua"
    assert get_region("96").zone.name == "Nusa Tenggara-Maluku-Papua"  # Papua Barat Daya


def test_national_counts_cover_every_level(regions):
    assert descendant_counts(None) == {
        "provinsi": 38,
        "kabkota": 514,
        "kecamatan": 7285,
        "desa": 83762,
    }
