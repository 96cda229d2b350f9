"""Kemendagri region codes: accept dotted (61.04) or plain (6104), reject BPS codes clearly.

Kemendagri codes have 2, 2, 2 and 4 digits per level (61.04.01.2011); BPS codes use 2, 2, 3 and
3 (6104010001). The two numberings must never be mixed, so a BPS-shaped code is rejected with a
message that says so instead of being silently read as a different Kemendagri region.
"""

from __future__ import annotations

import re

from paritrana.errors import DomainError

_DOTTED = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_BPS_DOTTED = re.compile(r"^\d{2}\.\d{2}\.\d{3}(\.\d{3})?$")
_SPLITS = {2: (2,), 4: (2, 2), 6: (2, 2, 2), 10: (2, 2, 2, 4)}


class InvalidRegionCode(DomainError):
    """The text is not a Kemendagri code (message in Bahasa Indonesia)."""


def _bps_message(text: str) -> str:
    return (
        f"'{text}' tampaknya kode BPS, bukan kode Kemendagri. Paritrana memakai kode Kemendagri "
        "(mis. 61.04 atau 61.04.01.2011); kedua penomoran berbeda dan tidak boleh dicampur."
    )


def normalize_code(text: str) -> str:
    """Return the dotted Kemendagri code for `text`, or raise InvalidRegionCode."""
    code = text.strip().replace(" ", "")
    if not code:
        raise InvalidRegionCode("Kode wilayah kosong.")
    if _DOTTED.match(code):
        return code
    if _BPS_DOTTED.match(code):
        raise InvalidRegionCode(_bps_message(text))
    if code.isdigit():
        if len(code) == 7:  # BPS kecamatan: 2+2+3
            raise InvalidRegionCode(_bps_message(text))
        if len(code) == 10 and code[6] not in "123":
            # A Kemendagri village part starts with 1 (kelurahan), 2 (desa) or 3 (desa adat);
            # BPS village codes carry the last digit of a 3-digit kecamatan code there (mostly 0).
            raise InvalidRegionCode(_bps_message(text))
        if len(code) in _SPLITS:
            parts, start = [], 0
            for width in _SPLITS[len(code)]:
                parts.append(code[start : start + width])
                start += width
            return ".".join(parts)
    raise InvalidRegionCode(
        f"'{text}' bukan kode wilayah Kemendagri. Format yang diterima: 61, 61.04, 61.04.01, "
        "61.04.01.2011 (titik boleh dihilangkan: 6104, 6104012011)."
    )
