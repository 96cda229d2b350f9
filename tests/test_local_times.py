"""Times are stored in UTC and told in WIB (the server's time zone, Asia/Jakarta): the names
the admin and the change history give a reminder, a metric computation and an audit entry."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from paritrana.assessment.models import Reminder
from paritrana.awards.models import AuditEntry
from paritrana.coverage.models import MetricRun

UTC_0530 = dt.datetime(2026, 11, 9, 5, 30, tzinfo=dt.UTC)  # 12:30 WIB


def test_stored_times_are_named_in_wib(db, django_user_model):
    user = django_user_model.objects.create_user("sekretariat")
    entry = AuditEntry.objects.create(user=user, action="stage.open", model="awards.Stage")
    AuditEntry.objects.filter(pk=entry.pk).update(at=UTC_0530)
    entry.refresh_from_db()
    assert str(entry).startswith("09/11/2026 12:30 sekretariat stage.open")
    reminder = Reminder(user=user, kind=Reminder._meta.get_field("kind").choices[0][0])
    reminder.sent_at = UTC_0530
    assert str(reminder).endswith(" 09/11/2026 12:30")
    assert timezone.get_current_timezone_name() == "Asia/Jakarta"
    run = MetricRun(year=2025, base_kind="peserta")
    run.computed_at = UTC_0530
    assert str(run) == "2025 (peserta) 09/11/2026 12:30"
