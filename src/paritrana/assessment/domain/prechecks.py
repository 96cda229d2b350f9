"""What is missing before a stage opens or closes: the pre-checks.

`findings(stage, action)` lists what the round lacks for that step, each finding with a stable
code, a message in Bahasa Indonesia that says what and how many ("3 provinsi belum punya tim
penilai", "12 kandidat belum mengirim penilaian mandiri"), the count, and the page where it is
resolved (a URL name of the web interface and its arguments; the domain renders no URL).

`open_checked` / `close_checked` refuse (`PrecheckFailed`, 409) while there are findings, unless
the caller overrides them with a reason: the findings and the reason then go into the stage's
audit entry. Opening the publication stage publishes the round, so its pre-check is the
publication pre-check: every group decided.

It lives in `assessment` (not `awards`) because it reads panels, sheets and decisions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from paritrana.assessment.domain.results import NATION, group_code
from paritrana.assessment.domain.scores import decided_among
from paritrana.assessment.models import Assignment, Decision, MemberRole, Panel, ScoreSheet
from paritrana.awards.bahasa import bahasa
from paritrana.awards.domain import stages
from paritrana.awards.domain.metric_words import number_id
from paritrana.awards.domain.setup import weight_problems
from paritrana.awards.models import (
    Category,
    Level,
    Nomination,
    NominationStatus,
    Representative,
    SelfAssessment,
    Stage,
    StageKind,
    StageStatus,
)
from paritrana.coverage.models import EmployerMetric, RegionMetric
from paritrana.errors import Conflict
from paritrana.regions.models import Region

OPEN, CLOSE = "open", "close"


@dataclass(frozen=True)
class Finding:
    code: str  # stable: "panels_missing", "weights", ...
    message: str  # Bahasa Indonesia, with the count in words and figures
    count: int
    link: str = ""  # the web page where it is resolved (URL name), "" for none
    link_args: tuple[Any, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        found = asdict(self)
        found["link_args"] = list(self.link_args)
        return found


class PrecheckFailed(Conflict):
    """The stage cannot open or close yet: the findings say what is missing."""

    code = "precheck_failed"

    def __init__(self, stage: Stage, action: str, found: list[Finding]) -> None:
        verb = "dibuka" if action == OPEN else "ditutup"
        message = (
            f"Tahap '{bahasa(stage.get_kind_display)}' "
            f"({bahasa(stage.get_level_display).lower()}) belum "
            f"dapat {verb}: " + "; ".join(f.message for f in found) + ". Lengkapi dahulu, atau "
            "lanjutkan dengan alasan pengesampingan."
        )
        super().__init__(message, details={"findings": [f.as_dict() for f in found]})
        self.findings = found


# -- what the round holds -----------------------------------------------------------------


class _Round:
    """One round of a cycle (its level), read once for all the checks."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self.cycle = stage.cycle
        self.level = stage.level
        self.categories = list(
            Category.objects.filter(
                cycle=self.cycle, level=self.level, enabled=True
            ).prefetch_related("criteria__rubric")
        )
        self.nominees = list(
            Nomination.objects.filter(
                category__in=self.categories, status=NominationStatus.NOMINATED
            ).select_related("category")
        )
        self.provincial = self.level == Level.PROVINCIAL

    def link(self, name: str) -> tuple[str, tuple[Any, ...]]:
        return f"web:{name}", (self.cycle.pk,)


def _count(number: int) -> str:
    """A count in a finding's sentence as Indonesian writes it: 1915 -> 1.915."""
    return number_id(number, 0)


def _finding(code: str, message: str, count: int, link: tuple[str, tuple[Any, ...]]) -> Finding:
    return Finding(code, message, count, link[0], link[1])


def _earlier_stages(r: _Round) -> list[Finding]:
    earlier = [
        bahasa(s.get_kind_display)
        for s in Stage.objects.filter(
            cycle=r.cycle, level=r.level, order__lt=r.stage.order, status=StageStatus.DRAFT
        ).order_by("order")
    ]
    if not earlier:
        return []
    return [
        _finding(
            "earlier_stage_draft",
            f"{_count(len(earlier))} tahap sebelumnya belum dibuka ({', '.join(earlier)})",
            len(earlier),
            r.link("cycle_setup"),
        )
    ]


def _stage_dates(r: _Round) -> list[Finding]:
    """The stage being opened and the round's stages before it, not closed yet, without a
    start or an end date: without them the order of the stages is not checked when dates are
    saved (`setup.schedule_stage` compares only the dates there are) and nobody is late. The
    later stages may be dated later."""
    missing = []
    for stage in (
        Stage.objects.filter(cycle=r.cycle, level=r.level, order__lte=r.stage.order)
        .exclude(status=StageStatus.CLOSED)
        .order_by("order")
    ):
        lacks = [
            words
            for day, words in ((stage.starts_on, "mulai"), (stage.ends_on, "selesai"))
            if day is None
        ]
        if lacks:
            missing.append(
                f"'{bahasa(stage.get_kind_display)}' belum punya tanggal {' dan '.join(lacks)}"
            )
    if not missing:
        return []
    return [
        _finding(
            "stage_dates_missing",
            f"{_count(len(missing))} tahap {bahasa(r.stage.get_level_display).lower()} belum "
            f"punya tanggal lengkap: {', '.join(missing)} (tanpa tanggal, urutan tahap dan "
            "keterlambatan tidak dapat diperiksa)",
            len(missing),
            r.link("cycle_setup"),
        )
    ]


def _categories(r: _Round) -> list[Finding]:
    if r.categories:
        return []
    return [
        _finding(
            "no_categories",
            "Babak ini belum punya kategori yang dipakai",
            1,
            r.link("cycle_setup"),
        )
    ]


def _weights(r: _Round) -> list[Finding]:
    problems = [p for c in r.categories for p in weight_problems(c)]
    if not problems:
        return []
    return [
        _finding(
            "weights",
            f"Bobot kriteria tidak berjumlah 100 di {len(problems)} tempat ("
            + "; ".join(p.message for p in problems[:3])
            + (" ..." if len(problems) > 3 else "")
            + ")",
            len(problems),
            # The first category to fix, where its weights are edited (the cycle's page holds
            # no weights); the message names the others.
            ("web:category_setup", (r.cycle.pk, problems[0].category.pk)),
        )
    ]


def _shortlist_rules(r: _Round) -> list[Finding]:
    no_rule = [c for c in r.categories if not (c.shortlist or {}).get("metric")]
    if not no_rule:
        return []
    return [
        _finding(
            "shortlist_rule_missing",
            f"{_count(len(no_rule))} kategori belum punya aturan daftar pendek",
            len(no_rule),
            r.link("cycle_setup"),
        )
    ]


def _coverage_data(r: _Round) -> list[Finding]:
    """Categories whose candidates have no coverage metrics for the assessment year: the draw
    would nominate no one (every candidate "without a value")."""
    year = r.cycle.assessment_year
    have = {
        "perusahaan": EmployerMetric.objects.filter(year=year).exists(),
        **{
            level: RegionMetric.objects.filter(year=year, level=level).exists()
            for level in ("provinsi", "kabkota", "desa")
        },
    }
    without = [
        c
        for c in r.categories
        if (c.shortlist or {}).get("metric") and not have.get(c.eligibility.get("entity", ""), True)
    ]
    if not without:
        return []
    names = ", ".join(c.name for c in without[:3]) + (" ..." if len(without) > 3 else "")
    return [
        _finding(
            "coverage_data_missing",
            f"Belum ada metrik cakupan tahun {year} untuk {len(without)} kategori ({names}): "
            "impor data BPJS dan BPS tahun itu lalu hitung metriknya, atau daftar pendek "
            "tidak akan memuat kandidat",
            len(without),
            ("web:imports", ()),
        )
    ]


def _rubric(r: _Round) -> list[Finding]:
    """Criteria scored by assessors (qualitative leaves) without any rubric descriptor."""
    missing = 0
    for category in r.categories:
        criteria = list(category.criteria.all())
        parents = {c.parent_id for c in criteria}
        missing += sum(
            1
            for c in criteria
            if c.pk not in parents and c.kind == "kualitatif" and not list(c.rubric.all())
        )
    if not missing:
        return []
    return [
        _finding(
            "rubric_missing",
            f"{_count(missing)} kriteria yang dinilai penilai belum punya deskriptor rubrik",
            missing,
            r.link("cycle_setup"),
        )
    ]


def _nominees(r: _Round) -> list[Finding]:
    if not r.nominees:
        return [_finding("no_nominees", "Belum ada kandidat", 1, r.link("shortlists"))]
    found = []
    empty = {c.pk for c in r.categories} - {n.category_id for n in r.nominees}
    if empty:
        found.append(
            _finding(
                "categories_without_nominees",
                f"{_count(len(empty))} kategori belum punya kandidat",
                len(empty),
                r.link("shortlists"),
            )
        )
    if r.provincial:
        provinces = set(Region.objects.filter(level="provinsi").values_list("code", flat=True))
        without = provinces - {n.province for n in r.nominees}
        if without:
            found.append(
                _finding(
                    "provinces_without_nominees",
                    f"{_count(len(without))} provinsi belum punya kandidat",
                    len(without),
                    r.link("shortlists"),
                )
            )
    return found


def _representatives(r: _Round) -> list[Finding]:
    """Nominees nobody represents: nobody can fill in their self-assessment."""
    linked = set(
        Representative.objects.filter(nomination__in=r.nominees).values_list(
            "nomination_id", flat=True
        )
    )
    alone = sum(1 for n in r.nominees if n.pk not in linked)
    if not alone:
        return []
    return [
        _finding(
            "nominees_without_representative",
            f"{_count(alone)} kandidat belum punya wakil yang dapat mengisi penilaian mandirinya",
            alone,
            r.link("shortlists"),
        )
    ]


def _panels(r: _Round) -> list[Finding]:
    panels = list(Panel.objects.filter(cycle=r.cycle, level=r.level))
    found = []
    if r.provincial:
        seated = {p.province for p in panels}
        without = {n.province for n in r.nominees} - seated
        if without:
            found.append(
                _finding(
                    "panels_missing",
                    f"{_count(len(without))} provinsi belum punya tim penilai",
                    len(without),
                    r.link("panels_setup"),
                )
            )
    elif not panels and r.nominees:
        found.append(
            _finding(
                "panels_missing",
                "Babak nasional belum punya tim penilai",
                1,
                r.link("panels_setup"),
            )
        )
    chaired = set(
        Panel.objects.filter(pk__in=[p.pk for p in panels], members__role=MemberRole.CHAIR)
        .values_list("pk", flat=True)
        .distinct()
    )
    no_chair = [p for p in panels if p.pk not in chaired]
    if no_chair:
        found.append(
            _finding(
                "panels_without_chair",
                f"{_count(len(no_chair))} tim penilai belum punya ketua",
                len(no_chair),
                r.link("panels_setup"),
            )
        )
    return found


def _self_assessments(r: _Round) -> list[Finding]:
    submitted = set(
        SelfAssessment.objects.filter(
            nomination__in=r.nominees, submitted_at__isnull=False
        ).values_list("nomination_id", flat=True)
    )
    late = sum(1 for n in r.nominees if n.pk not in submitted)
    if not late:
        return []
    return [
        _finding(
            "self_assessments_missing",
            f"{_count(late)} kandidat belum mengirim penilaian mandiri",
            late,
            r.link("progress"),
        )
    ]


def _assessors(r: _Round, stage: Stage) -> list[Finding]:
    """Candidates with fewer assessors assigned in `stage` than their panel asks for."""
    panels = {p.province: p for p in Panel.objects.filter(cycle=r.cycle, level=r.level)}
    assigned = Counter(
        Assignment.objects.filter(stage=stage).values_list("nomination_id", flat=True)
    )
    short = 0
    for nomination in r.nominees:
        panel = panels.get(nomination.province if r.provincial else "")
        if panel is not None and assigned[nomination.pk] < panel.assessors_per_candidate:
            short += 1
    if not short:
        return []
    return [
        _finding(
            "assessors_missing",
            f"{_count(short)} kandidat belum cukup penilai yang ditugaskan untuk tahap "
            f"{bahasa(stage.get_kind_display).lower()}",
            short,
            r.link("panels_setup"),
        )
    ]


def _sheets(r: _Round, kinds: tuple[str, ...]) -> list[Finding]:
    """Assigned sheets of those stages not submitted yet; not those of a group whose Juara
    are decided, which are no longer accepted (as the progress board counts them)."""
    found = []
    for stage in Stage.objects.filter(cycle=r.cycle, level=r.level, kind__in=kinds):
        assigned = list(
            Assignment.objects.filter(
                stage=stage, nomination__status=NominationStatus.NOMINATED
            ).select_related("nomination")
        )
        decided = decided_among({a.nomination_id: a.nomination for a in assigned}.values())
        due = {(a.member_id, a.nomination_id) for a in assigned if a.nomination_id not in decided}
        done = set(
            ScoreSheet.objects.filter(stage=stage, submitted_at__isnull=False).values_list(
                "member_id", "nomination_id"
            )
        )
        late = len(due - done)
        if late:
            found.append(
                _finding(
                    "sheets_missing",
                    f"{_count(late)} lembar nilai tahap {bahasa(stage.get_kind_display).lower()} "
                    "belum dikirim",
                    late,
                    r.link("progress"),
                )
            )
    return found


def _groups(r: _Round) -> list[Finding]:
    """Every group with candidates decided (the publication pre-check)."""
    zones = dict(Region.objects.filter(level="provinsi").values_list("code", "zone_id"))
    groups = {(n.category_id, group_code(n, zones)) for n in r.nominees}
    decided = set(
        Decision.objects.filter(category__in=r.categories).values_list("category_id", "group")
    )
    undecided = groups - decided
    if not undecided:
        return []
    names = sorted(
        {c.name for c in r.categories if c.pk in {category for category, _group in undecided}}
    )
    nation = sum(1 for _category, group in undecided if group == NATION)
    detail = f" ({', '.join(names[:3])}{' ...' if len(names) > 3 else ''})" if names else ""
    return [
        _finding(
            "groups_undecided",
            f"{_count(len(undecided))} kelompok belum diputuskan Juaranya{detail}"
            + (
                f", {nation} di antaranya tingkat nasional"
                if nation and nation < len(undecided)
                else ""
            ),
            len(undecided),
            ("web:rankings", ()),
        )
    ]


# -- the checks of each step ----------------------------------------------------------------


def findings(stage: Stage, action: str = OPEN) -> list[Finding]:
    """What is missing before `stage` opens (`action="open"`) or closes (`"close"`)."""
    r = _Round(stage)
    kind = stage.kind
    if action == CLOSE:
        if kind == StageKind.SCREENING:
            return _nominees(r)
        if kind == StageKind.SELF_ASSESSMENT:
            return _self_assessments(r)
        if kind in (StageKind.VERIFICATION, StageKind.INTERVIEW):
            return _sheets(r, (kind,))
        if kind == StageKind.DECISION:
            return _groups(r)
        return []
    found = _earlier_stages(r) + _stage_dates(r)
    if kind == StageKind.SCREENING:
        return found + _categories(r) + _weights(r) + _shortlist_rules(r) + _coverage_data(r)
    if kind == StageKind.SELF_ASSESSMENT:
        return found + _nominees(r) + _representatives(r)
    if kind == StageKind.VERIFICATION:
        found += _categories(r) + _weights(r) + _rubric(r) + _nominees(r)
        if not r.nominees:
            return found
        return found + _panels(r) + _self_assessments(r) + _assessors(r, stage)
    if kind == StageKind.INTERVIEW:
        return found + _nominees(r) + _sheets(r, (StageKind.VERIFICATION,)) + _assessors(r, stage)
    if kind == StageKind.DECISION:
        return found + _nominees(r) + _sheets(r, (StageKind.VERIFICATION, StageKind.INTERVIEW))
    if kind == StageKind.PUBLICATION:
        return found + _nominees(r) + _groups(r)
    return found


def _override(stage: Stage, action: str, override_reason: str | None) -> dict[str, Any] | None:
    found = findings(stage, action)
    if not found:
        return None
    reason = (override_reason or "").strip()
    if not reason:
        raise PrecheckFailed(stage, action, found)
    return {"reason": reason, "findings": [f.as_dict() for f in found]}


def open_checked(*, stage: Stage, user: Any = None, override_reason: str | None = None) -> Stage:
    """Open `stage` once nothing is missing, or with a reason for going on regardless."""
    override = (
        _override(stage, OPEN, override_reason) if stage.status == StageStatus.DRAFT else None
    )
    return stages.open_stage(stage=stage, user=user, override=override)


def close_checked(*, stage: Stage, user: Any = None, override_reason: str | None = None) -> Stage:
    override = (
        _override(stage, CLOSE, override_reason) if stage.status == StageStatus.OPEN else None
    )
    return stages.close_stage(stage=stage, user=user, override=override)
