"""What the assessor's score page shows beside the rubric: the candidate's coverage figures,
its evidence opened in the page, and the assessor's progress through their sheets.

Everything here is read after the page has asked the access policy whether the assessor may
score the candidate (`views.assessor.score`), and costs the same number of queries whatever the
number of candidates: the figures are one or two rows, the progress is the assessor's own
list of assignments read once (`works_of`, as on /penilaian/).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from paritrana.awards.domain.figures import CandidateFigures, candidate_figures
from paritrana.awards.models import Evidence, Nomination, Stage
from paritrana.coverage.labels import base_label

# Files a browser shows by itself, how the page embeds them: a PDF in a frame, a picture as one.
PREVIEWS = {"application/pdf": "pdf", "image/jpeg": "image", "image/png": "image"}


@dataclass(frozen=True)
class EvidenceItem:
    evidence: Evidence
    preview: str  # "pdf", "image", or "" when the browser cannot show the file (XLSX, DOCX)

    @property
    def download_url(self) -> str:
        return reverse("web:evidence_file", args=[self.evidence.pk])

    @property
    def preview_url(self) -> str:
        return reverse("web:evidence_preview", args=[self.evidence.pk]) if self.preview else ""


def evidence_items(nomination: Nomination) -> list[EvidenceItem]:
    return [
        EvidenceItem(e, PREVIEWS.get(e.content_type, ""))
        for e in Evidence.objects.filter(nomination=nomination)
    ]


@dataclass(frozen=True)
class SheetLink:
    name: str
    href: str


@dataclass(frozen=True)
class Progress:
    submitted: int
    total: int
    position: int  # this sheet's place in the list, from 1 (0: not in the list)
    previous: SheetLink | None
    next: SheetLink | None


def progress_of(works: Sequence[Any], stage: Stage, nomination: Nomination) -> Progress:
    """`works`: the assessor's sheets of the stage in the order of their list (`work_of`),
    each with its `nomination` and `status`."""

    def link(index: int) -> SheetLink | None:
        if not 0 <= index < len(works):
            return None
        other = works[index].nomination
        href = reverse("web:score", kwargs={"stage": stage.pk, "nomination": other.pk})
        return SheetLink(other.name, href)

    ids = [w.nomination.pk for w in works]
    index = ids.index(nomination.pk) if nomination.pk in ids else -1
    return Progress(
        submitted=sum(1 for w in works if w.status.code == "terkirim"),
        total=len(works),
        position=index + 1,
        previous=link(index - 1) if index > 0 else None,
        next=link(index + 1) if index >= 0 else None,
    )


def figures_context(nomination: Nomination) -> dict[str, Any]:
    figures: CandidateFigures = candidate_figures(nomination)
    return {
        "figures": figures,
        "base_label": base_label(figures.base_kind),
    }
