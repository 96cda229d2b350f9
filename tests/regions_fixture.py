"""The Kemendagri hierarchy of the test database, kept as rows at the start of the session and
copied back after a transactional test has emptied every table."""

from __future__ import annotations

from django.db import transaction

from paritrana.regions.domain import load_kemendagri
from paritrana.regions.domain.loading import insert_rows
from paritrana.regions.models import Region, Zone

# The loaded hierarchy as rows, per table (zones first), kept at the start of the session.
_LOADED: list[tuple[str, list[str], list[tuple]]] = []


def keep_loaded() -> None:
    _LOADED.clear()
    for model in (Zone, Region):
        fields = model._meta.concrete_fields
        rows = list(model.objects.order_by("pk").values_list(*(f.attname for f in fields)))
        _LOADED.append((model._meta.db_table, [f.column for f in fields], rows))


def restore_regions() -> None:
    """The hierarchy back after a transactional test emptied every table: the rows loaded at the
    start of the session, copied in (loading the packaged files again took 5 s of every browser
    test's set-up: 12-14 s -> about 4 s on PostgreSQL). Loading itself is tested in
    tests/regions/test_loading.py."""
    if Region.objects.exists():
        return
    if not _LOADED:  # no session set-up in this process (should not happen): load for real
        load_kemendagri()
        return
    with transaction.atomic():
        for table, columns, rows in _LOADED:  # codes sort parents before their children
            insert_rows(table, columns, rows)
