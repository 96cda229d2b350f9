"""Why an action cannot be taken now, in the words shown beside its disabled button.

A button of a closed (or not yet open) stage is shown disabled with its reason ("Tahap ditutup
pada 19 Desember 2026") rather than left to fail when pressed; the server still refuses the
action itself (`awards.domain.stages.ensure_editable` for a closed stage,
`ensure_opened` where only an open one will do, and the domain's own checks).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from paritrana.awards.models import Stage, StageStatus


def long_date(day: dt.date | dt.datetime) -> str:
    """19 Desember 2026 (19 December 2026 in English)."""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date()
    return date_format(day, "j F Y")


def stage_lock_reason(stage: Stage) -> str:
    """Why nothing of `stage` can be done now; empty while it is open."""
    if stage.status == StageStatus.CLOSED:
        when = stage.closed_at or stage.ends_on
        if when is None:
            return gettext("The stage is closed.")
        return gettext("The stage closed on %(date)s.") % {"date": long_date(when)}
    if stage.status == StageStatus.DRAFT:
        if stage.starts_on is None:
            return gettext("The stage has not opened yet.")
        return gettext("The stage has not opened yet; it is planned to open on %(date)s.") % {
            "date": long_date(stage.starts_on)
        }
    return ""
