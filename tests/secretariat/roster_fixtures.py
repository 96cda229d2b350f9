"""The world of the roster tests: the 2025 cycle, a national admin, Kalimantan Barat's
provincial admin, and members' workbooks built with openpyxl."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest
from django.contrib.auth.models import Permission
from openpyxl import Workbook

from paritrana.access.models import ProvincialAdmin
from paritrana.assessment.domain.roster import COLUMNS
from paritrana.awards.domain.templates import create_cycle_from_template

KALBAR_TEAM = [
    (
        "61",
        "Harisson",
        "sekda@kalbarprov.go.id",
        "Ketua",
        "Sekretariat daerah (Sekda)",
        "Pemerintah Provinsi Kalimantan Barat",
        "61",
        "",
    ),
    (
        "Kalimantan Barat",
        "Rina Wulandari",
        "rina@bpjsketenagakerjaan.go.id",
        "Sekretaris",
        "BPJS Ketenagakerjaan",
        "Kantor Wilayah Kalimantan",
        "",
        "",
    ),
    (
        "61",
        "Manto",
        "manto@disnaker.kalbarprov.go.id",
        "Anggota",
        "disnaker",
        "Disnakertrans Kalbar",
        "",
        "",
    ),
    (
        "61",
        "Yulia Sari",
        "yulia@untan.ac.id",
        "Anggota",
        "Akademisi",
        "Universitas Tanjungpura",
        "61.71",
        "",
    ),
    (
        "nasional",
        "Budi Santoso",
        "budi@kemenkopmk.go.id",
        "Ketua",
        "Kemenko PMK",
        "Kemenko PMK",
        "",
        "",
    ),
]


def workbook(rows: Sequence[Sequence[object]], header: Sequence[str] = COLUMNS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Anggota"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def cycle(regions):
    return create_cycle_from_template(assessment_year=2025)


@pytest.fixture
def national_admin(django_user_model):
    user = django_user_model.objects.create_user("sekretariat", password="rahasia-uji-123")
    user.user_permissions.add(Permission.objects.get(codename="manage_panels"))
    return django_user_model.objects.get(pk=user.pk)


@pytest.fixture
def kalbar_admin(django_user_model):
    user = django_user_model.objects.create_user("admin_kalbar", password="rahasia-uji-123")
    ProvincialAdmin.objects.create(user=user, province="61")
    return user
