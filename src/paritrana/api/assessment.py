"""Judging over the API: an assessor's assignments and score sheets, a panel's ranking.

The same access policy and commands as the pages decide everything, conflicts of interest
included: a barred candidate is never listed, and its sheet and breakdown are refused.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from ninja import Field, Router, Schema
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from paritrana import versions
from paritrana.access.policy import Shown, barred_nominations, require, visible_rows
from paritrana.api.errors import NotFound
from paritrana.assessment.domain.access import seat_on
from paritrana.assessment.domain.decided import DecidedResult, kept_ranking
from paritrana.assessment.domain.decisions import panel_for
from paritrana.assessment.domain.panels import panel_of, seats
from paritrana.assessment.domain.results import Row
from paritrana.assessment.domain.scores import (
    Entry,
    ScoreRefused,
    ScoreTask,
    as_number,
    as_version,
    criteria_for,
    ensure_candidate,
    levels,
    not_a_number,
    sheet_of,
    unreadable_version,
)
from paritrana.assessment.models import Assignment, PanelMember, ScoreSheet
from paritrana.awards.models import Category, Nomination, Stage
from paritrana.commands.scores import save_sheet

router = Router(tags=["penilaian"])


class Task(Schema):
    stage: int
    stage_name: str
    level: str
    nomination: int
    candidate: str
    category: str
    status: str  # "belum", "draf", "terkirim"


class Level(Schema):
    score: str
    descriptor: str


class CriterionOut(Schema):
    code: str
    name: str
    levels: list[Level]
    score: str | None
    comment: str


class SheetOut(Schema):
    stage: int
    nomination: int
    candidate: str
    submitted_at: str | None
    note: str
    version: int  # send it back with the PUT: a sheet changed meanwhile is refused with 409
    criteria: list[CriterionOut]


class ScoreIn(Schema):
    value: str
    comment: str = ""

    @field_validator("value")
    @classmethod
    def _a_number(cls, value: str) -> str:
        # Text, NaN, sNaN or an infinity is malformed input (422), whatever the criterion;
        # whether the number is one of the criterion's rubric levels is the domain's to say.
        if as_number(value) is None:
            # Passed as context: a brace in what was typed is not a template field.
            raise PydanticCustomError("score_value", "{message}", {"message": not_a_number(value)})
        return value


class SheetIn(Schema):
    scores: dict[str, ScoreIn]
    note: str | None = None
    submit: bool = False
    # The `version` of the sheet as read; when given and the sheet has changed since, nothing is
    # saved and the answer is 409 "conflict". Left out (or null), the last save wins, criterion
    # by criterion. One that is no whole number of 0 or more ("abc", true, -1) is refused (422):
    # it cannot be checked, and skipping the check would overwrite a newer save. One above the
    # sheet's own version was never read from it (5 on a sheet at 0): 422 "invalid" too, from
    # `save_scores`, not a conflict.
    version: int | None = None

    @field_validator("version", mode="before")
    @classmethod
    def _a_version(cls, value: object) -> object:
        if value is None:
            return None
        version = as_version(value)
        if version is None:
            raise PydanticCustomError(
                "version", "{message}", {"message": unreadable_version(value)}
            )
        return version


class RankRow(Schema):
    """One candidate of a ranking. `conflict`: a conflict of interest bars the caller from it,
    so rank, place and every figure are null and `note` says why (the row comes last)."""

    rank: int | None
    nomination: int
    candidate: str
    total: float | None
    assessor_raw: float | None
    assessor_normalised: float | None
    data_total: float | None
    broken_by: str | None
    keep_share: float | None
    rank_low: int | None
    rank_high: int | None
    flagged: bool | None
    place: int | None
    conflict: bool
    note: str = ""


class RankingOut(Schema):
    category: str
    group: str
    alpha: dict[str, float | None]
    rows: list[RankRow]
    decided_version: int | None = Field(
        None, description="Versi keputusan yang dibaca; null: belum diputuskan, dihitung kini."
    )


def _status(sheet: ScoreSheet | None) -> str:
    if sheet is None:
        return "belum"
    return "terkirim" if sheet.is_submitted else "draf"


@router.get("/tugas", response=list[Task], summary="Penugasan penilai yang sedang masuk")
def tasks(request: HttpRequest) -> list[Task]:
    mine = list(seats(request.user))
    # Kept in this process until the data changes (`paritrana.versions`), per the reader's
    # seats (read above on every request: they decide the assignments and the conflicts) and
    # language (the stages' names).
    key = (tuple(seat.pk for seat in mine), get_language())
    return versions.remembered("api.tasks", key, lambda: _tasks(request.user, mine))


def _tasks(user: Any, mine: list[PanelMember]) -> list[Task]:
    # The assignments as ids, each candidate and stage read once (an assessor has hundreds of
    # assignments on the national scale, most candidates in two stages): a fixed number of
    # queries, the conflicts through the policy's many-object check, the sheets in one read.
    assigned = list(
        Assignment.objects.filter(member__in=mine).values_list(
            "stage_id", "member_id", "nomination_id"
        )
    )
    nominations = Nomination.objects.select_related("category").in_bulk(
        {nomination for _s, _m, nomination in assigned}
    )
    stages = Stage.objects.in_bulk({stage for stage, _m, _n in assigned})
    barred = barred_nominations(user, nominations.values())
    sheets = {
        (s.stage_id, s.member_id, s.nomination_id): s
        for s in ScoreSheet.objects.filter(member__in=mine).only(
            "stage_id", "member_id", "nomination_id", "submitted_at"
        )
    }
    kinds = {pk: stage.get_kind_display() for pk, stage in stages.items()}
    result = []
    for key in assigned:
        stage_id, _member, nomination_id = key
        if nomination_id in barred:
            continue
        nomination = nominations[nomination_id]
        result.append(
            Task(
                stage=stage_id,
                stage_name=kinds[stage_id],
                level=stages[stage_id].level,
                nomination=nomination_id,
                candidate=nomination.name,
                category=nomination.category.name,
                status=_status(sheets.get(key)),
            )
        )
    return result


def _member(request: HttpRequest, nomination: Nomination) -> PanelMember:
    member = seat_on(request.user, panel_of(nomination))
    if member is None:
        raise ScoreRefused("Anda bukan anggota tim penilai kandidat ini.")
    return member


def _sheet(stage: Stage, member: PanelMember, nomination: Nomination) -> SheetOut:
    sheet = sheet_of(stage=stage, member=member, nomination=nomination)
    scores = (
        {s.criterion.code: s for s in sheet.scores.select_related("criterion")} if sheet else {}
    )
    criteria = []
    for criterion in criteria_for(stage, nomination):
        descriptors = {r.score: r.descriptor for r in criterion.rubric.all()}
        given = scores.get(criterion.code)
        criteria.append(
            CriterionOut(
                code=criterion.code,
                name=criterion.name,
                levels=[
                    Level(score=f"{v.normalize():f}", descriptor=descriptors.get(v, ""))
                    for v in levels(criterion)
                ],
                score=f"{given.value.normalize():f}" if given else None,
                comment=given.comment if given else "",
            )
        )
    return SheetOut(
        stage=stage.pk,
        nomination=nomination.pk,
        candidate=nomination.name,
        submitted_at=sheet.submitted_at.isoformat() if sheet and sheet.submitted_at else None,
        note=sheet.note if sheet else "",
        version=sheet.version if sheet else 0,
        criteria=criteria,
    )


@router.get("/{stage_id}/{nomination_id}", response=SheetOut, summary="Lembar nilai")
def sheet(request: HttpRequest, stage_id: int, nomination_id: int) -> SheetOut:
    stage = get_object_or_404(Stage, pk=stage_id)
    nomination = get_object_or_404(Nomination.objects.select_related("category"), pk=nomination_id)
    member = _member(request, nomination)
    require(request.user, "access.score_candidate", ScoreTask(stage, nomination))
    ensure_candidate(nomination)
    return _sheet(stage, member, nomination)


@router.put("/{stage_id}/{nomination_id}", response=SheetOut, summary="Simpan atau kirim nilai")
def put_sheet(request: HttpRequest, stage_id: int, nomination_id: int, data: SheetIn) -> SheetOut:
    stage = get_object_or_404(Stage, pk=stage_id)
    nomination = get_object_or_404(Nomination.objects.select_related("category"), pk=nomination_id)
    member = _member(request, nomination)
    entries = {code: Entry(item.value, item.comment) for code, item in data.scores.items()}
    # Saving and submitting are one step here: all or nothing.
    save_sheet(
        request.user,
        stage=stage,
        nomination=nomination,
        entries=entries,
        note=data.note,
        submit=data.submit,
        expected_version=data.version,
    )
    return _sheet(stage, member, nomination)


@router.get("/hasil/{category_id}/{group}", response=RankingOut, summary="Peringkat kategori")
def ranking(request: HttpRequest, category_id: int, group: str) -> RankingOut:
    category = get_object_or_404(Category, pk=category_id)
    if "\x00" in group:  # PostgreSQL refuses NUL in text; no group code has one
        raise NotFound(f"Kelompok '{group}' tidak dikenal.")
    # The policy decides, as on the ranking page: a group with no panel is the national
    # admin's to read (staff may view no panel's rankings), nobody else's.
    require(request.user, "access.view_panel", panel_for(category, group))
    # As decided, once the Juara are confirmed; kept until the data changes. The reader's
    # conflicts of interest are applied to it here, on every request.
    result = kept_ranking(category, group)
    rows = [_rank_row(shown) for shown in visible_rows(request.user, result.rows)]
    decided = result.decided if isinstance(result, DecidedResult) else None
    return RankingOut(
        category=category.name,
        group=result.group.name,
        alpha=result.alpha,
        rows=rows,
        decided_version=decided.version if decided is not None else None,
    )


def _rank_row(shown: Shown[Row]) -> RankRow:
    row = shown.row
    if shown.withheld:
        return RankRow(
            rank=None,
            nomination=row.nomination.pk,
            candidate=row.nomination.name,
            total=None,
            assessor_raw=None,
            assessor_normalised=None,
            data_total=None,
            broken_by=None,
            keep_share=None,
            rank_low=None,
            rank_high=None,
            flagged=None,
            place=None,
            conflict=True,
            note=shown.note,
        )
    return RankRow(
        rank=row.rank,
        nomination=row.nomination.pk,
        candidate=row.nomination.name,
        total=row.total,
        assessor_raw=row.assessor_raw,
        assessor_normalised=row.assessor_normalised,
        data_total=row.data_total,
        broken_by=row.broken_by,
        keep_share=row.keep_share,
        rank_low=row.rank_low,
        rank_high=row.rank_high,
        flagged=row.flagged,
        place=row.place,
        conflict=False,
    )
