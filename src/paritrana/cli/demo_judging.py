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
the stages' dates and their opening `demo_stages`.

Everything goes through the commands (`paritrana.commands.*`). The only direct writes are user
accounts (the panel members' and the candidates' representatives', which cannot log in) and
the links between representatives and their nominations (the workspace has no domain verb for
it). Every stage is opened by `demo_stages.open_demo_stage`, the one place to adapt when
opening a stage asks for more (pre-checks, an override reason).

Deterministic: every random draw comes from a `random.Random` seeded by the demo seed and the
names of what it is drawn for, so the outcome does not depend on the order of any query.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from paritrana.assessment.domain.decisions import confirmer
from paritrana.assessment.domain.panels import nominations_of
from paritrana.assessment.domain.results import compute, groups
from paritrana.assessment.domain.scores import Entry, criteria_for, levels
from paritrana.assessment.models import (
    Assignment,
    Attendance,
    Decision,
    MemberRole,
    Panel,
    PanelMember,
    ScoreSheet,
)
from paritrana.awards.domain.eligibility import Candidate
from paritrana.awards.domain.workspace import questions
from paritrana.awards.models import (
    Category,
    Cycle,
    Level,
    Nomination,
    NominationSource,
    NominationStatus,
    Representative,
    Stage,
    StageKind,
    StageStatus,
)
from paritrana.cli.demo_panels import (
    ASSESSOR_KALBAR,
    CHAIR_KALBAR,
    JUROR,
    KETAPANG,
    create_panels,
    demo_account,
    drawn_names,
    province_codes,
)
from paritrana.cli.demo_provinces import KALIMANTAN, province
from paritrana.cli.demo_stages import close_in, open_in, schedule, stage_of
from paritrana.commands.awards import (
    add_evidence,
    add_nomination,
    draw_shortlist,
    save_answers,
    submit,
)
from paritrana.commands.decisions import confirm_juara
from paritrana.commands.judging import (
    auto_assign,
    declare_rules,
    record_attendance,
    schedule_interview,
)
from paritrana.commands.scores import save_sheet
from paritrana.regions.models import Region

SEED = 2025
ADMIN = "admin"  # the national secretariat opens and closes the stages
REPRESENTATIVE = "ketapang"
PROVINCIAL_ADMIN = "kalbar"
# Every category has the interview criterion, so it can break ties in both rounds.
TIE_RULES = ["total", "criterion:pemahaman", "data", "key"]


HIGH = {
    "regulasi": "Perda dan Perkada perlindungan Jamsostek lengkap dan sudah dilaksanakan.",
    "anggaran": "Iuran pekerja rentan dianggarkan di APBD dan terealisasi penuh.",
    "inovasi": "Inovasi perlindungan pekerja rentan nyata dan layak ditiru daerah lain.",
    "vendor_csr": "Vendor diwajibkan terdaftar; CSR membiayai iuran pekerja rentan sekitar.",
    "pemahaman": "Pimpinan memahami program secara rinci dan menjawab dengan data.",
}
LOW = {
    "regulasi": "Regulasi masih berupa rancangan; belum ada bukti pelaksanaan.",
    "anggaran": "Anggaran untuk iuran pekerja rentan belum tercantum jelas.",
    "inovasi": "Belum ada inovasi yang berjalan; baru rencana kegiatan.",
    "vendor_csr": "Kepatuhan vendor belum dipantau; CSR belum menyentuh pekerja rentan.",
    "pemahaman": "Jawaban umum; pemahaman program dan data daerah masih terbatas.",
}


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


def _secretariat(panel: Panel) -> Any:
    seat = (
        PanelMember.objects.filter(panel=panel, role=MemberRole.SECRETARY)
        .select_related("user")
        .first()
    )
    return seat.user if seat else None


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
        auto_assign(_secretariat(panel), stage=verification, panel=panel)
        pace = random.Random(f"{seed}:pace:{panel.province}").choice(PACES)
        score_all(verification, panel, seed=seed, share=1.0 if panel.province in ahead else pace)
    interview = open_in(cycle, level, StageKind.INTERVIEW, user)
    held_back: set[tuple[str, str]] = set()  # (username, category code) not submitted yet
    for panel in panels:
        if panel.province not in ahead:
            continue
        auto_assign(_secretariat(panel), stage=interview, panel=panel)
        if panel.province == "61":
            held_back = {(ASSESSOR_KALBAR, _held_back_category(interview, panel))}
        in_person = interviews(interview, panel, seed=seed)
        score_all(interview, panel, seed=seed, in_person=in_person, held_back=held_back)
    open_in(cycle, level, StageKind.DECISION, user)
    decide(cycle, provinces=ahead)


def nominate_ketapang(cycle: Cycle) -> Nomination | None:
    """Kabupaten Ketapang in Kalimantan Barat's kab/kota category: drawn from the data, or else
    added by the provincial admin with a reason (the demo's accounts follow its candidacy)."""
    category = Category.objects.filter(
        cycle=cycle, level=Level.PROVINCIAL, code="pemda-kabkota", enabled=True
    ).first()
    region = Region.objects.filter(code=KETAPANG).first()
    if category is None or region is None:
        return None
    found = category.nominations.filter(key=KETAPANG).first()
    if found is not None:
        return found
    return add_nomination(
        get_user_model().objects.get(username=PROVINCIAL_ADMIN),
        category=category,
        province="61",
        candidate=Candidate(entity="kabkota", name=region.name, region_code=KETAPANG),
        reason="Diusulkan Tim Provinsi: Perbup perlindungan pekerja rentan sudah berjalan, "
        "meskipun sampel data sintetis belum menempatkannya di daftar pendek (demo).",
    )


def provincial_workspace(cycle: Cycle) -> None:
    """During the provincial self-assessment Ketapang's representative answered one question
    and uploaded one document; the stage then closes, so they stay readable."""
    nominees = Nomination.objects.filter(
        category__cycle=cycle,
        category__level=Level.PROVINCIAL,
        category__code="pemda-kabkota",
        province="61",
    ).select_related("category__cycle")
    target = nominees.filter(key=KETAPANG).first() or nominees.order_by("key").first()
    if target is None:
        return
    user = get_user_model().objects.get(username=REPRESENTATIVE)
    Representative.objects.get_or_create(user=user, nomination=target)
    save_answers(
        user,
        nomination=target,
        answers={
            "regulasi": "Peraturan Bupati tentang perlindungan jaminan sosial "
            "ketenagakerjaan bagi pekerja rentan dan non-ASN (contoh demo)."
        },
    )
    add_evidence(
        user,
        nomination=target,
        content=DEMO_PDF,
        original_name="perbup-contoh.pdf",
        kind="regulasi",
        title="Perbup perlindungan Jamsostek (contoh demo)",
        number="12 Tahun 2025",
        document_date=dt.date(2025, 3, 1),
    )


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
        auto_assign(_secretariat(panel), stage=verification, panel=panel)
        score_all(verification, panel, seed=seed, held_back={(JUROR, "*")})


def _representative_of(nomination: Nomination) -> Any:
    """Kalimantan Barat's kab/kota Juara I is the `ketapang` account's; every other national
    candidate has a representative account of its own that cannot log in."""
    if nomination.category.code == "pemda-kabkota" and nomination.province == "61":
        return get_user_model().objects.get(username=REPRESENTATIVE)
    return demo_account(f"wakil-{nomination.key.lower()}")


def national_workspaces(cycle: Cycle) -> None:
    """Every national candidate's representative answers the questions, uploads a document
    and submits; Ketapang's has answered one question and uploaded one document so far."""
    candidates = (
        Nomination.objects.filter(
            category__cycle=cycle,
            category__level=Level.NATIONAL,
            status=NominationStatus.NOMINATED,
        )
        .select_related("category__cycle")
        .order_by("category__order", "key")
    )
    for nomination in candidates:
        user = _representative_of(nomination)
        Representative.objects.get_or_create(user=user, nomination=nomination)
        asked = [c.code for c in questions(nomination)]
        started = user.username == REPRESENTATIVE
        answers = {code: ANSWERS.get(code, ANSWER) for code in asked[: 1 if started else None]}
        if answers:
            save_answers(user, nomination=nomination, answers=answers)
        add_evidence(user, nomination=nomination, content=DEMO_PDF, **_document(nomination))
        if not started:
            submit(user, nomination=nomination)


ANSWER = "Jawaban contoh demo (data sintetis): program berjalan dan didukung dokumen terlampir."
ANSWERS = {code: f"{text} (contoh demo)" for code, text in HIGH.items()}


def _document(nomination: Nomination) -> dict[str, Any]:
    if nomination.entity == "perusahaan":
        return {
            "original_name": "kepesertaan-contoh.pdf",
            "kind": "lainnya",
            "title": "Rekap kepesertaan dan pembayaran iuran 2025 (contoh demo)",
        }
    return {
        "original_name": "regulasi-contoh.pdf",
        "kind": "regulasi",
        "title": f"Peraturan perlindungan Jamsostek {nomination.name} (contoh demo)",
        "number": "7 Tahun 2025",
        "document_date": dt.date(2025, 2, 3),
    }


# A minimal valid PDF (with its cross-reference table, as evidence checks require), so the
# demo's evidence opens in any viewer.
DEMO_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n"
    b"0000000000 65535 f \n"
    b"0000000009 00000 n \n"
    b"0000000052 00000 n \n"
    b"0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\n"
    b"startxref\n164\n%%EOF\n"
)


# -- scores, interviews, decisions ----------------------------------------------------------


def _quality(seed: int, nomination: Nomination) -> float:
    """How good the candidate's file is, 2..5 (Ketapang's above the scale): the panel's scores
    scatter around it."""
    rng = random.Random(f"{seed}:{nomination.category.code}:{nomination.key}")
    if nomination.key == KETAPANG:  # the demo's story: Ketapang's file is the best there is,
        return 9.0  # every assessor gives it the top of the scale, so it is Juara I
    return rng.uniform(2.3, 4.8)


def _value(criterion: Any, scale: list[Decimal], centre: float, rng: random.Random) -> Entry:
    allowed = [v for v in scale if 2 <= v <= 5] or scale
    drawn = centre + rng.gauss(0, 0.45)
    value = min(allowed, key=lambda v: (abs(float(v) - drawn), v))
    comment = ""
    if value == allowed[-1]:
        comment = HIGH.get(criterion.code, "Sangat baik dan didukung bukti lengkap.")
    elif value == allowed[0]:
        comment = LOW.get(criterion.code, "Bukti kurang dan belum meyakinkan.")
    return Entry(value, comment)


def score_all(
    stage: Stage,
    panel: Panel,
    *,
    seed: int,
    in_person: frozenset[int] = frozenset(),
    share: float = 1.0,
    held_back: set[tuple[str, str]] | None = None,
) -> int:
    """Every assigned member scores every criterion of the stage and submits; with `share`
    below 1 only that part of the sheets (each candidate's first ones, candidates in order),
    and none of the (username, category code) pairs in `held_back` ("*": any category)."""
    held_back = held_back or set()
    submitted = 0
    assignments = list(
        Assignment.objects.filter(stage=stage, member__panel=panel)
        .select_related("member__user", "member__panel", "nomination__category__cycle")
        .order_by("nomination__category__order", "nomination__key", "member__user__username")
    )
    assignments = assignments[: round(len(assignments) * share)]
    criteria: dict[int, list[tuple[Any, list[Decimal]]]] = {}
    for assignment in assignments:
        member, nomination = assignment.member, assignment.nomination
        username = member.user.username
        if {(username, "*"), (username, nomination.category.code)} & held_back:
            continue
        if nomination.category_id not in criteria:
            criteria[nomination.category_id] = [
                (c, levels(c)) for c in criteria_for(stage, nomination)
            ]
        severity = random.Random(f"{seed}:{username}").gauss(0, 0.25)
        centre = _quality(seed, nomination) + severity
        if stage.kind == StageKind.INTERVIEW:
            centre += 0.35 if nomination.pk in in_person else -0.15
        rng = random.Random(f"{seed}:{stage.level}:{stage.kind}:{username}:{nomination.key}")
        entries = {
            c.code: _value(c, scale, centre, rng) for c, scale in criteria[nomination.category_id]
        }
        save_sheet(member.user, stage=stage, nomination=nomination, entries=entries, submit=True)
        submitted += 1
    return submitted


def _head(nomination: Nomination) -> tuple[str, str]:
    """Who attends: (the head in person, a delegate), by their public role only."""
    name = nomination.name
    if nomination.entity == "perusahaan" and name.startswith("PT "):
        return f"Direktur Utama {name}", f"Manajer SDM {name} (mewakili direksi)"
    if nomination.entity == "perusahaan":
        return f"Pemilik {name}", f"Kepala administrasi {name} (mewakili pemilik)"
    if nomination.entity == "desa":
        village = nomination.region_code.rsplit(".", 1)[-1].startswith("1")
        title, office = (
            ("Lurah", "Sekretaris Kelurahan") if village else ("Kepala Desa", "Sekretaris Desa")
        )
        return f"{title} {name}", f"{office} {name} (mewakili)"
    if nomination.entity == "provinsi":
        return f"Gubernur {name}", f"Sekretaris Daerah {name} (mewakili Gubernur)"
    if name.startswith("Kota "):
        return f"Wali Kota {name[5:]}", f"Sekretaris Daerah {name} (mewakili Wali Kota)"
    short = name.removeprefix("Kabupaten ")
    return f"Bupati {short}", f"Sekretaris Daerah {name} (mewakili Bupati)"


def interviews(stage: Stage, panel: Panel, *, seed: int) -> frozenset[int]:
    """Half-hour slots from 09:00 a week into the interview stage (local time), a lunch break
    at 12:00 and a second day when needed; most heads come in person. Returns who came in
    person."""
    zone = ZoneInfo(province(panel.province).zone)
    first = (stage.starts_on or timezone.localdate()) + dt.timedelta(days=7)
    region = Region.objects.filter(code=panel.province).values_list("name", flat=True).first()
    place = f"Ruang Rapat Sekretariat Daerah, Kantor Gubernur {region or panel.province}"
    in_person = set()
    candidates = sorted(nominations_of(panel), key=lambda n: (n.category.order, n.key))
    for i, nomination in enumerate(candidates):
        day, slot = divmod(i, 12)
        hour, half = divmod(slot, 2)
        date = first + dt.timedelta(days=day)
        starts = dt.datetime(
            date.year, date.month, date.day, 9 + hour + (hour >= 3), 30 * half, tzinfo=zone
        )
        booked = schedule_interview(
            _secretariat(panel),
            stage=stage,
            nomination=nomination,
            starts_at=starts,
            minutes=30,
            place=place,
        )
        head, delegate = _head(nomination)
        rng = random.Random(f"{seed}:hadir:{nomination.category.code}:{nomination.key}")
        came = rng.random() < 0.75
        record_attendance(
            _secretariat(panel),
            slot=booked,
            attendance=Attendance.HEAD_IN_PERSON if came else Attendance.DELEGATED,
            attendee=head if came else delegate,
        )
        if came:
            in_person.add(nomination.pk)
    return frozenset(in_person)


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
                seat.user, category=category, group=group.code, chosen=chosen, result=result
            )
            confirmed += len(chosen)
    return confirmed
