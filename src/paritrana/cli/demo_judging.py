"""The demo's Kalimantan 2025 cycle judged through the provincial decisions into the national round.

Everything goes through the commands (judging's: `paritrana.commands.judging`, `.scores`) or the
awards domain functions, as the web would: panels in
the shape of the provincial "Tim 9" and the national jury, declared judging rules, verification
and interview scores, interview slots and attendance, the chairs' confirmation of the computed
top three, the promotion of each provincial Juara I, and the national verification left open
with the `juri` account's score sheets still pending. The only direct writes are user accounts
and the link between the `ketapang` account and its promoted nomination (the workspace has no
domain verb for it).

Deterministic: every random draw comes from a `random.Random` seeded by the demo seed and the
names of what it is drawn for, so the outcome does not depend on the order of any query.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

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
from paritrana.commands.awards import close_stage, draw_shortlist, open_stage
from paritrana.commands.decisions import confirm_juara
from paritrana.commands.judging import (
    add_member,
    auto_assign,
    create_panel,
    declare_conflict,
    declare_rules,
    record_attendance,
    schedule_interview,
)
from paritrana.commands.scores import save_sheet
from paritrana.regions.models import Region

SEED = 2025
ADMIN = "admin"  # the national secretariat opens and closes the stages
CHAIR_KALBAR, ASSESSOR_KALBAR, JUROR = "ketua-kalbar", "penilai-kalbar", "juri"
REPRESENTATIVE = "ketapang"
KETAPANG = "61.04"
# Every category has the interview criterion, so it can break ties in both rounds.
TIE_RULES = ["total", "criterion:pemahaman", "data", "key"]


@dataclass(frozen=True)
class Province:
    slug: str
    capital: str  # seat of the governor's office, where interviews are held
    bpjs_office: str  # the BPJS Ketenagakerjaan branch office whose head is the secretary
    university: str
    zone: str  # local time of the interviews


PROVINCES = {
    "61": Province("kalbar", "Pontianak", "Pontianak", "Universitas Tanjungpura", "Asia/Pontianak"),
    "62": Province(
        "kalteng", "Palangka Raya", "Palangka Raya", "Universitas Palangka Raya", "Asia/Pontianak"
    ),
    "63": Province(
        "kalsel", "Banjarbaru", "Banjarmasin", "Universitas Lambung Mangkurat", "Asia/Makassar"
    ),
    "64": Province("kaltim", "Samarinda", "Samarinda", "Universitas Mulawarman", "Asia/Makassar"),
    "65": Province(
        "kaltara", "Tanjung Selor", "Tarakan", "Universitas Borneo Tarakan", "Asia/Makassar"
    ),
}


@dataclass(frozen=True)
class Seat:
    role: str
    affiliation: str
    institution: str  # formatted with the province's name and details
    region_code: str = ""  # "{code}": the province itself
    username: str = ""  # a demo account; otherwise a generated name


# The provincial team ("Tim 9"): chair Sekda Provinsi, secretary the head of the BPJS office,
# Disnaker, employers, unions, an academic and experts. Kalimantan Barat's ninth seat is held
# by Pemerintah Kabupaten Ketapang, which makes a conflict with Ketapang's own candidacy.
TIM_9 = (
    Seat("ketua", "sekda", "Sekretariat Daerah Provinsi {name}", "{code}"),
    Seat("sekretaris", "bpjs", "BPJS Ketenagakerjaan Kantor Cabang {bpjs_office}"),
    Seat("anggota", "disnaker", "Dinas Tenaga Kerja dan Transmigrasi Provinsi {name}"),
    Seat("anggota", "pengusaha", "DPP APINDO Provinsi {name}"),
    Seat("anggota", "serikat", "DPD KSPSI Provinsi {name}"),
    Seat("anggota", "akademisi", "{university}"),
    Seat("anggota", "pakar", "Pakar jaminan sosial, {capital}"),
    Seat("anggota", "pakar", "Pakar hukum dan kebijakan publik, {capital}"),
)
NINTH = Seat("anggota", "serikat", "Korwil KSBSI Provinsi {name}")
NINTH_KALBAR = Seat("anggota", "disnaker", "Dinas Tenaga Kerja Kabupaten Ketapang", KETAPANG)
DEMO_SEATS = {("61", "sekda"): CHAIR_KALBAR, ("61", "akademisi"): ASSESSOR_KALBAR}

JURY = (
    Seat("ketua", "kemenko", "Kementerian Koordinator Bidang PMK"),
    Seat("sekretaris", "bpjs", "BPJS Ketenagakerjaan Kantor Pusat"),
    Seat("anggota", "kemnaker", "Kementerian Ketenagakerjaan"),
    Seat("anggota", "kemendagri", "Kementerian Dalam Negeri"),
    Seat("anggota", "serikat", "Konfederasi serikat pekerja (unsur serikat pekerja)"),
    Seat("anggota", "pengusaha", "DPN APINDO"),
    Seat("anggota", "pakar", "Pakar jaminan sosial independen", username=JUROR),
)

# Space-separated: split when the names are drawn.
GIVEN = (
    "Agus Budi Dewi Rina Hendra Siti Yohanes Fransiska Rahmat Nurhayati Andi Syarifah "
    "Gusti Muhammad Fitri Bambang Lestari Yuliana Antonius Rudi Herlina Iwan Maria "
    "Darmawan Ratna Hasanuddin Indah Yusuf Kartini Stefanus Wahyuni Arief Novita Abdul Sri "
    "Joko Mega Taufik Erna Markus Dian Ahmad Theresia Fajar Wulan"
)
FAMILY = (
    "Saputra Wijaya Pratama Hidayat Setiawan Nugroho Rahman Siregar Kurniawan Santoso "
    "Halim Syahputra Anwar Firmansyah Gunawan Hakim Iskandar Junaidi Kusuma Mahmud Permana "
    "Ramadhan Tanjung Utomo Wibowo Yahya Zulkarnain Alamsyah Noor Fauzi Husin Marpaung "
    "Tandiono Lumbantobing Sinaga Hamdani Arsyad Effendi Rusdi Ngabut"
)

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
    panels: int
    members: int
    sheets: int
    juara: int
    promoted: int
    pending: int  # the juror's unsubmitted national sheets

    def line(self) -> str:
        def n(value: int) -> str:
            return f"{value:,}".replace(",", ".")

        return (
            f"Penjurian demo: {n(self.panels - 1)} tim penilai provinsi dan dewan juri nasional "
            f"({n(self.members)} anggota), {n(self.sheets)} lembar nilai dikirim, "
            f"{n(self.juara)} Juara dikonfirmasi, {n(self.promoted)} Juara I maju ke babak "
            f"nasional; verifikasi nasional dibuka ({n(self.pending)} lembar nilai menunggu "
            f"akun {JUROR})."
        )


def judge_demo_cycle(cycle: Cycle, *, seed: int = SEED) -> Summary | None:
    """Judge the cycle's provincial round and start the national one; None when already done."""
    if Panel.objects.filter(cycle=cycle).exists():
        return None
    with transaction.atomic():
        admin = get_user_model().objects.filter(username=ADMIN).first()
        names = _names(seed)
        create_panels(cycle, names, admin)
        for level in (Level.PROVINCIAL, Level.NATIONAL):
            declare_rules(admin, cycle=cycle, level=level, tie_rules=TIE_RULES)
        provincial_round(cycle, seed=seed, user=admin)
        national_round(cycle, seed=seed, user=admin)
    return summary(cycle)


def summary(cycle: Cycle) -> Summary:
    national = Stage.objects.get(cycle=cycle, level=Level.NATIONAL, kind=StageKind.VERIFICATION)
    return Summary(
        panels=Panel.objects.filter(cycle=cycle).count(),
        members=PanelMember.objects.filter(panel__cycle=cycle).count(),
        sheets=ScoreSheet.objects.filter(stage__cycle=cycle, submitted_at__isnull=False).count(),
        juara=Decision.objects.filter(category__cycle=cycle).count(),
        promoted=Nomination.objects.filter(
            category__cycle=cycle,
            source=NominationSource.PROMOTED,
            status=NominationStatus.NOMINATED,
        ).count(),
        pending=Assignment.objects.filter(stage=national, member__user__username=JUROR).count()
        - ScoreSheet.objects.filter(
            stage=national, member__user__username=JUROR, submitted_at__isnull=False
        ).count(),
    )


# -- panels ---------------------------------------------------------------------------------


def _names(seed: int) -> list[tuple[str, str]]:
    """Distinct (given name, family name) pairs, in a seeded order."""
    pairs = [(g, f) for g in GIVEN.split() for f in FAMILY.split()]
    random.Random(f"{seed}:names").shuffle(pairs)
    return pairs


def _account(username: str, given: str, family: str) -> Any:
    """A member's user: demo accounts keep their password, the others cannot log in."""
    user: Any
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": given, "last_name": family}
    )
    if created:
        user.set_unusable_password()
        user.save()
    elif not user.first_name:
        user.first_name, user.last_name = given, family
        user.save()
    return user


def _seat(
    admin: Any, panel: Panel, seat: Seat, names: list[tuple[str, str]], **details: str
) -> PanelMember:
    given, family = names.pop()
    username = seat.username or f"{given}.{family}".lower()
    return add_member(
        admin,
        panel=panel,
        member_user=_account(username, given, family),
        role=seat.role,
        affiliation=seat.affiliation,
        institution=seat.institution.format(**details),
        region_code=seat.region_code.format(**details),
    )


def create_panels(cycle: Cycle, names: list[tuple[str, str]], admin: Any) -> list[Panel]:
    """The five provincial teams, with one declared conflict, and the national jury."""
    provinces = dict(Region.objects.filter(code__in=PROVINCES).values_list("code", "name"))
    panels = []
    for code, province in PROVINCES.items():
        panel = create_panel(
            admin, cycle=cycle, level=Level.PROVINCIAL, province=code, assessors_per_candidate=3
        )
        details = {"code": code, "name": provinces.get(code, code), **province.__dict__}
        for seat in (*TIM_9, NINTH_KALBAR if code == "61" else NINTH):
            username = DEMO_SEATS.get((code, seat.affiliation))
            chosen = replace(seat, username=username) if username else seat
            _seat(admin, panel, chosen, names, **details)
        panels.append(panel)
    _declared_conflict(cycle)
    jury = create_panel(admin, cycle=cycle, level=Level.NATIONAL, assessors_per_candidate=3)
    for seat in JURY:
        _seat(admin, jury, seat, names)
    return [*panels, jury]


def _declared_conflict(cycle: Cycle) -> None:
    """The Kalimantan Barat academic advised Kota Pontianak (or another kab/kota) on its
    regulation, and declares it before any assignment."""
    member = PanelMember.objects.filter(
        panel__cycle=cycle, panel__province="61", affiliation="akademisi"
    ).first()
    candidates = Nomination.objects.filter(
        category__cycle=cycle,
        category__level=Level.PROVINCIAL,
        category__code="pemda-kabkota",
        province="61",
    ).exclude(key=KETAPANG)
    target = candidates.filter(key="61.71").first() or candidates.order_by("key").first()
    if member is None or target is None:
        return
    declare_conflict(
        member.user,
        member=member,
        nomination=target,
        kind="pendampingan",
        reason=f"Menjadi tenaga ahli penyusunan peraturan kepala daerah {target.name} tentang "
        "perlindungan jaminan sosial ketenagakerjaan (2024).",
    )


# -- rounds ---------------------------------------------------------------------------------


def _stage(cycle: Cycle, level: str, kind: str) -> Stage:
    return Stage.objects.get(cycle=cycle, level=level, kind=kind)


# The demo judges a few provinces of the round: the pre-checks' findings about the others are
# overridden, with this reason in the audit log.
DEMO_OVERRIDE = "Data demo: hanya sebagian provinsi yang dinilai."


def _open(cycle: Cycle, level: str, kind: str, user: Any) -> Stage:
    stage = _stage(cycle, level, kind)
    if stage.status != StageStatus.DRAFT:
        return stage
    return open_stage(user, stage=stage, override_reason=DEMO_OVERRIDE)


def _close(cycle: Cycle, level: str, kind: str, user: Any) -> Stage:
    """Close a stage, opening it first when it never was (nothing happened in it then)."""
    stage = _open(cycle, level, kind, user)
    if stage.status != StageStatus.OPEN:
        return stage
    return close_stage(user, stage=stage, override_reason=DEMO_OVERRIDE)


def _panels(cycle: Cycle, level: str) -> list[Panel]:
    return list(Panel.objects.filter(cycle=cycle, level=level).order_by("province"))


def _secretariat(panel: Panel) -> Any:
    seat = (
        PanelMember.objects.filter(panel=panel, role=MemberRole.SECRETARY)
        .select_related("user")
        .first()
    )
    return seat.user if seat else None


def provincial_round(cycle: Cycle, *, seed: int, user: Any) -> None:
    level = Level.PROVINCIAL
    _close(cycle, level, StageKind.SCREENING, user)
    _close(cycle, level, StageKind.SELF_ASSESSMENT, user)
    verification = _open(cycle, level, StageKind.VERIFICATION, user)
    for panel in _panels(cycle, level):
        auto_assign(_secretariat(panel), stage=verification, panel=panel)
        score_all(verification, panel, seed=seed)
    _close(cycle, level, StageKind.VERIFICATION, user)
    interview = _open(cycle, level, StageKind.INTERVIEW, user)
    for panel in _panels(cycle, level):
        auto_assign(_secretariat(panel), stage=interview, panel=panel)
        in_person = interviews(interview, panel, seed=seed)
        score_all(interview, panel, seed=seed, in_person=in_person)
    _close(cycle, level, StageKind.INTERVIEW, user)
    _open(cycle, level, StageKind.DECISION, user)
    decide(cycle)
    _close(cycle, level, StageKind.DECISION, user)
    _open(cycle, level, StageKind.PUBLICATION, user)


def national_round(cycle: Cycle, *, seed: int, user: Any) -> None:
    """The provincial governments' data shortlist beside the promoted winners; the promoted
    candidates may still complete their evidence while the jury verifies."""
    level = Level.NATIONAL
    provinces = Category.objects.filter(
        cycle=cycle, level=level, enabled=True, code="pemda-provinsi"
    ).first()
    if provinces is not None:
        for code in PROVINCES:
            draw_shortlist(user, category=provinces, province=code, year=cycle.assessment_year)
    _close(cycle, level, StageKind.SCREENING, user)
    _open(cycle, level, StageKind.SELF_ASSESSMENT, user)
    _represent_promoted_ketapang(cycle)
    verification = _open(cycle, level, StageKind.VERIFICATION, user)
    for panel in _panels(cycle, level):
        auto_assign(_secretariat(panel), stage=verification, panel=panel)
        score_all(verification, panel, seed=seed, skip=JUROR)


def _represent_promoted_ketapang(cycle: Cycle) -> None:
    promoted = Nomination.objects.filter(
        category__cycle=cycle,
        category__level=Level.NATIONAL,
        key=KETAPANG,
        status=NominationStatus.NOMINATED,
    ).first()
    representative = get_user_model().objects.filter(username=REPRESENTATIVE).first()
    if promoted is not None and representative is not None:
        Representative.objects.get_or_create(user=representative, nomination=promoted)


# -- scores, interviews, decisions ----------------------------------------------------------


def _quality(seed: int, nomination: Nomination) -> float:
    """How good the candidate's file is, 2..5: the panel's scores scatter around it."""
    rng = random.Random(f"{seed}:{nomination.category.code}:{nomination.key}")
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
    skip: str = "",
) -> int:
    """Every assigned member scores every criterion of the stage and submits."""
    submitted = 0
    assignments = (
        Assignment.objects.filter(stage=stage, member__panel=panel)
        .exclude(member__user__username=skip)
        .select_related("member__user", "member__panel", "nomination__category__cycle")
        .order_by("nomination__key", "member__user__username")
    )
    criteria: dict[int, list[tuple[Any, list[Decimal]]]] = {}
    for assignment in assignments:
        member, nomination = assignment.member, assignment.nomination
        if nomination.category_id not in criteria:
            criteria[nomination.category_id] = [
                (c, levels(c)) for c in criteria_for(stage, nomination)
            ]
        username = member.user.username
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
    """Half-hour slots from 09:00 on 12 May 2026 (local time), a lunch break at 12:00 and a
    second day when needed; most heads come in person. Returns who came in person."""
    province = PROVINCES[panel.province]
    zone = ZoneInfo(province.zone)
    region = Region.objects.filter(code=panel.province).values_list("name", flat=True).first()
    place = f"Ruang Rapat Sekretariat Daerah, Kantor Gubernur {region or panel.province}"
    in_person = set()
    candidates = sorted(nominations_of(panel), key=lambda n: (n.category.order, n.key))
    for i, nomination in enumerate(candidates):
        day, slot = divmod(i, 12)
        hour, half = divmod(slot, 2)
        starts = dt.datetime(2026, 5, 12 + day, 9 + hour + (hour >= 3), 30 * half, tzinfo=zone)
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


def decide(cycle: Cycle) -> int:
    """For every category and province with candidates, the chair confirms the top three."""
    confirmed = 0
    provincial = Category.objects.filter(cycle=cycle, level=Level.PROVINCIAL, enabled=True)
    for category in provincial.order_by("order"):
        for group in groups(category):
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
