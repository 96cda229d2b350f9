"""Load the packaged Kemendagri 2025 hierarchy and the award zones into the database.

Idempotent by comparison, not by trust: every packaged row is compared with what the database
holds and only differences are written, all inside one transaction. Loading twice writes
nothing the second time; an interrupted load leaves the previous state intact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction

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


# The stored columns of a region besides its code, as a row of the packaged files gives them.
FIELDS = ("name", "level", "kind", "parent_id", "zone_id", "search_name")
# A region as a row: its code, then FIELDS.
RegionRow = tuple[str, str, str, str, str | None, str | None, str]


def insert_rows(table: str, columns: list[str], rows: Sequence[tuple[object, ...]]) -> None:
    """Rows into a table as they are, without a model instance each: PostgreSQL's COPY, or one
    prepared INSERT on SQLite. A fresh database's 91,599 regions so took 1.0-1.3 s on SQLite
    and 2.3-2.6 s on PostgreSQL, against 4.4-4.5 s and 5.6 s with `bulk_create`, whose time
    went to building and preparing the instances (a 2-core machine)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)


def load_kemendagri(*, progress: Progress | None = None) -> LoadReport:
    """Bring the database's regions and zones in line with the packaged files."""
    report = LoadReport()
    zones, province_zone = _zone_table()
    wanted: list[RegionRow] = [
        (
            row["code"],
            row["name"],
            row["level"],
            row["kind"],
            row["parent_code"] or None,
            province_zone.get(row["code"]) if row["level"] == Level.PROVINSI else None,
            search_key(row["name"], row["level"]),
        )
        for row in hierarchy_rows()
    ]
    provinces = {row[0] for row in wanted if row[2] == Level.PROVINSI}
    if missing := sorted(provinces - province_zone.keys()):
        raise ValueError(f"{ZONES}: provinsi tanpa zona: {', '.join(missing)}")
    total = len(wanted)
    columns = [Region._meta.get_field(name).column for name in ("code", *FIELDS)]
    with transaction.atomic():
        report.zones_written = _sync_zones(zones)
        existing = {
            row[0]: row[1:] for row in Region.objects.values_list("code", *FIELDS).iterator(5000)
        }
        to_create: list[RegionRow] = []
        to_update: list[Region] = []
        for row in wanted:
            current = existing.pop(row[0], None)
            if current is None:
                to_create.append(row)
            elif current != row[1:]:
                to_update.append(Region(code=row[0], **dict(zip(FIELDS, row[1:], strict=True))))
            report.per_level[row[2]] = report.per_level.get(row[2], 0) + 1
        # Parents come before children in the packaged file, so batches insert in FK order.
        done = total - len(to_create) - len(to_update)
        for start in range(0, len(to_create), BATCH):
            batch = to_create[start : start + BATCH]
            insert_rows(Region._meta.db_table, columns, batch)
            done += len(batch)
            if progress:
                progress("regions", done, total)
        for start in range(0, len(to_update), BATCH):
            batch_update = to_update[start : start + BATCH]
            Region.objects.bulk_update(batch_update, FIELDS, batch_size=500)
            done += len(batch_update)
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
