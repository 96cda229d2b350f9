"""A village named with its kabupaten or kota: "Desa Sungai Ayak 3 (Kab. Sekadau)".

Village names repeat across Indonesia (hundreds of "Sukamaju"), so wherever a village stands as a
candidate or a winner its kab/kota is named beside it. The names are read in one query for a
whole list (`kabkota_names`), then joined row by row (`with_kabkota`).
"""

from __future__ import annotations

from collections.abc import Iterable

from paritrana.regions.models import Region

VILLAGE_CODE_LENGTH = 13  # 61.09.01.2001
KABKOTA_CODE_LENGTH = 5  # 61.09


def short_kabkota(name: str) -> str:
    """'Kabupaten Sekadau' -> 'Kab. Sekadau'; 'Kota Pontianak' stays as it is."""
    if name.startswith("Kabupaten "):
        return "Kab. " + name.removeprefix("Kabupaten ")
    return name


def is_village(region_code: str) -> bool:
    return len(region_code or "") == VILLAGE_CODE_LENGTH


def kabkota_names(region_codes: Iterable[str]) -> dict[str, str]:
    """The short name of the kab/kota of every village among `region_codes`, by kab/kota code
    (one query; none when no code is a village's)."""
    wanted = {code[:KABKOTA_CODE_LENGTH] for code in region_codes if is_village(code)}
    if not wanted:
        return {}
    rows = Region.objects.filter(code__in=wanted).values_list("code", "name")
    return {code: short_kabkota(name) for code, name in rows}


def with_kabkota(name: str, region_code: str, names: dict[str, str]) -> str:
    """A village's name with its kab/kota in brackets; any other candidate's name unchanged."""
    if not is_village(region_code):
        return name
    kabkota = names.get(region_code[:KABKOTA_CODE_LENGTH])
    if not kabkota or kabkota in name:
        return name
    return f"{name} ({kabkota})"
