"""The demo's national 2025 cycle, left at a moment where every demo account has work.

All 38 provinces have their provincial team ("Tim 9", chaired by the Sekda) and a data-based
shortlist in every provincial category. A round has one stage of each kind (`Stage` is per
cycle, level and kind), so provinces that move at different paces share the same open stages:
the secretariat keeps the provincial verification, interview and decision stages open together
while the slower provinces catch up, as it does in practice. The picture:

- the five Kalimantan provinces are furthest: verified, interviewed and (except Kalimantan
  Barat) decided, their Juara I promoted to the national round;
- Kalimantan Barat has decided its kab/kota (Juara I promoted: the `ketapang` account's
  national workspace), its chair (`ketua-kalbar`) has the fully scored groups still to confirm,
  and its academic (`penilai-kalbar`) still owes the interview sheets of one category;
- the other 33 provinces are still verifying, each at its own pace (a seeded share of the
  sheets submitted), so the national progress board has late provinces to show;
- the national round has its provincial-government shortlist drawn over all 38 provinces, the
  self-assessment open (ending in two weeks) with the promoted candidates' evidence uploaded,
  and the verification open with the jury's sheets submitted except the `juri` account's.

Stage dates are moved around today (through `admin.save`, the admin's audited edit of set-up
rows) so that the open stages are current and the workspace has days left.

The teams and the jury themselves (who sits where, the declared conflict) are `demo_panels`;
the stages' dates and their opening `demo_stages`; the scores and interviews `demo_scoring`; the
candidates' workspaces (answers, evidence) `demo_workspaces`.

Everything goes through the commands (`paritrana.commands.*`). The only direct writes are user
accounts (the panel members' and the candidates' representatives', which cannot log in) and
the links between representatives and their nominations (the workspace has no domain verb for
it). Every stage is opened by `demo_stages.open_demo_stage`, the one place to adapt when
opening a stage asks for more (pre-checks, an override reason).

Deterministic: every random draw comes from a `random.Random` seeded by the demo seed and the
names of what it is drawn for, so the outcome does not depend on the order of any query.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from paritrana.assessment.domain.decisions import confirmer, fingerprint
from paritrana.assessment.domain.results import compute, groups
from paritrana.assessment.models import (
    Assignment,
    Decision,
    Panel,
    PanelMember,
    ScoreSheet,
)
from paritrana.awards.models import (
    Category,
    Cycle,
    Level,
    Nomination,
    NominationSource,
    NominationStatus,
    Stage,
    StageKind,
    StageStatus,
)
from paritrana.cli.demo_panels import (
    ASSESSOR_KALBAR,
    CHAIR_KALBAR,
    JUROR,
    create_panels,
    drawn_names,
    province_codes,
    secretary_of,
)
from paritrana.cli.demo_provinces import KALIMANTAN
from paritrana.cli.demo_scoring import interviews, score_all
from paritrana.cli.demo_stages import close_in, open_in, schedule, stage_of
from paritrana.cli.demo_workspaces import (
    national_workspaces,
    provincial_workspace,
)
from paritrana.commands.awards import (
    draw_shortlist,
)
from paritrana.commands.decisions import confirm_juara
from paritrana.commands.judging import (
    auto_assign,
    declare_rules,
)

SEED = 2025
ADMIN = "admin"  # the national secretariat opens and closes the stages
# Every category has the interview criterion, so it can break ties in both rounds.
TIE_RULES = ["total", "criterion:pemahaman", "data", "key"]


@dataclass(frozen=True)
class Summary:
    provinces: int  # provincial teams
    members: int
    sheets: int
    juara: int
    promoted: int
    to_score: int  # penilai-kalbar's unsubmitted provincial sheets
    to_confirm: int  # ketua-kalbar's groups still to confirm
    pending: int  # the juror's unsubmitted national sheets

    def line(self) -> str:
        def n(value: int) -> str:
            return f"{value:,}".replace(",", ".")

        return (
            f"Penjurian demo (data sintetis): {n(self.provinces)} tim penilai provinsi dan dewan "
            f"juri nasional ({n(self.members)} anggota), {n(self.sheets)} lembar nilai dikirim, "
            f"{n(self.juara)} Juara dikonfirmasi, {n(self.promoted)} Juara I maju ke babak "
            f"nasional. Menunggu: {n(self.to_confirm)} kelompok untuk dikonfirmasi akun "
            f"{CHAIR_KALBAR}, {n(self.to_score)} lembar nilai akun {ASSESSOR_KALBAR}, "
            f"{n(self.pending)} lembar nilai verifikasi nasional akun {JUROR}."
        )


def judge_demo_cycle(
    cycle: Cycle,
    *,
    seed: int = SEED,
    ahead: tuple[str, ...] = KALIMANTAN,
    provinces: tuple[str, ...] | None = None,
) -> Summary | None:
    """Seat every province's team (or only `provinces`'), judge the `ahead` provinces' round
    (Kalimantan Barat's only in part), start the others' verification and the national round;
    None when already done."""
    if Panel.objects.filter(cycle=cycle).exists():
        return None
    with transaction.atomic():
        admin = get_user_model().objects.filter(username=ADMIN).first()
        names = drawn_names(seed)
        schedule(cycle, admin)
        create_panels(cycle, names, admin, provinces=provinces)
        for level in (Level.PROVINCIAL, Level.NATIONAL):
            declare_rules(admin, cycle=cycle, level=level, tie_rules=TIE_RULES)
        provincial_round(cycle, seed=seed, user=admin, ahead=ahead)
        national_round(cycle, seed=seed, user=admin, provinces=provinces)
    return summary(cycle)


def summary(cycle: Cycle) -> Summary:
    return Summary(
        provinces=Panel.objects.filter(cycle=cycle, level=Level.PROVINCIAL).count(),
        members=PanelMember.objects.filter(panel__cycle=cycle).count(),
        sheets=ScoreSheet.objects.filter(stage__cycle=cycle, submitted_at__isnull=False).count(),
        juara=Decision.objects.filter(category__cycle=cycle).count(),
        promoted=Nomination.objects.filter(
            category__cycle=cycle,
            source=NominationSource.PROMOTED,
            status=NominationStatus.NOMINATED,
        ).count(),
        to_score=len(open_sheets(cycle, ASSESSOR_KALBAR, Level.PROVINCIAL)),
        to_confirm=len(groups_to_confirm(cycle, "61")),
        pending=len(open_sheets(cycle, JUROR, Level.NATIONAL)),
    )


def open_sheets(cycle: Cycle, username: str, level: str) -> list[Assignment]:
    """The account's assignments in the round's open stages whose sheet is not submitted."""
    submitted = set(
        ScoreSheet.objects.filter(
            stage__cycle=cycle, member__user__username=username, submitted_at__isnull=False
        ).values_list("stage_id", "nomination_id")
    )
    return [
        a
        for a in Assignment.objects.filter(
            stage__cycle=cycle,
            stage__level=level,
            stage__status=StageStatus.OPEN,
            member__user__username=username,
        )
        if (a.stage_id, a.nomination_id) not in submitted
    ]


def groups_to_confirm(cycle: Cycle, province: str) -> list[Category]:
    """The province's categories whose interview sheets are all in and whose Juara the chair
    has not confirmed yet."""
    interview = stage_of(cycle, Level.PROVINCIAL, StageKind.INTERVIEW)
    waiting = []
    for category in Category.objects.filter(
        cycle=cycle, level=Level.PROVINCIAL, enabled=True
    ).order_by("order"):
        assigned = Assignment.objects.filter(
            stage=interview, nomination__category=category, nomination__province=province
        )
        submitted = ScoreSheet.objects.filter(
            stage=interview,
            nomination__category=category,
            nomination__province=province,
            submitted_at__isnull=False,
        )
        decided = Decision.objects.filter(category=category, group=province).exists()
        if assigned.exists() and not decided and submitted.count() == assigned.count():
            waiting.append(category)
    return waiting


# -- rounds ---------------------------------------------------------------------------------


def _panels(cycle: Cycle, level: str) -> list[Panel]:
    return list(Panel.objects.filter(cycle=cycle, level=level).order_by("province"))


# Kalimantan Barat has confirmed its kab/kota Juara; its other groups wait for the chair, one of
# them also for the academic's interview sheets.
KALBAR_DECIDED = ("pemda-kabkota",)
# Share of the verification sheets the slower provinces' assessors have submitted.
PACES = (0.0, 0.0, 0.05, 0.1, 0.2)


def provincial_round(
    cycle: Cycle, *, seed: int, user: Any, ahead: tuple[str, ...] = KALIMANTAN
) -> None:
    """Verification, interview and decision open together: the `ahead` provinces are through
    their interviews (Kalimantan Barat but for one category), the others still verifying."""
    level = Level.PROVINCIAL
    close_in(cycle, level, StageKind.SCREENING, user)
    open_in(cycle, level, StageKind.SELF_ASSESSMENT, user)
    provincial_workspace(cycle)
    close_in(cycle, level, StageKind.SELF_ASSESSMENT, user)
    verification = open_in(cycle, level, StageKind.VERIFICATION, user)
    panels = _panels(cycle, level)
    for panel in panels:
        auto_assign(secretary_of(panel), stage=verification, panel=panel)
        pace = random.Random(f"{seed}:pace:{panel.province}").choice(PACES)
        score_all(verification, panel, seed=seed, share=1.0 if panel.province in ahead else pace)
    interview = open_in(cycle, level, StageKind.INTERVIEW, user)
    held_back: set[tuple[str, str]] = set()  # (username, category code) not submitted yet
    for panel in panels:
        if panel.province not in ahead:
            continue
        auto_assign(secretary_of(panel), stage=interview, panel=panel)
        if panel.province == "61":
            held_back = {(ASSESSOR_KALBAR, _held_back_category(interview, panel))}
        in_person = interviews(interview, panel, seed=seed)
        score_all(interview, panel, seed=seed, in_person=in_person, held_back=held_back)
    open_in(cycle, level, StageKind.DECISION, user)
    decide(cycle, provinces=ahead)


def _held_back_category(interview: Stage, panel: Panel) -> str:
    """The last undecided category in which the academic has interviews to score."""
    codes = (
        Assignment.objects.filter(
            stage=interview, member__panel=panel, member__user__username=ASSESSOR_KALBAR
        )
        .exclude(nomination__category__code__in=KALBAR_DECIDED)
        .order_by("-nomination__category__order")
        .values_list("nomination__category__code", flat=True)
    )
    return codes.first() or ""


def national_round(
    cycle: Cycle, *, seed: int, user: Any, provinces: tuple[str, ...] | None = None
) -> None:
    """The provincial governments' data shortlist beside the promoted winners; the candidates
    complete their files while the jury verifies."""
    level = Level.NATIONAL
    governments = Category.objects.filter(
        cycle=cycle, level=level, enabled=True, code="pemda-provinsi"
    ).first()
    open_in(cycle, level, StageKind.SCREENING, user)  # shortlists are drawn while it is open
    if governments is not None:
        for code in province_codes(provinces):
            draw_shortlist(user, category=governments, province=code, year=cycle.assessment_year)
    close_in(cycle, level, StageKind.SCREENING, user)
    open_in(cycle, level, StageKind.SELF_ASSESSMENT, user)
    national_workspaces(cycle)
    verification = open_in(cycle, level, StageKind.VERIFICATION, user)
    for panel in _panels(cycle, level):
        auto_assign(secretary_of(panel), stage=verification, panel=panel)
        score_all(verification, panel, seed=seed, held_back={(JUROR, "*")})


# -- decisions ------------------------------------------------------------------------------


def decide(cycle: Cycle, *, provinces: tuple[str, ...] = KALIMANTAN) -> int:
    """For every category and province with candidates, the chair confirms the top three;
    Kalimantan Barat only in the categories it has decided (`KALBAR_DECIDED`)."""
    confirmed = 0
    provincial = Category.objects.filter(cycle=cycle, level=Level.PROVINCIAL, enabled=True)
    for category in provincial.order_by("order"):
        for group in groups(category):
            if group.code not in provinces or (
                group.code == "61" and category.code not in KALBAR_DECIDED
            ):
                continue
            result = compute(category=category, group=group.code)
            chosen = [row.nomination for row in result.top(3)]
            seat = confirmer(category, group.code, chosen) if chosen else None
            if seat is None:
                continue
            confirm_juara(
                seat.user,
                category=category,
                group=group.code,
                chosen=chosen,
                seen=fingerprint(result),
            )
            confirmed += len(chosen)
    return confirmed
