"""Loading the packaged hierarchy is complete, idempotent and repairs drift."""

from __future__ import annotations

from django.db import connection

from paritrana.regions.domain import get_region, load_kemendagri
from paritrana.regions.models import Region, Zone


def _wipe():
    # Children first: parent links are PROTECT.
    for level in ("desa", "kecamatan", "kabkota", "provinsi"):
        Region.objects.filter(level=level)._raw_delete(connection.alias)
    Zone.objects.all().delete()


def test_loading_into_an_empty_database_creates_everything(regions):
    _wipe()
    report = load_kemendagri()
    assert (report.created, report.updated, report.unchanged) == (91599, 0, 0)
    assert report.zones_written == 5
    assert Region.objects.count() == 91599


def test_loading_twice_changes_nothing(regions):
    before = list(Region.objects.values_list("code", "name", "kind", "parent_id", "zone_id"))
    report = load_kemendagri()
    assert (report.created, report.updated, report.unchanged) == (0, 0, 91599)
    assert not report.changed
    assert (
        list(Region.objects.values_list("code", "name", "kind", "parent_id", "zone_id")) == before
    )


def test_loading_repairs_an_edited_name_and_reports_foreign_codes(regions):
    Region.objects.filter(code="61.04").update(name="Kab. Salah Ketik")
    Region.objects.create(code="61.99", name="Kabupaten Fiktif", level="kabkota", parent_id="61")
    report = load_kemendagri()
    assert (report.created, report.updated) == (0, 1)
    assert get_region("61.04").name == "Kabupaten Ketapang"
    assert report.not_in_package == ["61.99"]
    assert Region.objects.filter(code="61.99").exists()  # reported, never silently deleted


def test_progress_is_reported_up_to_the_total(regions):
    _wipe()
    seen = []
    load_kemendagri(progress=lambda stage, done, total: seen.append((done, total)))
    assert seen[-1] == (91599, 91599)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
