"""What the engine needs to know of the Kemendagri hierarchy, without Django.

The web application builds a RegionIndex from its database; scripts and tests can build one from
any rows (code, level, parent code, zone code).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

LEVELS = ("provinsi", "kabkota", "kecamatan", "desa")


@dataclass(frozen=True)
class RegionIndex:
    level: dict[str, str]  # code -> level
    parent: dict[str, str]  # code -> parent code
    zone: dict[str, str]  # province code -> zone code
    name: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str | None, str | None, str]]) -> RegionIndex:
        """rows: (code, level, parent code or None, zone code or None, name)."""
        level: dict[str, str] = {}
        parent: dict[str, str] = {}
        zone: dict[str, str] = {}
        name: dict[str, str] = {}
        for code, lvl, parent_code, zone_code, region_name in rows:
            level[code] = lvl
            name[code] = region_name
            if parent_code:
                parent[code] = parent_code
            if zone_code:
                zone[code] = zone_code
        return cls(level=level, parent=parent, zone=zone, name=name)

    def codes(self, level: str) -> list[str]:
        return sorted(code for code, lvl in self.level.items() if lvl == level)

    def province_of(self, code: str) -> str:
        return code[:2]

    def kabkota_of(self, code: str) -> str | None:
        return code[:5] if len(code) >= 5 else None
