"""The command line asks the same permissions as the web and the API."""

from __future__ import annotations

from paritrana.cli import main
from paritrana.coverage.models import DataImport

TARGETS = "region_code,year,target_pct\n61,2025,59.56\n"


def test_an_import_in_someones_name_needs_the_import_permission(world, tmp_path, capsys):
    path = tmp_path / "target.csv"
    path.write_text(TARGETS)
    before = DataImport.objects.count()
    code = main(["coverage", "import", str(path), "--kind", "targets", "--pengguna", "ketua_x"])
    assert code == 2
    assert "Akun 'ketua_x' tidak ditemukan" in capsys.readouterr().err
    chair = world.role("ketua").user.username
    assert main(["coverage", "import", str(path), "--kind", "targets", "--pengguna", chair]) == 2
    assert "Impor data hanya untuk petugas data dan admin nasional." in capsys.readouterr().err
    assert DataImport.objects.count() == before
    officer = world.role("petugas_data").user
    code = main(
        ["coverage", "import", str(path), "--kind", "targets", "--pengguna", officer.username]
    )
    assert code == 0
    assert DataImport.objects.latest("pk").uploaded_by == officer
