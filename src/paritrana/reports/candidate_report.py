"""One candidate's assessment report: totals, every criterion, a chart, comments, the decision.

The report is read by the candidate itself, so the assessors are anonymised: "Penilai 1..n"
in an order drawn from a keyed hash of (candidate, member), which is stable between downloads
but follows neither names, roles nor seat order, so the order gives nothing away. Only
submitted scores of members not barred by a conflict are counted, as in the ranking
(`assessment.domain.results.compute`), and only their comments are printed. Once the group's
Juara are confirmed, the figures are the ranking as decided (`assessment.domain.decided`), not
recomputed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import statistics
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from paritrana.access.policy import row_as_seen
from paritrana.assessment.domain.decided import decision_of, ranking_of
from paritrana.assessment.domain.decisions import PLACES
from paritrana.assessment.domain.results import Result, Row, group_code
from paritrana.assessment.models import Decision, InterviewSlot, Score, ScoreSheet
from paritrana.awards.models import Criterion, Nomination, Stage, StageKind, StageStatus
from paritrana.reports.charts import Bar, criterion_bars
from paritrana.reports.pdf import render_pdf


@dataclass(frozen=True)
class AssessorLine:
    criterion: Criterion
    share: float
    scores: list[float | None]  # one per anonymised assessor, on the rubric's scale
    combined_raw: float
    combined_normalised: float
    percent: float  # 0..100, raw or normalised as the ranking uses


@dataclass(frozen=True)
class DataLine:
    name: str
    share: float
    value: float | None
    score: float | None
    explanation: str


@dataclass(frozen=True)
class Comment:
    assessor: str
    subject: str  # the criterion, or the stage for a sheet's general note
    text: str


def anonymous_order(nomination: Nomination, member_keys: list[str]) -> list[str]:
    """Member keys in an order that reveals nothing about who they are."""
    secret = settings.SECRET_KEY.encode()

    def key(member: str) -> str:
        message = f"penilai:{nomination.pk}:{member}".encode()
        return hmac.new(secret, message, hashlib.sha256).hexdigest()

    return sorted(member_keys, key=key)


def assessor_label(number: int) -> str:
    return _("Assessor %(number)s") % {"number": number}


def _percent(criterion: Criterion, score: float | None) -> float | None:
    if score is None:
        return None
    low, high = float(criterion.scale_min), float(criterion.scale_max)
    return (score - low) / (high - low) * 100 if high > low else None


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None and v == v]
    return statistics.median(present) if present else None


def _assessor_lines(result: Result, nomination: Nomination, keys: list[str]) -> list[AssessorLine]:
    explained = result.explain(nomination)
    by_code = {c.code: c for c in result.criteria}
    lines = []
    for item in explained.criteria:
        lines.append(
            AssessorLine(
                criterion=by_code[item.code],
                share=result.shares.get(item.code, 0.0),
                scores=[item.raw.get(key) for key in keys],
                combined_raw=item.combined_raw,
                combined_normalised=item.combined_normalised,
                percent=(
                    item.percent_normalised if result.rules.rank_normalised else item.percent_raw
                ),
            )
        )
    return lines


def _chart(
    result: Result, nomination: Nomination, lines: list[AssessorLine], withheld: set[int]
) -> SafeString:
    """The candidate's score on each criterion beside the median of the group's candidates,
    those `withheld` from the reader by a conflict of interest left out of the median."""
    aggregation = result.aggregation
    percents = (
        aggregation.percent_normalised if result.rules.rank_normalised else aggregation.percent_raw
    )
    counted = [i for i, key in enumerate(aggregation.candidates) if int(key) not in withheld]
    bars = []
    for criterion in result.data_criteria:
        own = next(
            (a.score for a in result.auto.get(nomination.pk, []) if a.criterion == criterion.code),
            None,
        )
        group = [
            _percent(criterion, a.score)
            for pk, scored in result.auto.items()
            if pk not in withheld
            for a in scored
            if a.criterion == criterion.code
        ]
        bars.append(Bar(criterion.name, _percent(criterion, own), _median(group)))
    for j, line in enumerate(lines):
        column = [float(percents[i, j]) for i in counted]
        own = None if line.percent != line.percent else line.percent
        bars.append(Bar(line.criterion.name, own, _median(list(column))))
    svg = criterion_bars(
        bars,
        candidate_label=nomination.name,
        median_label=_("median of the candidates in %(group)s") % {"group": result.group.name},
        missing_label=_("no score"),
        title=_("Criterion scores, 0–100"),
    )
    return mark_safe(svg)  # built and escaped by reports.charts


def _comments(
    nomination: Nomination,
    keys: list[str],
    labels: dict[str, str],
    until: dt.datetime | None = None,
) -> list[Comment]:
    """The submitted sheets' comments and notes of the assessors in `keys`; `until`: once
    decided, those of the sheets sent by the decision only (the figures beside them are the
    decided ones: a sheet sent later is in neither)."""
    members = [int(k) for k in keys]
    found = []
    sent = Q(submitted_at__isnull=False)
    if until is not None:
        sent &= Q(submitted_at__lte=until)
    sheets = ScoreSheet.objects.filter(sent, nomination=nomination, member_id__in=members)
    scores = (
        Score.objects.filter(sheet__in=sheets)
        .exclude(comment="")
        .select_related("criterion", "sheet")
        .order_by("criterion__order", "sheet__stage__order")
    )
    for score in scores:
        found.append(
            Comment(labels[str(score.sheet.member_id)], score.criterion.name, score.comment)
        )
    notes = sheets.exclude(note="").select_related("stage")
    for sheet in notes:
        subject = _("General note, %(stage)s") % {"stage": sheet.stage.get_kind_display()}
        found.append(Comment(labels[str(sheet.member_id)], subject, sheet.note))
    order = {label: i for i, label in enumerate(labels.values())}
    return sorted(found, key=lambda c: order[c.assessor])


def current_stage(nomination: Nomination) -> Stage | None:
    """The latest stage of the candidate's round that has been opened."""
    category = nomination.category
    return (
        Stage.objects.filter(cycle_id=category.cycle_id, level=category.level)
        .exclude(status=StageStatus.DRAFT)
        .order_by("-order")
        .first()
    )


def report_context(*, nomination: Nomination, reader: Any) -> dict[str, Any]:
    """What the report prints, as `reader` may read it: a conflict of interest that withholds
    another candidate of the group from them ranks this one among those they may see and
    leaves the withheld one out of the count and the medians, as the ranking page does
    (`access.policy.row_as_seen`); the robustness shares, of its rank among all, are not
    printed then."""
    category = nomination.category
    group = group_code(nomination)
    result = ranking_of(category, group)
    decided = decision_of(result)
    result.row(nomination)  # ResultError when it is not ranked here
    shown, withheld = row_as_seen(reader, result.rows, nomination)
    row: Row = shown.row
    explained = result.explain(nomination)
    members = sorted({key for item in explained.criteria for key in item.raw})
    keys = anonymous_order(nomination, members)
    labels = {key: assessor_label(i) for i, key in enumerate(keys, start=1)}
    lines = _assessor_lines(result, nomination, keys)
    names = {c.code: c.name for c in result.data_criteria}
    data = [
        DataLine(
            names.get(a.criterion, a.criterion),
            result.shares.get(a.criterion, 0.0),
            a.value,
            a.score,
            a.explanation,
        )
        for a in result.auto.get(nomination.pk, [])
    ]
    decision = Decision.objects.filter(
        category=category, group=group, nomination=nomination
    ).first()
    stage_labels = {
        kind: str(StageKind(kind).label) for kind in dict.fromkeys(c.stage for c in result.criteria)
    }
    return {
        "nomination": nomination,
        "category": category,
        "cycle": category.cycle,
        "result": result,
        "row": row,
        "ranked": sum(
            1 for r in result.rows if r.total is not None and r.nomination.pk not in withheld
        ),
        "renumbered": shown.renumbered,
        "stage": current_stage(nomination),
        "assessors": list(labels.values()),
        "lines": lines,
        "data": data,
        "chart": _chart(result, nomination, lines, withheld),
        "comments": _comments(
            nomination, keys, labels, decided.decided_at if decided is not None else None
        ),
        "stage_totals": [
            (label, row.stage_totals.get(kind)) for kind, label in stage_labels.items()
        ],
        "decision": decision,
        "decided": decided,
        "place": PLACES[decision.place - 1] if decision and decision.place <= len(PLACES) else "",
        "interview": InterviewSlot.objects.filter(
            nomination=nomination, stage__kind=StageKind.INTERVIEW
        ).first(),
        "band": float(result.rules.robustness_band) * 100,
        "printed_at": timezone.localtime(),
    }


def candidate_report_pdf(*, nomination: Nomination, reader: Any) -> bytes:
    """The candidate's assessment report as PDF bytes, as `reader` may read it (ResultError
    when it has no ranking)."""
    return render_pdf(
        "reports/pdf/candidate_report.html", report_context(nomination=nomination, reader=reader)
    )
