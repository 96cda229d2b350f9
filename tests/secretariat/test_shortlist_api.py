"""The shortlist over the API: the same rounds, reasons and commands as the pages."""

# ruff: noqa: F811  (the fixtures of test_shortlist_world are imported, then asked for)
from __future__ import annotations

from django.test import Client

from paritrana.access.tokens import issue
from paritrana.awards.models import AuditEntry, Nomination
from tests.commands.audit import assert_audited
from tests.secretariat.test_shortlist_world import (  # noqa: F401  (fixtures)
    KETAPANG,
    cycle,
    draft_cycle,
    figures,
    kabkota,
    people,
)

ROUND = "/api/v1/daftar-pendek/2025/provinsi/pemda-kabkota"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_shortlist_reads_with_its_reasons(kabkota, people):
    answer = _client(people["kalbar"]).get(f"{ROUND}/61").json()
    assert answer["round"] == "Pemerintah Kabupaten/Kota Kalimantan Barat"
    assert answer["rule"] == "cakupan UCJ tertinggi, 7 teratas"
    ketapang = next(r for r in answer["rows"] if r["key"] == KETAPANG)
    assert ketapang["reason"] == "masuk: peringkat 4 dari 14 menurut cakupan UCJ 25,38%"
    assert (ketapang["value"], ketapang["value_text"], ketapang["state"]) == (25.38, "25,38%", "in")
    assert answer["drawn_at"] is None and answer["waiting"] == 7


def test_the_provincial_admin_draws_adds_and_removes_in_its_province(kabkota, people):
    client = _client(people["kalbar"])
    drawn = client.post(f"{ROUND}/61/tarik")
    assert drawn.status_code == 200 and drawn.json()["by_data"] == 7
    assert_audited("shortlist.draw", people["kalbar"])

    eighth = drawn.json()["rows"][7]
    refused = client.post(
        f"{ROUND}/61/tambah", {"key": eighth["key"]}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["message"].startswith("Alasan wajib diisi")
    added = client.post(
        f"{ROUND}/61/tambah",
        {"key": eighth["key"], "reason": "Perbup 2025"},
        content_type="application/json",
    )
    row = next(r for r in added.json()["rows"] if r["key"] == eighth["key"])
    assert row["reason"] == "ditambahkan dengan tangan: Perbup 2025"
    assert_audited("nomination.add", people["kalbar"])

    removed = client.post(
        f"{ROUND}/61/keluarkan",
        {"key": KETAPANG, "reason": "Data belum diverifikasi"},
        content_type="application/json",
    )
    row = next(r for r in removed.json()["rows"] if r["key"] == KETAPANG)
    assert (row["state"], row["reason"]) == ("removed", "dikeluarkan: Data belum diverifikasi")
    assert_audited("nomination.remove", people["kalbar"])
    gone = client.post(
        f"{ROUND}/61/keluarkan", {"key": "61.99", "reason": "x"}, content_type="application/json"
    )
    assert gone.status_code == 404


def test_another_province_is_refused_with_its_reason(kabkota, people):
    client = _client(people["kalbar"])
    for answer in (client.get(f"{ROUND}/62"), client.post(f"{ROUND}/62/tarik")):
        assert answer.status_code == 403
        assert "admin provinsinya" in answer.json()["error"]["message"]
    assert not Nomination.objects.exists()
    rounds = client.get("/api/v1/daftar-pendek/2025").json()
    assert {r["province"] for r in rounds} == {"61"}
    everything = _client(people["nasional"]).get("/api/v1/daftar-pendek/2025").json()
    assert {"61", "62", "00"} <= {r["province"] for r in everything}


def test_a_token_reads_but_does_not_change(kabkota, people):
    _token, secret = issue(user=people["nasional"], name="skrip", scopes=["baca", "nilai"])
    headers = {"Authorization": f"Bearer {secret}"}
    assert Client().get(f"{ROUND}/61", headers=headers).status_code == 200
    refused = Client().post(f"{ROUND}/61/tarik", headers=headers)
    assert refused.status_code == 403 and not Nomination.objects.exists()


def test_nothing_is_drawn_or_added_before_the_screening_stage_opens(draft_cycle, people):
    """What the page shows disabled ("Tahap belum dibuka") the API refuses too, with why."""
    client = _client(people["kalbar"])
    audited = AuditEntry.objects.count()
    drawn = client.post(f"{ROUND}/61/tarik")
    added = client.post(
        f"{ROUND}/61/tambah",
        {"key": KETAPANG, "reason": "Perbup 2025"},
        content_type="application/json",
    )
    for refused in (drawn, added):
        assert refused.status_code == 409 and refused.json()["error"]["code"] == "locked"
        message = refused.json()["error"]["message"]
        assert message.startswith("Tahap 'Penyaringan data' (Tingkat provinsi) belum dibuka")
        assert message.endswith(
            "daftar pendek hanya dapat ditarik, ditambah, dan dikurangi selama tahap "
            "penyaringan data dibuka."
        )
    assert not Nomination.objects.exists() and AuditEntry.objects.count() == audited
