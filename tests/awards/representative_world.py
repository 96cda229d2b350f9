"""The world of the representatives' workbook tests (fixtures and helpers only): the 2025 cycle,
Kalimantan Barat's kab/kota round with three nominees and a company, Kalimantan Tengah's with
one, a national nomination of Ketapang (the same code in another category), the secretariat
(a national admin, the provincial admins of 61 and 62) and an existing account; workbooks are
written with openpyxl, as a person's spreadsheet program would."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from openpyxl import Workbook

from paritrana.access.models import ProvincialAdmin
from paritrana.awards.domain.templates import create_cycle_from_template
from paritrana.awards.models import Category, Cycle, Nomination, NominationSource

HEADER = ("Kode kandidat", "Nama kandidat", "Kategori", "Nama lengkap wakil", "Email wakil", "Akun")


def workbook(rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Wakil"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _nominate(category: Category, key: str, name: str, province: str, **extra: Any) -> Nomination:
    return Nomination.objects.create(
        category=category,
        province=province,
        entity=extra.pop("entity", "kabkota"),
        key=key,
        name=name,
        region_code=extra.pop("region_code", key),
        source=NominationSource.DATA,
        **extra,
    )


@dataclass
class World:
    cycle: Cycle
    kabkota: Category
    ketapang: Nomination
    pontianak: Nomination
    sambas: Nomination
    singkawang: Nomination  # 61.72: Kota Singkawang
    company: Nomination
    palangka: Nomination  # Kalimantan Tengah
    national_ketapang: Nomination  # the same code in the national round's category
    national: Any
    kalbar: Any
    kalteng: Any
    budi: Any  # an existing, active account

    def round_url(self, nomination: Nomination | None = None) -> str:
        n = nomination or self.ketapang
        return f"/sekretariat/{self.cycle.pk}/daftar-pendek/{n.category_id}/{n.province}/"


@pytest.fixture
def world(regions, django_user_model) -> World:
    cycle = create_cycle_from_template(assessment_year=2025)
    kabkota = cycle.categories.get(level="provinsi", code="pemda-kabkota")
    companies = cycle.categories.get(level="provinsi", code="perusahaan-besar-menengah")
    national_kabkota = cycle.categories.get(level="nasional", code="pemda-kabkota")

    def user(name: str, **extra: Any) -> Any:
        return django_user_model.objects.create_user(name, password="rahasia-uji-123", **extra)

    national = user("sekretariat")
    national.user_permissions.add(Permission.objects.get(codename="manage_panels"))
    kalbar, kalteng = user("admin_kalbar"), user("admin_kalteng")
    ProvincialAdmin.objects.create(user=kalbar, province="61")
    ProvincialAdmin.objects.create(user=kalteng, province="62")
    return World(
        cycle=cycle,
        kabkota=kabkota,
        ketapang=_nominate(kabkota, "61.04", "Kabupaten Ketapang", "61"),
        pontianak=_nominate(kabkota, "61.71", "Kota Pontianak", "61"),
        sambas=_nominate(kabkota, "61.01", "Kabupaten Sambas", "61"),
        singkawang=_nominate(kabkota, "61.72", "Kota Singkawang", "61"),
        company=_nominate(
            companies,
            "E-BESAR",
            "PT Besar Tepat",
            "61",
            entity="perusahaan",
            region_code="61.04",
        ),
        palangka=_nominate(kabkota, "62.71", "Kota Palangka Raya", "62"),
        national_ketapang=_nominate(national_kabkota, "61.04", "Kabupaten Ketapang", "61"),
        national=django_user_model.objects.get(pk=national.pk),  # fresh permission cache
        kalbar=kalbar,
        kalteng=kalteng,
        budi=user("budi", first_name="Budi Santoso", email="budi@ketapangkab.go.id"),
    )
