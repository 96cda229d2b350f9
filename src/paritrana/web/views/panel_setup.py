"""Seating the panels of a cycle (issue 15, the secretariat's workbench).

- `/sekretariat/<cycle>/tim/`: every province's team and the national jury, with what each one
  still lacks; the missing panels made in one go or one by one; the teams of an earlier cycle
  copied (all, or one province's); the members' workbook (its template, a preview that writes
  nothing, then the import, whole or nothing).
- `/sekretariat/<cycle>/tim/<panel>/`: one panel's members: seat an existing account or a new
  person, change a seat, take one off, make a new activation link.
- `/aktivasi/<uidb64>/<token>/`: a new person sets their password and is logged in.

The national admin sees every panel, a provincial admin their province's (`access.seat_panels`,
then `access.manage_panel` per panel). Every change is a command of `paritrana.commands.roster`
or `.judging`. A new activation link is shown once, in the answer to the action that made it
(never redirected to, never cached, stored nowhere), unless it was mailed.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from paritrana.access.invitations import account_of_link, awaiting_activation, find_account
from paritrana.access.policy import administered_provinces, allowed, require
from paritrana.assessment.domain import roster
from paritrana.assessment.models import Affiliation, MemberRole, Panel, PanelMember
from paritrana.awards.models import Cycle, Level
from paritrana.commands.judging import add_member, remove_member
from paritrana.commands.roster import activate as activate_account
from paritrana.commands.roster import copy_teams, create_missing, import_roster, invite, seat
from paritrana.errors import DomainError
from paritrana.regions.models import Region

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROSTER_BYTES = 2 * 1024 * 1024


# -- the cycle's panels -----------------------------------------------------------------------


@dataclass(frozen=True)
class PanelRow:
    code: str  # "" for the national jury
    name: str
    panel: Panel | None
    chairs: int
    secretaries: int
    members: int

    @property
    def missing(self) -> list[str]:
        if self.panel is None:
            return [_("no team yet")]
        gaps = []
        if not self.chairs:
            gaps.append(_("no chair yet"))
        if not self.secretaries:
            gaps.append(_("no secretary yet"))
        if not self.members:
            gaps.append(_("no members yet"))
        return gaps


class RosterUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Members' workbook (XLSX)"))


def _rows(cycle: Cycle, user: Any) -> list[PanelRow]:
    national = allowed(user, "access.manage_judging")
    provinces = Region.objects.filter(level="provinsi").order_by("code")
    if not national:
        provinces = provinces.filter(code__in=administered_provinces(user))
    counted = Panel.objects.filter(cycle=cycle).annotate(
        n_chairs=Count("members", filter=Q(members__role=MemberRole.CHAIR)),
        n_secretaries=Count("members", filter=Q(members__role=MemberRole.SECRETARY)),
        n_members=Count("members"),
    )
    by_key = {(p.province if p.level == Level.PROVINCIAL else ""): p for p in counted}

    def row(code: str, name: str) -> PanelRow:
        panel = by_key.get(code)
        return PanelRow(
            code,
            name,
            panel,
            getattr(panel, "n_chairs", 0),
            getattr(panel, "n_secretaries", 0),
            getattr(panel, "n_members", 0),
        )

    rows = [row(region.code, region.name) for region in provinces]
    if national:
        rows.append(row("", _("National jury")))
    return rows


ALL_TEAMS = "semua"
NATIONAL_TEAM = "nasional"


def _earlier_cycles(cycle: Cycle) -> list[Cycle]:
    """The cycles before this one that have teams to copy, newest first."""
    return list(
        Cycle.objects.filter(assessment_year__lt=cycle.assessment_year, panels__isnull=False)
        .distinct()
        .order_by("-assessment_year")
    )


def _overview(
    request: HttpRequest, cycle: Cycle, *, status: int = 200, **extra: Any
) -> HttpResponse:
    rows = _rows(cycle, request.user)
    context = {
        "cycle": cycle,
        "rows": rows,
        "earlier": _earlier_cycles(cycle),
        "all_teams": ALL_TEAMS,
        "lacking": sum(1 for r in rows if r.panel is None),
        "incomplete": sum(1 for r in rows if r.missing),
        "national": allowed(request.user, "access.manage_judging"),
        "form": extra.pop("form", None) or RosterUploadForm(),
        **extra,
    }
    return render(request, "web/secretariat/panels.html", context, status=status)


def _read_upload(request: HttpRequest, form: RosterUploadForm) -> tuple[str, bytes] | None:
    if request.POST.get("content"):  # the confirmation of a preview carries the file back
        try:
            content = base64.b64decode(request.POST["content"], validate=True)
        except (binascii.Error, ValueError):
            return None
        return request.POST.get("file_name", "anggota.xlsx")[:200], content
    if not form.is_valid():
        return None
    upload = form.cleaned_data["file"]
    if upload.size > MAX_ROSTER_BYTES:
        form.add_error("file", _("The workbook is larger than 2 MB."))
        return None
    return upload.name, upload.read()


@never_cache
@login_required
def panels_setup(request: HttpRequest, cycle: int) -> HttpResponse:
    require(request.user, "access.seat_panels")
    the_cycle = get_object_or_404(Cycle, pk=cycle)
    if request.method != "POST":
        return _overview(request, the_cycle)
    action = request.POST.get("action", "")
    if action in ("create_missing", "create"):
        provinces = None if action == "create_missing" else [request.POST.get("province", "")]
        made = create_missing(request.user, cycle=the_cycle, provinces=provinces)
        messages.success(
            request,
            _("%(n)s panel(s) formed.") % {"n": len(made)},
        )
        return redirect("web:panels_setup", the_cycle.pk)
    if action == "copy":
        return _copy(request, the_cycle)
    form = RosterUploadForm(request.POST, request.FILES)
    upload = _read_upload(request, form)
    if upload is None:
        return _overview(request, the_cycle, form=form, status=400)
    file_name, content = upload
    if action == "preview":
        checked = roster.check(cycle=the_cycle, content=content, file_name=file_name)
        return _overview(
            request,
            the_cycle,
            preview=_preview(checked),
            problems=checked.problems,
            file_name=file_name,
            content=base64.b64encode(content).decode() if not checked.problems else "",
            status=400 if checked.problems else 200,
        )
    try:
        result = import_roster(
            request.user,
            cycle=the_cycle,
            content=content,
            file_name=file_name,
            base_url=request.build_absolute_uri("/"),
        )
    except roster.RosterRejected as exc:
        return _overview(request, the_cycle, problems=exc.problems, file_name=file_name, status=400)
    return _overview(request, the_cycle, result=result)


def _copy(request: HttpRequest, cycle: Cycle) -> HttpResponse:
    """Copy an earlier cycle's teams (`source`): every one the user manages, or one province's
    (`province`: a code, "nasional" for the national jury)."""
    asked = request.POST.get("source", "")
    valid = asked.isascii() and asked.isdigit() and len(asked) < 10
    source = Cycle.objects.filter(pk=int(asked)).first() if valid else None
    if source is None:
        return _overview(request, cycle, status=400, copy_error=_("Choose the cycle to copy from."))
    province = request.POST.get("province", ALL_TEAMS).strip()
    if "\x00" in province or len(province) > 20:  # PostgreSQL refuses a NUL in text
        return _overview(request, cycle, status=400, copy_error=_("Choose the teams to copy."))
    provinces = None
    if province != ALL_TEAMS:
        provinces = ["" if province == NATIONAL_TEAM else province]
    try:
        copied = copy_teams(request.user, cycle=cycle, source=source, provinces=provinces)
    except DomainError as exc:
        if exc.http_status == 403:
            raise
        return _overview(
            request, cycle, status=exc.http_status, copy_error=exc.message, copy_source=source
        )
    return _overview(request, cycle, copied=copied, copy_source=source)


@dataclass(frozen=True)
class PreviewRow:
    seat: roster.Seat
    panel: str
    role: str
    affiliation: str
    new_account: bool


def _preview(checked: roster.Roster) -> list[PreviewRow]:
    from django.contrib.auth import get_user_model

    known = {
        email.lower()
        for email in get_user_model()
        .objects.filter(email__in=[s.email for s in checked.seats])
        .values_list("email", flat=True)
    }
    names = dict(Region.objects.filter(level="provinsi").values_list("code", "name"))
    return [
        PreviewRow(
            seat=s,
            panel=names.get(s.province, s.province) if s.province else _("National jury"),
            role=str(MemberRole(s.role).label),
            affiliation=str(Affiliation(s.affiliation).label),
            new_account=s.email not in known,
        )
        for s in checked.seats
    ]


@login_required
def panels_template(request: HttpRequest, cycle: int) -> HttpResponse:
    require(request.user, "access.seat_panels")
    the_cycle = get_object_or_404(Cycle, pk=cycle)
    response = HttpResponse(roster.template_workbook(), content_type=XLSX)
    name = f"anggota-tim-{the_cycle.assessment_year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# -- one panel --------------------------------------------------------------------------------


class SeatForm(forms.Form):
    account = forms.CharField(
        label=gettext_lazy("Account (username or email)"),
        max_length=254,
        help_text=gettext_lazy("A new person: their email, and their name below."),
    )
    name = forms.CharField(
        label=gettext_lazy("Full name (new person)"), max_length=150, required=False
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER
    )
    affiliation = forms.ChoiceField(label=gettext_lazy("Affiliation"), choices=Affiliation.choices)
    institution = forms.CharField(label=gettext_lazy("Institution"), max_length=200, required=False)
    region_code = forms.CharField(
        label=gettext_lazy("Own region (code)"), max_length=13, required=False
    )
    employer_key = forms.CharField(
        label=gettext_lazy("Own employer"), max_length=60, required=False
    )


class ChangeForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=MemberRole.choices)
    affiliation = forms.ChoiceField(label=gettext_lazy("Affiliation"), choices=Affiliation.choices)
    institution = forms.CharField(label=gettext_lazy("Institution"), max_length=200, required=False)


def _panel_page(
    request: HttpRequest,
    panel: Panel,
    *,
    form: SeatForm | None = None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    members = list(panel.members.select_related("user").order_by("role", "id"))
    order = {MemberRole.CHAIR: 0, MemberRole.SECRETARY: 1, MemberRole.MEMBER: 2}
    members.sort(key=lambda m: (order.get(MemberRole(m.role), 3), m.pk))
    region_names = dict(
        Region.objects.filter(
            code__in={m.region_code for m in members if m.region_code}
        ).values_list("code", "name")
    )
    context = {
        "panel": panel,
        "cycle": panel.cycle,
        "members": [
            {
                "member": m,
                "awaiting": awaiting_activation(m.user),
                "region": region_names.get(m.region_code, ""),
                "form": ChangeForm(
                    initial={
                        "role": m.role,
                        "affiliation": m.affiliation,
                        "institution": m.institution,
                    },
                    prefix=f"m{m.pk}",
                ),
            }
            for m in members
        ],
        "unrepresented": roster.unrepresented(panel, members),
        "form": form or SeatForm(),
        "roles": MemberRole.choices,
        "affiliations": Affiliation.choices,
        **extra,
    }
    return render(request, "web/secretariat/panel.html", context, status=status)


@never_cache
@login_required
def panel_setup(request: HttpRequest, cycle: int, panel: int) -> HttpResponse:
    the_panel = get_object_or_404(Panel.objects.select_related("cycle"), pk=panel, cycle_id=cycle)
    require(request.user, "access.manage_panel", the_panel)
    if request.method != "POST":
        return _panel_page(request, the_panel)
    action = request.POST.get("action", "")
    base_url = request.build_absolute_uri("/")
    try:
        if action == "add":
            form = SeatForm(request.POST)
            if not form.is_valid():
                return _panel_page(request, the_panel, form=form, status=400)
            data = form.cleaned_data
            identifier = data["account"].strip()
            account = find_account(identifier)
            if account is None and "@" not in identifier:
                form.add_error(
                    "account",
                    _("No account is called %(name)s. For a new person give their email and name.")
                    % {"name": identifier},
                )
                return _panel_page(request, the_panel, form=form, status=400)
            result = seat(
                request.user,
                panel=the_panel,
                account=account,
                name=data["name"],
                email=identifier if account is None else "",
                role=data["role"],
                affiliation=data["affiliation"],
                institution=data["institution"],
                region_code=data["region_code"].strip(),
                employer_key=data["employer_key"].strip(),
                base_url=base_url,
            )
            if result.unchanged:  # already seated exactly so (seated otherwise: refused)
                messages.info(request, result.note)
                return _panel_page(request, the_panel)
            return _panel_page(
                request,
                the_panel,
                seated=result.member,
                invitations=[result.invitation] if result.invitation else [],
            )
        member = get_object_or_404(PanelMember, pk=request.POST.get("member"), panel=the_panel)
        if action == "change":
            change = ChangeForm(request.POST, prefix=f"m{member.pk}")
            if not change.is_valid():
                return _panel_page(
                    request, the_panel, status=400, error=_("Check the changed seat.")
                )
            add_member(
                request.user,
                panel=the_panel,
                member_user=member.user,
                region_code=member.region_code,
                employer_key=member.employer_key,
                max_load=member.max_load,
                **change.cleaned_data,
            )
            messages.success(
                request, _("%(name)s's seat is changed.") % {"name": member.display_name}
            )
        elif action == "remove":
            remove_member(request.user, member=member)
            messages.success(
                request, _("%(name)s is off the panel.") % {"name": member.display_name}
            )
        elif action == "invite":
            invitation = invite(request.user, member=member, base_url=base_url)
            return _panel_page(request, the_panel, invitations=[invitation])
    except DomainError as exc:
        if exc.http_status == 403:
            raise
        return _panel_page(
            request,
            the_panel,
            form=SeatForm(request.POST) if action == "add" else None,
            status=400,
            error=exc.message,
        )
    return redirect("web:panel_setup", the_panel.cycle_id, the_panel.pk)


# -- activation -------------------------------------------------------------------------------


@never_cache
def activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    account = account_of_link(uidb64, token)
    if account is None:
        return render(request, "web/account/activate_invalid.html", status=400)
    form = SetPasswordForm(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        activate_account(account, account=account, password=form.cleaned_data["new_password1"])
        login(request, account, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your account is active. Welcome to Paritrana."))
        return redirect("web:home")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "web/account/activate.html", {"form": form, "account": account}, status=status
    )
