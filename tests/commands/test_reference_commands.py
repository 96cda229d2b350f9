"""Reference data commands: the hierarchy, official boundaries and synthetic data, each audited
with what was loaded and who loaded it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from paritrana.access.check import AccessDenied
from paritrana.awards.models import AuditEntry
from paritrana.cli import main
from paritrana.commands.reference import load_boundaries
from paritrana.regions.models import RegionBoundary
from tests.regions.test_boundaries import VALID

EXERCISED = {"regions.load", "regions.load_boundaries", "data.synth"}


def test_loading_the_hierarchy_records_what_changed(regions, capsys):
    assert main(["regions", "load"]) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert "Wilayah: 0 baru, 0 diperbarui, 91.599 tidak berubah." in said
    assert "Jumlah: Provinsi 38, Kabupaten/Kota 514, Kecamatan 7.285, Desa/Kelurahan 83.762" in said
    entry = AuditEntry.objects.get(command="regions.load")
    assert entry.actor == "operator"
    assert entry.after["created"] == 0 and entry.after["unchanged"] > 90_000


def test_a_boundary_file_in_the_admin_is_the_load_boundaries_command(regions, admin_client):
    upload = SimpleUploadedFile("batas.geojson", VALID)
    assert (
        admin_client.post("/admin/regions/regionboundary/muat/", {"file": upload}).status_code
        == 302
    )
    entry = AuditEntry.objects.get(command="regions.load_boundaries")
    assert (entry.actor, entry.after["file_name"], entry.after["created"]) == (
        "admin",
        "batas.geojson",
        2,
    )


def test_someone_else_loads_no_boundaries(regions, django_user_model):
    officer = django_user_model.objects.create_user(username="petugas-batas")
    with pytest.raises(AccessDenied, match="admin nasional"):
        load_boundaries(officer, content=VALID, file_name="batas.geojson")
    assert not RegionBoundary.objects.exists()


def test_synthetic_data_is_loaded_by_the_operator(regions, store):
    assert main(["synth", "--participants", "1000", "--year", "2025", "--seed", "3"]) == 0
    entry = AuditEntry.objects.get(command="data.synth")
    assert (entry.actor, entry.after["year"], entry.after["seed"]) == ("operator", 2025, 3)
    assert entry.after["rows"] > 0 and entry.after["employers"] > 0
