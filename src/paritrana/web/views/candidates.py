"""The candidate's workspace (/kandidat/) and the provincial team's view of nominees (/seleksi/).

Who sees what is decided by the access policy (`paritrana.access.policy`): a candidate
representative edits only the nominees they represent (`access.edit_candidate`, a superuser
included: the self-assessment is the candidate's own), every change through the workspace
commands of `paritrana.commands.awards`; the review pages
list what `access.view_judging` allows (the national admin everything, a provincial admin their
province's round, a chair or secretary their panel's candidates, an assessor those assigned to
them); a panel member barred by a conflict of interest sees nothing of that candidate. Evidence
files are served only through these checks, never from a public media URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from paritrana.access.invitations import Invitation, awaiting_activation
from paritrana.access.policy import AccessDenied, allowed, judged_nominations, require
from paritrana.assessment.domain.decided import decided_scores
from paritrana.assessment.domain.decisions import results_released
from paritrana.assessment.domain.results import candidate_scores, group_code
from paritrana.assessment.domain.waiting import workspaces
from paritrana.awards.domain.nominations import NATION
from paritrana.awards.domain.workspace import (
    WorkspaceError,
    candidate_stage,
    questions,
    whole_rupiah,
)
from paritrana.awards.models import (
    Category,
    Evidence,
    EvidenceKind,
    Nomination,
    Representative,
    SelfAssessment,
)
from paritrana.commands.awards import add_evidence, remove_evidence, save_answers, submit
from paritrana.commands.representatives import (
    add_representative,
    invite_representative,
    remove_representative,
)
from paritrana.coverage.models import EmployerMetric
from paritrana.errors import DomainError
from paritrana.regions.domain.labels import kabkota_names, with_kabkota
from paritrana.regions.models import Region
from paritrana.web.amounts import AmountField
from paritrana.web.confirm import NOT_CONFIRMED, confirmed
from paritrana.web.listing import Column, Filter, listing
from paritrana.web.security import FRAMED_POLICY
from paritrana.web.stage_words import long_date, stage_lock_reason
from paritrana.web.views.sheet_side import PREVIEWS


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    number = forms.CharField(label=_("Number (regulations)"), max_length=100, required=False)
    document_date = forms.DateField(
        label=_("Date (regulations)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    # Read exactly (not rounded) and then held to the domain's rule, whole rupiah within a
    # ceiling, so that sen or a slip of extra zeros is said beside the field, never stored.
    amount = AmountField(
        label=_("Amount in Rp (budget documents)"),
        required=False,
        help_text=_("In whole rupiah, for example 1.250.000 or Rp 1.250.000."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=_("File (PDF, JPEG, PNG, XLSX, DOCX)"))

    def clean_amount(self) -> int | None:
        try:
            return whole_rupiah(self.cleaned_data["amount"])
        except WorkspaceError as refused:
            raise forms.ValidationError(refused.message, code="amount") from None

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > settings.PARITRANA_MAX_EVIDENCE_MB * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than allowed."), code="size")
        return upload


@login_required
def workspace_home(request: HttpRequest) -> HttpResponse:
    """The nominees the person represents, each with where its self-assessment stands (as on
    "Beranda saya") and its category and cycle; straight to the workspace when there is one."""
    mine = workspaces(request.user)
    if len(mine) == 1:
        return redirect("web:workspace", pk=mine[0][0].pk)
    entries = [
        (
            item,
            f"{n.category.display_name} ({n.category.get_level_display()}) · "
            f"{n.category.cycle.display_label}",
        )
        for n, item in mine
    ]
    return render(request, "web/awards/workspace_list.html", {"entries": entries})


@dataclass
class Posted:
    """What a refused post leaves on the page: the evidence form with its errors, a refusal of
    the whole step (shown in the summary at the top) and the error beside the box or row."""

    form: EvidenceForm = field(default_factory=EvidenceForm)
    refusal: str = ""
    confirm_error: str = ""
    removal: tuple[int, str] | None = None
    done: bool = False


def _scores(nomination: Nomination) -> dict[str, Any]:
    """The data-based scores: as the decision stored them once its group is decided (the
    candidate and the panel read what the Juara were chosen on, whatever was imported since),
    computed from today's figures before."""
    decided = decided_scores(nomination)
    return {
        "scores": decided[0] if decided else candidate_scores(nomination),
        "scores_decided": decided[1] if decided else None,
        "criterion_names": _criterion_names(nomination),
    }


@login_required
def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(Nomination.objects.select_related("category__cycle"), pk=pk)
    require(request.user, "access.edit_candidate", nomination)
    posted = Posted()
    if request.method == "POST":
        posted = _handle_post(request, nomination)
        if posted.done:
            return redirect("web:workspace", pk=nomination.pk)
    stage = candidate_stage(nomination)
    assessment = SelfAssessment.objects.filter(nomination=nomination).first()
    year = nomination.category.cycle.assessment_year
    employer = (
        EmployerMetric.objects.filter(year=year, employer_id=nomination.key).first()
        if nomination.entity == "perusahaan"
        else None
    )
    lock = stage_lock_reason(stage)
    submitted = assessment is not None and assessment.submitted_at is not None
    return render(
        request,
        "web/awards/workspace.html",
        {
            "year": year,
            "employer": employer,
            "nomination": nomination,
            "stage": stage,
            "editable": stage.status == "open",
            "lock": lock,
            "max_evidence_bytes": settings.PARITRANA_MAX_EVIDENCE_MB * 1024 * 1024,
            # Evidence can be removed until the self-assessment is sent, never after.
            "removal_lock": lock
            or (
                _("Sent on %(date)s: the evidence sent can no longer be removed.")
                % {"date": long_date(assessment.submitted_at)}
                if submitted and assessment is not None and assessment.submitted_at
                else ""
            ),
            "questions": questions(nomination),
            "answers": assessment.answers if assessment else {},
            "assessment": assessment,
            "evidence": nomination.evidence.all(),
            "removable": True,
            "form": posted.form,
            "refusal": posted.refusal,
            "confirm_error": posted.confirm_error,
            "removal": posted.removal,
            **_scores(nomination),
            "report_url": (
                reverse(
                    "web:candidate_report_pdf",
                    args=[nomination.category_id, group_code(nomination), nomination.pk],
                )
                if results_released(nomination)
                else None
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


def _handle_post(request: HttpRequest, nomination: Nomination) -> Posted:
    action = request.POST.get("action")
    if action == "submit" and not confirmed(request):
        # Sending is final for what the selection team receives: never without the box.
        return Posted(confirm_error=str(NOT_CONFIRMED))
    if action == "remove":
        return _remove(request, nomination)
    form = EvidenceForm()
    try:
        if action == "answers":
            answers = {
                key.removeprefix("answer-"): value
                for key, value in request.POST.items()
                if key.startswith("answer-")
            }
            save_answers(request.user, nomination=nomination, answers=answers)
            messages.success(request, _("Your answers are saved."))
            return Posted(done=True)
        if action == "submit":
            submit(request.user, nomination=nomination)
            messages.success(
                request, _("Submitted. You may still add to it until the stage closes.")
            )
            return Posted(done=True)
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            add_evidence(
                request.user,
                nomination=nomination,
                content=upload.read(),
                original_name=upload.name,
                kind=data["kind"],
                title=data["title"],
                number=data["number"],
                document_date=data["document_date"],
                amount=data["amount"],
                description=data["description"],
            )
            messages.success(request, _("The evidence is uploaded."))
            return Posted(done=True)
    except AccessDenied:
        raise  # the 403 page, with its reason
    except DomainError as exc:  # a stage not open, a file refused...: said at the top
        return Posted(form=form, refusal=exc.message)
    return Posted(form=form)


def _remove(request: HttpRequest, nomination: Nomination) -> Posted:
    pk = request.POST.get("evidence", "")
    evidence = get_object_or_404(Evidence, pk=int(pk) if pk.isdigit() else 0, nomination=nomination)
    try:
        remove_evidence(request.user, evidence=evidence)
    except DomainError as exc:
        return Posted(refusal=exc.message, removal=(evidence.pk, exc.message))
    messages.success(request, _("The evidence “%(title)s” is removed.") % {"title": evidence.title})
    return Posted(done=True)


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    """The nominees the viewer may judge: searched, filtered, sorted and paged by the URL."""
    require(request.user, "access.review_candidates")
    visible = judged_nominations(request.user).filter(status="nominated")
    names = _province_names()
    provinces = {
        code: names.get(code, code)
        for code in visible.order_by("province").values_list("province", flat=True).distinct()
    }
    offered = (
        Category.objects.filter(pk__in=visible.values("category"))
        .select_related("cycle")
        .order_by("-cycle__assessment_year", "level", "order")
    )
    categories = {
        c.pk: f"{c.display_name} ({c.get_level_display()} {c.cycle.assessment_year})"
        for c in offered
    }
    province = request.GET.get("provinsi", "")
    category = request.GET.get("kategori", "")
    nominations = visible
    if province in provinces:
        nominations = nominations.filter(province=province)
    if category.isdigit() and int(category) in categories:
        nominations = nominations.filter(category_id=int(category))
    nominations = nominations.select_related("category__cycle").annotate(
        evidence_count=Count("evidence")
    )
    everything = [("", _("(all)"))]
    found = listing(
        request,
        nominations,
        columns=[
            # The name first: on a phone the columns after it are reached by scrolling.
            Column("nama", _("Name"), ["name"]),
            Column("kategori", _("Category"), ["category__order", "category__name"]),
            Column("provinsi", _("Province"), ["province"]),
            Column("siklus", _("Cycle"), ["category__cycle__assessment_year"], numeric=True),
            Column("dasar", _("Why nominated")),
            Column("bukti", _("Evidence"), ["evidence_count"], numeric=True),
        ],
        default="nama",
        search=["name", "key", "basis"],
        search_label=_("Name"),
        filters=[
            Filter("provinsi", _("Province"), [*everything, *provinces.items()], province),
            Filter(
                "kategori",
                _("Category"),
                [*everything, *((str(pk), name) for pk, name in categories.items())],
                category,
            ),
        ],
    )
    rows = found.rows
    kabkota = kabkota_names(n.region_code for n in rows)
    return render(
        request,
        "web/awards/review_list.html",
        {
            "listing": found,
            "rows": [
                (
                    n,
                    with_kabkota(n.name, n.region_code, kabkota),
                    provinces.get(n.province, n.province),
                )
                for n in rows
            ],
        },
    )


def _province_names() -> dict[str, str]:
    """Province code -> name ("61" -> "Kalimantan Barat"); "00", a national round, is "Nasional"."""
    names = dict(Region.objects.filter(level="provinsi").values_list("code", "name"))
    return {NATION: str(_("National")), **names}


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(Nomination.objects.select_related("category__cycle"), pk=pk)
    require(request.user, "access.view_judging", nomination)
    invitations: list[Invitation] = []
    status, posted = 200, {}
    if request.method == "POST":
        try:
            invitation = _representatives_post(request, nomination)
        except DomainError as exc:
            messages.error(request, str(exc))
            status, posted = exc.http_status, request.POST
        else:
            if invitation is None:
                return redirect(f"{reverse('web:review', args=[nomination.pk])}#representatives")
            invitations = [invitation]  # shown this once: never stored
    assessment = SelfAssessment.objects.filter(nomination=nomination).first()
    manages = allowed(request.user, "access.nominate", nomination)
    return render(
        request,
        "web/awards/review_detail.html",
        {
            "nomination": nomination,
            "questions": questions(nomination),
            "answers": assessment.answers if assessment else {},
            "assessment": assessment,
            "evidence": nomination.evidence.all(),
            **_scores(nomination),
            "manages": manages,
            "representatives": _representatives(nomination) if manages else [],
            "invitations": invitations,
            "posted": posted,
        },
        status=status,
    )


@dataclass(frozen=True)
class RepresentativeRow:
    link: Representative

    @property
    def name(self) -> str:
        return str(self.link.user.get_full_name() or self.link.user.get_username())

    @property
    def awaiting_activation(self) -> bool:
        return awaiting_activation(self.link.user)


def _representatives(nomination: Nomination) -> list[RepresentativeRow]:
    links = Representative.objects.filter(nomination=nomination).select_related("user")
    return [RepresentativeRow(link) for link in links.order_by("user__first_name", "user__pk")]


def _representatives_post(request: HttpRequest, nomination: Nomination) -> Invitation | None:
    """The secretariat's change to the candidate's representatives: the activation link to hand
    over once (a new account, or a fresh link), None when there is none to show."""
    action = request.POST.get("action")
    base_url = request.build_absolute_uri("/")
    if action == "add-representative":
        linked = add_representative(
            request.user,
            nomination=nomination,
            account=request.POST.get("account", ""),
            name=request.POST.get("name", ""),
            email=request.POST.get("email", ""),
            base_url=base_url,
        )
        messages.success(
            request,
            _("%(who)s now represents %(candidate)s.")
            % {
                "who": linked.link.user.get_full_name() or linked.link.user.get_username(),
                "candidate": nomination.name,
            },
        )
        return linked.invitation
    chosen = request.POST.get("representative", "")
    link = Representative.objects.filter(
        nomination=nomination, pk=int(chosen) if chosen.isdigit() else 0
    ).first()
    if link is None:
        raise DomainError(str(_("That representative is no longer linked to this candidate.")))
    if action == "invite-representative":
        return invite_representative(request.user, link=link, base_url=base_url)
    if action == "remove-representative":
        remove_representative(request.user, link=link)
        messages.success(
            request,
            _("%(who)s no longer represents %(candidate)s.")
            % {
                "who": link.user.get_full_name() or link.user.get_username(),
                "candidate": nomination.name,
            },
        )
        return None
    raise DomainError(str(_("Unknown action.")))


@login_required
def evidence_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    evidence = get_object_or_404(Evidence.objects.select_related("nomination__category"), pk=pk)
    # Its representative, and whoever may see the candidate's judging (never a panel member
    # barred by a conflict of interest).
    require(request.user, "access.view_candidate", evidence.nomination)
    return FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=True,
        filename=evidence.download_name,
    )


@login_required
@xframe_options_sameorigin
def evidence_preview(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A PDF or a picture shown in the browser (the score page frames it): the same check as
    the download, and only for the types a browser shows by itself, whose content was found
    clean on upload (`awards.domain.evidence_files`). Framed by our own pages only."""
    evidence = get_object_or_404(Evidence.objects.select_related("nomination__category"), pk=pk)
    require(request.user, "access.view_candidate", evidence.nomination)
    if evidence.content_type not in PREVIEWS:
        raise Http404(_("This file cannot be shown in the browser: download it to open it."))
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=False,
        filename=evidence.download_name,
    )
    response.headers["Content-Security-Policy"] = FRAMED_POLICY
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _criterion_names(nomination: Nomination) -> dict[str, str]:
    """Criterion code -> its name, so a score reads "Universal Coverage Jamsostek", not "ucj"."""
    return {c.code: c.display_name for c in nomination.category.criteria.only("code", "name")}
