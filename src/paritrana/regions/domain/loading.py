"""Load the packaged Kemendagri 2025 hierarchy and the award zones into the database.

Idempotent by comparison, not by trust: every packaged row is compared with what the database
holds and only differences are written, all inside one transaction. Loading twice writes
nothing the second time; an interrupted load leaves the previous state intact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from paritrana.regions.domain.queries import search_key
from paritrana.regions.models import Level, Region, Zone
from paritrana.regions.packaged import ZONES, hierarchy_rows, zone_rows

BATCH = 2000

Progress = Callable[[str, int, int], None]


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    zones_written: int = 0
    per_level: dict[str, int] = field(default_factory=dict)
    not_in_package: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.zones_written)


def _zone_table() -> tuple[dict[str, Zone], dict[str, str]]:
    zones: dict[str, Zone] = {}
    province_zone: dict[str, str] = {}
    for row in zone_rows():
        zones[row["zone_code"]] = Zone(
            code=row["zone_code"], name=row["zone_name"], order=int(row["zone_order"])
        )
        province_zone[row["province_code"]] = row["zone_code"]
    return zones, province_zone


def _sync_zones(zones: dict[str, Zone]) -> int:
    existing = {z.code: (z.name, z.order) for z in Zone.objects.all()}
    changed = [z for z in zones.values() if existing.get(z.code) != (z.name, z.order)]
    for zone in changed:
        zone.save()
    return len(changed)


def load_kemendagri(*, progress: Progress | None = None) -> LoadReport:
    """Bring the database's regions and zones in line with the packaged files."""
    report = LoadReport()
    zones, province_zone = _zone_table()
    wanted = [
        Region(
            code=row["code"],
            name=row["name"],
            level=row["level"],
            kind=row["kind"],
            parent_id=row["parent_code"] or None,
            zone_id=province_zone.get(row["code"]) if row["level"] == Level.PROVINSI else None,
            search_name=search_key(row["name"], row["level"]),
        )
        for row in hierarchy_rows()
    ]
    provinces = {r.code for r in wanted if r.level == Level.PROVINSI}
    if missing := sorted(provinces - province_zone.keys()):
        raise ValueError(f"{ZONES}: provinsi tanpa zona: {', '.join(missing)}")
    fields = ["name", "level", "kind", "parent_id", "zone_id", "search_name"]
    total = len(wanted)
    with transaction.atomic():
        report.zones_written = _sync_zones(zones)
        existing = {
            row[0]: row[1:] for row in Region.objects.values_list("code", *fields).iterator(5000)
        }
        to_create: list[Region] = []
        to_update: list[Region] = []
        for region in wanted:
            current = existing.pop(region.code, None)
            if current is None:
                to_create.append(region)
            elif current != tuple(getattr(region, f) for f in fields):
                to_update.append(region)
            report.per_level[region.level] = report.per_level.get(region.level, 0) + 1
        # Parents come before children in the packaged file, so batches insert in FK order.
        done = total - len(to_create) - len(to_update)
        for start in range(0, len(to_create), BATCH):
            batch = to_create[start : start + BATCH]
            Region.objects.bulk_create(batch)
            done += len(batch)
            if progress:
                progress("regions", done, total)
        for start in range(0, len(to_update), BATCH):
            batch = to_update[start : start + BATCH]
            Region.objects.bulk_update(batch, fields, batch_size=500)
            done += len(batch)
            if progress:
                progress("regions", done, total)
        if progress:
            progress("regions", total, total)
    report.created, report.updated = len(to_create), len(to_update)
    report.unchanged = total - report.created - report.updated
    # Regions the database has but the package does not are reported, never deleted: later data
    # (coverage, candidates) may refer to them, and an operator must decide.
    report.not_in_package = sorted(existing)
    return report
