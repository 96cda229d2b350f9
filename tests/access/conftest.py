"""The world of the authorisation tests: one person per role, each with an object of their own
and one of somebody else's.

Built on the judged and decided Kalimantan Barat round of tests/assessment/conftest.py, plus:
a Kalimantan Tengah candidate judged by its own panel (the "other province"), a Kalimantan Barat
candidate assigned to nobody (Kabupaten Sambas), a provincial admin of Kalimantan Barat, a data
officer, Ketapang's representative, and evidence on every candidate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.files.base import ContentFile

from paritrana.access.models import ProvincialAdmin
from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.domain.panels import add_member, create_panel
from paritrana.assessment.models import Panel
from paritrana.awards.models import Evidence, Nomination, Representative
from tests.assessment import conftest as judging
from tests.assessment.conftest import Cast, nominate

cast = judging.cast
judged = judging.judged
decided = judging.decided

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Side:
    """What "own" or "other" means for one role: a candidate, and a panel with its ranking."""

    nomination: Nomination
    panel: Panel

    @property
    def group(self) -> str:
        return self.panel.province


@dataclass
class Role:
    name: str
    user: Any
    own: Side
    other: Side


@dataclass
class World:
    cast: Cast
    sambas: Nomination  # Kalimantan Barat, assigned to nobody
    palangka: Nomination  # Kalimantan Tengah
    kalteng: Panel
    roles: dict[str, Role] = field(default_factory=dict)
    evidence: dict[int, Evidence] = field(default_factory=dict)  # nomination pk -> evidence

    def role(self, name: str) -> Role:
        return self.roles[name]


@pytest.fixture
def world(decided, django_user_model, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    c = decided

    def user(name: str, *perms: str):
        account = django_user_model.objects.create_user(name, password="rahasia-uji-123")
        for codename in perms:
            account.user_permissions.add(Permission.objects.get(codename=codename))
        return django_user_model.objects.get(pk=account.pk)

    sambas = nominate(c.category, "61.01", "Kabupaten Sambas", "61")
    palangka = nominate(c.category, "62.71", "Kota Palangka Raya", "62")
    kalteng = create_panel(cycle=c.cycle, level="provinsi", province="62", user=c.admin)
    add_member(
        panel=kalteng,
        member_user=user("sekda_kalteng"),
        role="ketua",
        affiliation="sekda",
        user=c.admin,
    )
    # The member from Ketapang is conflicted with Ketapang and assigned to Pontianak.
    assign(
        stage=c.stage("verifikasi"),
        member=c.ketapang_member,
        nomination=c.pontianak,
        user=c.admin,
    )
    provincial = user("admin_kalbar")
    ProvincialAdmin.objects.create(user=provincial, province="61")
    representative = user("wakil_ketapang")
    Representative.objects.create(user=representative, nomination=c.ketapang)
    officer = user("petugas_data", "add_dataimport", "view_dataimport")

    kalbar = Side(c.ketapang, c.panel)
    kalteng_side = Side(palangka, kalteng)
    w = World(cast=c, sambas=sambas, palangka=palangka, kalteng=kalteng)
    w.roles = {
        "publik": Role("publik", AnonymousUser(), kalbar, kalteng_side),
        "admin_nasional": Role("admin_nasional", c.admin, kalbar, kalteng_side),
        "admin_provinsi": Role("admin_provinsi", provincial, kalbar, kalteng_side),
        "ketua": Role("ketua", c.chair.user, kalbar, kalteng_side),
        # An assessor: their own candidate is one assigned to them; the other is not.
        "penilai": Role("penilai", c.a.user, kalbar, Side(sambas, kalteng)),
        # An assessor conflicted with Ketapang: Pontianak is theirs, Ketapang is barred.
        "penilai_berkonflik": Role(
            "penilai_berkonflik",
            c.ketapang_member.user,
            Side(c.pontianak, c.panel),
            Side(c.ketapang, kalteng),
        ),
        "wakil_kandidat": Role(
            "wakil_kandidat", representative, kalbar, Side(c.pontianak, kalteng)
        ),
        "petugas_data": Role("petugas_data", officer, kalbar, kalteng_side),
    }
    for nomination in (c.ketapang, c.pontianak, sambas, palangka):
        w.evidence[nomination.pk] = Evidence.objects.create(
            nomination=nomination,
            kind="inovasi",
            title=f"Inovasi {nomination.name}",
            file=ContentFile(PDF, name="bukti.pdf"),
            original_name="bukti.pdf",
            content_type="application/pdf",
            size=len(PDF),
            sha256="0" * 64,
        )
    return w
