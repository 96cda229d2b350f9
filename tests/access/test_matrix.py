"""The authorisation matrix, complete: every route of `paritrana.urls` (from Django's URL
resolver) and every operation of the API (from its OpenAPI document), for every role, on an
object of their own and one of somebody else's (see conftest.py for who owns what).

Each route and operation has an entry in `WEB` or `API` saying which roles may have it; one
without an entry fails `test_every_route_has_an_entry` / `test_every_operation_has_an_entry`, so
a new route cannot slip in unjudged. Left out: /static/ and the admin's inner pages (its models,
behind the admin's own staff check), except the admin index and /admin/login/.

What "may" means, per role: an allowed role gets anything but a refusal (a page that cannot
exist yet answers 404 with its reason; a route that only takes POST answers 405); a refused one
gets 403 with a reason in Bahasa Indonesia, or, when not logged in, the login page (web) or 401
(API); the admin's pages send everyone but the national admin to the admin's login. Django's
test client re-raises any server error, so a 500 fails too. The world is built once per test
(`world`), and each test walks every role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from paritrana.access.tokens import issue
from paritrana.api.app import api
from paritrana.coverage.models import DataImport
from paritrana.reports.models import Export, ExportStatus
from tests.access.conftest import Role, Side, World

ROLES = (
    "publik",
    "admin_nasional",
    "admin_provinsi",
    "ketua",
    "penilai",
    "penilai_berkonflik",
    "wakil_kandidat",
    "petugas_data",
)
EVERYONE = frozenset(ROLES)
LOGGED_IN = EVERYONE - {"publik"}
NATIONAL = frozenset({"admin_nasional"})
NOBODY: frozenset[str] = frozenset()
MANAGERS = frozenset({"admin_nasional", "admin_provinsi", "ketua"})
PANEL = MANAGERS | {"penilai", "penilai_berkonflik"}
JUDGES = PANEL  # on their own object: assigned (assessors), their province or panel (others)
DATA = NATIONAL | {"petugas_data"}
ASSESSORS = frozenset({"penilai", "penilai_berkonflik"})
TARGETS = b"region_code,year,target_pct\n61,2026,60.10\n"


# -- what a role's own object and somebody else's are ------------------------------------


@dataclass
class Objects:
    """Per user: an import, an export and a token of their own (World holds the rest)."""

    imports: dict[int, int]
    exports: dict[int, int]
    tokens: dict[int, int]
    secrets: dict[int, str]
    admin_pk: int


def _owner(world: World, role: Role, which: str) -> int:
    """Whose export or token: the role's own, or the national admin's (somebody else's; the
    admin's own "other" is the chair's)."""
    admin = world.cast.admin.pk
    mine = getattr(role.user, "pk", None) or admin
    if which == "own":
        return mine
    return world.cast.chair.user.pk if mine == admin else admin


Url = Callable[[World, Objects, Role, str], str]


def _path(template: str) -> Url:
    def url(w: World, o: Objects, role: Role, which: str) -> str:
        side: Side = getattr(role, which)
        n = side.nomination
        owner = _owner(w, role, which)
        return template.format(
            n=n.pk,
            cat=n.category_id,
            g=n.province,
            e=w.evidence[n.pk].pk,
            p=side.panel.pk,
            pcat=w.cast.category.pk,
            pg=side.group,
            s=w.cast.stage("verifikasi").pk,
            imp=o.imports[owner] if owner in o.imports else o.imports[o.admin_pk],
            x=o.exports[owner],
            t=o.tokens[owner],
            cy=w.cast.cycle.pk,  # issue 15
        )

    return url


@dataclass(frozen=True)
class Entry:
    url: Url
    own: frozenset[str]  # roles allowed on their own object
    other: frozenset[str]  # roles allowed on somebody else's
    admin: bool = False  # the admin's pages: every refusal goes to the admin's login
    public_refusal: int = 401  # the API's refusal of a caller not logged in
    token: bool = True  # the API: a personal token may call it (else the login session only)

    def allows(self, role: str, which: str) -> bool:
        return role in (self.own if which == "own" else self.other)


def same(path: str, roles: frozenset[str]) -> Entry:
    """A page without an object of its own: "other" is the same page."""
    return Entry(_path(path), roles, roles)


# issue 15: setup
WORKBENCH = NATIONAL | {"admin_provinsi"}
SETUP_API = "/api/v1/sekretariat/siklus"


def _setup(template: str) -> Url:
    def url(w: World, o: Objects, role: Role, which: str) -> str:
        return template.format(c=w.cast.cycle.pk, cat=w.cast.category.pk)

    return url


def _write(path: str) -> Entry:
    """A change of the cycle's set-up: the national admin, from a login session."""
    return Entry(_path(path), NATIONAL, NATIONAL, token=False)


# Keyed by the route as the resolver spells it.
WEB: dict[str, Entry] = {
    # Public pages and reference data
    "": same("/", EVERYONE),
    "masuk/": same("/masuk/", EVERYONE),
    "keluar/": same("/keluar/", EVERYONE),  # GET: 405 (logging out takes POST)
    "i18n/setlang/": same("/i18n/setlang/", EVERYONE),
    "wilayah/<str:code>/": same("/wilayah/61/", EVERYONE),
    "cari/": same("/cari/?q=ketapang", EVERYONE),
    "kalkulator-iuran/": same("/kalkulator-iuran/", EVERYONE),
    "cakupan/": same("/cakupan/", EVERYONE),
    "cakupan/<str:code>/": same("/cakupan/61/", EVERYONE),
    "dasbor/": same("/dasbor/", EVERYONE),
    "dasbor/js/plotly-<str:version>.min.js": same("/dasbor/js/plotly-0.min.js", EVERYONE),
    "dasbor/batas/<slug:layer>-<slug:version>.geojson": same(
        "/dasbor/batas/provinsi-0.geojson", EVERYONE
    ),
    "dasbor/<str:code>/": same("/dasbor/61/", EVERYONE),
    "perencanaan/<str:code>/": same("/perencanaan/61/", EVERYONE),
    "pengumuman/": same("/pengumuman/", EVERYONE),
    "pengumuman/<int:year>/": same("/pengumuman/2025/", EVERYONE),
    "pengumuman/<int:year>/<str:level>/<str:category_code>/<str:group>/": same(
        "/pengumuman/2025/provinsi/pemda-kabkota/61/", EVERYONE
    ),
    "impor/templat/<str:kind>.xlsx": same("/impor/templat/targets.xlsx", EVERYONE),
    "impor/skema/": same("/impor/skema/", EVERYONE),
    "angka-acuan/": same("/angka-acuan/", EVERYONE),
    # Candidates
    "kandidat/": same("/kandidat/", LOGGED_IN),
    "kandidat/<int:pk>/": Entry(_path("/kandidat/{n}/"), frozenset({"wakil_kandidat"}), NOBODY),
    "seleksi/": same("/seleksi/", PANEL),
    "seleksi/<int:pk>/": Entry(_path("/seleksi/{n}/"), JUDGES, NATIONAL),
    "bukti/<int:pk>/": Entry(_path("/bukti/{e}/"), JUDGES | {"wakil_kandidat"}, NATIONAL),
    # The same file shown in the page (the score sheet frames it): the download's check.
    "bukti/<int:pk>/lihat/": Entry(
        _path("/bukti/{e}/lihat/"), JUDGES | {"wakil_kandidat"}, NATIONAL
    ),
    # Data imports
    "impor/": same("/impor/", DATA),
    "impor/hitung/": same("/impor/hitung/", DATA),  # GET: 405 for those allowed
    "impor/hitungan/": same("/impor/hitungan/", DATA),
    "impor/<int:pk>/": same("/impor/{imp}/", DATA),
    "impor/<int:pk>/laporan.xlsx": same("/impor/{imp}/laporan.xlsx", DATA),
    # Judging
    "penilaian/": same("/penilaian/", LOGGED_IN),
    "penilaian/konflik/": same("/penilaian/konflik/", LOGGED_IN),
    # An assessor's own work: those who sit on a panel of the round (not its admins).
    "penilaian/<int:stage>/lembar.xlsx": same(
        "/penilaian/{s}/lembar.xlsx", frozenset({"ketua"}) | ASSESSORS
    ),
    "penilaian/<int:stage>/<int:nomination>/": Entry(
        _path("/penilaian/{s}/{n}/"), ASSESSORS, NOBODY
    ),
    # Panels, rankings, PDFs
    "panel/<int:pk>/": Entry(_path("/panel/{p}/"), MANAGERS, NATIONAL),
    "panel/<int:pk>/wawancara/": Entry(_path("/panel/{p}/wawancara/"), MANAGERS, NATIONAL),
    "panel/<int:pk>/ringkasan.pdf": Entry(_path("/panel/{p}/ringkasan.pdf"), MANAGERS, NATIONAL),
    "hasil/": same("/hasil/", LOGGED_IN),
    "hasil/<int:category>/<str:group>/": Entry(_path("/hasil/{pcat}/{pg}/"), PANEL, NATIONAL),
    "hasil/<int:category>/<str:group>/peringkat.xlsx": Entry(
        _path("/hasil/{pcat}/{pg}/peringkat.xlsx"), PANEL, NATIONAL
    ),
    "hasil/<int:category>/<str:group>/piagam.pdf": Entry(
        _path("/hasil/{pcat}/{pg}/piagam.pdf"), MANAGERS, NATIONAL
    ),
    # A candidate's scores by the others. penilai_berkonflik's verification sheet for Pontianak,
    # assigned in the world, is not sent, but the group's Juara are decided: it is no longer
    # accepted and hides nothing (tests/access/test_independent_scoring.py: before a decision).
    "hasil/<int:category>/<str:group>/<int:nomination>/": Entry(
        _path("/hasil/{cat}/{g}/{n}/"), JUDGES, NATIONAL
    ),
    "hasil/<int:category>/<str:group>/<int:nomination>/laporan.pdf": Entry(
        _path("/hasil/{cat}/{g}/{n}/laporan.pdf"), JUDGES | {"wakil_kandidat"}, NATIONAL
    ),
    # Downloads and the account
    "unduhan/": same("/unduhan/", LOGGED_IN),
    "unduhan/<int:pk>/berkas": Entry(_path("/unduhan/{x}/berkas"), LOGGED_IN, NATIONAL),
    "akun/token/": same("/akun/token/", LOGGED_IN),
    "akun/token/<int:pk>/cabut/": Entry(  # GET: 405 (revoking takes POST)
        _path("/akun/token/{t}/cabut/"), LOGGED_IN, LOGGED_IN
    ),
    # The admin: its index for staff accounts only (none of the roles here: the national
    # admin's reach is `assessment.manage_panels`, not the admin); its login page for everyone.
    "admin/": Entry(_path("/admin/"), NOBODY, NOBODY, admin=True),
    "admin/login/": same("/admin/login/", EVERYONE),
    # The API's own pages (its operations are judged in API below)
    "api/v1/": same("/api/v1/", EVERYONE),
    "api/v1/openapi.json": same("/api/v1/openapi.json", EVERYONE),
    "api/v1/docs": same("/api/v1/docs", EVERYONE),
    "api/v1/docs/aset/<str:name>": same("/api/v1/docs/aset/swagger-ui.css", EVERYONE),
    "api/v1/^[\\s\\S]*$": same("/api/v1/tidak-ada", EVERYONE),  # the API's own 404
    "favicon.ico": same("/favicon.ico", EVERYONE),  # the icon browsers ask for by themselves
    # issue 15: shortlists (a round: the side's category in the side's province)
    "sekretariat/<int:cycle>/daftar-pendek/": Entry(
        lambda w, o, r, which: f"/sekretariat/{w.cast.cycle.pk}/daftar-pendek/",
        NATIONAL | {"admin_provinsi"},
        NATIONAL | {"admin_provinsi"},
    ),
    "sekretariat/<int:cycle>/daftar-pendek/<int:category>/<str:province>/": Entry(
        lambda w, o, r, which: (
            f"/sekretariat/{w.cast.cycle.pk}/daftar-pendek/"
            f"{getattr(r, which).nomination.category_id}/{getattr(r, which).nomination.province}/"
        ),
        NATIONAL | {"admin_provinsi"},
        NATIONAL,
    ),
    # A round's candidates' representatives from a workbook, and its template: the round's
    # secretariat (a provincial admin its own province's round)
    **{
        f"sekretariat/<int:cycle>/daftar-pendek/<int:category>/<str:province>/wakil/{tail}": Entry(
            lambda w, o, r, which, tail=tail: (
                f"/sekretariat/{w.cast.cycle.pk}/daftar-pendek/"
                f"{getattr(r, which).nomination.category_id}/"
                f"{getattr(r, which).nomination.province}/wakil/{tail}"
            ),
            NATIONAL | {"admin_provinsi"},
            NATIONAL,
        )
        for tail in ("", "templat.xlsx")
    },
    # issue 15: roster (the secretariat seats the panels; a provincial admin its own province's
    # panel, a chair their own panel; the activation link itself is the proof: a bad one is 400)
    "sekretariat/<int:cycle>/tim/": Entry(
        lambda w, o, r, which: f"/sekretariat/{w.cast.cycle.pk}/tim/",
        NATIONAL | {"admin_provinsi"},
        NATIONAL | {"admin_provinsi"},
    ),
    "sekretariat/<int:cycle>/tim/templat.xlsx": Entry(
        lambda w, o, r, which: f"/sekretariat/{w.cast.cycle.pk}/tim/templat.xlsx",
        NATIONAL | {"admin_provinsi"},
        NATIONAL | {"admin_provinsi"},
    ),
    "sekretariat/<int:cycle>/tim/<int:panel>/": Entry(
        lambda w, o, r, which: f"/sekretariat/{w.cast.cycle.pk}/tim/{getattr(r, which).panel.pk}/",
        MANAGERS,
        NATIONAL,
    ),
    "aktivasi/<str:uidb64>/<str:token>/": same("/aktivasi/MQ/bukan-token/", EVERYONE),
    # issue 15: progress board, reminders, announcement PDF. The board, its workbook and the
    # reminders: the national admin, and a provincial admin (its own province only); the
    # drill-down of another province: the national admin only. The announcement PDF is public
    # (404 with its reason here: nothing is published in this world).
    "sekretariat/<int:cycle>/kemajuan/": same(
        "/sekretariat/{cy}/kemajuan/", frozenset({"admin_nasional", "admin_provinsi"})
    ),
    "sekretariat/<int:cycle>/kemajuan/<str:province>/": Entry(
        _path("/sekretariat/{cy}/kemajuan/{pg}/"),
        frozenset({"admin_nasional", "admin_provinsi"}),
        NATIONAL,
    ),
    "sekretariat/<int:cycle>/kemajuan.xlsx": same(
        "/sekretariat/{cy}/kemajuan.xlsx", frozenset({"admin_nasional", "admin_provinsi"})
    ),
    "sekretariat/<int:cycle>/pengingat/": same(
        "/sekretariat/{cy}/pengingat/", frozenset({"admin_nasional", "admin_provinsi"})
    ),
    "pengingat/": same("/pengingat/", LOGGED_IN),
    # issue 16: each person's landing page ("Beranda saya"): what waits for them, for anyone
    # logged in (what it lists is their own work and what the policy lets them oversee)
    "beranda/": same("/beranda/", LOGGED_IN),
    "pengumuman/<int:year>/pengumuman.pdf": same("/pengumuman/2025/pengumuman.pdf", EVERYONE),
    # issue 15: setup (the workbench's hub for both admins; a cycle's set-up, national only)
    "sekretariat/": same("/sekretariat/", WORKBENCH),
    "sekretariat/<int:cycle>/": Entry(_setup("/sekretariat/{c}/"), NATIONAL, NATIONAL),
    "sekretariat/<int:cycle>/kategori/<int:category>/": Entry(
        _setup("/sekretariat/{c}/kategori/{cat}/"), NATIONAL, NATIONAL
    ),
    # The cycle's change history: the national secretariat.
    "sekretariat/<int:cycle>/riwayat/": Entry(
        _setup("/sekretariat/{c}/riwayat/"), NATIONAL, NATIONAL
    ),
    # The certificates' wording of a cycle: the national secretariat.
    "sekretariat/<int:cycle>/piagam/": Entry(
        _setup("/sekretariat/{c}/piagam/"), NATIONAL, NATIONAL
    ),
}

# Keyed by "METHOD /path" as the OpenAPI document spells it.
API: dict[str, Entry] = {
    "GET /api/v1/wilayah/": same("/api/v1/wilayah/", EVERYONE),
    "GET /api/v1/wilayah/zona": same("/api/v1/wilayah/zona", EVERYONE),
    "GET /api/v1/wilayah/{code}": same("/api/v1/wilayah/61", EVERYONE),
    "GET /api/v1/cakupan/tahun": same("/api/v1/cakupan/tahun", EVERYONE),
    "GET /api/v1/cakupan/": same("/api/v1/cakupan/", EVERYONE),
    "GET /api/v1/cakupan/{code}": same("/api/v1/cakupan/61", EVERYONE),
    "GET /api/v1/cakupan/{code}/tren": same("/api/v1/cakupan/61/tren", EVERYONE),
    "GET /api/v1/iuran/": same("/api/v1/iuran/?segmen=BPU&penghasilan=1000000", EVERYONE),
    "GET /api/v1/siklus/": same("/api/v1/siklus/", EVERYONE),
    "GET /api/v1/siklus/{year}": same("/api/v1/siklus/2025", EVERYONE),
    "GET /api/v1/siklus/{year}/kategori": same("/api/v1/siklus/2025/kategori", EVERYONE),
    "GET /api/v1/siklus/{year}/kategori/{level}/{code}": same(
        "/api/v1/siklus/2025/kategori/provinsi/pemda-kabkota", EVERYONE
    ),
    "GET /api/v1/hasil/": same("/api/v1/hasil/", EVERYONE),
    "GET /api/v1/hasil/{year}": same("/api/v1/hasil/2025", EVERYONE),
    # Before publication, the national admin only (`access.view_results`): logging in does
    # not help, so the public gets 403 too.
    "GET /api/v1/hasil/{year}/{level}/{category_code}/{group}": Entry(
        _path("/api/v1/hasil/2025/provinsi/pemda-kabkota/61"),
        NATIONAL,
        NATIONAL,
        public_refusal=403,
    ),
    "GET /api/v1/kandidat/": same("/api/v1/kandidat/", LOGGED_IN),
    "GET /api/v1/kandidat/{nomination_id}": Entry(
        _path("/api/v1/kandidat/{n}"), JUDGES | {"wakil_kandidat"}, NATIONAL
    ),
    "GET /api/v1/penilaian/tugas": same("/api/v1/penilaian/tugas", LOGGED_IN),
    # A score sheet: only an assessor assigned to the candidate at that stage.
    "GET /api/v1/penilaian/{stage_id}/{nomination_id}": Entry(
        _path("/api/v1/penilaian/{s}/{n}"), ASSESSORS, NOBODY
    ),
    # The assessor's own sheet of Ketapang is submitted: the access check lets them through
    # and the sheet's lock refuses the change (409), which is not a refusal of access.
    "PUT /api/v1/penilaian/{stage_id}/{nomination_id}": Entry(
        _path("/api/v1/penilaian/{s}/{n}"), ASSESSORS, NOBODY
    ),
    "GET /api/v1/penilaian/hasil/{category_id}/{group}": Entry(
        _path("/api/v1/penilaian/hasil/{pcat}/{pg}"), PANEL, NATIONAL
    ),
    "POST /api/v1/impor/": same("/api/v1/impor/", DATA),  # a targets file: 202 if allowed
    "GET /api/v1/impor/": same("/api/v1/impor/", DATA),
    "GET /api/v1/impor/{pk}": same("/api/v1/impor/{imp}", DATA),
    # Tokens are managed from the login session only, never with a token.
    "GET /api/v1/token/": Entry(_path("/api/v1/token/"), LOGGED_IN, LOGGED_IN, token=False),
    "POST /api/v1/token/": Entry(  # an empty body: 422 if allowed
        _path("/api/v1/token/"), LOGGED_IN, LOGGED_IN, token=False
    ),
    # Somebody else's token: 404, as if it did not exist (not a refusal that tells it does).
    "DELETE /api/v1/token/{pk}": Entry(_path("/api/v1/token/{t}"), LOGGED_IN, NOBODY, token=False),
    # issue 15: shortlists (reads with a token; changes from a login session only)
    "GET /api/v1/daftar-pendek/{year}": same(
        "/api/v1/daftar-pendek/2025", NATIONAL | {"admin_provinsi"}
    ),
    **{
        f"{method} /api/v1/daftar-pendek/{{year}}/{{level}}"
        f"/{{category_code}}/{{province}}{tail}": Entry(
            lambda w, o, r, which, tail=tail: (
                "/api/v1/daftar-pendek/2025/provinsi/pemda-kabkota/"
                f"{getattr(r, which).nomination.province}{tail}"
            ),
            NATIONAL | {"admin_provinsi"},
            NATIONAL,
            token=method == "GET",
        )
        for method, tail in (
            ("GET", ""),
            ("POST", "/tarik"),
            ("POST", "/tambah"),
            ("POST", "/keluarkan"),
        )
    },
    # Candidates' representatives from a workbook, over the rounds one manages (an empty body:
    # 422 if allowed; from a login session only)
    "POST /api/v1/daftar-pendek/{year}/wakil": Entry(
        _path("/api/v1/daftar-pendek/2025/wakil"),
        NATIONAL | {"admin_provinsi"},
        NATIONAL | {"admin_provinsi"},
        token=False,
    ),
    # issue 15: roster (an empty body: 422 if allowed; forming panels is the national admin's)
    "GET /api/v1/tim/{year}": same("/api/v1/tim/2025", NATIONAL | {"admin_provinsi"}),
    "POST /api/v1/tim/{year}/panel": same("/api/v1/tim/2025/panel", NATIONAL),
    "POST /api/v1/tim/{year}/impor": same("/api/v1/tim/2025/impor", NATIONAL | {"admin_provinsi"}),
    # Copying an earlier cycle's teams: a provincial admin its own province's (an empty body:
    # 422 for those allowed)
    "POST /api/v1/tim/{year}/salin": same("/api/v1/tim/2025/salin", NATIONAL | {"admin_provinsi"}),
    "POST /api/v1/tim/panel/{panel_id}/anggota": Entry(
        _path("/api/v1/tim/panel/{p}/anggota"), MANAGERS, NATIONAL
    ),
    "POST /api/v1/tim/panel/{panel_id}/keluarkan": Entry(
        _path("/api/v1/tim/panel/{p}/keluarkan"), MANAGERS, NATIONAL
    ),
    # issue 15: progress board and reminders (a provincial admin: its own province only;
    # sending from the login session only)
    "GET /api/v1/kemajuan/{year}": same(
        "/api/v1/kemajuan/2025", frozenset({"admin_nasional", "admin_provinsi"})
    ),
    "GET /api/v1/kemajuan/{year}/provinsi/{province}": Entry(
        _path("/api/v1/kemajuan/2025/provinsi/{pg}"),
        frozenset({"admin_nasional", "admin_provinsi"}),
        NATIONAL,
    ),
    "GET /api/v1/kemajuan/{year}/pengingat": same(
        "/api/v1/kemajuan/2025/pengingat", frozenset({"admin_nasional", "admin_provinsi"})
    ),
    "POST /api/v1/kemajuan/{year}/pengingat": Entry(
        _path("/api/v1/kemajuan/2025/pengingat"),
        frozenset({"admin_nasional", "admin_provinsi"}),
        frozenset({"admin_nasional", "admin_provinsi"}),
        token=False,
    ),
    # issue 15: setup (reads with a token; changes from a login session only). The national
    # admin's empty bodies answer 422 (no year), 409 (verification already open, categories
    # locked) or 400 (closing a stage never opened): none is a refusal of who they are.
    "GET /api/v1/sekretariat/siklus": same("/api/v1/sekretariat/siklus", WORKBENCH),
    "POST /api/v1/sekretariat/siklus": _write(f"{SETUP_API}"),
    "POST /api/v1/sekretariat/siklus/salin": _write(f"{SETUP_API}/salin"),
    "GET /api/v1/sekretariat/siklus/{year}/tahap/{level}/{kind}/periksa": same(
        f"{SETUP_API}/2025/tahap/provinsi/verifikasi/periksa", NATIONAL
    ),
    "POST /api/v1/sekretariat/siklus/{year}/tahap/{level}/{kind}/buka": _write(
        f"{SETUP_API}/2025/tahap/provinsi/verifikasi/buka"
    ),
    "POST /api/v1/sekretariat/siklus/{year}/tahap/{level}/{kind}/tutup": _write(
        f"{SETUP_API}/2025/tahap/provinsi/publikasi/tutup"
    ),
    "PATCH /api/v1/sekretariat/siklus/{year}/tahap/{level}/{kind}": _write(
        f"{SETUP_API}/2025/tahap/provinsi/verifikasi"
    ),
    "PATCH /api/v1/sekretariat/siklus/{year}/kategori/{level}/{code}": _write(
        f"{SETUP_API}/2025/kategori/provinsi/pemda-kabkota"
    ),
    "PATCH /api/v1/sekretariat/siklus/{year}/kategori/{level}/{code}/kriteria/{criterion}": (
        _write(f"{SETUP_API}/2025/kategori/provinsi/pemda-kabkota/kriteria/regulasi")
    ),
    # The cycle's own set-up: renamed (an empty body: 422), a category added (422, no name) and
    # one removed (pemda-kabkota has candidates: 409 in_use, nothing is removed).
    "PATCH /api/v1/sekretariat/siklus/{year}": _write(f"{SETUP_API}/2025"),
    "POST /api/v1/sekretariat/siklus/{year}/kategori/{level}": _write(
        f"{SETUP_API}/2025/kategori/provinsi"
    ),
    "POST /api/v1/sekretariat/siklus/{year}/kategori/{level}/{code}/hapus": _write(
        f"{SETUP_API}/2025/kategori/provinsi/pemda-kabkota/hapus"
    ),
}


# -- the routes and operations there are ---------------------------------------------------


def _routes(patterns: list[Any], prefix: str = "") -> list[tuple[str, Any]]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            found.append((route, pattern))
    return found


def web_routes() -> set[str]:
    """Every route but /static/, the API's operations (judged from the OpenAPI document) and
    the admin's inner pages (the index and its login page are kept)."""
    kept = set()
    for route, pattern in _routes(get_resolver().url_patterns):
        if route.startswith("static/"):
            continue
        if getattr(pattern.callback, "__module__", "") == "ninja.operation":
            continue
        if route.startswith("admin/") and route not in ("admin/", "admin/login/"):
            continue
        kept.add(route)
    return kept


def api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def test_every_route_has_an_entry():
    routes = web_routes()
    assert not routes - set(WEB), f"routes with no entry in WEB: {sorted(routes - set(WEB))}"
    assert not set(WEB) - routes, f"entries for routes that are gone: {sorted(set(WEB) - routes)}"


def test_every_operation_has_an_entry():
    operations = api_operations()
    missing, gone = operations - set(API), set(API) - operations
    assert not missing, f"operations with no entry in API: {sorted(missing)}"
    assert not gone, f"entries for operations that are gone: {sorted(gone)}"


# -- the objects of the matrix --------------------------------------------------------------


def _objects(world: World) -> Objects:
    users = {r.user.pk: r.user for r in world.roles.values() if r.user.is_authenticated}
    users[world.cast.chair.user.pk] = world.cast.chair.user
    officer = world.role("petugas_data").user
    imports = {
        officer.pk: DataImport.objects.create(
            kind="targets", file_name="target.csv", uploaded_by=officer
        ).pk,
        world.cast.admin.pk: DataImport.objects.create(
            kind="targets", file_name="target-admin.csv", uploaded_by=world.cast.admin
        ).pk,
    }
    exports, tokens, secrets = {}, {}, {}
    for pk, user in users.items():
        exports[pk] = Export.objects.create(
            kind="kandidat", key=f"matriks-{pk}", requested_by=user, status=ExportStatus.QUEUED
        ).pk
        token, secret = issue(user=user, name="matriks", scopes=["baca", "nilai", "impor", "tim"])
        tokens[pk], secrets[pk] = token.pk, secret
    return Objects(imports, exports, tokens, secrets, world.cast.admin.pk)


def _client(user: Any) -> Client:
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    return client


def _judge_web(entry: Entry, role: str, which: str, url: str, response: Any) -> str | None:
    status = response.status_code
    location = response.get("Location", "") if status == 302 else ""
    label = f"{role} {which} GET {url}: {status}"
    if entry.admin:
        refused = status == 302 and "/admin/login/" in location
        if entry.allows(role, which) == refused:
            return f"{label}{' ' + location if location else ''}"
        return None
    if entry.allows(role, which):
        if status in (401, 403) or "/masuk/" in location:
            return f"{label}, should be allowed"
        return None
    if role == "publik":
        return None if "/masuk/" in location else f"{label}, should go to the login page"
    if status != 403:
        return f"{label}, should be refused (403)"
    html = response.content.decode(errors="replace")
    if 'id="refusal"' not in html and "hanya" not in html and "tidak" not in html.lower():
        return f"{label} without a reason"
    return None


@pytest.mark.sweep
def test_every_route_for_every_role(world):
    objects = _objects(world)
    problems, checked = [], 0
    for route, entry in WEB.items():
        for name in ROLES:
            role = world.role(name)
            client = _client(role.user)
            for which in ("own", "other"):
                url = entry.url(world, objects, role, which)
                response = client.get(url)
                checked += 1
                if (problem := _judge_web(entry, name, which, url, response)) is not None:
                    problems.append(f"[{route}] {problem}")
    assert checked == len(WEB) * len(ROLES) * 2
    assert not problems, "\n".join(problems)


def _call(client: Client, key: str, url: str, headers: dict[str, str]) -> Any:
    method = key.split(" ", 1)[0]
    if method == "GET":
        return client.get(url, headers=headers)
    if method == "DELETE":
        return client.delete(url, headers=headers)
    if "/impor/" in url:
        upload = SimpleUploadedFile("target.csv", TARGETS, content_type="text/csv")
        return client.post(url, {"kind": "targets", "file": upload}, headers=headers)
    body = {"scores": {}} if "penilaian" in url else {}
    call = {"PUT": client.put, "PATCH": client.patch}.get(method, client.post)
    return call(url, body, content_type="application/json", headers=headers)


def _url(world: World, objects: Objects, key: str, entry: Entry, role: Role, which: str) -> str:
    if key.startswith("DELETE") and which == "own" and role.user.is_authenticated:
        # Revoking one's own token: a fresh one, so the calling one stays valid.
        token, _secret = issue(user=role.user, name="cabut", scopes=["baca"])
        return f"/api/v1/token/{token.pk}"
    return entry.url(world, objects, role, which)


def _judge_api(
    entry: Entry, role: str, which: str, label: str, response: Any, *, token: bool
) -> str | None:
    status = response.status_code
    allowed = entry.allows(role, which) and (entry.token or not token)
    if allowed:
        # (The assessor's own sheet of Ketapang is submitted: access lets them through and the
        # sheet's lock answers 409 "locked", which is not a refusal of who they are.)
        if status in (401, 403):
            return f"{label}: refused ({status}) {response.content[:160]!r}, should be allowed"
        return None
    expected = (entry.public_refusal,) if role == "publik" else (403, 404)
    if status not in expected:
        return f"{label}: {status}, should be {' or '.join(map(str, expected))}"
    error = response.json().get("error", {})
    if not error.get("code") or not error.get("message"):
        return f"{label}: {status} outside the error shape: {response.content[:160]!r}"
    return None


def _api_matrix(world: World, roles: tuple[str, ...], *, token: bool) -> tuple[int, list[str]]:
    objects = _objects(world)
    problems, checked = [], 0
    for key, entry in API.items():
        for name in roles:
            role = world.role(name)
            user = role.user
            headers = {}
            client = Client()
            if token and user.is_authenticated:
                headers = {"Authorization": f"Bearer {objects.secrets[user.pk]}"}
            elif user.is_authenticated:
                client.force_login(user)
            for which in ("own", "other"):
                url = _url(world, objects, key, entry, role, which)
                response = _call(client, key, url, headers)
                checked += 1
                label = f"[{key}] {name} {which} {url}"
                problem = _judge_api(entry, name, which, label, response, token=token)
                if problem is not None:
                    problems.append(problem)
    return checked, problems


@pytest.mark.sweep
def test_every_operation_for_every_role(world):
    """Each person calls with a personal token holding every scope: a token never widens what
    its owner may do."""
    checked, problems = _api_matrix(world, ROLES, token=True)
    assert checked == len(API) * len(ROLES) * 2
    assert not problems, "\n".join(problems)


@pytest.mark.sweep
def test_every_operation_with_a_session(world):
    """...and with the browser's login session, as the pages' own scripts would."""
    roles = ("publik", "admin_provinsi", "penilai", "wakil_kandidat")
    checked, problems = _api_matrix(world, roles, token=False)
    assert checked == len(API) * len(roles) * 2
    assert not problems, "\n".join(problems)


# -- what the lists hold, and writes ---------------------------------------------------------


def _candidate(path: str) -> Callable[[World, Side], str]:
    def url(w: World, side: Side) -> str:
        n = side.nomination
        return path.format(n=n.pk, cat=n.category_id, g=n.province, e=w.evidence[n.pk].pk)

    return url


def _panel(path: str) -> Callable[[World, Side], str]:
    def url(w: World, side: Side) -> str:
        return path.format(p=side.panel.pk, cat=w.cast.category.pk, g=side.group)

    return url


def _sheet(path: str) -> Callable[[World, Side], str]:
    def url(w: World, side: Side) -> str:
        return path.format(s=w.cast.stage("verifikasi").pk, n=side.nomination.pk)

    return url


def test_lists_hold_only_what_each_role_may_open(world, client):
    """The review list shows each role its own candidates and never somebody else's."""
    c = world.cast
    expected = {
        "admin_nasional": {c.ketapang, c.pontianak, world.sambas, world.palangka},
        "admin_provinsi": {c.ketapang, c.pontianak, world.sambas},
        "ketua": {c.ketapang, c.pontianak, world.sambas},
        "penilai": {c.ketapang, c.pontianak},
        "penilai_berkonflik": {c.pontianak},
    }
    everyone = {c.ketapang, c.pontianak, world.sambas, world.palangka}
    for role, shown in expected.items():
        html = _client(world.role(role).user).get("/seleksi/").content.decode()
        for nomination in everyone:
            assert (f"/seleksi/{nomination.pk}/" in html) == (nomination in shown), (
                role,
                nomination.name,
            )


# -- writes: the same matrix for what changes data ------------------------------------------


@dataclass(frozen=True)
class Write:
    name: str
    url: Callable[[World, Side], str]
    data: dict | Callable[[World, Side], dict]  # a callable: what the form sends for the side
    own: frozenset[str]
    other: frozenset[str]


WEB_WRITES = [
    Write(
        "jawaban kandidat",
        _candidate("/kandidat/{n}/"),
        {"action": "answers", "answer-regulasi": "Perbup 12/2025"},
        frozenset({"wakil_kandidat"}),
        frozenset(),
    ),
    Write("penugasan otomatis", _panel("/panel/{p}/"), {"action": "auto"}, MANAGERS, NATIONAL),
    Write(
        "simpan lembar nilai",
        _sheet("/penilaian/{s}/{n}/"),
        {"action": "save"},
        frozenset({"penilai", "penilai_berkonflik"}),
        frozenset(),
    ),
    # issue 15: setup (a provincial admin sees the hub but creates nothing)
    Write(
        "siklus baru",
        lambda w, side: "/sekretariat/",
        {"action": "create", "assessment_year": "2031"},
        NATIONAL,
        NATIONAL,
    ),
    # Reminding everyone waiting: the first POST only shows whom (nothing sent), the second,
    # confirmed, sends; a provincial admin's "everyone" is its own province.
    Write(
        "pengingat ke semua (langkah konfirmasi)",
        lambda w, side: f"/sekretariat/{w.cast.cycle.pk}/pengingat/",
        {},
        WORKBENCH,
        WORKBENCH,
    ),
    Write(
        "pengingat ke semua (dikonfirmasi)",
        lambda w, side: f"/sekretariat/{w.cast.cycle.pk}/pengingat/",
        {"yakin": "1"},
        WORKBENCH,
        WORKBENCH,
    ),
    Write(
        "nama siklus",
        lambda w, side: f"/sekretariat/{w.cast.cycle.pk}/",
        {"action": "rename", "name": "Paritrana Award 2026"},
        NATIONAL,
        NATIONAL,
    ),
    Write(
        "teks piagam",
        lambda w, side: f"/sekretariat/{w.cast.cycle.pk}/piagam/",
        {
            "level": "provinsi",
            "action": "save",
            "provinsi-title": "PIAGAM",
            "provinsi-body": "{kandidat}",
        },
        NATIONAL,
        NATIONAL,
    ),
    # The representatives' workbook of the side's round, checked (no file: 400 for those
    # allowed); a provincial admin its own province's round only
    Write(
        "wakil kandidat dari XLSX (pratinjau)",
        lambda w, side: (
            f"/sekretariat/{w.cast.cycle.pk}/daftar-pendek/{side.nomination.category_id}/"
            f"{side.nomination.province}/wakil/"
        ),
        {"action": "preview"},
        WORKBENCH,
        NATIONAL,
    ),
    # The roster's "copy last year's team" for the side's province: a provincial admin its own
    # (the copy from the cycle itself is then refused, 400: not a refusal of who they are).
    Write(
        "salin tim dari siklus lalu",
        lambda w, side: f"/sekretariat/{w.cast.cycle.pk}/tim/",
        lambda w, side: {"action": "copy", "source": w.cast.cycle.pk, "province": side.group},
        WORKBENCH,
        NATIONAL,
    ),
]


def test_web_writes(world):
    problems = []
    for role, write in ((r, w) for r in ROLES for w in WEB_WRITES):
        for which in ("own", "other"):
            side = getattr(world.role(role), which)
            url = write.url(world, side)
            data = write.data(world, side) if callable(write.data) else write.data
            response = _client(world.role(role).user).post(url, data)
            allowed = role in (write.own if which == "own" else write.other)
            status = response.status_code
            refused = status == 403 or (status == 302 and "/masuk/" in response["Location"])
            if allowed == refused:
                problems.append(f"{role} {which} {write.name} POST {url}: {status}")
    assert not problems, "\n".join(problems)
