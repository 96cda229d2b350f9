"""Why a UCJ can be above 100%, said where a region's UCJ is shown prominently (coverage page,
dashboard, planning page).

Active participants are counted in the region of their employer (the contribution records'
kab/kota), the workforce in the region where the workers live (BPS Sakernas): a region many
people commute into for work, DKI Jakarta (107,21% in the demo) or Kota Jakarta Selatan
(128,82%), passes 100%. The figure is right by its definition; the page says why.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

NOTE: Promise = _(
    "UCJ can exceed 100%: active participants are counted in the region of their employer and "
    "the workforce in the region where the workers live (BPS Sakernas), so a region many "
    "people commute into for work can pass 100%."
)


def over_hundred(ucjs: Iterable[float | None]) -> bool:
    """Whether any of the UCJ figures (percent; None for none) is above 100."""
    return any(ucj is not None and ucj > 100 for ucj in ucjs)


def over_hundred_note(ucjs: Iterable[float | None]) -> str:
    """The note when any of the figures shown is above 100%, else ""."""
    return str(NOTE) if over_hundred(ucjs) else ""
