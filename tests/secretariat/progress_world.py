"""A small world for the progress board and the reminders.

Kalimantan Barat's kab/kota round of the 2025 cycle: three nominees (Ketapang submitted its
self-assessment and two evidence items; Pontianak has a representative with an email address;
Sambas has none), a team with a chair and two assessors both assigned to Ketapang at
verification, one of them having submitted the sheet. The self-assessment stage ended
yesterday (so the two missing submissions are late); verification ends in ten days. A national
admin, Kalimantan Barat's provincial admin and Kalimantan Tengah's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.utils import timezone

from paritrana.access.models import ProvincialAdmin
from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.domain.panels import add_member, create_panel
from paritrana.assessment.models import Panel, PanelMember, ScoreSheet
from paritrana.awards.domain.templates import create_cycle_from_template
from paritrana.awards.models import (
    Category,
    Cycle,
    Evidence,
    Nomination,
    NominationSource,
    Representative,
    SelfAssessment,
    Stage,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    cycle: Cycle
    category: Category
    panel: Panel
    admin: Any
    kalbar_admin: Any
    kalteng_admin: Any
    chair: PanelMember
    a: PanelMember  # submitted Ketapang's sheet
    b: PanelMember  # has not
    ketapang: Nomination
    pontianak: Nomination
    sambas: Nomination
    pontianak_rep: Any
    today: dt.date

    def stage(self, kind: str, level: str = "provinsi") -> Stage:
        return self.cycle.stages.get(level=level, kind=kind)

    def set_stage(self, kind: str, *, status: str | None = None, ends: int | None = None) -> None:
        """Set a provincial stage's status and its end date (days from today)."""
        changes: dict[str, Any] = {}
        if status is not None:
            changes["status"] = status
        if ends is not None:
            changes["ends_on"] = self.today + dt.timedelta(days=ends)
        Stage.objects.filter(cycle=self.cycle, level="provinsi", kind=kind).update(**changes)


def nominate(category: Category, key: str, name: str, province: str) -> Nomination:
    return Nomination.objects.create(
        category=category,
        province=province,
        entity="kabkota",
        key=key,
        name=name,
        region_code=key,
        source=NominationSource.MANUAL,
    )


def evidence(nomination: Nomination, title: str) -> Evidence:
    return Evidence.objects.create(
        nomination=nomination,
        kind="inovasi",
        title=title,
        file=ContentFile(PDF, name="bukti.pdf"),
        original_name="bukti.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
    )


@pytest.fixture
def world(regions, settings, tmp_path, django_user_model) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    cycle = create_cycle_from_template(assessment_year=2025)
    category = cycle.categories.get(level="provinsi", code="pemda-kabkota")
    # Nothing is open or due unless a test says so; then the two stages of this world.
    Stage.objects.filter(cycle=cycle).update(status="draft", ends_on=today + dt.timedelta(60))
    w_stage = {"penilaian_mandiri": -1, "verifikasi": 10}
    for kind, days in w_stage.items():
        Stage.objects.filter(cycle=cycle, level="provinsi", kind=kind).update(
            status="open", ends_on=today + dt.timedelta(days)
        )

    def user(name: str, email: str = "") -> Any:
        return django_user_model.objects.create_user(
            name, email=email, password="rahasia-uji-123", first_name=name.title()
        )

    admin = user("admin_nasional")
    admin.user_permissions.add(Permission.objects.get(codename="manage_panels"))
    admin = django_user_model.objects.get(pk=admin.pk)
    kalbar_admin, kalteng_admin = user("admin_kalbar"), user("admin_kalteng")
    ProvincialAdmin.objects.create(user=kalbar_admin, province="61")
    ProvincialAdmin.objects.create(user=kalteng_admin, province="62")
    panel = create_panel(
        cycle=cycle, level="provinsi", province="61", user=admin, assessors_per_candidate=2
    )

    def seat(name: str, role: str, affiliation: str) -> PanelMember:
        return add_member(
            panel=panel,
            member_user=user(name, f"{name}@contoh.go.id"),
            role=role,
            affiliation=affiliation,
            user=admin,
        )

    chair = seat("sekda", "ketua", "sekda")
    a, b = seat("penilai_a", "anggota", "bpjs"), seat("penilai_b", "anggota", "akademisi")
    ketapang = nominate(category, "61.04", "Kabupaten Ketapang", "61")
    pontianak = nominate(category, "61.71", "Kota Pontianak", "61")
    sambas = nominate(category, "61.01", "Kabupaten Sambas", "61")
    SelfAssessment.objects.create(nomination=ketapang, submitted_at=timezone.now())
    SelfAssessment.objects.create(nomination=pontianak)  # a draft, not submitted
    evidence(ketapang, "Perbup perlindungan pekerja rentan")
    evidence(ketapang, "APBD 2025")
    rep = user("wakil_pontianak", "wakil@pontianak.go.id")
    Representative.objects.create(user=rep, nomination=pontianak)
    verification = cycle.stages.get(level="provinsi", kind="verifikasi")
    for member in (a, b):
        assign(stage=verification, member=member, nomination=ketapang, user=admin)
    ScoreSheet.objects.create(
        stage=verification, member=a, nomination=ketapang, submitted_at=timezone.now()
    )
    return World(
        cycle=cycle,
        category=category,
        panel=panel,
        admin=admin,
        kalbar_admin=kalbar_admin,
        kalteng_admin=kalteng_admin,
        chair=chair,
        a=a,
        b=b,
        ketapang=ketapang,
        pontianak=pontianak,
        sambas=sambas,
        pontianak_rep=rep,
        today=today,
    )
