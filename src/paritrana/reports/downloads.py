"""Who may download which PDF: the permissions of `paritrana.access.rules`, with their reasons.
Each check returns None when allowed, else the reason (Bahasa Indonesia).

- Certificates (`access.download_certificate`): the national admin, the province's admin, and the
  chair or secretary of the panel that decided.
- A candidate's assessment report (`access.download_report`): whoever may see its judging (the
  national admin, its province's admin, its panel's chair and secretary and its assigned
  assessors, never one barred by a conflict), and the candidate's own representatives once its
  round has a result (a Juara confirmed in its group, or the round's decision stage closed).
- The provincial summary (`access.download_summary`): those who manage the panel, provincial
  panels only.
"""

from __future__ import annotations

from typing import Any

from paritrana.access.check import allowed, denied
from paritrana.assessment.domain.decisions import panel_for
from paritrana.assessment.domain.results import group_name
from paritrana.assessment.models import Panel
from paritrana.awards.models import Category, Level, Nomination


def certificate_refusal(user: Any, category: Category, group: str) -> str | None:
    panel = panel_for(category, group)
    if panel is not None:
        return denied(user, "access.download_certificate", panel)
    if allowed(user, "access.download_certificate", None):  # no panel: the national admin
        return None
    return (
        f"Piagam {category.name} {group_name(group)} hanya dapat diunduh oleh admin nasional: "
        "kelompok ini tidak punya tim penilai."
    )


def report_refusal(user: Any, nomination: Nomination) -> str | None:
    return denied(user, "access.download_report", nomination)


def summary_refusal(user: Any, panel: Panel) -> str | None:
    if panel.level != Level.PROVINCIAL:
        return "Ringkasan provinsi hanya dibuat untuk tim penilai provinsi."
    return denied(user, "access.download_summary", panel)
