"""Running a panel (/panel/<pk>/): members, conflicts of interest, assignments, interviews.

Only the panel's chair and secretary, its province's admin and the national secretariat manage
a panel (`access.manage_panel`); only the national secretariat overrides a conflict.
Every change is a command (`paritrana.commands.judging`), whose refusals (in Bahasa Indonesia,
the access policy's included) are shown as messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from paritrana import versions
from paritrana.access.policy import allowed, require
from paritrana.assessment.domain.assignments import SCORED_STAGES
from paritrana.assessment.domain.conflicts import Finding, findings
from paritrana.assessment.domain.panels import nominations_of
from paritrana.assessment.models import (
    Assignment,
    Attendance,
    InterviewSlot,
    Panel,
    PanelMember,
)
from paritrana.awards.models import Nomination, Stage, StageKind
from paritrana.commands.judging import (
    assign,
    auto_assign,
    override_conflict,
    record_attendance,
    schedule_interview,
    unassign,
)
from paritrana.errors import DomainError
from paritrana.regions.models import Region
from paritrana.web.views.results import refusing

AUTO_RESULT = "paritrana.auto_assignment"


def _managed_panel(request: HttpRequest, pk: int) -> Panel:
    panel = get_object_or_404(Panel.objects.select_related("cycle"), pk=pk)
    require(request.user, "access.manage_panel", panel)
    return panel


@dataclass(frozen=True)
class Cell:
    member: PanelMember
    assignment: Assignment | None
    conflicts: list[Finding]  # active ones: the pair may not be assigned
    overridden: bool


@dataclass(frozen=True)
class MatrixRow:
    nomination: Nomination
    cells: list[Cell]
    assigned: int


@dataclass(frozen=True)
class ConflictRow:
    member: PanelMember
    nomination: Nomination
    finding: Finding
    first_of_pair: bool  # the override form goes on the pair's first row


def _stages(panel: Panel) -> list[Stage]:
    return list(
        panel.cycle.stages.filter(level=panel.level, kind__in=SCORED_STAGES).order_by("order")
    )


def _chosen_stage(stages: list[Stage], value: str | None) -> Stage | None:
    by_pk = {str(s.pk): s for s in stages}
    if value in by_pk:
        return by_pk[value]
    return next((s for s in stages if s.status == "open"), stages[0] if stages else None)


def _matrix(
    stage: Stage | None,
    members: list[PanelMember],
    nominations: list[Nomination],
    found: dict[tuple[int, int], list[Finding]],
) -> list[MatrixRow]:
    assignments = {}
    if stage is not None:
        assignments = {
            (a.member_id, a.nomination_id): a
            # What a cell shows of it: hundreds of rows on a large province's team.
            for a in Assignment.objects.filter(stage=stage, member__in=members).only(
                "id", "member_id", "nomination_id", "method"
            )
        }
    rows = []
    for nomination in nominations:
        cells = []
        for member in members:
            pair = (member.pk, nomination.pk)
            pair_findings = found.get(pair, [])
            cells.append(
                Cell(
                    member=member,
                    assignment=assignments.get(pair),
                    conflicts=[f for f in pair_findings if f.active],
                    overridden=bool(pair_findings) and all(not f.active for f in pair_findings),
                )
            )
        rows.append(MatrixRow(nomination, cells, sum(1 for c in cells if c.assignment is not None)))
    return rows


# Where each form of the kept people tables takes the reader's own CSRF token (`panel_detail`).
_CSRF = "\x00csrf\x00"


def _matrix_rows(matrix: list[MatrixRow], stage: Stage | None, panel: Panel) -> str:
    """The matrix's rows, written here rather than in the template: a provincial team has
    hundreds of candidates and ten members, and the template language spent half a second on
    those thousands of cells (benchmarks/national_cycle.py). The whole matrix is one form
    (`panel_detail.html`): each cell's button names what it does (`assign` = "member-candidate",
    `unassign` = the assignment), so a cell carries no form, token or hidden field of its own
    (Jawa Timur's matrix was 1.3 MB with a form in every cell)."""
    words = {
        "conflict": escape(gettext("Conflict")),
        "otomatis": escape(gettext("auto")),
        "manual": escape(gettext("by hand")),
        "remove_title": escape(gettext("Remove the assignment")),
        "remove": escape(gettext("Remove")),
        "assign": escape(gettext("Assign")),
        "overridden": escape(gettext("conflict overridden")),
    }
    needed = panel.assessors_per_candidate
    out: list[str] = []
    for row in matrix:
        nomination = row.nomination
        out.append(
            f'<tr data-nomination="{nomination.pk}">\n  <th scope="row">{escape(nomination.name)}'
            f'<br><span class="note">{escape(nomination.category.display_name)}</span></th>\n  '
        )
        for cell in row.cells:
            classes = "cell"
            if cell.assignment:
                classes += " assigned"
            if cell.conflicts:
                classes += " conflict"
            out.append(f'\n  <td class="{classes}" data-member="{cell.member.pk}">\n    ')
            if cell.conflicts:
                out.append(
                    f'<span class="conflict-mark" title="{escape(cell.conflicts[0].reason)}">'
                    f"{words['conflict']}</span>"
                )
            out.append("\n    ")
            if cell.assignment:
                method = words["otomatis" if cell.assignment.method == "otomatis" else "manual"]
                out.append(
                    f'<span class="assigned-mark">✓ {method}</span>\n      '
                    f'<button type="submit" class="secondary unassign" name="unassign" '
                    f'value="{cell.assignment.pk}" title="{words["remove_title"]}">'
                    f"{words['remove']}</button>\n    "
                )
            elif not cell.conflicts:
                out.append(
                    f'<button type="submit" class="assign" name="assign" '
                    f'value="{cell.member.pk}-{nomination.pk}">{words["assign"]}</button>'
                )
                if cell.overridden:
                    out.append(f' <span class="note">{words["overridden"]}</span>')
                out.append("\n    ")
            out.append("\n  </td>")
        shortfall = " shortfall" if row.assigned < needed else ""
        out.append(f'\n  <td class="num{shortfall}">{row.assigned}/{needed}</td>\n</tr>')
    return "".join(out)  # every value above is escaped


def _conflict_rows(
    members: list[PanelMember],
    nominations: list[Nomination],
    found: dict[tuple[int, int], list[Finding]],
) -> list[ConflictRow]:
    by_member = {m.pk: m for m in members}
    by_nomination = {n.pk: n for n in nominations}
    rows = []
    for (member_id, nomination_id), pair in sorted(
        found.items(),
        key=lambda item: (by_nomination[item[0][1]].name, by_member[item[0][0]].display_name),
    ):
        for i, finding in enumerate(pair):
            rows.append(
                ConflictRow(by_member[member_id], by_nomination[nomination_id], finding, i == 0)
            )
    return rows


def _region_names(members: list[PanelMember]) -> dict[str, str]:
    codes = {m.region_code for m in members if m.region_code}
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


@login_required
@refusing
def panel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _managed_panel(request, pk)
    stages = _stages(panel)
    if request.method == "POST":
        stage = _chosen_stage(stages, request.POST.get("tahap"))
        _handle_post(request, panel, stage)
        url = reverse("web:panel", args=[panel.pk])
        return redirect(f"{url}?tahap={stage.pk}" if stage else url)
    stage = _chosen_stage(stages, request.GET.get("tahap"))
    auto = request.session.pop(AUTO_RESULT, None)
    if auto and (stage is None or auto.get("stage") != stage.pk):
        auto = None
    may_override = allowed(request.user, "access.override_conflict")
    kept = _panel_tables(panel, stage, may_override)
    token = escape(get_token(request))
    return render(
        request,
        "web/assessment/panel_detail.html",
        {
            "panel": panel,
            "stages": stages,
            "stage": stage,
            "auto": auto,
            # Each form of the kept tables gets the reader's own token; every value escaped.
            "people_tables": mark_safe(kept["people"].replace(_CSRF, token)),
            "matrix_table": mark_safe(kept["matrix"]),
        },
    )


def _panel_tables(panel: Panel, stage: Stage | None, may_override: bool) -> dict[str, str]:
    """The panel's members, conflicts and assignment matrix as HTML, kept in this process until
    the data changes (`paritrana.versions`). Everyone who reaches this page manages the panel
    (`access.manage_panel`) and sees all of it; whether the reader may override a conflict is
    part of the key, and the reader's own CSRF token is put into the forms on each request."""

    def compute() -> dict[str, str]:
        members = list(panel.members.select_related("user", "panel"))
        nominations = list(nominations_of(panel))
        found = findings(members, nominations)
        context = {
            "members": members,
            "region_names": _region_names(members),
            "conflicts": _conflict_rows(members, nominations, found),
            "may_override": may_override,
            "stage": stage,
            "csrf_token": _CSRF,
            "matrix_rows": mark_safe(  # every value in it escaped
                _matrix_rows(_matrix(stage, members, nominations, found), stage, panel)
            ),
        }
        return {
            "people": render_to_string("web/assessment/_panel_people.html", context),
            "matrix": render_to_string("web/assessment/_panel_matrix.html", context),
        }

    key = (panel.pk, stage.pk if stage else None, may_override, get_language())
    return versions.remembered("panel.tables", key, compute)


def _member(panel: Panel, value: str | None) -> PanelMember:
    return get_object_or_404(
        PanelMember.objects.select_related("user", "panel"), panel=panel, pk=_pk(value)
    )


def _nomination(panel: Panel, value: str | None) -> Nomination:
    return get_object_or_404(nominations_of(panel), pk=_pk(value))


def _pk(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _matrix_button(post: Any) -> tuple[str | None, dict[str, str]]:
    """What a button of the matrix form asks: its name is the action, its value what it acts on
    ("member-candidate" for `assign`, the assignment for `unassign`). Any other form of the page
    names its action in an `action` field."""
    if "assign" in post:
        member, _, nomination = post["assign"].partition("-")
        return "assign", {"member": member, "nomination": nomination}
    if "unassign" in post:
        return "unassign", {"assignment": post["unassign"]}
    return post.get("action"), {}


def _handle_post(request: HttpRequest, panel: Panel, stage: Stage | None) -> None:
    action, fields = _matrix_button(request.POST)

    def field(name: str) -> str | None:
        return fields.get(name, request.POST.get(name))

    try:
        if action == "override":
            member = _member(panel, request.POST.get("member"))
            nomination = _nomination(panel, request.POST.get("nomination"))
            override_conflict(
                request.user,
                member=member,
                nomination=nomination,
                reason=request.POST.get("reason", ""),
            )
            messages.success(
                request,
                _("The conflict of %(member)s with %(nomination)s is overridden.")
                % {"member": member.display_name, "nomination": nomination.name},
            )
            return
        if stage is None:
            messages.error(request, _("This round has no verification or interview stage."))
            return
        if action == "assign":
            assign(
                request.user,
                stage=stage,
                member=_member(panel, field("member")),
                nomination=_nomination(panel, field("nomination")),
            )
        elif action == "unassign":
            assignment = get_object_or_404(
                Assignment.objects.select_related("stage__cycle", "member"),
                pk=_pk(field("assignment")),
                member__panel=panel,
                stage=stage,
            )
            unassign(request.user, assignment=assignment)
        elif action == "auto":
            result = auto_assign(request.user, stage=stage, panel=panel)
            # Kept for the next page only (post/redirect/get), in plain data.
            request.session[AUTO_RESULT] = {
                "stage": stage.pk,
                "created": len(result.created),
                "load": sorted(result.load.items()),
                "unmet": [
                    [u.nomination.name, u.required, u.assigned, u.reason] for u in result.unmet
                ],
            }
    except DomainError as exc:
        messages.error(request, str(exc))


# -- interviews ---------------------------------------------------------------------------


class ScheduleForm(forms.Form):
    nomination = forms.ModelChoiceField(label=_("Candidate"), queryset=Nomination.objects.none())
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, initial=30)
    place = forms.CharField(label=_("Place or meeting link"), max_length=200, required=False)

    def __init__(self, *args: Any, panel: Panel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["nomination"]
        field.queryset = nominations_of(panel)  # type: ignore[attr-defined]
        field.label_from_instance = lambda n: n.name  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(choices=Attendance.choices)
    attendee = forms.CharField(max_length=200, required=False)
    notes = forms.CharField(required=False)


@login_required
@refusing
def panel_interviews(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _managed_panel(request, pk)
    stage = panel.cycle.stages.filter(level=panel.level, kind=StageKind.INTERVIEW).first()
    form = ScheduleForm(panel=panel)
    if request.method == "POST" and stage is not None:
        form, done = _handle_interview_post(request, panel, stage)
        if done:
            return redirect("web:panel_interviews", pk=panel.pk)
    slots = (
        InterviewSlot.objects.filter(stage=stage, nomination__in=nominations_of(panel))
        .select_related("nomination__category")
        .order_by("starts_at")
        if stage is not None
        else InterviewSlot.objects.none()
    )
    return render(
        request,
        "web/assessment/panel_interviews.html",
        {
            "panel": panel,
            "stage": stage,
            "slots": slots,
            "form": form,
            "head_in_person": Attendance.HEAD_IN_PERSON,
            "pending": Attendance.PENDING,
        },
    )


def _handle_interview_post(
    request: HttpRequest, panel: Panel, stage: Stage
) -> tuple[ScheduleForm, bool]:
    empty = ScheduleForm(panel=panel)
    try:
        if request.POST.get("action") == "attendance":
            slot = get_object_or_404(
                InterviewSlot.objects.select_related("stage__cycle", "nomination"),
                pk=_pk(request.POST.get("slot")),
                stage=stage,
                nomination__in=nominations_of(panel),
            )
            attendance = AttendanceForm(request.POST)
            if not attendance.is_valid():
                messages.error(request, _("Choose the attendance from the list."))
                return empty, False
            record_attendance(request.user, slot=slot, **attendance.cleaned_data)
            messages.success(
                request,
                _("Attendance of %(name)s is recorded.") % {"name": slot.nomination.name},
            )
            return empty, True
        form = ScheduleForm(request.POST, panel=panel)
        if not form.is_valid():
            return form, False
        data = form.cleaned_data
        schedule_interview(
            request.user,
            stage=stage,
            nomination=data["nomination"],
            starts_at=data["starts_at"],
            minutes=data["minutes"],
            place=data["place"],
        )
        messages.success(
            request,
            _("The interview of %(name)s is scheduled.") % {"name": data["nomination"].name},
        )
        return empty, True
    except DomainError as exc:
        messages.error(request, str(exc))
        return ScheduleForm(request.POST, panel=panel), False
