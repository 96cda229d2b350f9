"""The cast of the judging tests: a national admin, the Kalimantan Barat team (chair,
secretary, three assessors, one of them from Kabupaten Ketapang), an outsider, and two
kab/kota candidates whose coverage data come from tests/store_fixture.py."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission

from paritrana.assessment.domain.panels import add_member, create_panel
from paritrana.assessment.models import Panel, PanelMember
from paritrana.awards.domain.stages import open_stage
from paritrana.awards.domain.templates import create_cycle_from_template
from paritrana.awards.models import Category, Cycle, Nomination, NominationSource
from paritrana.coverage.domain.compute import compute_metrics
from tests.store_fixture import warm_store


@dataclass
class Cast:
    cycle: Cycle
    category: Category
    panel: Panel
    admin: object
    chair: PanelMember
    secretary: PanelMember
    a: PanelMember  # assessor from the BPJS office
    b: PanelMember  # assessor, academic
    ketapang_member: PanelMember  # from Pemerintah Kabupaten Ketapang
    outsider: object
    ketapang: Nomination
    pontianak: Nomination

    def stage(self, kind: str, level: str = "provinsi"):
        return self.cycle.stages.get(level=level, kind=kind)

    def open(self, kind: str, level: str = "provinsi"):
        return open_stage(stage=self.stage(kind, level), user=self.admin)


def nominate(category: Category, key: str, name: str, province: str, entity: str = "kabkota"):
    return Nomination.objects.create(
        category=category,
        province=province,
        entity=entity,
        key=key,
        name=name,
        region_code=key if entity != "perusahaan" else "61.04",
        source=NominationSource.MANUAL,
    )


@pytest.fixture
def cast(regions, settings, tmp_path, django_user_model) -> Cast:
    settings.PARITRANA_STORE_DIR = warm_store(tmp_path / "store")
    compute_metrics(year=2025)
    cycle = create_cycle_from_template(assessment_year=2025)
    category = cycle.categories.get(level="provinsi", code="pemda-kabkota")

    def user(name: str):
        return django_user_model.objects.create_user(name, password="rahasia-uji-123")

    admin = user("admin_nasional")
    admin.user_permissions.add(Permission.objects.get(codename="manage_panels"))
    admin = django_user_model.objects.get(pk=admin.pk)  # fresh permission cache
    panel = create_panel(
        cycle=cycle, level="provinsi", province="61", user=admin, assessors_per_candidate=2
    )

    def seat(name: str, role: str, affiliation: str, **extra):
        return add_member(
            panel=panel,
            member_user=user(name),
            role=role,
            affiliation=affiliation,
            user=admin,
            **extra,
        )

    return Cast(
        cycle=cycle,
        category=category,
        panel=panel,
        admin=admin,
        chair=seat("sekda", "ketua", "sekda", region_code="61"),
        secretary=seat("kepala_bpjs", "sekretaris", "bpjs"),
        a=seat("penilai_a", "anggota", "bpjs"),
        b=seat("penilai_b", "anggota", "akademisi"),
        ketapang_member=seat("penilai_ketapang", "anggota", "disnaker", region_code="61.04"),
        outsider=user("orang_luar"),
        ketapang=nominate(category, "61.04", "Kabupaten Ketapang", "61"),
        pontianak=nominate(category, "61.71", "Kota Pontianak", "61"),
    )


@pytest.fixture
def judged(cast: Cast) -> Cast:
    """Kalimantan Barat's kab/kota round fully scored, its decision stage open."""
    from tests.assessment.test_results import judge  # the worked example lives with its maths

    judge(cast)
    cast.open("keputusan")
    return cast


@pytest.fixture
def decided(judged: Cast) -> Cast:
    """...and Juara I Ketapang, Juara II Pontianak confirmed by the chair."""
    from paritrana.assessment.domain.decisions import confirm

    confirm(
        category=judged.category,
        group="61",
        chosen=[judged.ketapang, judged.pontianak],
        user=judged.chair.user,
    )
    return judged


# -- the ranking page of Kalimantan Barat's kab/kota, as the web tests read and post it -------


def ranking_url(cast: Cast) -> str:
    return f"/hasil/{cast.category.pk}/61/"


def ranking_row(html: str, nomination: Nomination) -> str:
    """The ranking table's row of `nomination`, as HTML."""
    return html.split(f'data-nomination="{nomination.pk}"', 1)[1].split("</tr>", 1)[0]


def confirmation(first: Nomination, second: Nomination) -> dict[str, object]:
    """What the chair's confirmation form sends for Juara I and II, no Juara III, sure."""
    return {"juara-1": first.pk, "juara-2": second.pk, "juara-3": "", "reason": "", "yakin": "1"}
