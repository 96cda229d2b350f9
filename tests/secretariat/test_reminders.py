"""Reminders: who is waiting (in the app in any case), sending (email when an SMTP host is
configured), no second reminder within a day unless asked, the audit entry, and the scope of a
provincial admin."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from paritrana.assessment.domain.reminders import waiting
from paritrana.assessment.models import Reminder
from paritrana.awards.models import AuditEntry
from paritrana.cli import main
from paritrana.commands.progress import send_reminders
from paritrana.errors import DomainError
from tests.commands.audit import assert_audited
from tests.secretariat.progress_world import World, nominate, world

__all__ = ["world"]


@pytest.fixture
def smtp(settings):
    settings.EMAIL_HOST = "smtp.contoh.go.id"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "sekretariat@paritrana.go.id"


@pytest.fixture
def no_smtp(settings):
    settings.EMAIL_HOST = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def by_kind(entries):
    return {(e.kind, e.person): e for e in entries}


def test_it_finds_who_is_waiting(world: World):
    entries = by_kind(waiting(cycle=world.cycle))
    sheets = entries[("lembar_nilai", "Penilai_B")]
    assert sheets.items == ["Kabupaten Ketapang"] and not sheets.late
    pontianak = entries[("penilaian_mandiri", "Wakil_Pontianak")]
    assert pontianak.items == ["Kota Pontianak"] and pontianak.late  # ended yesterday
    sambas = entries[("penilaian_mandiri", "(belum ada wakil kandidat)")]
    assert sambas.user is None and sambas.items == ["Kabupaten Sambas"]
    assert ("lembar_nilai", "Penilai_A") not in entries  # submitted
    assert not any(kind == "keputusan" for kind, _who in entries)  # decision stage not open


def test_a_chair_is_waited_for_once_the_decision_stage_opens(world: World):
    world.set_stage("keputusan", status="open", ends=-1)
    entry = by_kind(waiting(cycle=world.cycle))[("keputusan", "Sekda")]
    assert entry.items == [f"{world.category.name} Kalimantan Barat"]
    assert entry.late


def test_a_provincial_admin_sees_its_province_only(world: World):
    assert waiting(cycle=world.cycle, provinces={"62"}) == []
    assert len(waiting(cycle=world.cycle, provinces={"61"})) == 3


def test_sending_emails_records_and_audits(world: World, smtp):
    sent = send_reminders(world.admin, cycle=world.cycle)
    assert (sent.reminded, sent.emailed, sent.without_account) == (2, 2, 1)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["penilai_b@contoh.go.id", "wakil@pontianak.go.id"]
    message = next(m for m in mail.outbox if m.to == ["penilai_b@contoh.go.id"])
    assert "Pengingat Paritrana Award 2026" in message.subject  # the award, not 2025 assessed
    assert "Kabupaten Ketapang" in message.body and "/penilaian/" in message.body
    reminder = Reminder.objects.get(user=world.b.user)
    assert (
        reminder.emailed and reminder.kind == "lembar_nilai" and reminder.sender == "admin_nasional"
    )
    entry = assert_audited("reminders.send", world.admin)
    assert entry.cycle_id == world.cycle.pk
    assert entry.after["pengingat"] == 2
    assert entry.after["penerima"] == ["penilai_b", "wakil_pontianak"]


def test_nobody_is_reminded_twice_in_a_day_unless_asked(world: World, smtp):
    send_reminders(world.admin, cycle=world.cycle)
    again = send_reminders(world.admin, cycle=world.cycle)
    assert (again.reminded, again.skipped_recent) == (0, 2)
    assert len(mail.outbox) == 2
    forced = send_reminders(world.admin, cycle=world.cycle, force=True)
    assert forced.reminded == 2 and len(mail.outbox) == 4
    Reminder.objects.update(sent_at=timezone.now() - dt.timedelta(days=1, minutes=1))
    assert send_reminders(world.admin, cycle=world.cycle).reminded == 2


def test_without_an_smtp_host_reminders_stay_in_the_app(world: World, no_smtp):
    sent = send_reminders(world.admin, cycle=world.cycle)
    assert (sent.reminded, sent.emailed) == (2, 0)
    assert mail.outbox == []
    assert Reminder.objects.filter(emailed=False).count() == 2


def test_a_provincial_admin_reminds_its_own_province_only(world: World, smtp):
    with pytest.raises(DomainError) as refused:
        send_reminders(world.kalteng_admin, cycle=world.cycle, province="61")
    assert "admin provinsi" in refused.value.message
    sent = send_reminders(world.kalteng_admin, cycle=world.cycle)  # its own: nothing waits
    assert sent.reminded == 0 and mail.outbox == []
    assert send_reminders(world.kalbar_admin, cycle=world.cycle).reminded == 2
    assert_audited("reminders.send", world.kalbar_admin)


def test_the_secretariat_page_lists_and_sends(world: World, smtp):
    client = client_for(world.admin)
    url = f"/sekretariat/{world.cycle.pk}/pengingat/"
    html = client.get(url).content.decode()
    assert "Penilai_B" in html and "Kabupaten Sambas" in html
    assert "tidak ada akun untuk diingatkan" in html
    assert "terlambat" in html
    assert client.post(url).status_code == 200 and mail.outbox == []  # asks first
    response = client.post(url, {"yakin": "1"}, follow=True)
    html = response.content.decode()
    assert "2 pengingat dicatat, 2 dikirim lewat email" in html
    assert len(mail.outbox) == 2
    assert "belum pernah" not in html  # each has been reminded now: the time is shown
    assert timezone.localtime(Reminder.objects.first().sent_at).strftime("%Y") in html


def test_the_national_admin_narrows_the_list_and_reminds_one_province(world: World, smtp):
    """The national list runs to hundreds: narrowed to a province (and to the late), with a
    button that says whom it reminds, and sends to that province only."""
    nominate(world.category, "64.01", "Kabupaten Paser", "64")  # no representative yet
    client = client_for(world.admin)
    url = f"/sekretariat/{world.cycle.pk}/pengingat/"
    html = client.get(url).content.decode()
    assert "4 orang atau kandidat menunggu" in html and "Kabupaten Paser" in html
    assert '<option value="64">Kalimantan Timur</option>' in html
    assert "Kirim pengingat ke semua yang menunggu (4)" in html

    html = client.get(url, {"provinsi": "61"}).content.decode()
    table = html.split('id="waiting"', 1)[1]
    assert "Kabupaten Paser" not in table and "Penilai_B" in table
    assert "3 orang atau kandidat menunggu" in html and "(dari 4)" in html
    assert "Kirim pengingat ke Kalimantan Barat (3 menunggu)" in html
    assert '<input type="hidden" name="provinsi" value="61">' in html

    late = client.get(url, {"provinsi": "61", "terlambat": "1"}).content.decode()
    rows = late.split('id="waiting"', 1)[1].split("</table>", 1)[0]
    assert "Wakil_Pontianak" in rows and "Penilai_B" not in rows  # B's stage is not late

    response = client.post(url, {"provinsi": "61"})
    assert response["Location"] == f"{url}?provinsi=61"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "penilai_b@contoh.go.id",
        "wakil@pontianak.go.id",
    ]
    assert_audited("reminders.send", world.admin)


def test_the_page_refuses_who_may_not(world: World):
    response = client_for(world.a.user).get(f"/sekretariat/{world.cycle.pk}/pengingat/")
    assert response.status_code == 403


def test_the_person_sees_what_waits_and_what_was_sent(world: World, no_smtp):
    client = client_for(world.b.user)
    html = client.get("/pengingat/").content.decode()
    assert "Menunggu Anda" in html and "Kabupaten Ketapang" in html
    assert "Belum ada pengingat yang dikirim kepada Anda." in html
    send_reminders(world.admin, cycle=world.cycle)
    html = client.get("/pengingat/").content.decode()
    assert "Pengingat Paritrana Award 2026" in html
    assert (
        "Pengingat Paritrana Award"
        not in client_for(world.a.user).get("/pengingat/").content.decode()
    )


def test_the_api_lists_and_sends(world: World, smtp):
    client = client_for(world.kalbar_admin)
    listed = client.get("/api/v1/kemajuan/2025/pengingat").json()
    assert {(e["kind"], e["username"]) for e in listed} == {
        ("lembar_nilai", "penilai_b"),
        ("penilaian_mandiri", "wakil_pontianak"),
        ("penilaian_mandiri", None),
    }
    sent = client.post(
        "/api/v1/kemajuan/2025/pengingat", {"paksa": False}, content_type="application/json"
    ).json()
    assert sent["reminded"] == 2 and sent["emailed"] == 2
    refused = client.post(
        "/api/v1/kemajuan/2025/pengingat", {"provinsi": "62"}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_the_cli_sends_as_an_account(world: World, smtp, capsys, monkeypatch):
    code = main(["pengingat", "kirim", "--tahun", "2025", "--sebagai", "admin_kalbar"])
    assert code == 0
    assert "2 pengingat dicatat, 2 dikirim lewat email" in capsys.readouterr().out
    assert AuditEntry.objects.filter(command="reminders.send", actor="admin_kalbar").exists()
    assert main(["pengingat", "kirim", "--tahun", "2025", "--sebagai", "penilai_a"]) == 2
    assert main(["pengingat", "daftar", "--tahun", "2025", "--json"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("COLUMNS", "240")  # the table's cells on one line each
    assert main(["pengingat", "daftar", "--tahun", "2025", "--provinsi", "61"]) == 0
    table = " ".join(capsys.readouterr().out.split())
    sent = timezone.localtime(Reminder.objects.latest("sent_at").sent_at)
    assert f"{sent:%d/%m/%Y %H:%M}" in table  # when last reminded, in WIB (not the stored UTC)
