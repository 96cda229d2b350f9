"""The demo's scores and interviews: how each assessor of the demo scores a candidate, and how
the provincial interviews are booked and attended.

A candidate's file has a seeded quality (Kabupaten Ketapang's the best there is: the demo's
story makes it Juara I); each assessor scores around it with a seeded severity of their own,
commented at the ends of the scale. Interviews are half-hour slots a week into the stage, most
heads coming in person, which nudges the interview scores. Every score goes through the
commands (`save_sheet`, `schedule_interview`, `record_attendance`). Deterministic: every draw
comes from a `random.Random` seeded by the demo seed and the names it is drawn for.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from paritrana.assessment.domain.panels import nominations_of
from paritrana.assessment.domain.scores import Entry, criteria_for, levels
from paritrana.assessment.models import Assignment, Attendance, Panel
from paritrana.awards.models import Nomination, Stage, StageKind
from paritrana.cli.demo_panels import KETAPANG, secretary_of
from paritrana.cli.demo_provinces import province
from paritrana.commands.judging import record_attendance, schedule_interview
from paritrana.commands.scores import save_sheet
from paritrana.regions.models import Region

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
            secretary_of(panel),
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
            secretary_of(panel),
            slot=booked,
            attendance=Attendance.HEAD_IN_PERSON if came else Attendance.DELEGATED,
            attendee=head if came else delegate,
        )
        if came:
            in_person.add(nomination.pk)
    return frozenset(in_person)
