"""The assessor's side of judging (/penilaian/): their assignments, the scoring page, their
conflicts of interest and a workbook of their own scores.

Every change is a command (`paritrana.commands.scores`, `.judging`); a view turns the request
into a command call and shows its refusal (already in Bahasa Indonesia). Access is checked before
anything about a candidate is read, so a conflicted member learns no more than its name.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from paritrana import versions
from paritrana.access.policy import denied
from paritrana.assessment.domain.access import seat_on
from paritrana.assessment.domain.assignments import SCORED_STAGES
from paritrana.assessment.domain.conflicts import barred_pairs, findings
from paritrana.assessment.domain.panels import nominations_of, panel_of, seats
from paritrana.assessment.domain.scores import (
    Entry,
    ScoreConflict,
    ScoreRefused,
    ScoreTask,
    as_version,
    criteria_for,
    decided_among,
    decided_lock,
    ensure_candidate,
    levels,
    sheet_of,
    unreadable_version,
)
from paritrana.assessment.models import (
    DERIVED_KINDS,
    Assignment,
    ConflictKind,
    PanelMember,
    ScoreSheet,
)
from paritrana.awards.domain.workspace import questions
from paritrana.awards.models import (
    Criterion,
    Nomination,
    SelfAssessment,
    Stage,
    StageStatus,
)
from paritrana.commands.judging import declare_conflict as declare
from paritrana.commands.scores import save_sheet, submit_sheet
from paritrana.errors import DomainError
from paritrana.regions.domain.labels import kabkota_names, with_kabkota
from paritrana.regions.models import Region
from paritrana.reports.workbooks.assessor import Line, write_assessor_sheet
from paritrana.web.confirm import NOT_CONFIRMED, confirmed
from paritrana.web.listing import Column, Filter, Listing, listing
from paritrana.web.responses import XLSX, attachment
from paritrana.web.stage_words import stage_lock_reason
from paritrana.web.views.sheet_side import evidence_items, figures_context, progress_of

# Open stages first, then those still to come; closed ones are history.
STAGE_ORDER = {StageStatus.OPEN: 0, StageStatus.DRAFT: 1, StageStatus.CLOSED: 2}


def refused(request: HttpRequest, message: str, *, status: int = 403) -> HttpResponse:
    """A refusal in the site's layout, saying why (and nothing else about the candidate)."""
    return render(
        request, "web/assessment/assessor_refused.html", {"message": message}, status=status
    )


@dataclass(frozen=True)
class Status:
    code: str  # belum, draf, terkirim: stable for pages, tests and styling
    label: str
    sheet_label: str  # in the workbook, which is filed in Bahasa Indonesia


def sheet_status(sheet: ScoreSheet | None, *, decided: bool = False) -> Status:
    """`decided`: the candidate's group has its Juara decided, so a sheet not sent is no
    longer accepted (it looked open: "Belum dinilai · Nilai", refused only on sending)."""
    if sheet is not None and sheet.submitted_at is not None:
        day = f"{timezone.localtime(sheet.submitted_at):%d/%m/%Y}"
        return Status("terkirim", _("Submitted %(date)s") % {"date": day}, f"Terkirim {day}")
    if decided:
        return Status(
            "ditutup",
            _("No longer needed: the Juara are decided"),
            "Tidak diperlukan lagi: Juara sudah diputuskan",
        )
    if sheet is not None:
        return Status("draf", _("Draft"), "Draf")
    return Status("belum", _("Not scored yet"), "Belum dinilai")


@dataclass(frozen=True)
class Work:
    nomination: Nomination
    sheet: ScoreSheet | None
    status: Status


@dataclass(frozen=True)
class StageWork:
    seat: PanelMember
    stage: Stage
    rows: list[Work]

    @property
    def prefix(self) -> str:
        """Of this block's search, sort and page parameters (?t3-7-hal=2): a page carries one
        block per stage and seat."""
        return f"t{self.stage.pk}-{self.seat.pk}-"

    def lines(self, kabkota: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """The rows as the list shows them, as plain values: an assessor has hundreds of
        candidates on the national scale, too many for a `url` and a `translate` tag each.
        A village is named with its kab/kota (`kabkota`: their names, read once)."""
        scoring = self.stage.status == StageStatus.OPEN
        score, view = _("Score"), _("View")
        return [
            {
                "pk": row.nomination.pk,
                "name": with_kabkota(
                    row.nomination.name, row.nomination.region_code, kabkota or {}
                ),
                "category": row.nomination.category.display_name,
                "order": list_order(row.nomination),
                "status": row.status,
                "href": reverse(
                    "web:score", kwargs={"stage": self.stage.pk, "nomination": row.nomination.pk}
                ),
                "action": score if scoring and row.status.code in ("belum", "draf") else view,
            }
            for row in self.rows
        ]


def list_order(nomination: Nomination) -> tuple[str, int, str, str, int]:
    """Where a candidate stands among an assessor's sheets of a stage: by category as the
    reader reads its name, then by the candidate's name. The one order of those sheets: the
    list on /penilaian/ shows it by default (its "Kategori" column sorts by it), and a sheet's
    "lembar ke-" and its previous and next follow it (`works_of`), so "Lembar berikutnya"
    from the list's first goes to its second. The category's name is the reader's language's,
    as the list shows it (the list is kept per language)."""
    category = nomination.category
    return (
        category.display_name.casefold(),
        category.pk,
        nomination.name.casefold(),
        nomination.region_code,
        nomination.pk,
    )


def work_of(seat: PanelMember, stage: Stage, *, with_scores: bool = True) -> list[Work]:
    """The member's candidates in a stage, less any a conflict bars them from: an assignment
    made before the conflict was known must not show the candidate either. `with_scores`:
    the sheets' scores are read too (the workbook needs them; the list only the status).
    In the list's order (`list_order`)."""
    return works_of(seat, [stage], with_scores=with_scores)[stage.pk]


def works_of(
    seat: PanelMember, stages: list[Stage], *, with_scores: bool = True
) -> dict[int, list[Work]]:
    """`work_of` for each of the seat's `stages` (by stage id), in a fixed number of queries:
    the assignments, the seat's conflicts and its sheets are read once for all the stages.
    Each stage's candidates in the list's order (`list_order`)."""
    assigned = sorted(
        (
            (a.stage_id, a.nomination)
            for a in Assignment.objects.filter(stage__in=stages, member=seat).select_related(
                "nomination__category"
            )
        ),
        key=lambda pair: list_order(pair[1]),
    )
    # Conflicts are found pair by pair: once for every candidate the seat is assigned.
    barred = barred_pairs([seat], list({n.pk: n for _s, n in assigned}.values()))
    sheets_of = ScoreSheet.objects.filter(stage__in=stages, member=seat)
    if with_scores:
        sheets_of = sheets_of.prefetch_related("scores__criterion")
    sheets = {(s.stage_id, s.nomination_id): s for s in sheets_of}
    decided = decided_among({n.pk: n for _s, n in assigned}.values())
    works: dict[int, list[Work]] = {stage.pk: [] for stage in stages}
    for stage_id, n in assigned:
        if (seat.pk, n.pk) not in barred:
            sheet = sheets.get((stage_id, n.pk))
            works[stage_id].append(Work(n, sheet, sheet_status(sheet, decided=n.pk in decided)))
    return works


def _no_seat(request: HttpRequest) -> HttpResponse:
    return render(request, "web/assessment/assessor_no_seat.html")


@login_required
def assessments(request: HttpRequest) -> HttpResponse:
    mine = list(seats(request.user))
    if not mine:
        return _no_seat(request)
    listed = [(b, _block_listing(request, b, lines)) for b, lines in _work_lines(mine)]
    return render(
        request,
        "web/assessment/assessor_list.html",
        {
            "seats": mine,
            "current": [(b, lst) for b, lst in listed if b.stage.status != StageStatus.CLOSED],
            "history": [(b, lst) for b, lst in listed if b.stage.status == StageStatus.CLOSED],
        },
    )


def _work_lines(mine: list[PanelMember]) -> list[tuple[StageWork, list[dict[str, Any]]]]:
    """The reader's seats' work per stage and its lines, kept in this process until the data
    changes (`paritrana.versions`). The key is the seats, which are the reader's own (`seats`
    asked on every request): no other reader is given them."""

    def compute() -> list[tuple[StageWork, list[dict[str, Any]]]]:
        blocks = []
        for seat in mine:
            stages = list(
                Stage.objects.filter(
                    cycle_id=seat.panel.cycle_id, level=seat.panel.level, kind__in=SCORED_STAGES
                ).select_related("cycle")
            )
            works = works_of(seat, stages, with_scores=False)
            blocks += [StageWork(seat, stage, works[stage.pk]) for stage in stages]
        blocks.sort(
            key=lambda b: (
                STAGE_ORDER[b.stage.status],
                -b.stage.cycle.assessment_year,
                b.stage.order,
            )
        )
        kabkota = kabkota_names(w.nomination.region_code for b in blocks for w in b.rows)
        return [(b, b.lines(kabkota)) for b in blocks]

    key = (tuple(seat.pk for seat in mine), get_language())
    return versions.remembered("assessor.list", key, compute)


STATUS_ORDER = {"belum": 0, "draf": 1, "terkirim": 2, "ditutup": 3}


def _block_listing(request: HttpRequest, block: StageWork, lines: list[dict[str, Any]]) -> Listing:
    """One stage's candidates, searched, filtered by status, sorted and paged by the URL."""
    status = request.GET.get(f"{block.prefix}status", "")
    if status in STATUS_ORDER:
        lines = [line for line in lines if line["status"].code == status]
    return listing(
        request,
        lines,
        columns=[
            Column("nama", _("Candidate"), lambda line: line["name"]),
            # The default: the order a sheet's "lembar ke-" and previous and next follow.
            Column("kategori", _("Category"), lambda line: line["order"]),
            Column("status", _("Status"), lambda line: STATUS_ORDER[line["status"].code]),
            Column("aksi", ""),
        ],
        default="kategori",
        search=lambda line: f"{line['name']} {line['category']}",
        search_label=_("Candidate"),
        filters=[
            Filter(
                f"{block.prefix}status",
                _("Status"),
                [
                    ("", _("(all)")),
                    ("belum", _("Not scored yet")),
                    ("draf", _("Draft")),
                    ("terkirim", _("Submitted")),
                    ("ditutup", _("No longer needed")),
                ],
                status,
            )
        ],
        prefix=block.prefix,
    )


@dataclass(frozen=True)
class Level:
    value: str  # as the radio button sends it: "1".."5", no decimals
    descriptor: str


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    levels: list[Level]
    value: str
    comment: str
    error: str = ""  # the refusal of this criterion's comment, shown beside the field

    @property
    def lowest(self) -> str:
        return self.levels[0].value if self.levels else ""

    @property
    def highest(self) -> str:
        return self.levels[-1].value if self.levels else ""


def _text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _typed(post: QueryDict, criteria: list[Criterion]) -> dict[str, tuple[str, str]]:
    return {
        c.code: (
            post.get(f"score-{c.code}", "").strip(),
            post.get(f"comment-{c.code}", ""),
        )
        for c in criteria
    }


def _rows(
    criteria: list[Criterion],
    sheet: ScoreSheet | None,
    typed: dict[str, tuple[str, str]] | None,
    errors: dict[str, str] | None = None,
) -> list[CriterionRow]:
    stored = {}
    if sheet is not None:
        stored = {s.criterion_id: (_text(s.value), s.comment) for s in sheet.scores.all()}
    rows = []
    for criterion in criteria:
        # the page's words: a packaged descriptor in the reader's language
        descriptors = {r.score: r.display_descriptor for r in criterion.rubric.all()}
        value, comment = (
            typed[criterion.code] if typed is not None else stored.get(criterion.pk, ("", ""))
        )
        rows.append(
            CriterionRow(
                criterion=criterion,
                levels=[Level(_text(v), descriptors.get(v, "")) for v in levels(criterion)],
                value=value,
                comment=comment,
                error=(errors or {}).get(criterion.code, ""),
            )
        )
    return rows


def _region_label(nomination: Nomination) -> str:
    names = dict(
        Region.objects.filter(code__in={nomination.region_code, nomination.province}).values_list(
            "code", "name"
        )
    )
    parts = [names.get(nomination.region_code, nomination.region_code)]
    if nomination.province != nomination.region_code and nomination.province in names:
        parts.append(names[nomination.province])
    return ", ".join(parts)


def _read_only_reason(stage: Stage, sheet: ScoreSheet | None, decided: str) -> str:
    """Why the sheet cannot be changed, "" when it can; `decided`: `decided_lock`'s reason."""
    if sheet is not None and sheet.submitted_at is not None:
        when = f"{timezone.localtime(sheet.submitted_at):%d/%m/%Y %H:%M}"
        return _("Submitted on %(when)s: the scores are locked.") % {"when": when}
    if stage.status == StageStatus.OPEN and decided:
        return decided  # a form to fill in was refused only on sending
    if stage.status == StageStatus.CLOSED:
        return "{} {}".format(
            stage_lock_reason(stage),
            _("This stage is closed: the scores can no longer be changed."),
        )
    if stage.status == StageStatus.DRAFT:
        return "{} {}".format(
            stage_lock_reason(stage),
            _("This stage is not open yet: scoring starts when it opens."),
        )
    return ""


@dataclass(frozen=True)
class Target:
    """What a score page is about: one member's sheet of one candidate in one stage."""

    stage: Stage
    member: PanelMember
    nomination: Nomination
    criteria: list[Criterion]

    def sheet(self) -> ScoreSheet | None:
        return sheet_of(stage=self.stage, member=self.member, nomination=self.nomination)


def _score_page(
    request: HttpRequest,
    target: Target,
    *,
    typed: dict[str, tuple[str, str]] | None = None,
    note: str | None = None,
    error: str = "",
    comment_errors: dict[str, str] | None = None,
    saved: bool = False,
    conflict: bool = False,
    version: int | None = None,
    status: int = 200,
    confirm_error: str = "",
) -> HttpResponse:
    """The page; `version` is what the form sends back, the stored sheet's when None.
    `comment_errors`: by criterion code, the refusal shown beside that criterion's comment."""
    nomination, sheet = target.nomination, target.sheet()
    decided = decided_lock(nomination)
    locked = _read_only_reason(target.stage, sheet, decided)
    assessment = SelfAssessment.objects.filter(nomination=nomination).first()
    if locked or note is None:
        # Typed values are shown back only while they can still be changed.
        typed, note = None, sheet.note if sheet else ""
    context = {
        "stage": target.stage,
        "nomination": nomination,
        "region": _region_label(nomination),
        "status": sheet_status(sheet, decided=bool(decided)),
        "editable": not locked,
        "locked": locked,
        "rows": _rows(target.criteria, sheet, typed, None if locked else comment_errors),
        "note": note,
        "questions": questions(nomination),
        "answers": assessment.answers if assessment else {},
        "evidence": evidence_items(nomination),
        "progress": progress_of(
            work_of(target.member, target.stage, with_scores=False), target.stage, nomination
        ),
        **figures_context(nomination),
        "error": error,
        "saved": saved,
        "conflict": conflict and not locked,
        "confirm_error": confirm_error,
        "stage_lock": stage_lock_reason(target.stage),
        "version": (sheet.version if sheet else 0) if version is None else version,
    }
    return render(request, "web/assessment/assessor_score.html", context, status=status)


def _version(post: QueryDict) -> int | None:
    """The sheet's version the form was shown with; None from a form that did not send one.
    One sent but unreadable ("abc", "") is refused like a stale one (ScoreConflict): without
    a version to check, an old tab would overwrite a newer save unnoticed."""
    if "version" not in post:
        return None
    typed = post.get("version", "")
    version = as_version(typed)
    if version is None:
        raise ScoreConflict(unreadable_version(typed))
    return version


def _conflict_page(
    request: HttpRequest, target: Target, typed: dict[str, tuple[str, str]], exc: ScoreConflict
) -> HttpResponse:
    """Saved from another tab or device meanwhile (or a version that cannot be checked): the
    typed values stay in the form, which now carries the current version, so saving again is
    a deliberate overwrite."""
    return _score_page(
        request,
        target,
        typed=typed,
        note=request.POST.get("note", ""),
        error=str(exc),
        conflict=True,
        status=409,
    )


def _save(
    request: HttpRequest,
    target: Target,
    typed: dict[str, tuple[str, str]],
    expected_version: int | None,
) -> None:
    unscored = [
        c.display_name for c in target.criteria if typed[c.code][1].strip() and not typed[c.code][0]
    ]
    if unscored:
        # A comment without a score has nowhere to be kept: say so rather than lose it.
        raise ScoreRefused(
            _("Choose a score for %(criteria)s so that its comment can be saved.")
            % {"criteria": ", ".join(unscored)}
        )
    save_sheet(
        request.user,
        stage=target.stage,
        nomination=target.nomination,
        entries={code: Entry(value, comment) for code, (value, comment) in typed.items() if value},
        note=request.POST.get("note", ""),
        expected_version=expected_version,
    )


@login_required
def score(request: HttpRequest, stage: int, nomination: int) -> HttpResponse:
    the_stage = get_object_or_404(Stage.objects.select_related("cycle"), pk=stage)
    candidate = get_object_or_404(
        Nomination.objects.select_related("category__cycle"), pk=nomination
    )
    member = seat_on(request.user, panel_of(candidate))
    if member is None:
        return refused(
            request,
            _("You are not on the panel that judges %(name)s.") % {"name": candidate.name},
        )
    # Before anything about the candidate is read: an unassigned or conflicted member learns
    # only what the refusal says.
    reason = denied(request.user, "access.score_candidate", ScoreTask(the_stage, candidate))
    if reason is not None:
        return refused(request, reason)
    try:
        ensure_candidate(candidate)
    except ScoreRefused as exc:
        return refused(request, str(exc))
    criteria = criteria_for(the_stage, candidate)
    prefetch_related_objects(criteria, "rubric")
    target = Target(the_stage, member, candidate, criteria)
    if request.method != "POST":
        return _score_page(request, target)
    typed = _typed(request.POST, criteria)
    try:
        expected = _version(request.POST)
    except ScoreConflict as exc:
        return _conflict_page(request, target, typed, exc)
    if request.POST.get("action") == "submit" and not confirmed(request):
        # Submitting locks the sheet for good: nothing is saved or sent without the box; the
        # typed scores stay in the form.
        return _score_page(
            request,
            target,
            typed=typed,
            note=request.POST.get("note", ""),
            version=expected,
            confirm_error=str(NOT_CONFIRMED),
            status=400,
        )
    saved = False
    try:
        _save(request, target, typed, expected)
        saved = True
        if request.POST.get("action") == "submit":
            submit_sheet(request.user, stage=the_stage, nomination=candidate)
            messages.success(request, _("Scores submitted and locked."))
        else:
            messages.success(request, _("Draft saved."))
    except ScoreConflict as exc:
        return _conflict_page(request, target, typed, exc)
    except DomainError as exc:
        return _score_page(
            request,
            target,
            typed=typed,
            note=request.POST.get("note", ""),
            error=str(exc),
            # An extreme score still without its comment: the draft is saved, and the refusal
            # is shown beside that criterion's comment too.
            comment_errors=exc.details.get("comments"),
            saved=saved,
            # Nothing saved: the form keeps the version it was shown with, so a change made
            # meanwhile by someone else is still caught on the next try.
            version=None if saved else expected,
            status=400,
        )
    return redirect("web:score", stage=the_stage.pk, nomination=candidate.pk)


class ConflictForm(forms.Form):
    nomination = forms.TypedChoiceField(label=gettext_lazy("Candidate"), coerce=int)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of conflict"),
        choices=[(k.value, k.label) for k in ConflictKind if k not in DERIVED_KINDS],
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )

    def __init__(self, *args: Any, candidates: list[tuple[str, Nomination]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[int, str]]] = {}
        for group, n in candidates:
            groups.setdefault(group, []).append((n.pk, n.name))
        field = self.fields["nomination"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—"), *groups.items()]


@dataclass(frozen=True)
class ConflictRow:
    seat: PanelMember
    nomination: Nomination
    finding: Any  # paritrana.assessment.domain.conflicts.Finding


@login_required
def declare_conflict(request: HttpRequest) -> HttpResponse:
    mine = list(seats(request.user))
    if not mine:
        return _no_seat(request)
    judged = {seat.pk: list(nominations_of(seat.panel)) for seat in mine}
    # The seat a declaration belongs to is the one on the panel that judges the candidate.
    seat_for = {n.pk: seat for seat in mine for n in judged[seat.pk]}
    candidates = {n.pk: n for seat in mine for n in judged[seat.pk]}
    form = ConflictForm(
        request.POST if request.method == "POST" else None,
        candidates=[
            (f"{seat.panel.name} · {n.category.display_name}", n)
            for seat in mine
            for n in judged[seat.pk]
        ],
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            nomination = candidates[form.cleaned_data["nomination"]]
            try:
                declare(
                    request.user,
                    member=seat_for[nomination.pk],
                    nomination=nomination,
                    kind=form.cleaned_data["kind"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Conflict of interest with %(name)s declared.") % {"name": nomination.name},
                )
                return redirect("web:declare_conflict")
    rows = [
        ConflictRow(seat, candidates[nomination_id], finding)
        for seat in mine
        for (_member_id, nomination_id), found in findings([seat], judged[seat.pk]).items()
        for finding in found
    ]
    rows.sort(key=lambda r: (r.seat.panel.name, r.nomination.name, r.finding.declared))
    return render(
        request,
        "web/assessment/conflict_declare.html",
        {"form": form, "rows": rows, "seats": mine},
        status=status,
    )


@login_required
def assessor_sheet(request: HttpRequest, stage: int) -> HttpResponse:
    the_stage = get_object_or_404(Stage.objects.select_related("cycle"), pk=stage)
    mine = list(
        seats(request.user).filter(panel__cycle=the_stage.cycle, panel__level=the_stage.level)
    )
    if not mine:
        return refused(request, _("You do not sit on a panel of this round."))
    criteria: dict[int, list[Criterion]] = {}
    lines = []
    for seat in mine:
        for work in work_of(seat, the_stage):
            n = work.nomination
            if n.category_id not in criteria:
                criteria[n.category_id] = criteria_for(the_stage, n)
            scores = {s.criterion_id: s for s in work.sheet.scores.all()} if work.sheet else {}
            for criterion in criteria[n.category_id]:
                given = scores.get(criterion.pk)
                lines.append(
                    Line(
                        nomination=n,
                        criterion=criterion,
                        score=given.value if given else None,
                        comment=given.comment if given else "",
                        status=str(work.status.sheet_label),
                    )
                )
    buffer = io.BytesIO()
    write_assessor_sheet(
        buffer, stage=the_stage, lines=lines, requested_by=request.user.get_username()
    )
    name = f"penilaian-{the_stage.cycle.assessment_year}-{the_stage.level}-{the_stage.kind}.xlsx"
    return attachment(buffer.getvalue(), name, XLSX)
