"""The public announcement as a PDF: the confirmed Juara of every published round of a cycle.

It reads exactly what the public announcement page reads (`assessment.domain.publication`):
the Juara confirmed with each group's decision and the final total stored with it (the frozen
record of the decision, never a recomputation), for the rounds whose publication stage has
opened; a re-decision is shown as a correction with its date. Nothing of a round not yet
published appears; when no round is published there is no PDF (`NothingPublished`, 404).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.utils import timezone

from paritrana.assessment.domain.publication import (
    LEVELS,
    PublicationNotFound,
    PublishedGroup,
    is_published,
    published_results,
)
from paritrana.awards.models import Cycle, Level
from paritrana.reports.pdf import render_pdf


class NothingPublished(PublicationNotFound):
    """No round of the cycle is published yet (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class CategoryPart:
    name: str
    groups: list[PublishedGroup]


@dataclass(frozen=True)
class LevelPart:
    level: str
    label: str
    published: bool
    categories: list[CategoryPart]


def announcement_context(*, cycle: Cycle) -> dict[str, Any]:
    published = {level: is_published(cycle, level) for level in LEVELS}
    if not any(published.values()):
        raise NothingPublished(
            f"Belum ada hasil {cycle.name} yang diumumkan: pengumuman PDF tersedia setelah "
            "tahap publikasi babak provinsi atau nasional dibuka."
        )
    groups = published_results(cycle=cycle)
    parts = []
    for level in LEVELS:
        mine = [g for g in groups if g.level == level]
        categories = [
            CategoryPart(rows[0].category_name, rows)
            for rows in (list(r) for _code, r in groupby(mine, key=lambda g: g.category_code))
        ]
        parts.append(LevelPart(level, str(Level(level).label), published[level], categories))
    # The national round first: it is the one the ceremony is about.
    parts.sort(key=lambda p: p.level != Level.NATIONAL)
    return {
        "cycle": cycle,
        "levels": parts,
        "winners": sum(len(g.winners) for g in groups),
        "printed_at": timezone.localtime(),
    }


def announcement_pdf(*, cycle: Cycle) -> bytes:
    """The announcement of `cycle`'s published results as PDF bytes (NothingPublished if none)."""
    return render_pdf("reports/pdf/announcement.html", announcement_context(cycle=cycle))
