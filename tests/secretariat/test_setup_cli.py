"""`paritrana siklus ...`: the cycle set-up at the prompt, as the operator or `--sebagai` an
account, through the same commands (audited) and refusals as the pages."""

from __future__ import annotations

import json

from paritrana.awards.models import AuditEntry, Cycle
from paritrana.cli import main
from tests.secretariat import test_setup_domain

setup_world = test_setup_domain.setup_world  # the fixture

STAGE = ["--tahun", "2025", "--tahap", "penilaian_mandiri", "--tingkat", "provinsi"]


def test_a_cycle_is_created_and_copied_at_the_prompt(setup_world, capsys):
    assert main(["siklus", "salin", "--dari", "2025", "--tahun", "2026"]) == 0
    assert "Siklus 2025 disalin: Paritrana Award 2027" in capsys.readouterr().out
    entry = AuditEntry.objects.get(command="cycle.copy")
    assert entry.actor == "operator"

    assert main(["siklus", "buat", "--tahun", "2027", "--sebagai", "sekretariat"]) == 0
    assert AuditEntry.objects.get(command="cycle.create").user == setup_world.admin
    assert Cycle.objects.get(assessment_year=2027).copied_from is None

    assert main(["siklus", "buat", "--tahun", "2028", "--sebagai", "admin_kalbar"]) == 2
    assert "hanya dapat diatur oleh admin nasional" in capsys.readouterr().err
    assert not Cycle.objects.filter(assessment_year=2028).exists()

    assert main(["siklus", "daftar", "--json"]) == 0
    assert [c["tahun"] for c in json.loads(capsys.readouterr().out)] == [2027, 2026, 2025]


def test_a_stage_is_checked_refused_then_opened_with_a_reason(setup_world, capsys):
    assert main(["siklus", "periksa", *STAGE]) == 1
    out = capsys.readouterr().out
    assert "Penilaian mandiri" in out and "- 1 tahap sebelumnya belum dibuka" in out
    assert "- 36 provinsi belum punya kandidat" in out

    assert main(["siklus", "buka", *STAGE, "--sebagai", "sekretariat"]) == 2
    assert "belum dapat dibuka: 1 tahap sebelumnya belum dibuka" in capsys.readouterr().err
    assert setup_world.stage("penilaian_mandiri").status == "draft"

    reason = "Penyaringan dilakukan di luar aplikasi."
    assert main(["siklus", "buka", *STAGE, "--alasan", reason, "--sebagai", "sekretariat"]) == 0
    assert setup_world.stage("penilaian_mandiri").status == "open"
    assert (
        "Penilaian mandiri dan bukti, tingkat provinsi (Paritrana Award 2026): Dibuka."
        in capsys.readouterr().out
    )
    entry = AuditEntry.objects.get(command="stage.open")
    assert entry.user == setup_world.admin and entry.after["override"]["reason"] == reason

    assert main(["siklus", "periksa", *STAGE, "--aksi", "tutup", "--json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert found[0]["message"] == "3 kandidat belum mengirim penilaian mandiri"
    assert main(["siklus", "tutup", *STAGE, "--alasan", "Batas waktu lewat."]) == 0
    assert setup_world.stage("penilaian_mandiri").status == "closed"
