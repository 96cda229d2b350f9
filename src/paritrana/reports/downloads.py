"""Who may download which PDF. Each check returns None when allowed, else the reason (Indonesian).

- Certificates: the national admin, and the chair or secretary of the panel that decided.
- A candidate's assessment report: the national admin; members of its panel not barred by a
  conflict (as on the breakdown page); the candidate's own representatives, but only once its
  round has a result: a Juara confirmed in its group, or the round's decision stage closed.
- The provincial summary: those who manage the panel (`can_manage`), provincial panels only.
"""

from __future__ import annotations

from typing import Any

from paritrana.assessment.domain.access import barring, seat_on
from paritrana.assessment.domain.decisions import panel_for
from paritrana.assessment.domain.panels import can_manage, is_national_admin, panel_of
from paritrana.assessment.domain.results import group_code, group_name
from paritrana.assessment.models import Decision, Panel
from paritrana.awards.domain.workspace import represents
from paritrana.awards.models import Category, Level, Nomination, StageKind, StageStatus


def certificate_refusal(user: Any, category: Category, group: str) -> str | None:
    panel = panel_for(category, group)
    allowed = can_manage(user, panel) if panel is not None else is_national_admin(user)
    if allowed:
        return None
    return (
        "Piagam hanya dapat diunduh oleh admin nasional atau ketua dan sekretaris tim penilai "
        f"{category.name} {group_name(group)}."
    )


def results_released(nomination: Nomination) -> bool:
    """Has the candidate's round a result it may read: a confirmed Juara in its group, or the
    round's decision stage closed?"""
    category = nomination.category
    if Decision.objects.filter(category=category, group=group_code(nomination)).exists():
        return True
    return category.cycle.stages.filter(
        level=category.level, kind=StageKind.DECISION, status=StageStatus.CLOSED
    ).exists()


def report_refusal(user: Any, nomination: Nomination) -> str | None:
    if is_national_admin(user):
        return None
    seat = seat_on(user, panel_of(nomination))
    conflict = barring(user, nomination) if seat is not None else None
    if seat is not None and conflict is None:
        return None
    if getattr(user, "is_authenticated", False) and represents(user, nomination):
        if results_released(nomination):
            return None
        return (
            f"Laporan penilaian {nomination.name} dapat diunduh setelah Juara "
            f"{nomination.category.name} {group_name(group_code(nomination))} dikonfirmasi "
            "atau tahap keputusan ditutup."
        )
    if conflict is not None:
        return (
            f"Anda berkonflik kepentingan dengan {nomination.name} "
            f"({conflict.kind_label.lower()}): laporan penilaiannya tidak dapat Anda unduh."
        )
    return (
        "Laporan penilaian hanya untuk perwakilan kandidat, anggota tim penilainya dan admin "
        "nasional."
    )


def summary_refusal(user: Any, panel: Panel) -> str | None:
    if panel.level != Level.PROVINCIAL:
        return "Ringkasan provinsi hanya dibuat untuk tim penilai provinsi."
    if can_manage(user, panel):
        return None
    return (
        f"Ringkasan {panel.name} hanya dapat diunduh oleh admin nasional serta ketua dan "
        "sekretaris tim."
    )
