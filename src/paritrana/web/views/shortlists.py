"""The secretariat's shortlists (/sekretariat/<cycle>/daftar-pendek/): every round with its
counts, and one round's candidates with the reason each is in or out, drawn, added and removed
by hand through the commands of `paritrana.commands.awards`.

A round is a category in one province; the national round of a national category is the
province "00" (`nominations.NATION`), drawn over every province at once (per zone for a
per-zone category). Who may is the policy's `access.nominate` on the round: the national admin
every round, a provincial admin their province's provincial rounds.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import pgettext, pgettext_lazy

from paritrana.access.policy import AccessDenied, allowed, require
from paritrana.awards.domain.nominations import NATION, NominationRound
from paritrana.awards.domain.shortlist_reasons import STATES, ensure_province, explain, rounds
from paritrana.awards.models import (
    Category,
    Cycle,
    Representative,
    Stage,
    StageKind,
    StageStatus,
)
from paritrana.commands.awards import add_nomination, draw_shortlist, remove_nomination
from paritrana.errors import DomainError
from paritrana.web.confirm import NOT_CONFIRMED
from paritrana.web.listing import Column, Filter, Listing, listing
from paritrana.web.stage_words import stage_lock_reason

REFUSED = "Daftar pendek hanya untuk admin nasional dan admin provinsi."


class DrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=pgettext_lazy("shortlist", "I have checked the rule and want to draw this shortlist"),
        error_messages={
            "required": pgettext_lazy("shortlist", "Tick the box to confirm the draw.")
        },
    )


class AddForm(forms.Form):
    key = forms.CharField(
        label=pgettext_lazy("shortlist", "Candidate"),
        max_length=60,
        error_messages={"required": pgettext_lazy("shortlist", "Choose a candidate to add.")},
    )
    reason = forms.CharField(
        label=pgettext_lazy("shortlist", "Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": pgettext_lazy("shortlist", "A reason is required.")},
    )


class RemoveForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=pgettext_lazy("shortlist", "Reason for removing"),
        error_messages={"required": pgettext_lazy("shortlist", "A reason is required.")},
    )
    # Removing cannot be undone from this page: never without the "I am sure" box.
    yakin = forms.BooleanField(error_messages={"required": NOT_CONFIRMED})


@login_required
def shortlists(request: HttpRequest, cycle: int) -> HttpResponse:
    the_cycle = get_object_or_404(Cycle, pk=cycle)
    all_rounds = rounds(the_cycle)
    every = [
        r
        for r in all_rounds
        if allowed(request.user, "access.nominate", NominationRound(r.category, r.province))
    ]
    if all_rounds and not every:
        raise AccessDenied(REFUSED)
    provinces = sorted({(r.province, r.province_name) for r in every if r.province != NATION})
    categories = list({r.category.pk: r.category for r in every}.values())
    province = request.GET.get("provinsi", "")
    category = request.GET.get("kategori", "")
    shown = [
        r
        for r in every
        if (not province or r.province == province)
        and (not category or str(r.category.pk) == category)
    ]
    everything = ("", pgettext("shortlist", "All"))
    found = listing(
        request,
        shown,
        columns=[
            Column("kategori", pgettext("shortlist", "Category"), lambda r: r.category.order),
            Column("babak", pgettext("shortlist", "Round"), lambda r: r.province),
            Column("nominasi", pgettext("shortlist", "Nominated"), lambda r: r.nominated, True),
            Column("data", pgettext("shortlist", "From data"), lambda r: r.by_data, True),
            Column("tangan", pgettext("shortlist", "By hand"), lambda r: r.by_hand, True),
            Column("keluar", pgettext("shortlist", "Removed"), lambda r: r.removed, True),
            Column("ditarik", pgettext("shortlist", "Drawn"), lambda r: r.drawn),
            Column("buka", ""),
        ],
        default="kategori",
        search=lambda r: f"{r.category.display_name} {r.category.name} {r.province_name}",
        search_label=pgettext("shortlist", "Category or province"),
        filters=[
            Filter(
                "provinsi", pgettext("shortlist", "Province"), [everything, *provinces], province
            ),
            Filter(
                "kategori",
                pgettext("shortlist", "Category"),
                [
                    everything,
                    *(
                        (str(c.pk), f"{c.display_name} ({c.get_level_display()})")
                        for c in categories
                    ),
                ],
                category,
            ),
        ],
    )
    return render(
        request,
        "web/secretariat/shortlists.html",
        {"cycle": the_cycle, "listing": found},
    )


@login_required
def shortlist(request: HttpRequest, cycle: int, category: int, province: str) -> HttpResponse:
    the_category = get_object_or_404(
        Category.objects.select_related("cycle"), pk=category, cycle_id=cycle
    )
    ensure_province(the_category, province)
    require(request.user, "access.nominate", NominationRound(the_category, province))
    forms_ = {"draw": DrawForm(), "add": AddForm(), "remove": RemoveForm()}
    year = the_category.cycle.assessment_year
    if request.method == "POST":
        done = _act(request, the_category, province, year, forms_)
        if done:
            return redirect(request.get_full_path())
    found = explain(category=the_category, province=province, year=year)
    rows = _rows(request, found)
    query = request.GET.get("q", "")
    return render(
        request,
        "web/secretariat/shortlist.html",
        {
            "cycle": the_category.cycle,
            "category": the_category,
            "province": province,
            "round_name": NominationRound(the_category, province).name,
            "shortlist": found,
            "listing": rows,
            "query": query,
            "addable": found.addable(query)[:50] if query or "tambah" in request.GET else [],
            "forms": forms_,
            "failed_key": request.POST.get("key", "") if request.method == "POST" else "",
            "lock": screening_lock(the_category),
            # The nominees somebody represents (the others' self-assessment has nobody to fill
            # it in: their name says so, and links to where the representatives are added).
            "represented": set(
                Representative.objects.filter(
                    nomination__in=[r.nomination for r in found.rows if r.nomination]
                ).values_list("nomination_id", flat=True)
            ),
        },
    )


def screening_lock(category: Category) -> str:
    """Why the round's shortlist cannot be drawn, added to or removed from now: its level's
    screening stage is closed ("Tahap ditutup pada ...") or not open yet ("Tahap belum
    dibuka"); empty while it is open. The page shows the buttons disabled with this reason;
    the domain refuses the same itself, closed or not yet open
    (`nominations.ensure_screening_open`), for the API and the CLI as for a stale page."""
    stage = Stage.objects.filter(
        cycle_id=category.cycle_id, level=category.level, kind=StageKind.SCREENING
    ).first()
    if stage is None or stage.status == StageStatus.OPEN:
        return ""
    return stage_lock_reason(stage)


PREFIX = "daftar-"  # the list's own parameters: ?q= searches the candidates to add


def _rows(request: HttpRequest, found: Any) -> Listing:
    """The round's candidates, searched, filtered by status, sorted and paged by the URL."""
    state = request.GET.get(f"{PREFIX}status", "")
    rows = found.rows
    if state in STATES:
        rows = [r for r in rows if r.state == state]
    return listing(
        request,
        rows,
        columns=[
            Column("peringkat", pgettext("shortlist", "Rank"), lambda r: r.position, numeric=True),
            Column("nama", pgettext("shortlist", "Candidate"), lambda r: r.name),
            Column("letak", pgettext("shortlist", "Where"), lambda r: r.place or None),
            Column("nilai", capfirst(found.metric), lambda r: r.value, numeric=True),
            Column("status", pgettext("shortlist", "Status"), lambda r: r.state_text),
            Column("alasan", pgettext("shortlist", "Reason")),
            Column("aksi", ""),
        ],
        default="peringkat",
        search=lambda r: f"{r.name} {r.place} {r.key}",
        search_label=pgettext("shortlist", "Candidate"),
        filters=[
            Filter(
                f"{PREFIX}status",
                pgettext("shortlist", "Status"),
                [("", pgettext("shortlist", "(all)")), *STATES.items()],
                state,
            )
        ],
        prefix=PREFIX,
    )


def _act(
    request: HttpRequest,
    category: Category,
    province: str,
    year: int,
    forms_: dict[str, forms.Form],
) -> bool:
    """Run the posted action through its command; False with the refusal at its field."""
    action = request.POST.get("action", "")
    if action not in forms_:
        return False
    form = {"draw": DrawForm, "add": AddForm, "remove": RemoveForm}[action](request.POST)
    forms_[action] = form
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        if action == "draw":
            drawn = draw_shortlist(request.user, category=category, province=province, year=year)
            messages.success(
                request,
                pgettext("shortlist", "Shortlist drawn: %(n)d new nominees.") % {"n": len(drawn)},
            )
        elif action == "add":
            found = explain(category=category, province=province, year=year)
            candidate = found.candidate(data["key"])
            add_nomination(
                request.user,
                category=category,
                province=province,
                candidate=candidate,
                reason=data["reason"],
            )
            messages.success(
                request, pgettext("shortlist", "%(name)s added.") % {"name": candidate.name}
            )
        else:
            found = explain(category=category, province=province, year=year)
            nomination = found.nomination(data["key"])
            remove_nomination(request.user, nomination=nomination, reason=data["reason"])
            messages.success(
                request, pgettext("shortlist", "%(name)s removed.") % {"name": nomination.name}
            )
    except AccessDenied:
        raise  # the 403 page, with its reason
    except DomainError as exc:  # a closed stage, a missing reason...: said at the field
        field = None if action == "draw" else ("reason" if "lasan" in exc.message else "key")
        form.add_error(field, exc.message)
        return False
    return True
