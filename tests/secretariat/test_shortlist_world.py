"""The shortlist tests' world (fixtures only): the 2025 cycle from the template, hand-made
coverage figures for Kalimantan Barat (61) and Kalimantan Tengah (62), and the secretariat:
a national admin, the provincial admins of 61 and 62, and an assessor-like outsider.

Figures (cakupan UCJ, %): Kalimantan Barat's 14 kab/kota from 40,5 down by 1,25 a step, with
Kabupaten Ketapang (61.04) at 25,38 in fourth place; Kalimantan Tengah's two first kab/kota at
30 and 20. Companies in Ketapang: PT Besar Tepat (besar, on time 96,5%, registered 80%), PT
Menengah Lalai (menengah, on time 99%, registered 42%: under the minimum of 50%), PT Kecil
(kecil: not for the large-and-medium category), PT Tanpa Data (besar, no on-time figure).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from paritrana.access.models import ProvincialAdmin
from paritrana.awards.domain.templates import create_cycle_from_template
from paritrana.coverage.models import EmployerMetric, MetricRun, RegionMetric
from paritrana.regions.models import Region
from tests.screening import open_screening

KETAPANG = "61.04"


def _ucj_values(codes: list[str]) -> dict[str, float]:
    """40.5, 39.25, 38.0, then Ketapang 25.38 fourth, the rest below it."""
    others = [c for c in codes if c != KETAPANG]
    values = {code: 40.5 - 1.25 * i for i, code in enumerate(others[:3])}
    values[KETAPANG] = 25.38
    values |= {code: 25.0 - 1.25 * i for i, code in enumerate(others[3:])}
    return values


@pytest.fixture
def figures(regions):
    run = MetricRun.objects.create(year=2025, base_kind="sakernas_bekerja")
    kalbar = list(
        Region.objects.filter(level="kabkota", code__startswith="61.")
        .order_by("code")
        .values_list("code", flat=True)
    )
    kalteng = list(
        Region.objects.filter(level="kabkota", code__startswith="62.")
        .order_by("code")
        .values_list("code", flat=True)
    )[:2]
    values = _ucj_values(kalbar) | dict(zip(kalteng, (30.0, 20.0), strict=True))
    RegionMetric.objects.bulk_create(
        RegionMetric(
            run=run,
            year=2025,
            base_kind="sakernas_bekerja",
            level="kabkota",
            region_code=code,
            ucj_pct=value,
            active=int(value * 1000),
        )
        for code, value in values.items()
    )
    companies = [
        ("E-BESAR", "PT Besar Tepat", "besar", 96.5, 80.0),
        ("E-LALAI", "PT Menengah Lalai", "menengah", 99.0, 42.0),
        ("E-KECIL", "PT Kecil", "kecil", 100.0, 100.0),
        ("E-KOSONG", "PT Tanpa Data", "besar", None, 90.0),
    ]
    EmployerMetric.objects.bulk_create(
        EmployerMetric(
            run=run,
            year=2025,
            employer_id=key,
            name=name,
            size_class=size,
            sector="jasa",
            kabkota=KETAPANG,
            on_time_pct=on_time,
            registered_share_pct=registered,
        )
        for key, name, size, on_time, registered in companies
    )
    return {"kalbar": kalbar, "kalteng": kalteng, "values": values}


@pytest.fixture
def draft_cycle(figures):
    """The 2025 cycle as the template makes it: every stage still to be opened."""
    return create_cycle_from_template(assessment_year=2025)


@pytest.fixture
def cycle(draft_cycle):
    """The 2025 cycle with both rounds' screening stages open: shortlists are drawn then."""
    open_screening(draft_cycle)
    return draft_cycle


@pytest.fixture
def kabkota(cycle):
    return cycle.categories.get(level="provinsi", code="pemda-kabkota")


@pytest.fixture
def companies(cycle):
    return cycle.categories.get(level="provinsi", code="perusahaan-besar-menengah")


@pytest.fixture
def people(django_user_model):
    def user(name: str):
        return django_user_model.objects.create_user(name, password="rahasia-uji-123")

    national = user("sekretariat")
    national.user_permissions.add(Permission.objects.get(codename="manage_panels"))
    kalbar, kalteng, outsider = user("admin_kalbar"), user("admin_kalteng"), user("penilai")
    ProvincialAdmin.objects.create(user=kalbar, province="61")
    ProvincialAdmin.objects.create(user=kalteng, province="62")
    return {
        "nasional": django_user_model.objects.get(pk=national.pk),
        "kalbar": kalbar,
        "kalteng": kalteng,
        "luar": outsider,
    }
