"""The demo's panels: every province's team ("Tim 9", chaired by the Sekda) and the national
jury, seated through the commands, with Kalimantan Barat's academic declaring a conflict before
any assignment.

Members are drawn from seeded lists of names (deterministic for a seed); the demo accounts
(`ketua-kalbar`, `penilai-kalbar`, `juri`) take their seats by name. Accounts have no command:
a member's user is created directly and cannot log in unless it is a demo account.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.auth import get_user_model

from paritrana.assessment.models import MemberRole, Panel, PanelMember
from paritrana.awards.models import Cycle, Level, Nomination
from paritrana.cli.demo_provinces import province
from paritrana.commands.judging import add_member, create_panel, declare_conflict
from paritrana.regions.models import Region

CHAIR_KALBAR, ASSESSOR_KALBAR, JUROR = "ketua-kalbar", "penilai-kalbar", "juri"
KETAPANG = "61.04"


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


def drawn_names(seed: int) -> list[tuple[str, str]]:
    """Distinct (given name, family name) pairs, in a seeded order."""
    pairs = [(g, f) for g in GIVEN.split() for f in FAMILY.split()]
    random.Random(f"{seed}:names").shuffle(pairs)
    return pairs


def demo_account(username: str, given: str = "", family: str = "") -> Any:
    """A member's or representative's user: demo accounts keep their password, the others
    cannot log in (created directly: accounts have no command)."""
    user: Any
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": given, "last_name": family}
    )
    if created:
        user.set_unusable_password()
        user.save()
    elif given and not user.first_name:
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
        member_user=demo_account(username, given, family),
        role=seat.role,
        affiliation=seat.affiliation,
        institution=seat.institution.format(**details),
        region_code=seat.region_code.format(**details),
    )


def province_codes(provinces: tuple[str, ...] | None = None) -> list[str]:
    """Kemendagri's province codes (all 38, or those of `provinces` that exist)."""
    found = Region.objects.filter(level="provinsi")
    if provinces is not None:
        found = found.filter(code__in=provinces)
    return list(found.order_by("code").values_list("code", flat=True))


def create_panels(
    cycle: Cycle,
    names: list[tuple[str, str]],
    admin: Any,
    *,
    provinces: tuple[str, ...] | None = None,
) -> list[Panel]:
    """Every province's team (or `provinces`'), with one declared conflict, and the jury."""
    names_of = dict(
        Region.objects.filter(code__in=province_codes(provinces)).values_list("code", "name")
    )
    panels = []
    for code in sorted(names_of):
        panel = create_panel(
            admin, cycle=cycle, level=Level.PROVINCIAL, province=code, assessors_per_candidate=3
        )
        details = {"code": code, "name": names_of[code], **province(code).__dict__}
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


def secretary_of(panel: Panel) -> Any:
    """The account of the team's secretary, who assigns and books interviews."""
    seat = (
        PanelMember.objects.filter(panel=panel, role=MemberRole.SECRETARY)
        .select_related("user")
        .first()
    )
    return seat.user if seat else None
