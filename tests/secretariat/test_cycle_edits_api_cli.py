"""The cycle's own set-up over the API and at the prompt, as on its page: the cycle renamed, a
category added to a round (a copy of one of its categories) and one removed while nothing rests
on it, each through its command (cycle.rename, category.add, category.remove) with its audit
entry and the same refusals in Bahasa Indonesia."""

from __future__ import annotations

from paritrana.awards.domain.stages import open_stage
from paritrana.awards.models import AuditEntry, Category
from paritrana.cli import main
from tests.api.conftest import bearer, error_of
from tests.secretariat import test_setup_domain

setup_world = test_setup_domain.setup_world  # the fixture

BASE = "/api/v1/sekretariat/siklus"
NEW_NAME = "Paritrana Award 2026 (Tahun Pemulihan)"
HEALTH = "Perusahaan Besar sektor kesehatan"
IN_USE = (
    "Kategori 'Pemerintah Kabupaten/Kota' tidak dapat dihapus: 3 kandidat dinominasikan. "
    "Kategori yang sudah punya kandidat hanya dapat dinonaktifkan (hapus centang 'Dipakai')."
)


def _json(client, method, url, body=None, **extra):
    return getattr(client, method)(url, body or {}, content_type="application/json", **extra)


# -- the API ---------------------------------------------------------------------------------


def test_the_api_renames_the_cycle_with_its_audit_entry(client, setup_world):
    w = setup_world
    client.force_login(w.admin)
    done = _json(client, "patch", f"{BASE}/2025", {"name": f"  {NEW_NAME} "})
    assert done.status_code == 200
    assert done.json()["name"] == NEW_NAME
    assert done.json()["label"] == f"{NEW_NAME} (penilaian 2025, penganugerahan 2026)"
    w.cycle.refresh_from_db()
    assert w.cycle.name == NEW_NAME
    entry = AuditEntry.objects.get(command="cycle.rename")
    assert entry.user == w.admin and entry.cycle == w.cycle
    assert (entry.before["name"], entry.after["name"]) == ("Paritrana Award 2026", NEW_NAME)


def test_the_api_refuses_an_empty_or_too_long_name_and_keeps_the_old_one(client, setup_world):
    w = setup_world
    client.force_login(w.admin)
    empty = _json(client, "patch", f"{BASE}/2025", {"name": "   "})
    assert empty.status_code == 422
    assert error_of(empty) == {
        "code": "invalid",
        "message": "Nama siklus wajib diisi.",
        "details": {"field": "name"},
    }
    missing = _json(client, "patch", f"{BASE}/2025")
    assert missing.status_code == 422 and error_of(missing)["details"] == {"field": "name"}
    long = _json(client, "patch", f"{BASE}/2025", {"name": "x" * 121})
    assert long.status_code == 422
    assert error_of(long)["message"] == "Nama siklus paling panjang 120 karakter."
    unknown = _json(client, "patch", f"{BASE}/2031", {"name": NEW_NAME})
    assert unknown.status_code == 404
    w.cycle.refresh_from_db()
    assert w.cycle.name == "Paritrana Award 2026"
    assert not AuditEntry.objects.filter(command="cycle.rename").exists()


def test_only_the_national_admin_from_a_session_changes_the_cycle(client, setup_world):
    w = setup_world
    client.force_login(w.kalbar)
    refused = _json(client, "patch", f"{BASE}/2025", {"name": NEW_NAME})
    assert refused.status_code == 403
    assert "hanya dapat diatur oleh admin nasional" in error_of(refused)["message"]
    added = _json(client, "post", f"{BASE}/2025/kategori/provinsi", {"name": HEALTH})
    assert added.status_code == 403
    removed = _json(client, "post", f"{BASE}/2025/kategori/provinsi/pemda-desa/hapus")
    assert removed.status_code == 403

    client.logout()
    headers = bearer(w.admin, "baca", "nilai", "impor", "tim")
    for method, url in (
        ("patch", f"{BASE}/2025"),
        ("post", f"{BASE}/2025/kategori/provinsi"),
        ("post", f"{BASE}/2025/kategori/provinsi/pemda-desa/hapus"),
    ):
        token = _json(client, method, url, {"name": NEW_NAME}, headers=headers)
        assert token.status_code == 403 and error_of(token)["code"] == "insufficient_scope"
    w.cycle.refresh_from_db()
    assert w.cycle.name == "Paritrana Award 2026"
    assert w.cycle.categories.filter(code="pemda-desa").exists()
    assert not AuditEntry.objects.filter(command__in=["cycle.rename", "category.remove"]).exists()


def test_the_api_adds_a_category_as_a_copy_of_one_of_its_round(client, setup_world):
    w = setup_world
    client.force_login(w.admin)
    companies = w.cycle.categories.get(level="provinsi", code="perusahaan-besar-menengah")
    answer = _json(
        client,
        "post",
        f"{BASE}/2025/kategori/provinsi",
        {"name": HEALTH, "basis": "perusahaan-besar-menengah"},
    )
    assert answer.status_code == 201
    body = answer.json()
    assert (body["level"], body["code"], body["name"], body["enabled"]) == (
        "provinsi",
        "perusahaan-besar-sektor-kesehatan",
        HEALTH,
        True,
    )
    assert body["cycle"] == 2025 and body["eligibility"] == companies.eligibility
    assert {c["code"] for c in body["criteria"]} == set(
        companies.criteria.values_list("code", flat=True)
    )
    added = Category.objects.get(cycle=w.cycle, level="provinsi", name=HEALTH)
    assert added.shortlist == companies.shortlist
    entry = AuditEntry.objects.get(command="category.add")
    assert entry.user == w.admin and entry.cycle == w.cycle
    assert entry.after["copied_from"] == "Perusahaan Skala Besar dan Menengah"


def test_the_api_refuses_a_category_without_a_name_a_basis_or_a_free_name(client, setup_world):
    w = setup_world
    client.force_login(w.admin)
    before = w.cycle.categories.count()
    url = f"{BASE}/2025/kategori/provinsi"
    nameless = _json(client, "post", url, {"basis": "pemda-kabkota"})
    assert nameless.status_code == 422
    assert error_of(nameless) == {
        "code": "invalid",
        "message": "Nama kategori baru wajib diisi.",
        "details": {"field": "name"},
    }
    taken = _json(client, "post", url, {"name": "pemerintah kabupaten/kota", "basis": "pemda-desa"})
    assert taken.status_code == 422
    assert error_of(taken)["message"] == (
        "Kategori 'Pemerintah Kabupaten/Kota' sudah ada di tingkat provinsi: pilih nama lain."
    )
    for basis in ("tidak-ada", None):
        no_basis = _json(client, "post", url, {"name": "Layanan Publik Daerah", "basis": basis})
        assert no_basis.status_code == 422
        error = error_of(no_basis)
        assert error["details"] == {"field": "basis"}
        assert error["message"].startswith("Pilih kategori tingkat provinsi yang ditiru: ")
    nul = _json(client, "post", url, {"name": "Layanan\x00Publik", "basis": "pemda-kabkota"})
    assert nul.status_code == 422  # PostgreSQL refuses NUL in text: invalid, not a 500
    removed = _json(client, "post", f"{BASE}/2025/kategori/provinsi/pemda%00desa/hapus")
    assert removed.status_code == 404
    bad_round = _json(client, "post", f"{BASE}/2025/kategori/kota", {"name": "X", "basis": "a"})
    assert bad_round.status_code == 422  # the round is provinsi or nasional
    assert w.cycle.categories.count() == before
    assert not AuditEntry.objects.filter(command="category.add").exists()


def test_the_api_adds_no_category_once_its_rounds_judging_began(client, setup_world):
    w = setup_world
    open_stage(stage=w.stage("verifikasi"), user=w.admin)
    client.force_login(w.admin)
    body = {"name": "Layanan Publik Baru", "basis": "pemda-kabkota"}
    refused = _json(client, "post", f"{BASE}/2025/kategori/provinsi", body)
    assert refused.status_code == 409 and error_of(refused)["code"] == "locked"
    assert "Tahap verifikasi tingkat provinsi sudah dibuka" in error_of(refused)["message"]
    assert not w.cycle.categories.filter(name="Layanan Publik Baru").exists()
    national = _json(client, "post", f"{BASE}/2025/kategori/nasional", body)
    assert national.status_code == 201  # the national round is still open to change


def test_the_api_removes_a_category_nothing_rests_on(client, setup_world):
    w = setup_world
    client.force_login(w.admin)
    villages = w.cycle.categories.get(level="provinsi", code="pemda-desa")
    done = _json(client, "post", f"{BASE}/2025/kategori/provinsi/pemda-desa/hapus")
    assert done.status_code == 200
    assert done.json() == {
        "level": "provinsi",
        "code": "pemda-desa",
        "name": "Pemerintah Desa/Kelurahan",
        "enabled": True,
    }
    assert not Category.objects.filter(pk=villages.pk).exists()
    entry = AuditEntry.objects.get(command="category.remove")
    assert entry.user == w.admin and entry.before["name"] == "Pemerintah Desa/Kelurahan"
    again = _json(client, "post", f"{BASE}/2025/kategori/provinsi/pemda-desa/hapus")
    assert again.status_code == 404
    assert error_of(again)["message"] == "Kategori 'pemda-desa' tidak ada di siklus 2025."


def test_the_api_keeps_a_category_with_candidates_and_says_why(client, setup_world):
    w = setup_world  # three candidates are nominated in w.category
    client.force_login(w.admin)
    refused = _json(client, "post", f"{BASE}/2025/kategori/provinsi/pemda-kabkota/hapus")
    assert refused.status_code == 409
    assert error_of(refused) == {"code": "in_use", "message": IN_USE}
    assert Category.objects.filter(pk=w.category.pk).exists()
    assert not AuditEntry.objects.filter(command="category.remove").exists()


# -- the command line --------------------------------------------------------------------------


def test_the_cycle_is_renamed_at_the_prompt(setup_world, capsys):
    w = setup_world
    argv = ["siklus", "ganti-nama", "--tahun", "2025"]
    assert main([*argv, "--nama", NEW_NAME]) == 0
    assert capsys.readouterr().out == (
        f"Nama siklus 2025 diganti: {NEW_NAME} (penilaian 2025, penganugerahan 2026)\n"
    )
    w.cycle.refresh_from_db()
    assert w.cycle.name == NEW_NAME
    entry = AuditEntry.objects.get(command="cycle.rename")
    assert entry.actor == "operator" and entry.after["name"] == NEW_NAME

    assert main([*argv, "--nama", "Paritrana Award", "--sebagai", "sekretariat"]) == 0
    assert AuditEntry.objects.filter(command="cycle.rename").latest("id").user == w.admin

    assert main([*argv, "--nama", "   "]) == 2
    assert "Galat: Nama siklus wajib diisi." in capsys.readouterr().err
    assert main([*argv, "--nama", "Nama lain", "--sebagai", "admin_kalbar"]) == 2
    assert "hanya dapat diatur oleh admin nasional" in capsys.readouterr().err
    assert main(["siklus", "ganti-nama", "--tahun", "2031", "--nama", "X"]) == 2
    assert "Tidak ada siklus dengan tahun penilaian 2031." in capsys.readouterr().err
    w.cycle.refresh_from_db()
    assert w.cycle.name == "Paritrana Award"
    assert AuditEntry.objects.filter(command="cycle.rename").count() == 2


def test_a_category_is_added_at_the_prompt(setup_world, capsys):
    w = setup_world
    argv = ["siklus", "tambah-kategori", "--tahun", "2025", "--tingkat", "provinsi"]
    tail = ["--nama", HEALTH, "--tiru", "perusahaan-besar-menengah", "--sebagai", "sekretariat"]
    assert main([*argv, *tail]) == 0
    assert capsys.readouterr().out == (
        f"Kategori ditambahkan di tingkat provinsi: {HEALTH} (kode "
        "perusahaan-besar-sektor-kesehatan), salinan Perusahaan Skala Besar dan Menengah.\n"
    )
    added = Category.objects.get(cycle=w.cycle, level="provinsi", name=HEALTH)
    assert added.criteria.exists()
    entry = AuditEntry.objects.get(command="category.add")
    assert entry.user == w.admin and entry.after["copied_from"] == (
        "Perusahaan Skala Besar dan Menengah"
    )

    assert main([*argv, *tail]) == 2  # the same name again
    assert (
        f"Galat: Kategori '{HEALTH}' sudah ada di tingkat provinsi: pilih nama lain."
        in capsys.readouterr().err
    )
    assert main([*argv, "--nama", "Layanan Publik", "--tiru", "tidak-ada"]) == 2
    err = capsys.readouterr().err
    assert "Tidak ada kategori 'tidak-ada' di tingkat provinsi siklus 2025; kode yang ada: " in err
    assert "pemda-kabkota" in err
    assert AuditEntry.objects.filter(command="category.add").count() == 1


def test_a_category_is_removed_at_the_prompt_only_while_nothing_rests_on_it(setup_world, capsys):
    w = setup_world
    argv = ["siklus", "hapus-kategori", "--tahun", "2025", "--tingkat", "provinsi"]
    assert main([*argv, "--kategori", "pemda-desa"]) == 0
    assert capsys.readouterr().out == (
        "Kategori dihapus dari tingkat provinsi: Pemerintah Desa/Kelurahan (kode pemda-desa).\n"
    )
    assert not w.cycle.categories.filter(level="provinsi", code="pemda-desa").exists()
    entry = AuditEntry.objects.get(command="category.remove")
    assert entry.actor == "operator" and entry.before["name"] == "Pemerintah Desa/Kelurahan"

    assert main([*argv, "--kategori", "pemda-kabkota", "--sebagai", "sekretariat"]) == 2
    assert f"Galat: {IN_USE}" in capsys.readouterr().err
    assert w.cycle.categories.filter(pk=w.category.pk).exists()
    assert main([*argv, "--kategori", "pemda-desa"]) == 2  # gone already
    assert "Tidak ada kategori 'pemda-desa' di tingkat provinsi" in capsys.readouterr().err
    assert AuditEntry.objects.filter(command="category.remove").count() == 1
