"""The national progress board: how far every province's round (and the national round) has got.

Per province and category: the nominees, the self-assessments submitted, the evidence items,
the score sheets submitted of those due (one per assignment), the interviews held of those
scheduled, the Juara confirmed and the Juara I promoted to the national round. A figure is late
("terlambat") when the stage it belongs to is open, its end date has passed and the work is not
done: a self-assessment not submitted, a sheet not submitted, an interview whose attendance was
never recorded, a group without confirmed Juara (`overdue`, the one definition the reminders
and the home page use too). What a closed stage lacks is missing for good, not late, and a
group whose Juara are confirmed is late in nothing: the lines say so in words (`notes`).

The board is a handful of aggregate queries (`values(...).annotate(Count(...))`) grouped by
province and category, whatever the number of provinces or candidates: the national board is
38 provinces with thousands of candidates and tens of thousands of sheets, and a query per row
would not do. The drill-down to one province reads one query per kind of record too.

Who may see which provinces is the access policy's: callers pass the provinces (None: all).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from paritrana.assessment.domain.decisions import PLACES
from paritrana.assessment.domain.results import NATION
from paritrana.assessment.models import (
    Assignment,
    Attendance,
    Decision,
    InterviewSlot,
    MemberRole,
    PanelMember,
    ScoreSheet,
)
from paritrana.awards.labels import category_label
from paritrana.awards.models import (
    Category,
    Cycle,
    Evidence,
    Level,
    Nomination,
    NominationSource,
    NominationStatus,
    Stage,
    StageKind,
    StageStatus,
)
from paritrana.regions.models import Region

LATE = "terlambat"


# -- the figures ----------------------------------------------------------------------------


@dataclass
class Figures:
    """What one line of the board counts. `*_late`: how many of the missing ones are late."""

    nominees: int = 0
    submitted: int = 0  # self-assessments submitted
    submissions_late: int = 0
    evidence: int = 0
    sheets_due: int = 0
    sheets_done: int = 0
    sheets_late: int = 0
    interviews: int = 0  # scheduled
    interviews_held: int = 0
    interviews_late: int = 0
    places: int = 0  # Juara places confirmed
    groups: int = 0  # groups with candidates (a province's round: 1)
    decided: int = 0  # groups whose Juara are confirmed
    decisions_late: int = 0  # groups undecided after the decision stage's end
    promoted: int = 0  # provincial Juara I now in the national round

    def add(self, other: Figures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def late(self) -> list[str]:
        """What is late, in words of the active language (Bahasa Indonesia unless a page's
        visitor chose English), for the page, the workbook, the API."""
        words = []
        if n := self.submissions_late:
            words.append(
                ngettext("%(count)s self-assessment late", "%(count)s self-assessments late", n)
                % {"count": _count(n)}
            )
        if n := self.sheets_late:
            words.append(
                ngettext("%(count)s score sheet late", "%(count)s score sheets late", n)
                % {"count": _count(n)}
            )
        if n := self.interviews_late:
            words.append(
                ngettext(
                    "%(count)s interview not recorded, late",
                    "%(count)s interviews not recorded, late",
                    n,
                )
                % {"count": _count(n)}
            )
        if n := self.decisions_late:
            words.append(
                ngettext("%(count)s Juara decision late", "%(count)s Juara decisions late", n)
                % {"count": _count(n)}
            )
        return words

    @property
    def is_late(self) -> bool:
        return bool(self.late)


@dataclass
class Line:
    """One category in one province's round (or, `province` "", in the national round).
    `notes`: why what is missing is not late, in words (a closed stage, a later deadline, a
    group already decided)."""

    level: str
    province: str
    province_name: str
    category_id: int
    category_code: str
    category_name: str
    figures: Figures = field(default_factory=Figures)
    notes: list[str] = field(default_factory=list)

    @property
    def category_display_name(self) -> str:
        """The category's name for the reader (the stored name stays for the CLI and files)."""
        return category_label(self.category_code, self.category_name)


@dataclass(frozen=True)
class Team:
    """A province's assessment team as seated: how many members, and whether it has a chair."""

    members: int = 0
    chaired: bool = False

    @property
    def words(self) -> str:
        if not self.members:
            return _("no assessment team yet")
        seated = ngettext(
            "assessment team of %(count)s person",
            "assessment team of %(count)s people",
            self.members,
        ) % {"count": _count(self.members)}
        return seated if self.chaired else f"{seated}, " + _("no chair yet")


@dataclass
class ProvinceBlock:
    code: str
    name: str
    # every enabled provincial category, those without nominees too: the page, the workbook
    # and the API list the same lines
    lines: list[Line]
    total: Figures
    team: Team = field(default_factory=Team)


@dataclass
class Board:
    cycle: Cycle
    today: dt.date
    provinces: list[ProvinceBlock]
    national: list[Line]  # empty when the reader sees some provinces only
    total: Figures
    deadlines: dict[tuple[str, str], dt.date | None]
    stages: dict[tuple[str, str], Stage] = field(default_factory=dict)


def _count(n: int) -> str:
    """A count as the active language writes it: 1.917 in Bahasa Indonesia, 1,917 in English."""
    text = f"{n:,}"
    return text if (get_language() or "id").startswith("en") else text.replace(",", ".")


# -- shared reads -----------------------------------------------------------------------------


def _stages(cycle: Cycle) -> dict[tuple[str, str], Stage]:
    return {(s.level, s.kind): s for s in cycle.stages.all()}


def overdue(stage: Stage | None, today: dt.date) -> bool:
    """The one meaning of late ("terlambat") for the progress board, its drill-down, the
    reminders and the home page: work of an open stage whose end date has passed. A closed stage
    takes nothing more (`workspace.ensure_open`, `stages.ensure_editable`, `scores`): what it
    lacks is missing for good, nobody can be reminded of it, and the candidate's own page says
    "closed, never submitted"; a stage not opened yet takes nothing yet."""
    return (
        stage is not None
        and stage.status == StageStatus.OPEN
        and stage.ends_on is not None
        and stage.ends_on < today
    )


def deadline(date: dt.date) -> str:
    """An end date as the reminders write it: "deadline 03/10/2026" ("batas 03/10/2026")."""
    return _("deadline %(date)s") % {"date": f"{date:%d/%m/%Y}"}


def sheet_submitted() -> Exists:
    return Exists(
        ScoreSheet.objects.filter(
            stage_id=OuterRef("stage_id"),
            member_id=OuterRef("member_id"),
            nomination_id=OuterRef("nomination_id"),
            submitted_at__isnull=False,
        )
    )


def _promoted(cycle: Cycle) -> Exists:
    """A provincial candidate whose key is now a promoted national candidate."""
    return Exists(
        Nomination.objects.filter(
            category__cycle=cycle,
            category__level=Level.NATIONAL,
            category__code=OuterRef("category__code"),
            key=OuterRef("key"),
            source=NominationSource.PROMOTED,
            status=NominationStatus.NOMINATED,
        )
    )


def _scoped(queryset: QuerySet[Any], path: str, provinces: set[str] | None) -> QuerySet[Any]:
    """Keep the provinces' own rounds (a provincial admin never sees the national round)."""
    if provinces is None:
        return queryset
    return queryset.filter(
        **{f"{path}province__in": provinces, f"{path}category__level": Level.PROVINCIAL}
    )


def _sheet_counts(
    cycle: Cycle, provinces: set[str] | None, today: dt.date
) -> list[tuple[str, int, int, int, int]]:
    """Per province and category: the sheets due (one per assignment), submitted, and late
    (of an open stage past its end date: `overdue`).

    One grouped query, with the submitted sheet LEFT JOINed to its assignment on (stage,
    member, nomination): both are unique on these three (`one_assignment`, `one_sheet`), so a
    row per assignment, and the join is much cheaper on the national board than an EXISTS per
    assignment (the ORM cannot join two models on three columns without a relation).
    """
    if provinces is not None and not provinces:
        return []
    params = [StageStatus.OPEN, connection.ops.adapt_datefield_value(today), cycle.pk, True]
    scope = ""
    params.append(NominationStatus.NOMINATED)
    if provinces is not None:
        scope = f" AND n.province IN ({', '.join(['%s'] * len(provinces))}) AND c.level = %s"
        params += [*sorted(provinces), Level.PROVINCIAL]
    sql = f"""
        SELECT n.province, n.category_id, COUNT(a.id), COUNT(s.id),
               SUM(CASE WHEN st.status = %s AND st.ends_on < %s AND s.id IS NULL
                   THEN 1 ELSE 0 END)
        FROM {Assignment._meta.db_table} a
        JOIN {Stage._meta.db_table} st ON st.id = a.stage_id
        JOIN {Nomination._meta.db_table} n ON n.id = a.nomination_id
        JOIN {Category._meta.db_table} c ON c.id = n.category_id
        LEFT JOIN {ScoreSheet._meta.db_table} s ON s.stage_id = a.stage_id
            AND s.member_id = a.member_id AND s.nomination_id = a.nomination_id
            AND s.submitted_at IS NOT NULL
        WHERE st.cycle_id = %s AND c.enabled = %s AND n.status = %s{scope}
        GROUP BY n.province, n.category_id
    """  # table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


# -- the board --------------------------------------------------------------------------------


def board(
    *, cycle: Cycle, provinces: Iterable[str] | None = None, today: dt.date | None = None
) -> Board:
    """The board of `cycle`, for every province (None) or for the given ones only.

    A constant number of queries: stages, categories, provinces, then one aggregate each of
    nominations, evidence, assignments, interviews and decisions.
    """
    today = today or timezone.localdate()
    wanted = set(provinces) if provinces is not None else None
    stages = _stages(cycle)
    deadlines = {key: stage.ends_on for key, stage in stages.items()}
    categories = list(Category.objects.filter(cycle=cycle, enabled=True).order_by("level", "order"))
    regions = Region.objects.filter(level="provinsi").order_by("name")
    if wanted is not None:
        regions = regions.filter(code__in=wanted)
    places = list(regions.values_list("code", "name", "zone_id"))
    zone_of = {code: zone or "" for code, _name, zone in places}

    cells: dict[tuple[str, int], Figures] = defaultdict(Figures)

    nominated = Nomination.objects.filter(
        category__cycle=cycle, category__enabled=True, status=NominationStatus.NOMINATED
    )
    for row in (
        _scoped(nominated, "", wanted)
        .values("province", "category_id")
        .annotate(
            nominees=Count("id"),
            submitted=Count("id", filter=Q(self_assessment__submitted_at__isnull=False)),
            promoted=Count("id", filter=_promoted(cycle)),
        )
        .order_by()
    ):
        cell = cells[(row["province"], row["category_id"])]
        cell.nominees, cell.submitted, cell.promoted = (
            row["nominees"],
            row["submitted"],
            row["promoted"],
        )

    evidence = Evidence.objects.filter(
        nomination__category__cycle=cycle,
        nomination__category__enabled=True,
        nomination__status=NominationStatus.NOMINATED,
    )
    for row in (
        _scoped(evidence, "nomination__", wanted)
        .values("nomination__province", "nomination__category_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        cells[(row["nomination__province"], row["nomination__category_id"])].evidence = row["n"]

    for province, category_id, due, done, late in _sheet_counts(cycle, wanted, today):
        cell = cells[(province, category_id)]
        cell.sheets_due, cell.sheets_done, cell.sheets_late = due, done, late or 0

    slots = InterviewSlot.objects.filter(
        stage__cycle=cycle,
        nomination__category__enabled=True,
        nomination__status=NominationStatus.NOMINATED,
    )
    pending = Q(attendance=Attendance.PENDING)
    for row in (
        _scoped(slots, "nomination__", wanted)
        .values("nomination__province", "nomination__category_id")
        .annotate(
            n=Count("id"),
            held=Count("id", filter=~pending),
            late=Count(
                "id",
                filter=pending & Q(stage__status=StageStatus.OPEN, stage__ends_on__lt=today),
            ),
        )
        .order_by()
    ):
        cell = cells[(row["nomination__province"], row["nomination__category_id"])]
        cell.interviews, cell.interviews_held, cell.interviews_late = (
            row["n"],
            row["held"],
            row["late"],
        )

    decided: dict[tuple[int, str], int] = {
        (row["category_id"], row["group"]): row["n"]
        for row in Decision.objects.filter(category__cycle=cycle, category__enabled=True)
        .values("category_id", "group")
        .annotate(n=Count("id"))
        .order_by()
    }

    teams = {
        row["panel__province"]: Team(row["n"], bool(row["chairs"]))
        for row in PanelMember.objects.filter(panel__cycle=cycle, panel__level=Level.PROVINCIAL)
        .values("panel__province")
        .annotate(n=Count("id"), chairs=Count("id", filter=Q(role=MemberRole.CHAIR)))
        .order_by()
    }

    provincial = [c for c in categories if c.level == Level.PROVINCIAL]
    blocks = []
    total = Figures()
    for code, name, _zone in places:
        lines = []
        block_total = Figures()
        for category in provincial:
            figures = cells.get((code, category.pk), Figures())
            figures.places = decided.get((category.pk, code), 0)
            figures.groups = 1 if figures.nominees else 0
            figures.decided = 1 if figures.places else 0
            decision = stages.get((category.level, StageKind.DECISION))
            if figures.decided:
                _settle(figures)
            else:
                _late_submissions(figures, stages, category.level, today)
                if figures.nominees and overdue(decision, today):
                    figures.decisions_late = 1
            lines.append(_line(category, code, name, figures, _notes(figures, stages, today)))
            block_total.add(figures)
        blocks.append(ProvinceBlock(code, name, lines, block_total, teams.get(code, Team())))
        total.add(block_total)

    national = []
    if wanted is None:
        for category in (c for c in categories if c.level == Level.NATIONAL):
            figures = Figures()
            groups: set[str] = set()
            done = {g for (c, g) in decided if c == category.pk}
            per_zone = category.eligibility.get("per_zone")
            for (province, category_id), cell in cells.items():
                if category_id != category.pk:
                    continue
                group = (zone_of.get(province) or NATION) if per_zone else NATION
                if group in done:
                    _settle(cell)
                else:
                    _late_submissions(cell, stages, category.level, today)
                figures.add(cell)
                if cell.nominees:
                    groups.add(group)
            figures.places = sum(n for (c, _g), n in decided.items() if c == category.pk)
            figures.groups, figures.decided = len(groups | done), len(done)
            if overdue(stages.get((category.level, StageKind.DECISION)), today):
                figures.decisions_late = len(groups - done)
            national.append(
                _line(
                    category, "", "Nasional", figures, _notes(figures, stages, today, national=True)
                )
            )
            total.add(figures)
    return Board(cycle, today, blocks, national, total, deadlines, stages)


def _late_submissions(
    figures: Figures, stages: dict[tuple[str, str], Stage], level: str, today: dt.date
) -> None:
    if overdue(stages.get((level, StageKind.SELF_ASSESSMENT)), today):
        figures.submissions_late = figures.nominees - figures.submitted


def _notes(
    figures: Figures,
    stages: dict[tuple[str, str], Stage],
    today: dt.date,
    *,
    national: bool = False,
) -> list[str]:
    """Why what a line misses is not late, in words: its group is decided, or the
    self-assessment stage is closed, or its deadline is still ahead."""
    level = Level.NATIONAL if national else Level.PROVINCIAL
    missing = figures.nominees - figures.submitted
    unfinished = missing or figures.sheets_done < figures.sheets_due
    unfinished = unfinished or figures.interviews_held < figures.interviews
    if figures.groups and figures.decided == figures.groups:
        return [_("Juara confirmed: what is missing is no longer late")] if unfinished else []
    if not missing or figures.submissions_late:
        return []
    stage = stages.get((level, StageKind.SELF_ASSESSMENT))
    return [submission_note(stage, today, count=missing)] if stage is not None else []


def submission_note(stage: Stage, today: dt.date, *, count: int | None = None) -> str:
    """Self-assessments not submitted and not late, in words with the stage's deadline: the
    stage is closed (nothing can be sent any more), or open with its deadline ahead, or not
    open yet. `count` None: one candidate's own (the drill-down's row)."""
    if stage.status == StageStatus.CLOSED:
        text = (
            _("never submitted: the stage is closed")
            if count is None
            else ngettext(
                "%(count)s self-assessment never submitted: the stage is closed",
                "%(count)s self-assessments never submitted: the stage is closed",
                count,
            )
        )
    elif stage.status == StageStatus.OPEN:
        text = (
            _("not submitted yet")
            if count is None
            else ngettext(
                "%(count)s self-assessment not submitted yet",
                "%(count)s self-assessments not submitted yet",
                count,
            )
        )
    else:
        text = (
            _("the self-assessment stage is not open yet")
            if count is None
            else ngettext(
                "%(count)s self-assessment waiting: the stage is not open yet",
                "%(count)s self-assessments waiting: the stage is not open yet",
                count,
            )
        )
    if count is not None:
        text %= {"count": _count(count)}
    return f"{text} ({deadline(stage.ends_on)})" if stage.ends_on is not None else text


def _settle(figures: Figures) -> None:
    """A group whose Juara are decided: nothing of it is late any more. Its sheets are closed
    (`scores.ensure_undecided`), and a self-assessment or an interview record sent now would
    change nothing of what was decided; the done / due figures stay as they were."""
    figures.submissions_late = figures.sheets_late = figures.interviews_late = 0
    figures.decisions_late = 0


def _line(category: Category, province: str, name: str, figures: Figures, notes: list[str]) -> Line:
    return Line(
        category.level, province, name, category.pk, category.code, category.name, figures, notes
    )


# -- one province -----------------------------------------------------------------------------


@dataclass
class SheetState:
    assessor: str
    stage: str
    done: bool
    late: bool


@dataclass
class CandidateLine:
    pk: int
    name: str
    submitted_at: dt.datetime | None
    submission_late: bool
    evidence: int
    sheets: list[SheetState] = field(default_factory=list)
    interview: str = ""  # its attendance in words, "" when none is scheduled
    interview_late: bool = False
    place: str = ""  # Juara I.. once confirmed
    promoted: bool = False
    # why what it misses is not late, in words (its group decided, the stage closed, a
    # deadline ahead), for the reader who sees "not submitted" beside "on time"
    notes: list[str] = field(default_factory=list)

    @property
    def sheets_due(self) -> int:
        return len(self.sheets)

    @property
    def sheets_done(self) -> int:
        return sum(1 for s in self.sheets if s.done)

    @property
    def missing_sheets(self) -> list[SheetState]:
        return [s for s in self.sheets if not s.done]

    @property
    def late(self) -> list[str]:
        words = []
        if self.submission_late:
            words.append(_("self-assessment late"))
        late_sheets = sum(1 for s in self.sheets if s.late)
        if late_sheets:
            words.append(
                ngettext("%(count)s score sheet late", "%(count)s score sheets late", late_sheets)
                % {"count": _count(late_sheets)}
            )
        if self.interview_late:
            words.append(_("interview not recorded, late"))
        return words


@dataclass
class AssessorLine:
    pk: int
    name: str
    role: str
    due: int = 0
    done: int = 0
    late: int = 0
    missing: list[str] = field(default_factory=list)  # candidates whose sheet is not submitted


@dataclass
class CategoryDetail:
    line: Line
    candidates: list[CandidateLine]
    decision_late: bool


@dataclass
class ProvinceDetail:
    cycle: Cycle
    today: dt.date
    code: str
    name: str
    categories: list[CategoryDetail]
    assessors: list[AssessorLine]


class UnknownProvince(LookupError):
    pass


def province_detail(*, cycle: Cycle, province: str, today: dt.date | None = None) -> ProvinceDetail:
    """What is done and what is missing in one province's round: per category, per candidate,
    per assessor. A constant number of queries, like the board."""
    today = today or timezone.localdate()
    region = Region.objects.filter(level="provinsi", code=province).first()
    if region is None:
        raise UnknownProvince(province)
    province_board = board(cycle=cycle, provinces=[province], today=today)
    summary, stages = province_board.provinces[0], province_board.stages
    sa_stage = stages.get((Level.PROVINCIAL, StageKind.SELF_ASSESSMENT))
    nominations = list(
        Nomination.objects.filter(
            category__cycle=cycle,
            category__level=Level.PROVINCIAL,
            category__enabled=True,
            province=province,
            status=NominationStatus.NOMINATED,
        )
        .select_related("self_assessment")
        .annotate(is_promoted=_promoted(cycle))
        .order_by("name")
    )
    evidence = dict(
        Evidence.objects.filter(nomination__in=[n.pk for n in nominations])
        .values("nomination_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("nomination_id", "n")
    )
    sa_late = overdue(sa_stage, today)
    # A category whose Juara are decided here: nothing of its candidates is late any more.
    settled = {line.category_id for line in summary.lines if line.figures.decided}
    category_of = {n.pk: n.category_id for n in nominations}
    candidates: dict[int, CandidateLine] = {}
    by_category: dict[int, list[CandidateLine]] = defaultdict(list)
    for n in nominations:
        self_assessment = getattr(n, "self_assessment", None)
        submitted_at = self_assessment.submitted_at if self_assessment is not None else None
        line = CandidateLine(
            pk=n.pk,
            name=n.name,
            submitted_at=submitted_at,
            submission_late=sa_late and submitted_at is None and n.category_id not in settled,
            evidence=evidence.get(n.pk, 0),
            promoted=n.is_promoted,
        )
        candidates[n.pk] = line
        by_category[n.category_id].append(line)

    assessors: dict[int, AssessorLine] = {}
    assignments = (
        Assignment.objects.filter(nomination_id__in=candidates.keys(), stage__cycle=cycle)
        .annotate(done=sheet_submitted())
        .select_related("member__user", "stage")
        .order_by("stage__order", "member_id")
    )
    for a in assignments:
        late = (
            not a.done and overdue(a.stage, today) and category_of[a.nomination_id] not in settled
        )
        name = a.member.display_name
        candidates[a.nomination_id].sheets.append(
            SheetState(name, a.stage.get_kind_display(), a.done, late)
        )
        found = assessors.setdefault(
            a.member_id, AssessorLine(a.member_id, name, a.member.get_role_display())
        )
        found.due += 1
        found.done += int(a.done)
        found.late += int(late)
        if not a.done:
            found.missing.append(candidates[a.nomination_id].name)
    slots: dict[int, str] = {}  # attendance per candidate
    for slot in InterviewSlot.objects.filter(nomination_id__in=candidates.keys()).select_related(
        "stage", "nomination__category"
    ):
        slots[slot.nomination_id] = slot.attendance
        line = candidates[slot.nomination_id]
        line.interview = slot.attendance_words  # a company's leadership, not a regional head
        line.interview_late = (
            slot.attendance == Attendance.PENDING
            and overdue(slot.stage, today)
            and category_of[slot.nomination_id] not in settled
        )
    for n in nominations:
        _candidate_notes(
            candidates[n.pk],
            sa_stage,
            today,
            decided=n.category_id in settled,
            pending_interview=slots.get(n.pk) == Attendance.PENDING,
        )
    for decision in Decision.objects.filter(
        category__cycle=cycle, category__level=Level.PROVINCIAL, group=province
    ):
        if decision.nomination_id in candidates:
            place = decision.place
            candidates[decision.nomination_id].place = (
                PLACES[place - 1] if place <= len(PLACES) else f"Juara {place}"
            )
    details = [
        CategoryDetail(
            line, by_category.get(line.category_id, []), bool(line.figures.decisions_late)
        )
        for line in summary.lines
    ]
    members = sorted(
        assessors.values(), key=lambda m: (m.done >= m.due, -(m.due - m.done), m.name.lower())
    )
    return ProvinceDetail(cycle, today, province, region.name, details, members)


def _candidate_notes(
    line: CandidateLine,
    stage: Stage | None,
    today: dt.date,
    *,
    decided: bool,
    pending_interview: bool,
) -> None:
    """Why a candidate's missing work is not late: its group's Juara are confirmed, or the
    self-assessment stage is closed or its deadline is ahead."""
    missing = line.submitted_at is None or bool(line.missing_sheets) or pending_interview
    if decided:
        if missing:
            line.notes.append(_("Juara of the group confirmed: no longer late"))
        return
    if line.submitted_at is None and not line.submission_late and stage is not None:
        line.notes.append(submission_note(stage, today))
