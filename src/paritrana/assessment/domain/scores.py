"""Assessors' scores: one sheet per (stage, assessor, candidate), locked on submission.

A score is refused unless the stage is open, the candidate still in the running, and the value
one of the criterion's rubric levels; a score at either end of the scale needs a comment by the
time the sheet is submitted (a draft keeps it without one, so no work is lost). Who
may score (the candidate assigned to the assessor in this stage, no active conflict) is the
access policy's `access.score_candidate` on a `ScoreTask`, asked by the commands
`sheet.save` and `sheet.submit`. Every change before submission is in the audit log.

Concurrency: every change takes the sheet's row lock (SELECT ... FOR UPDATE) for its whole
transaction, so two saves of one sheet run one after the other and neither half-writes the
other's scores. A caller that showed the sheet at some version passes it back as
`expected_version`; when someone saved meanwhile, the save is refused with ScoreConflict rather
than silently overwriting what the other tab, device or client wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from paritrana.assessment.domain.results import group_code, group_name, zone_map
from paritrana.assessment.models import DecidedRanking, PanelMember, Score, ScoreSheet
from paritrana.awards.bahasa import bahasa
from paritrana.awards.domain.audit import log_action
from paritrana.awards.models import (
    Criterion,
    CriterionKind,
    Nomination,
    NominationStatus,
    Stage,
    StageStatus,
)
from paritrana.errors import Forbidden


class ScoreRefused(Forbidden):
    """A score that cannot be taken (message in Bahasa Indonesia)."""


class ScoreConflict(ScoreRefused):
    """The sheet changed after the caller read it; nothing of the caller's input was saved."""

    http_status = 409
    code = "conflict"


class ScoreInvalid(ScoreRefused):
    """The values given are not a valid sheet (a level outside the rubric, a missing comment or
    criterion): 422, the caller's input to correct."""

    http_status = 422
    code = "invalid"


class StageNotOpen(ScoreRefused):
    """The stage is not open, or the candidate no longer in the running: the state of the
    award refuses any change (409)."""

    http_status = 409
    code = "locked"


class SheetLocked(ScoreRefused):
    """The sheet was submitted: nothing on it changes any more (409, not a refusal of who)."""

    http_status = 409
    code = "locked"


@dataclass(frozen=True)
class Entry:
    value: object  # as typed: a number or text
    comment: str = ""


def criteria_for(stage: Stage, nomination: Nomination) -> list[Criterion]:
    """The qualitative criteria of the candidate's category scored in this stage."""
    # Only leaves carry a kind, so no tree walk is needed.
    return list(
        Criterion.objects.filter(
            category_id=nomination.category_id, kind=CriterionKind.QUALITATIVE, stage=stage.kind
        )
        .order_by("order")
        .prefetch_related("rubric")
    )


def levels(criterion: Criterion) -> list[Decimal]:
    """The rubric's levels, or every whole number of the scale when there is no rubric."""
    rubric = [r.score for r in criterion.rubric.all()]
    if rubric:
        return sorted(rubric)
    return [Decimal(v) for v in range(int(criterion.scale_min), int(criterion.scale_max) + 1)]


@dataclass(frozen=True)
class ScoreTask:
    """One candidate to score in one stage: what `access.score_candidate` is asked about
    (assigned to the actor in this very stage, no active conflict)."""

    stage: Stage
    nomination: Nomination

    @property
    def name(self) -> str:
        return self.nomination.name


def ensure_candidate(nomination: Nomination) -> None:
    """Only a candidate still in the running is scored."""
    if nomination.status != NominationStatus.NOMINATED:
        raise StageNotOpen(f"{nomination.name} sudah tidak menjadi kandidat.")


def _check_open(stage: Stage) -> None:
    stage.refresh_from_db(fields=["status", "closed_at"])  # it may have closed meanwhile
    if stage.status != StageStatus.OPEN:
        state = "belum dibuka" if stage.status == StageStatus.DRAFT else "sudah ditutup"
        raise StageNotOpen(
            f"Tahap '{bahasa(stage.get_kind_display)}' "
            f"({bahasa(stage.get_level_display)}) {state}; "
            "nilai tidak dapat diubah."
        )


# A rubric level is a short number; anything longer is not one (and is not echoed in full).
TYPED_MAX = 20


def as_number(typed: object) -> Decimal | None:
    """The typed score as a finite decimal number ("3", "2,5", " 4 "), or None when it is not
    one: text, an empty or overlong entry, NaN, sNaN or an infinity."""
    text = str(typed).strip().replace(",", ".")
    if not text or len(text) > TYPED_MAX:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def not_a_number(typed: object, *, criterion: str = "", allowed: str = "") -> str:
    """The refusal of a typed score that is not a number (Bahasa Indonesia); without the
    criterion, a general one."""
    text = str(typed).strip()
    quoted = repr(text if len(text) <= TYPED_MAX else text[:TYPED_MAX] + "…")
    if criterion:
        return f"Nilai '{criterion}' harus salah satu tingkat rubrik ({allowed}), bukan {quoted}."
    return f"Nilai harus berupa angka salah satu tingkat rubrik (mis. 3), bukan {quoted}."


def as_version(typed: object) -> int | None:
    """The sheet's version a caller sends back (3, "3", " 3 "), or None when it is not a whole
    number of 0 or more: text, an empty value, a fraction, a sign, True or False. A version
    that cannot be read cannot be checked against the sheet's, so the caller refuses the save
    (`unreadable_version`) rather than skipping the check and overwriting a newer save."""
    if isinstance(typed, bool):
        return None
    if isinstance(typed, int):
        return typed if typed >= 0 else None
    text = str(typed).strip()
    # ASCII digits only: "²" or "٣" pass str.isdigit() but are no version the form wrote.
    if not text or len(text) > TYPED_MAX or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def unreadable_version(typed: object) -> str:
    """The refusal of a save whose version cannot be read (Bahasa Indonesia)."""
    text = str(typed).strip()
    quoted = repr(text if len(text) <= TYPED_MAX else text[:TYPED_MAX] + "…")
    return (
        f"Versi lembar nilai yang dikirim ({quoted}) tidak dikenali, sehingga tidak dapat "
        "dipastikan bahwa lembar nilai belum diubah sejak Anda membukanya; isian Anda tidak "
        "disimpan. Muat ulang lembar nilai untuk melihat nilai terkini."
    )


def _parse(criterion: Criterion, entry: Entry) -> Decimal:
    allowed = levels(criterion)
    shown = ", ".join(_shown(v) for v in allowed)
    value = as_number(entry.value)
    if value is None:
        raise ScoreInvalid(not_a_number(entry.value, criterion=criterion.name, allowed=shown))
    # The rubric's own level is kept, so "4,0" or "-0" is stored as the level it equals.
    level = next((level for level in allowed if level == value), None)
    if level is None:
        raise ScoreInvalid(
            f"Nilai '{criterion.name}' ({_shown(value)}) di luar tingkat rubrik: "
            f"pilih salah satu dari {shown}."
        )
    # An extreme level without its comment yet is kept in a draft: the comment is asked for
    # when the sheet is submitted (`_uncommented`).
    return level


def _uncommented(criteria: list[Criterion], scores: Mapping[str, list[str]]) -> dict[str, str]:
    """Of the sheet's `scores` (code: [value, comment], as `_state` reads them), each one at
    either end of its criterion's scale and without a comment, with its refusal (Bahasa
    Indonesia), by criterion code."""
    missing: dict[str, str] = {}
    for criterion in criteria:
        if criterion.code not in scores:
            continue
        shown, comment = scores[criterion.code]
        allowed = levels(criterion)
        if Decimal(shown) in (allowed[0], allowed[-1]) and not comment.strip():
            missing[criterion.code] = (
                f"Nilai ekstrem ({shown}) untuk '{criterion.name}' wajib disertai "
                "komentar yang menjelaskan alasannya."
            )
    return missing


def _shown(value: Decimal) -> str:
    # Written out in full unless that would be a very long row of digits (1e999).
    return f"{value.normalize():f}" if -7 < value.adjusted() < 7 else f"{value:E}"


def _state(sheet: ScoreSheet) -> dict[str, Any]:
    return {
        "note": sheet.note,
        "submitted_at": sheet.submitted_at.isoformat() if sheet.submitted_at else None,
        "scores": {
            code: [_shown(value), comment]
            for code, value, comment in sheet.scores.values_list(
                "criterion__code", "value", "comment"
            )
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
    submit: bool = False,
    user: Any = None,
    expected_version: int | None = None,
) -> ScoreSheet:
    """Save some or all scores of a sheet as a draft; the sheet stays editable until submitted.
    A draft may hold an extreme score whose comment is still to be written; submitting asks
    for it.

    With `submit`, the sheet is also submitted, all or nothing: when a criterion is still
    unscored, nothing is saved. With `expected_version` (the `version` the caller read; 0 for
    a sheet not yet created), a sheet saved by anyone since is refused with ScoreConflict.
    """
    _check_open(stage)
    ensure_candidate(nomination)
    ensure_undecided(nomination)
    criteria = criteria_for(stage, nomination)
    by_code = {c.code: c for c in criteria}
    unknown = sorted(set(entries) - set(by_code))
    if unknown:
        raise ScoreInvalid(
            f"Kriteria {', '.join(unknown)} tidak dinilai pada tahap "
            f"'{bahasa(stage.get_kind_display)}' untuk kategori ini."
        )
    values = {code: _parse(by_code[code], entry) for code, entry in entries.items()}
    with transaction.atomic():
        # The lock is held to the end of the transaction. When two first saves race, both find
        # no row and both insert; PostgreSQL makes the second insert wait on the unique index
        # (one_sheet) until the first commits, then get_or_create's savepoint catches the
        # IntegrityError and reads, and locks, the committed row: one sheet, no error.
        sheet, _ = ScoreSheet.objects.select_for_update().get_or_create(
            stage=stage, member=member, nomination=nomination
        )
        _ensure_unlocked(sheet, nomination)
        if expected_version is not None and expected_version > sheet.version:
            # No save has made this version yet (5 or 99999999999999999999 on a sheet at 0):
            # not a stale read, which the conflict below is about, but a version made up.
            sent = str(expected_version)
            sent = sent if len(sent) <= TYPED_MAX else sent[:TYPED_MAX] + "…"
            raise ScoreInvalid(
                f"Versi lembar nilai yang dikirim ({sent}) lebih tinggi daripada versi lembar "
                f"nilai {nomination.name} saat ini ({sheet.version}), jadi tidak mungkin benar; "
                "isian Anda tidak disimpan. Muat ulang lembar nilai untuk melihat nilai terkini."
            )
        if expected_version is not None and sheet.version != expected_version:
            raise ScoreConflict(
                f"Lembar nilai {nomination.name} sudah diubah pada "
                f"{timezone.localtime(sheet.updated_at):%d/%m/%Y %H:%M} setelah Anda membukanya "
                "(mungkin dari tab atau perangkat lain); isian Anda tidak disimpan. Muat ulang "
                "lembar nilai untuk melihat nilai terkini."
            )
        before = _state(sheet)
        scores = dict(before["scores"])
        # One read and at most two writes for all criteria: with the sheet locked, no other
        # transaction can add or change its scores in between.
        stored = {score.criterion_id: score for score in sheet.scores.all()}
        added, changed = [], []
        for code, value in values.items():
            criterion, comment = by_code[code], entries[code].comment.strip()
            score = stored.get(criterion.pk)
            if score is None:
                added.append(Score(sheet=sheet, criterion=criterion, value=value, comment=comment))
            elif (score.value, score.comment) != (value, comment):
                score.value, score.comment, score.updated_at = value, comment, timezone.now()
                changed.append(score)
            scores[code] = [_shown(value), comment]
        Score.objects.bulk_create(added)
        Score.objects.bulk_update(changed, ["value", "comment", "updated_at"])
        if note is not None:
            sheet.note = note.strip()
        sheet.version += 1  # safe: the row is locked
        sheet.save(update_fields=["note", "version", "updated_at"])
        after = {**before, "note": sheet.note, "scores": scores}
        if after != before:
            log_action(
                user=user,
                action="score.save",
                obj=sheet,
                cycle=stage.cycle,
                before=before,
                after=after,
            )
        if submit:
            _submit(sheet, criteria, after, stage, user)
    return sheet


def decided_lock(nomination: Nomination) -> str:
    """Why the nomination's sheets are no longer accepted, its group's Juara being decided
    (Bahasa Indonesia); "" while they are not."""
    group = group_code(nomination)
    record = (
        DecidedRanking.objects.filter(category_id=nomination.category_id, group=group, current=True)
        .only("decided_at")
        .first()
    )
    if record is None:
        return ""
    return (
        f"Juara {nomination.category.name} {group_name(group)} sudah diputuskan pada "
        f"{timezone.localtime(record.decided_at):%d/%m/%Y %H:%M}: lembar nilai kelompok ini "
        "tidak lagi diterima."
    )


def decided_among(nominations: Iterable[Nomination]) -> set[int]:
    """The ids of `nominations` whose group's Juara are decided (two queries, however many):
    their sheets not sent are no longer accepted nor waited for."""
    nominations = list(nominations)
    if not nominations:
        return set()
    decided = set(
        DecidedRanking.objects.filter(
            category_id__in={n.category_id for n in nominations}, current=True
        ).values_list("category_id", "group")
    )
    if not decided:
        return set()
    zones = zone_map()
    return {n.pk for n in nominations if (n.category_id, group_code(n, zones)) in decided}


def ensure_undecided(nomination: Nomination) -> None:
    """A group's sheets close when its Juara are decided: a sheet sent later would change the
    ranking read beside the decision, which was taken without it (see `decisions.confirm`)."""
    if reason := decided_lock(nomination):
        raise SheetLocked(reason)


def _ensure_unlocked(sheet: ScoreSheet, nomination: Nomination) -> None:
    if sheet.is_submitted:
        raise SheetLocked(
            f"Penilaian {nomination.name} sudah dikirim pada "
            f"{timezone.localtime(sheet.submitted_at):%d/%m/%Y %H:%M} dan terkunci."
        )


def _submit(
    sheet: ScoreSheet,
    criteria: list[Criterion],
    state: dict[str, Any],
    stage: Stage,
    user: Any,
) -> None:
    missing = [c.name for c in criteria if c.code not in state["scores"]]
    uncommented = _uncommented(criteria, state["scores"])
    problems = ["Belum semua kriteria dinilai: " + ", ".join(missing) + "."] if missing else []
    if problems or uncommented:
        # `details["comments"]`: the comment each criterion still needs, for a form to show
        # beside that criterion's comment field (and the API's caller to read).
        raise ScoreInvalid(
            " ".join([*problems, *uncommented.values()]),
            details={"comments": uncommented} if uncommented else None,
        )
    sheet.submitted_at = timezone.now()
    sheet.version += 1
    sheet.save(update_fields=["submitted_at", "version", "updated_at"])
    log_action(
        user=user,
        action="score.submit",
        obj=sheet,
        cycle=stage.cycle,
        before=state,
        after={**state, "submitted_at": sheet.submitted_at.isoformat()},
    )


def submit_sheet(
    *, stage: Stage, member: PanelMember, nomination: Nomination, user: Any = None
) -> ScoreSheet:
    """Lock the sheet; every criterion of the stage must be scored, and every extreme score
    commented. Submitting again is a no-op."""
    _check_open(stage)
    ensure_candidate(nomination)
    ensure_undecided(nomination)
    with transaction.atomic():
        sheet = (
            ScoreSheet.objects.select_for_update()
            .filter(stage=stage, member=member, nomination=nomination)
            .first()
        )
        if sheet is None:
            raise ScoreInvalid("Belum semua kriteria dinilai: semua.")
        if not sheet.is_submitted:
            _submit(sheet, criteria_for(stage, nomination), _state(sheet), stage, user)
    return sheet
