"""The busiest pages and API lists cost the same number of queries whatever the number of
candidates (issue 15, national scale): each is read with N candidates, then with 3N, and the
count of queries must not grow. The world is the judging cast of tests/assessment/conftest.py
(the Kalimantan Barat team, with its coverage data), its verification stage open, each
candidate assigned to two assessors who scored and submitted; one assessor comes from
Kabupaten Ketapang, so conflicts of interest are derived on every page.

benchmarks/national_cycle.py measures the same pages on a whole national cycle."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from paritrana import versions
from paritrana.regions.models import Region
from tests.assessment import conftest as judging
from tests.assessment.test_results import score

cast = judging.cast

N = 3  # candidates first; then 3N (Kalimantan Barat has 14 kab/kota)


def _grow(cast, stage, count: int) -> None:
    """Nominate kab/kota of Kalimantan Barat up to `count` candidates, each scored by two."""
    from tests.assessment.conftest import nominate

    have = set(cast.category.nominations.values_list("key", flat=True))
    free = Region.objects.filter(level="kabkota", parent_id="61").exclude(code__in=have)
    for region in free.order_by("code")[: count - len(have)]:
        candidate = nominate(cast.category, region.code, region.name, "61")
        for member in (cast.a, cast.b):
            score(cast, stage, member, candidate, regulasi=4, anggaran=3, inovasi=2)
    assert cast.category.nominations.count() == count


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)


def _pages(cast) -> list[tuple[str, object]]:
    """(url, who) of every page measured: the same list as the benchmark's."""
    category, panel = cast.category.pk, cast.panel.pk
    found = [
        (f"/panel/{panel}/", cast.chair.user),
        (f"/hasil/{category}/61/", cast.chair.user),
        (f"/hasil/{category}/61/", cast.a.user),
        ("/penilaian/", cast.a.user),
        ("/seleksi/", cast.admin),
        ("/seleksi/?q=kab&urut=-bukti", cast.chair.user),
        ("/hasil/", cast.admin),
        ("/api/v1/kandidat/", cast.admin),
        ("/api/v1/kandidat/", cast.chair.user),
        ("/api/v1/kandidat/", cast.a.user),
        ("/api/v1/penilaian/tugas", cast.a.user),
        ("/api/v1/penilaian/tugas", cast.ketapang_member.user),
        (f"/api/v1/penilaian/hasil/{category}/61", cast.chair.user),
        ("/api/v1/siklus/", cast.admin),
        (f"/api/v1/siklus/{cast.cycle.assessment_year}/kategori", cast.admin),
        ("/api/v1/hasil/", cast.admin),
        (f"/api/v1/hasil/{cast.cycle.assessment_year}", cast.admin),
    ]
    with contextlib.suppress(NoReverseMatch):  # the progress board, once it is merged
        found.insert(0, (reverse("web:progress", args=[cast.cycle.pk]), cast.admin))
    return found


def _counts(client, cast) -> dict[tuple[str, str], int]:
    counts = {}
    for url, user in _pages(cast):
        client.force_login(user)
        client.get(url)  # caches of the process (content types, templates) warmed
        # ...but not what pages keep under the data version (paritrana.versions): counted is
        # the request that computes the page, as the first after any write does.
        versions.forget()
        counts[(url, user.get_username())] = _queries(client, url)
    return counts


def test_query_counts_do_not_grow_with_the_candidates(client, cast):
    verification = cast.open("verifikasi")
    # The Ketapang assessor scores too: its derived conflict with Ketapang bars that one pair.
    _grow(cast, verification, N)
    score(
        cast, verification, cast.ketapang_member, cast.pontianak, regulasi=3, anggaran=3, inovasi=4
    )
    few = _counts(client, cast)
    _grow(cast, verification, 3 * N)
    many = _counts(client, cast)
    grown = {page: (few[page], many[page]) for page in few if many[page] > few[page]}
    assert grown == {}, f"queries grew with the candidates (N, 3N): {grown}"


def test_the_pages_list_every_candidate(client, cast):
    """The counts above are of pages that really list the 3N candidates."""
    verification = cast.open("verifikasi")
    _grow(cast, verification, 3 * N)
    names = list(cast.category.nominations.values_list("name", flat=True))
    client.force_login(cast.chair.user)
    panel = client.get(f"/panel/{cast.panel.pk}/").content.decode()
    ranking = client.get(f"/hasil/{cast.category.pk}/61/").content.decode()
    assert all(name in panel and name in ranking for name in names)
    client.force_login(cast.a.user)
    assigned = sorted(
        cast.category.nominations.filter(assignments__member=cast.a).values_list("name", flat=True)
    )
    assert len(assigned) == 3 * N - 2  # all but the cast's own two, never scored here
    tasks = client.get("/api/v1/penilaian/tugas").json()
    assert sorted(t["candidate"] for t in tasks) == assigned
    assert all(t["status"] == "terkirim" for t in tasks)
    listed = client.get("/penilaian/").content.decode()
    assert all(name in listed for name in assigned)


@pytest.mark.parametrize("who", ["admin", "chair", "a"])
def test_the_candidate_list_names_each_category_and_cycle(client, cast, who):
    _grow(cast, cast.open("verifikasi"), N)
    user = getattr(cast, who)
    client.force_login(getattr(user, "user", user))
    items = client.get("/api/v1/kandidat/").json()["items"]
    assert items and all(
        item["category"]
        == {
            "cycle": 2025,
            "level": "provinsi",
            "code": "pemda-kabkota",
            "name": cast.category.name,
        }
        for item in items
    )


def test_the_score_page_costs_the_same_whatever_the_number_of_candidates(
    client, cast, settings, tmp_path
):
    """The judging view (figures, evidence previews, the assessor's progress and its previous
    and next sheets) reads the assessor's whole list once, however long it is."""
    from paritrana.assessment.domain.assignments import assign
    from paritrana.awards.domain.workspace import add_evidence
    from tests.evidence_samples import PDF, image

    settings.MEDIA_ROOT = tmp_path / "media"
    cast.open("penilaian_mandiri")
    files = (("perbup.pdf", PDF, "regulasi"), ("foto.png", image("PNG"), "foto"))
    for name, content, kind in files:
        add_evidence(
            nomination=cast.ketapang,
            content=content,
            original_name=name,
            kind=kind,
            title=name,
            number="12 Tahun 2025",
            document_date=dt.date(2025, 3, 1),
            user=cast.admin,
        )
    verification = cast.open("verifikasi")
    assign(stage=verification, member=cast.a, nomination=cast.ketapang, user=cast.admin)
    url = f"/penilaian/{verification.pk}/{cast.ketapang.pk}/"
    client.force_login(cast.a.user)
    _grow(cast, verification, N)
    client.get(url)  # caches warmed
    few = _queries(client, url)
    _grow(cast, verification, 3 * N)
    page = client.get(url).content.decode()
    # Grown to 3N candidates: A scored all but the cast's two, and has Ketapang to score.
    assert f"{3 * N - 2} dari {3 * N - 1} lembar dikirim" in page
    assert _queries(client, url) <= few
