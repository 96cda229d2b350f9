"""Assessors' scores: one sheet per (stage, assessor, candidate), locked on submission.

A score is refused unless the stage is open, the candidate is assigned to the assessor, the
assessor is not conflicted, and the value is one of the criterion's rubric levels; a score at
either end of the scale needs a comment. Every change before submission is in the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from paritrana.assessment.domain.conflicts import conflicts_of
from paritrana.assessment.models import Assignment, PanelMember, Score, ScoreSheet
from paritrana.awards.domain.audit import log_action
from paritrana.awards.domain.templates import leaves
from paritrana.awards.models import (
    Criterion,
    CriterionKind,
    Nomination,
    NominationStatus,
    Stage,
    StageStatus,
)


class ScoreRefused(PermissionError):
    """A score that cannot be taken (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class Entry:
    value: object  # as typed: a number or text
    comment: str = ""


def criteria_for(stage: Stage, nomination: Nomination) -> list[Criterion]:
    """The qualitative criteria of the candidate's category scored in this stage."""
    return [
        c
        for c in leaves(nomination.category)
        if c.kind == CriterionKind.QUALITATIVE and c.stage == stage.kind
    ]


def levels(criterion: Criterion) -> list[Decimal]:
    """The rubric's levels, or every whole number of the scale when there is no rubric."""
    rubric = [r.score for r in criterion.rubric.all()]
    if rubric:
        return sorted(rubric)
    return [Decimal(v) for v in range(int(criterion.scale_min), int(criterion.scale_max) + 1)]


def check_access(*, stage: Stage, member: PanelMember, nomination: Nomination) -> None:
    """Raise ScoreRefused unless `member` may see and score `nomination` in `stage`."""
    found = [f for f in conflicts_of(member, nomination) if f.active]
    if found:
        raise ScoreRefused(
            f"Anda berkonflik kepentingan dengan {nomination.name} "
            f"({found[0].kind_label.lower()}): kandidat ini tidak dapat Anda lihat atau nilai."
        )
    if not Assignment.objects.filter(stage=stage, member=member, nomination=nomination).exists():
        raise ScoreRefused(
            f"{nomination.name} tidak ditugaskan kepada Anda pada tahap "
            f"'{stage.get_kind_display()}'."
        )
    if nomination.status != NominationStatus.NOMINATED:
        raise ScoreRefused(f"{nomination.name} sudah tidak menjadi kandidat.")


def _check_open(stage: Stage) -> None:
    stage.refresh_from_db(fields=["status", "closed_at"])  # it may have closed meanwhile
    if stage.status != StageStatus.OPEN:
        state = "belum dibuka" if stage.status == StageStatus.DRAFT else "sudah ditutup"
        raise ScoreRefused(
            f"Tahap '{stage.get_kind_display()}' ({stage.get_level_display()}) {state}; "
            "nilai tidak dapat diubah."
        )


def _parse(criterion: Criterion, entry: Entry) -> Decimal:
    allowed = levels(criterion)
    shown = ", ".join(f"{v.normalize():f}" for v in allowed)
    try:
        value = Decimal(str(entry.value).strip().replace(",", "."))
    except InvalidOperation:
        raise ScoreRefused(
            f"Nilai '{criterion.name}' harus salah satu tingkat rubrik ({shown}), "
            f"bukan {entry.value!r}."
        ) from None
    if value not in allowed:
        raise ScoreRefused(
            f"Nilai '{criterion.name}' ({value.normalize():f}) di luar tingkat rubrik: "
            f"pilih salah satu dari {shown}."
        )
    if value in (allowed[0], allowed[-1]) and not entry.comment.strip():
        raise ScoreRefused(
            f"Nilai ekstrem ({value.normalize():f}) untuk '{criterion.name}' wajib disertai "
            "komentar yang menjelaskan alasannya."
        )
    return value


def _state(sheet: ScoreSheet) -> dict[str, Any]:
    return {
        "note": sheet.note,
        "submitted_at": sheet.submitted_at.isoformat() if sheet.submitted_at else None,
        "scores": {
            s.criterion.code: [str(s.value.normalize()), s.comment]
            for s in sheet.scores.select_related("criterion")
        },
    }


def sheet_of(*, stage: Stage, member: PanelMember, nomination: Nomination) -> ScoreSheet | None:
    return ScoreSheet.objects.filter(stage=stage, member=member, nomination=nomination).first()


def save_scores(
    *,
    stage: Stage,
    member: PanelMember,
    nomination: Nomination,
    entries: Mapping[str, Entry],
    note: str | None = None,
    user: Any = None,
) -> ScoreSheet:
    """Save some or all scores of a sheet as a draft; the sheet stays editable until submitted."""
    _check_open(stage)
    check_access(stage=stage, member=member, nomination=nomination)
    by_code = {c.code: c for c in criteria_for(stage, nomination)}
    unknown = sorted(set(entries) - set(by_code))
    if unknown:
        raise ScoreRefused(
            f"Kriteria {', '.join(unknown)} tidak dinilai pada tahap "
            f"'{stage.get_kind_display()}' untuk kategori ini."
        )
    values = {code: _parse(by_code[code], entry) for code, entry in entries.items()}
    with transaction.atomic():
        sheet, _ = ScoreSheet.objects.select_for_update().get_or_create(
            stage=stage, member=member, nomination=nomination
        )
        if sheet.is_submitted:
            raise ScoreRefused(
                f"Penilaian {nomination.name} sudah dikirim pada "
                f"{timezone.localtime(sheet.submitted_at):%d/%m/%Y %H:%M} dan terkunci."
            )
        before = _state(sheet)
        for code, value in values.items():
            Score.objects.update_or_create(
                sheet=sheet,
                criterion=by_code[code],
                defaults={"value": value, "comment": entries[code].comment.strip()},
            )
        if note is not None:
            sheet.note = note.strip()
        sheet.save()
        after = _state(sheet)
        if after != before:
            log_action(
                user=user,
                action="score.save",
                obj=sheet,
                cycle=stage.cycle,
                before=before,
                after=after,
            )
    return sheet


def submit_sheet(
    *, stage: Stage, member: PanelMember, nomination: Nomination, user: Any = None
) -> ScoreSheet:
    """Lock the sheet; every criterion of the stage must be scored."""
    _check_open(stage)
    check_access(stage=stage, member=member, nomination=nomination)
    with transaction.atomic():
        sheet = (
            ScoreSheet.objects.select_for_update()
            .filter(stage=stage, member=member, nomination=nomination)
            .first()
        )
        scored = set(sheet.scores.values_list("criterion__code", flat=True)) if sheet else set()
        missing = [c.name for c in criteria_for(stage, nomination) if c.code not in scored]
        if sheet is None or missing:
            raise ScoreRefused(
                "Belum semua kriteria dinilai: " + ", ".join(missing or ["semua"]) + "."
            )
        if sheet.is_submitted:
            return sheet
        before = _state(sheet)
        sheet.submitted_at = timezone.now()
        sheet.save()
        log_action(
            user=user,
            action="score.submit",
            obj=sheet,
            cycle=stage.cycle,
            before=before,
            after=_state(sheet),
        )
    return sheet
