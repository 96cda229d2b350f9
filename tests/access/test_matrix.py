"""The authorisation matrix: every role x every page and endpoint x an object of their own and
one of somebody else's (see conftest.py for who owns what).

A role that is allowed must get the page (any status but a refusal: a PDF that cannot exist yet
answers 404 with its reason); a role that is not gets 403 with a reason in Bahasa Indonesia, or,
when not logged in, the login page (web) or 401 (API). Django's test client re-raises any
server error, so a 500 fails the test too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from tests.access.conftest import Side, World

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
MANAGERS = frozenset({"admin_nasional", "admin_provinsi", "ketua"})
PANEL = MANAGERS | {"penilai", "penilai_berkonflik"}
JUDGES = PANEL  # on their own object: assigned (assessors), their province or panel (others)


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[World, Side], str]
    own: frozenset[str]  # roles allowed on their own object
    other: frozenset[str]  # roles allowed on somebody else's


def _candidate(path: str) -> Callable[[World, Side], str]:
    def url(w: World, side: Side) -> str:
        n = side.nomination
        return path.format(n=n.pk, cat=n.category_id, g=n.province, e=w.evidence[n.pk].pk)

    return url


def _panel(path: str) -> Callable[[World, Side], str]:
    def url(w: World, side: Side) -> str:
        return path.format(p=side.panel.pk, cat=w.cast.category.pk, g=side.group)

    return url


def _fixed(path: str) -> Callable[[World, Side], str]:
    return lambda w, side: path


WEB = [
    # Candidates
    Page(
        "ruang kerja kandidat",
        _candidate("/kandidat/{n}/"),
        frozenset({"wakil_kandidat"}),
        frozenset(),
    ),
    Page("seleksi: rincian", _candidate("/seleksi/{n}/"), JUDGES, NATIONAL),
    Page("berkas bukti", _candidate("/bukti/{e}/"), JUDGES | {"wakil_kandidat"}, NATIONAL),
    Page("rincian nilai", _candidate("/hasil/{cat}/{g}/{n}/"), JUDGES, NATIONAL),
    Page(
        "laporan penilaian (PDF)",
        _candidate("/hasil/{cat}/{g}/{n}/laporan.pdf"),
        JUDGES | {"wakil_kandidat"},
        NATIONAL,
    ),
    # Panels and rankings
    Page("peringkat", _panel("/hasil/{cat}/{g}/"), PANEL, NATIONAL),
    Page("peringkat (XLSX)", _panel("/hasil/{cat}/{g}/peringkat.xlsx"), PANEL, NATIONAL),
    Page("piagam (PDF)", _panel("/hasil/{cat}/{g}/piagam.pdf"), MANAGERS, NATIONAL),
    Page("panel", _panel("/panel/{p}/"), MANAGERS, NATIONAL),
    Page("wawancara panel", _panel("/panel/{p}/wawancara/"), MANAGERS, NATIONAL),
    Page("ringkasan provinsi (PDF)", _panel("/panel/{p}/ringkasan.pdf"), MANAGERS, NATIONAL),
    # Pages without an object: "other" is the same page
    Page("daftar seleksi", _fixed("/seleksi/"), PANEL, PANEL),
    Page("impor data", _fixed("/impor/"), NATIONAL | {"petugas_data"}, NATIONAL | {"petugas_data"}),
    Page("daftar hasil", _fixed("/hasil/"), LOGGED_IN, LOGGED_IN),
    Page("unduhan", _fixed("/unduhan/"), LOGGED_IN, LOGGED_IN),
    Page("penilaian", _fixed("/penilaian/"), LOGGED_IN, LOGGED_IN),
    Page("beranda", _fixed("/"), EVERYONE, EVERYONE),
    Page("dasbor", _fixed("/dasbor/"), EVERYONE, EVERYONE),
    Page("pengumuman", _fixed("/pengumuman/2025/"), EVERYONE, EVERYONE),
    Page("cakupan", _fixed("/cakupan/61/"), EVERYONE, EVERYONE),
]


def _sheet(path: str) -> Callable[[World, Side], str]:
    def url(w: World, side: Side) -> str:
        return path.format(s=w.cast.stage("verifikasi").pk, n=side.nomination.pk)

    return url


API = [
    Page("API kandidat", _candidate("/api/v1/kandidat/{n}"), JUDGES | {"wakil_kandidat"}, NATIONAL),
    # A score sheet: only an assessor assigned to the candidate at that stage.
    Page(
        "API lembar nilai",
        _sheet("/api/v1/penilaian/{s}/{n}"),
        frozenset({"penilai", "penilai_berkonflik"}),
        frozenset(),
    ),
    Page("API peringkat", _panel("/api/v1/penilaian/hasil/{cat}/{g}"), PANEL, NATIONAL),
    Page(
        "API impor",
        _fixed("/api/v1/impor/"),
        NATIONAL | {"petugas_data"},
        NATIONAL | {"petugas_data"},
    ),
    Page("API daftar kandidat", _fixed("/api/v1/kandidat/"), LOGGED_IN, LOGGED_IN),
    Page("API tugas penilai", _fixed("/api/v1/penilaian/tugas"), LOGGED_IN, LOGGED_IN),
    Page("API wilayah", _fixed("/api/v1/wilayah/61"), EVERYONE, EVERYONE),
    Page("API cakupan", _fixed("/api/v1/cakupan/61"), EVERYONE, EVERYONE),
    Page("API siklus", _fixed("/api/v1/siklus/"), EVERYONE, EVERYONE),
    Page("API hasil", _fixed("/api/v1/hasil/"), EVERYONE, EVERYONE),
]


def _client(world: World, role: str) -> Client:
    client = Client()
    user = world.role(role).user
    if user.is_authenticated:
        client.force_login(user)
    return client


def _check_web(world: World, role: str, page: Page, which: str) -> str | None:
    side = getattr(world.role(role), which)
    url = page.url(world, side)
    response = _client(world, role).get(url)
    allowed = role in (page.own if which == "own" else page.other)
    status = response.status_code
    if allowed:
        if status in (302, 401, 403):
            return f"{role} {which} {page.name} {url}: refused ({status}), should be allowed"
        return None
    if role == "publik":
        if status != 302 or "/masuk/" not in response["Location"]:
            return f"{role} {which} {page.name} {url}: {status}, should go to the login page"
        return None
    if status != 403:
        return f"{role} {which} {page.name} {url}: {status}, should be refused (403)"
    html = response.content.decode()
    if 'id="refusal"' not in html and "hanya" not in html:
        return f"{role} {which} {page.name} {url}: 403 without a reason"
    return None


@pytest.mark.parametrize("role", ROLES)
def test_web_pages(world, role):
    problems = [
        problem
        for page in WEB
        for which in ("own", "other")
        if (problem := _check_web(world, role, page, which)) is not None
    ]
    assert not problems, "\n".join(problems)


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
        html = _client(world, role).get("/seleksi/").content.decode()
        for nomination in everyone:
            assert (f"/seleksi/{nomination.pk}/" in html) == (nomination in shown), (
                role,
                nomination.name,
            )


def _check_api(world: World, role: str, page: Page, which: str, headers: dict) -> str | None:
    side = getattr(world.role(role), which)
    url = page.url(world, side)
    client = Client()
    response = client.get(url, headers=headers)
    allowed = role in (page.own if which == "own" else page.other)
    status = response.status_code
    label = f"{role} {which} {page.name} {url}"
    if allowed:
        if status in (401, 403):
            return f"{label}: refused ({status}) {response.content[:200]!r}, should be allowed"
        return None
    expected = 401 if role == "publik" else 403
    if status != expected:
        return f"{label}: {status}, should be {expected}"
    error = response.json().get("error", {})
    if not error.get("code") or not error.get("message"):
        return f"{label}: {status} outside the error shape: {response.content[:200]!r}"
    return None


@pytest.mark.parametrize("role", ROLES)
def test_api_endpoints_with_a_token(world, role):
    """The same matrix over the API, each person calling with a personal token that reads."""
    from paritrana.access.tokens import issue

    user = world.role(role).user
    headers = {}
    if user.is_authenticated:
        _token, secret = issue(user=user, name="matriks", scopes=["baca"])
        headers = {"Authorization": f"Bearer {secret}"}
    problems = [
        problem
        for page in API
        for which in ("own", "other")
        if (problem := _check_api(world, role, page, which, headers)) is not None
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ["admin_provinsi", "penilai", "wakil_kandidat"])
def test_api_endpoints_with_a_session(world, role):
    """...and with the browser's login session, as the pages' own scripts would."""
    problems = [
        problem
        for page in API
        for which in ("own", "other")
        if (problem := _check_api_session(world, role, page, which)) is not None
    ]
    assert not problems, "\n".join(problems)


def _check_api_session(world: World, role: str, page: Page, which: str) -> str | None:
    side = getattr(world.role(role), which)
    url = page.url(world, side)
    response = _client(world, role).get(url)
    allowed = role in (page.own if which == "own" else page.other)
    if allowed == (response.status_code in (401, 403)):
        return f"{role} {which} {page.name} {url}: {response.status_code}"
    return None


# -- writes: the same matrix for what changes data ------------------------------------------


@dataclass(frozen=True)
class Write:
    name: str
    url: Callable[[World, Side], str]
    data: dict
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
]


@pytest.mark.parametrize("role", ROLES)
def test_web_writes(world, role):
    problems = []
    for write in WEB_WRITES:
        for which in ("own", "other"):
            side = getattr(world.role(role), which)
            url = write.url(world, side)
            response = _client(world, role).post(url, write.data)
            allowed = role in (write.own if which == "own" else write.other)
            status = response.status_code
            refused = status == 403 or (status == 302 and "/masuk/" in response["Location"])
            if allowed == refused:
                problems.append(f"{role} {which} {write.name} POST {url}: {status}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_api_writes_with_a_token(world, role, tmp_path):
    """Writes over the API with a token holding every scope: the token's scopes never widen
    what its owner may do."""
    from paritrana.access.tokens import issue

    user = world.role(role).user
    headers = {}
    if user.is_authenticated:
        _token, secret = issue(user=user, name="tulis", scopes=["baca", "nilai", "impor"])
        headers = {"Authorization": f"Bearer {secret}"}
    problems = []
    for which in ("own", "other"):
        side = getattr(world.role(role), which)
        url = _sheet("/api/v1/penilaian/{s}/{n}")(world, side)
        response = Client().put(
            url, {"scores": {}}, content_type="application/json", headers=headers
        )
        allowed = which == "own" and role in {"penilai", "penilai_berkonflik"}
        expected_refusal = 401 if role == "publik" else 403
        # The assessor's own sheet of Ketapang is already submitted: the access check lets
        # them through, and the sheet's lock refuses the change.
        locked = "terkunci" in response.json().get("error", {}).get("message", "")
        refused = response.status_code == expected_refusal and not locked
        if allowed == refused:
            problems.append(f"{role} {which} PUT {url}: {response.status_code}")
    targets = tmp_path / "target.csv"
    targets.write_text("region_code,year,target_pct\n61,2026,60.10\n")
    with targets.open("rb") as handle:
        response = Client().post(
            "/api/v1/impor/", {"kind": "targets", "file": handle}, headers=headers
        )
    allowed = role in {"admin_nasional", "petugas_data"}
    if allowed != (response.status_code == 202):
        problems.append(f"{role} POST /api/v1/impor/: {response.status_code}")
    assert not problems, "\n".join(problems)
