"""The secretariat's progress board, its drill-down to a province, its workbook, the reminders
(the secretariat's list with its "send" button, and each person's own), and the public
announcement as a PDF.

Who sees what is the access policy's (`access.view_progress`, `access.send_reminders`): the
national admin every province and the national round, a provincial admin its own province.
The figures are `paritrana.assessment.domain.progress` (a constant number of queries whatever
the number of candidates); sending reminders is the command `reminders.send`.
"""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from paritrana import versions
from paritrana.access.policy import require
from paritrana.assessment.domain.progress import (
    Board,
    Figures,
    Line,
    UnknownProvince,
    board,
    province_detail,
)
from paritrana.assessment.domain.publication import PublicationNotFound, cycle_for
from paritrana.assessment.domain.reminders import email_configured, late_tally, plan, waiting
from paritrana.assessment.models import Reminder, ReminderKind
from paritrana.awards.models import Cycle
from paritrana.commands.progress import progress_scope, send_reminders
from paritrana.errors import DomainError
from paritrana.regions.models import Region
from paritrana.reports.announcement import NothingPublished, announcement_pdf
from paritrana.reports.pdf import PDF_CONTENT_TYPE
from paritrana.reports.workbooks.progress import write_progress
from paritrana.web.confirm import confirmed
from paritrana.web.responses import XLSX, attachment
from paritrana.web.templatetags.humanize_id import ribuan
from paritrana.web.views.results import refusing

VIEW = "access.view_progress"
NATIONAL_ROUND = "nasional"  # the reminders' filter value of the national round's entries
SEND = "access.send_reminders"


def _scope_names(provinces: set[str] | None) -> list[str]:
    if provinces is None:
        return []
    return list(
        Region.objects.filter(level="provinsi", code__in=provinces)
        .order_by("name")
        .values_list("name", flat=True)
    )


_LATE = " late"  # the class of a late figure's cell


def _row(line: Line, **extra: Any) -> dict[str, Any]:
    """One line of the board, as plain values for the page (a row per category and province,
    about 160 on the national board). The figures' cells are written here rather than in the
    template, like the panel's matrix (web/views/panels.py): the template language spent more
    on them than the whole board's queries. The markup is the template's; the numbers have the
    page's thousands separator ("949 / 2.889", in English "949 / 2,889")."""
    f = line.figures
    n = ribuan
    late = f.late
    if not line.province:
        juara = gettext("%(decided)s of %(groups)s groups") % {
            "decided": f.decided,
            "groups": f.groups,
        }
    elif f.places:
        juara = ngettext(
            "confirmed (%(places)s place)", "confirmed (%(places)s places)", f.places
        ) % {"places": f.places}
    else:
        juara = gettext("not yet") if f.nominees else "-"
    cells = "".join(
        [
            f'\n<td class="num">{n(f.nominees)}</td>',
            f'\n<td class="num{_LATE if f.submissions_late else ""}">',
            f"{n(f.submitted)} / {n(f.nominees)}</td>",
            f'\n<td class="num">{n(f.evidence)}</td>',
            f'\n<td class="num{_LATE if f.sheets_late else ""}">',
            f"{n(f.sheets_done)} / {n(f.sheets_due)}</td>",
            f'\n<td class="num{_LATE if f.interviews_late else ""}">',
            f"{n(f.interviews_held)} / {n(f.interviews)}</td>",
            f'\n<td class="{"late" if f.decisions_late else ""}">{escape(juara)}</td>',
            f'\n<td class="num">{f.promoted if line.province else "-"}</td>',
            '\n<td class="late-words">',
            "<br>".join(
                [f'<span class="late">{escape(word)}</span>' for word in late]
                + [f'<span class="note why">{escape(note)}</span>' for note in line.notes]
            )
            or f'<span class="note">{escape(gettext("on time"))}</span>',
            "</td>\n",
        ]
    )
    return {
        "category_code": line.category_code,
        "category_name": line.category_display_name,
        "late": bool(late),
        "cells": mark_safe(cells),  # every text in it escaped above
        **extra,
    }


def _provincial_rows(cycle: int, found: Board, *, late_only: bool = False) -> list[dict[str, Any]]:
    """A row per category and province, every one of them as in the workbook (kemajuan.xlsx):
    a category without nominees in a province is a row saying so, since a round nobody was
    nominated in is what a secretariat chases too. `late_only`: only the late lines, and only
    the provinces with one (of 38 provinces x 4 categories, the few a secretariat chases)."""
    rows = []
    for block in found.provinces:
        head = {
            "province": block.code,
            "name": block.name,
            "href": reverse("web:progress_province", args=[cycle, block.code]),
            "team": block.team.words,
            "unchaired": not block.team.chaired,
        }
        lines = [line for line in block.lines if line.figures.late or not late_only]
        for i, line in enumerate(lines):
            empty = not (line.figures.nominees or line.figures.places)
            rows.append(_row(line, head=head, rowspan=0 if i else len(lines), empty=empty))
    return rows


@login_required
@refusing
def progress(request: HttpRequest, cycle: int) -> HttpResponse:
    require(request.user, VIEW)
    cycle_obj = get_object_or_404(Cycle, pk=cycle)
    scope = progress_scope(request.user)
    late_only = request.GET.get("terlambat") == "1"
    return render(
        request,
        "web/secretariat/progress.html",
        {
            "cycle": cycle_obj,
            **_board_rows(cycle_obj, scope, late_only=late_only),
            "scope": _scope_names(scope),
            "national": scope is None,
            "late_only": late_only,
        },
    )


def _board_rows(cycle: Cycle, scope: set[str] | None, *, late_only: bool) -> dict[str, Any]:
    """The board and its rows, kept in this process until the data changes
    (`paritrana.versions`): the same for every reader of the same provinces, whose scope is
    part of the key (a provincial admin's board holds their province only), on the same day
    (what is late) and in the same language (the rows' words). The board is computed once for
    both filters; each filter's provincial rows (the late lines only, or every line) are kept
    beside it, under the same stamp."""
    today = timezone.localdate()
    provinces = tuple(sorted(scope)) if scope is not None else None
    key = (cycle.pk, provinces, today, get_language())
    stamp = versions.current()

    def compute() -> dict[str, Any]:
        found = board(cycle=cycle, provinces=scope, today=today)
        return {"board": found, "national_rows": [_row(line) for line in found.national]}

    kept = versions.remembered("progress.board", key, compute, stamp=stamp)
    provincial = versions.remembered(
        "progress.rows",
        (*key, late_only),
        lambda: _provincial_rows(cycle.pk, kept["board"], late_only=late_only),
        stamp=stamp,
    )
    return {**kept, "provincial_rows": provincial}


@login_required
@refusing
def progress_province(request: HttpRequest, cycle: int, province: str) -> HttpResponse:
    cycle_obj = get_object_or_404(Cycle, pk=cycle)
    if not Region.objects.filter(level="provinsi", code=province).exists():
        raise Http404(_("There is no province with this code."))
    require(request.user, VIEW, province)
    try:
        detail = province_detail(cycle=cycle_obj, province=province)
    except UnknownProvince:
        raise Http404(_("There is no province with this code.")) from None
    return render(
        request,
        "web/secretariat/progress_province.html",
        {"cycle": cycle_obj, "detail": detail, "national": progress_scope(request.user) is None},
    )


@login_required
@refusing
def progress_xlsx(request: HttpRequest, cycle: int) -> HttpResponse:
    require(request.user, VIEW)
    cycle_obj = get_object_or_404(Cycle, pk=cycle)
    found = board(cycle=cycle_obj, provinces=progress_scope(request.user))
    buffer = io.BytesIO()
    write_progress(buffer, board=found, requested_by=request.user.get_username())
    name = f"kemajuan-{cycle_obj.assessment_year}-{timezone.localdate():%Y%m%d}.xlsx"
    response = attachment(buffer.getvalue(), name, XLSX)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@refusing
@require_http_methods(["GET", "POST"])
def reminders(request: HttpRequest, cycle: int) -> HttpResponse:
    require(request.user, VIEW)
    cycle_obj = get_object_or_404(Cycle, pk=cycle)
    if request.method == "POST":
        province = request.POST.get("provinsi", "").strip() or None
        force = request.POST.get("paksa") == "1"
        if province is None and not confirmed(request):
            # Everyone waiting is hundreds of people: nothing is sent before the sender has
            # seen how many and of what, and said yes (a second POST carrying `yakin`).
            require(request.user, SEND)
            return _confirm_send(request, cycle_obj, force=force)
        try:
            sent = send_reminders(
                request.user,
                cycle=cycle_obj,
                province=province,
                force=force,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _(
                    "%(reminded)d reminders recorded, %(emailed)d sent by email; "
                    "%(skipped)d skipped (already reminded today); %(nobody)d without an account."
                )
                % {
                    "reminded": sent.reminded,
                    "emailed": sent.emailed,
                    "skipped": sent.skipped_recent,
                    "nobody": sent.without_account,
                },
            )
        target = reverse("web:reminders", args=[cycle_obj.pk])
        return redirect(f"{target}?{urlencode({'provinsi': province})}" if province else target)
    scope = progress_scope(request.user)
    everyone = waiting(cycle=cycle_obj, provinces=scope)
    # Narrowed by the reader (the national admin's list runs to hundreds): a province, or the
    # national round ("nasional"), and the late only. Sending covers the province chosen, or
    # everyone waiting in the reader's scope.
    provinces = {(e.province or NATIONAL_ROUND): e.province_label for e in everyone}
    province = request.GET.get("provinsi", "")
    province = province if province in provinces else ""
    late_only = request.GET.get("terlambat") == "1"
    entries = [
        e
        for e in everyone
        if (not province or (e.province or NATIONAL_ROUND) == province)
        and (e.late or not late_only)
    ]
    to_province = province if province and province != NATIONAL_ROUND else ""
    recipients = [e for e in everyone if not to_province or e.province == to_province]
    return render(
        request,
        "web/secretariat/reminders.html",
        {
            "cycle": cycle_obj,
            "everyone": len(everyone),
            "entries": entries,
            "late": sum(1 for e in entries if e.late),
            # what is late, in the words (and counts) of the progress board and the home page
            "late_words": late_tally(entries).late,
            # late on the board too but nobody's to be reminded of (no reminder kind): said
            # here so that the home page's figures are all found on this page
            "interviews_late": _interviews_late(cycle_obj, scope) if not province else 0,
            "scope": _scope_names(scope),
            "email": email_configured(),
            "provinces": sorted(provinces.items(), key=lambda item: item[0]),
            "province": province,
            "late_only": late_only,
            "send_to": provinces[to_province] if to_province else "",
            "send_province": to_province,
            "recipients": len(recipients),
        },
    )


def _interviews_late(cycle: Cycle, scope: set[str] | None) -> str:
    """The board's interviews not recorded after their stage's end, in its words ("" if none)."""
    total = _board_rows(cycle, scope, late_only=True)["board"].total
    return "; ".join(Figures(interviews_late=total.interviews_late).late)


def _confirm_send(request: HttpRequest, cycle: Cycle, *, force: bool) -> HttpResponse:
    """The step before reminding everyone waiting in the sender's provinces: how many people,
    of which kinds of work, who is skipped; sending is the form's second POST."""
    scope = progress_scope(request.user)
    planned = plan(waiting(cycle=cycle, provinces=scope), force=force)
    return render(
        request,
        "web/secretariat/reminders_confirm.html",
        {
            "cycle": cycle,
            "planned": planned,
            "kinds": [(ReminderKind(kind).label, people) for kind, people in planned.by_kind],
            "force": force,
            "scope": _scope_names(scope),
            "email": email_configured(),
        },
    )


@login_required
def my_reminders(request: HttpRequest) -> HttpResponse:
    """What waits for the person, and the reminders they were sent."""
    return render(
        request,
        "web/secretariat/reminders_mine.html",
        {
            "entries": waiting(user=request.user),
            "received": list(
                Reminder.objects.filter(user=request.user).select_related("cycle")[:50]
            ),
        },
    )


def announcement_pdf_view(request: HttpRequest, year: int) -> HttpResponse:
    """The public announcement of the cycle's published rounds as a PDF (no login)."""
    context: dict[str, Any] = {"year": year}
    try:
        cycle = cycle_for(year)
        content = announcement_pdf(cycle=cycle)
    except (NothingPublished, PublicationNotFound) as exc:
        context["message"] = exc.message
        return render(request, "web/public/announcement_pdf_unavailable.html", context, status=404)
    name = f"{slugify('pengumuman paritrana award')}-{cycle.ceremony_year}.pdf"
    response = attachment(content, name, PDF_CONTENT_TYPE)
    response["Cache-Control"] = "public, max-age=300"
    return response
