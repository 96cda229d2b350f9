"""Kemendagri codes are accepted dotted or plain; unknown and BPS-style codes are refused."""

from __future__ import annotations

import pytest

from paritrana.regions.domain import InvalidRegionCode, RegionNotFound, get_region, normalize_code


@pytest.mark.parametrize(
    ("text", "dotted"),
    [
        ("61", "61"),
        ("6104", "61.04"),
        ("61.04", "61.04"),
        (" 610401 ", "61.04.01"),
        ("6104012001", "61.04.01.2001"),
        ("61.04.01.2001", "61.04.01.2001"),
        ("9103013007", "91.03.01.3007"),
    ],
)
def test_it_accepts_dotted_and_plain_codes(text, dotted):
    assert normalize_code(text) == dotted


@pytest.mark.parametrize("bps", ["6104010", "6104010001", "61.04.010", "61.04.010.001"])
def test_it_rejects_bps_style_codes_saying_so(bps):
    with pytest.raises(InvalidRegionCode, match="kode BPS, bukan kode Kemendagri"):
        normalize_code(bps)


@pytest.mark.parametrize("bad", ["", "6", "610", "61.4", "61-04", "Ketapang", "61.04.01.20011"])
def test_it_rejects_malformed_codes_with_the_accepted_formats(bad):
    with pytest.raises(InvalidRegionCode) as error:
        normalize_code(bad)
    assert "61.04" in str(error.value) or "kosong" in str(error.value)


def test_an_unknown_code_is_an_error_naming_the_code(regions):
    with pytest.raises(RegionNotFound, match=r"61\.99 tidak ditemukan"):
        get_region("6199")
    with pytest.raises(RegionNotFound, match=r"99 tidak ditemukan"):
        get_region("99")
