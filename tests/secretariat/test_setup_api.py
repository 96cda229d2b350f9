"""The workbench's set-up over the API: cycles listed, created and copied; a stage's
pre-check; opening refused (409, the findings in details) then overridden with a reason;
categories, criteria and stage dates edited; a token reads but never writes here."""

from __future__ import annotations

from paritrana.awards.domain.stages import open_stage
from paritrana.awards.models import AuditEntry, Cycle
from tests.api.conftest import bearer, error_of
from tests.secretariat import test_setup_domain

setup_world = test_setup_domain.setup_world  # the fixture

BASE = "/api/v1/sekretariat/siklus"


def _json(client, method, url, body=None):
    call = getattr(client, method)
    return call(url, body or {}, content_type="application/json")


def test_cycles_are_listed_created_and_copied(client, setup_world):
    client.force_login(setup_world.admin)
    listed = client.get(BASE).json()
    assert [c["assessment_year"] for c in listed["items"]] == [2025]

    missing = _json(client, "post", BASE)
    assert missing.status_code == 422 and error_of(missing)["details"] == {
        "field": "assessment_year"
    }
    created = _json(client, "post", BASE, {"assessment_year": 2026})
    assert created.status_code == 201 and created.json()["ceremony_year"] == 2027
    again = _json(client, "post", BASE, {"assessment_year": 2026})
    assert (
        again.status_code == 400
        and error_of(again)["message"] == "Siklus penilaian 2026 sudah ada."
    )

    copied = _json(client, "post", f"{BASE}/salin", {"source_year": 2025, "assessment_year": 2027})
    assert copied.status_code == 201
    assert Cycle.objects.get(assessment_year=2027).copied_from == setup_world.cycle


def test_a_provincial_admin_lists_cycles_but_may_not_create_one(client, setup_world):
    client.force_login(setup_world.kalbar)
    assert client.get(BASE).status_code == 200
    refused = _json(client, "post", BASE, {"assessment_year": 2026})
    assert refused.status_code == 403
    assert "hanya dapat diatur oleh admin nasional" in error_of(refused)["message"]
    check = client.get(f"{BASE}/2025/tahap/provinsi/verifikasi/periksa")
    assert check.status_code == 403


def test_a_stage_opens_after_its_precheck_only_with_a_reason(client, setup_world):
    w = setup_world
    for kind in ("penyaringan", "penilaian_mandiri"):
        open_stage(stage=w.stage(kind), user=w.admin)
    client.force_login(w.admin)
    stage_url = f"{BASE}/2025/tahap/provinsi/verifikasi"
    check = client.get(f"{stage_url}/periksa").json()
    found = {f["code"]: f for f in check["findings"]}
    assert found["panels_missing"]["message"] == "2 provinsi belum punya tim penilai"
    assert found["panels_missing"]["count"] == 2
    assert found["self_assessments_missing"]["message"] == (
        "3 kandidat belum mengirim penilaian mandiri"
    )
    assert check["stage"]["status"] == "draft" and check["action"] == "open"

    refused = _json(client, "post", f"{stage_url}/buka")
    error = error_of(refused)
    assert refused.status_code == 409 and error["code"] == "precheck_failed"
    assert {f["code"] for f in error["details"]["findings"]} >= {"panels_missing"}

    opened = _json(client, "post", f"{stage_url}/buka", {"override_reason": "Rapat pleno."})
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    entry = AuditEntry.objects.get(command="stage.open", object_id=str(w.stage("verifikasi").pk))
    assert entry.after["override"]["reason"] == "Rapat pleno." and entry.user == w.admin

    closing = client.get(f"{stage_url}/periksa?aksi=close").json()
    assert closing["action"] == "close"


def test_category_criterion_and_dates_are_edited(client, setup_world):
    client.force_login(setup_world.admin)
    category_url = f"{BASE}/2025/kategori/provinsi/pemda-kabkota"
    changed = _json(client, "patch", category_url, {"name": "Kabupaten/Kota", "top_n": 9})
    assert changed.status_code == 200 and changed.json()["name"] == "Kabupaten/Kota"
    bad = _json(client, "patch", category_url, {"metric": "tidak_ada"})
    assert bad.status_code == 422
    assert error_of(bad) == {
        "code": "invalid",
        "message": "Pilih ukuran cakupan dari daftar.",
        "details": {"field": "metric"},
    }

    criterion = _json(
        client,
        "patch",
        f"{category_url}/kriteria/regulasi",
        {"weight": "30", "rubric": {"5": "Perda dan anggaran."}},
    ).json()
    assert criterion["weight"] == 30.0
    assert {"score": 5.0, "descriptor": "Perda dan anggaran."} in criterion["rubric"]

    dates = _json(
        client, "patch", f"{BASE}/2025/tahap/provinsi/penyaringan", {"ends_on": "2026-03-05"}
    ).json()
    assert (dates["starts_on"], dates["ends_on"]) == ("2026-02-01", "2026-03-05")
    assert AuditEntry.objects.filter(command="stage.schedule").count() == 1


def test_a_token_reads_but_does_not_change_the_set_up(client, setup_world):
    headers = bearer(setup_world.admin, "baca", "nilai", "impor")
    assert client.get(BASE, headers=headers).status_code == 200
    refused = client.post(
        BASE, {"assessment_year": 2026}, content_type="application/json", headers=headers
    )
    assert refused.status_code == 403 and error_of(refused)["code"] == "insufficient_scope"
