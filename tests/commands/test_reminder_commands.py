"""The reminders command leaves its audit entry (the sending itself is tested in
tests/secretariat/test_reminders.py)."""

from __future__ import annotations

from paritrana.commands.progress import send_reminders
from tests.commands.audit import assert_audited
from tests.secretariat.progress_world import world

__all__ = ["world"]

EXERCISED = ("reminders.send",)


def test_sending_reminders_is_audited(world, settings):
    settings.EMAIL_HOST = ""
    sent = send_reminders(world.admin, cycle=world.cycle, province="61")
    entry = assert_audited("reminders.send", world.admin)
    assert entry.model == "awards.Cycle" and entry.object_id == str(world.cycle.pk)
    assert entry.after["pengingat"] == sent.reminded == 2
