"""Seating someone already on the panel never overwrites their seat: a chair seated again as a
member stays chair, an own region left blank is not erased, and seating again exactly so (by
hand or by importing the same workbook) changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from paritrana.access.tokens import issue
from paritrana.assessment.domain.roster import RosterRejected
from paritrana.assessment.models import Panel, PanelMember
from paritrana.awards.models import AuditEntry
from paritrana.commands.roster import import_roster, seat
from paritrana.errors import DomainError
from tests.secretariat import roster_fixtures
from tests.secretariat.roster_fixtures import KALBAR_TEAM, workbook

cycle = roster_fixtures.cycle
national_admin = roster_fixtures.national_admin

pytestmark = pytest.mark.django_db

CHAIR = "sekda@kalbarprov.go.id"  # Harisson, Ketua, own region 61
YULIA = "yulia@untan.ac.id"  # Yulia Sari, Anggota, own region 61.71


@pytest.fixture
def kalbar(cycle, national_admin):
    import_roster(national_admin, cycle=cycle, content=workbook(KALBAR_TEAM), file_name="tim.xlsx")
    return Panel.objects.get(cycle=cycle, province="61")


def _seat_of(panel, email):
    return panel.members.select_related("user").get(user__email__iexact=email)


def _state(panel):
    return sorted(
        (m.user.email, m.role, m.affiliation, m.institution, m.region_code, m.employer_key)
        for m in panel.members.select_related("user")
    )


AGAIN = [
    pytest.param(
        CHAIR,
        "anggota",
        "61",
        "Harisson sudah duduk di tim ini sebagai Ketua dengan wilayah sendiri Kalimantan Barat.",
        id="chair",
    ),
    pytest.param(
        YULIA,
        "anggota",
        "",
        "Yulia Sari sudah duduk di tim ini sebagai Anggota dengan wilayah sendiri Kota Pontianak.",
        id="region",
    ),
]


@pytest.mark.parametrize(("email", "role", "region", "reason"), AGAIN)
def test_seating_a_member_again_otherwise_is_refused_and_changes_nothing(
    kalbar, national_admin, email, role, region, reason
):
    member = _seat_of(kalbar, email)
    before, entries = _state(kalbar), AuditEntry.objects.count()
    with pytest.raises(DomainError) as refused:
        seat(
            national_admin,
            panel=kalbar,
            account=member.user,
            role=role,
            affiliation=member.affiliation,
            institution=member.institution,
            region_code=region,
        )
    assert reason in refused.value.message
    assert "keluarkan dulu dari tim lalu dudukkan kembali" in refused.value.message
    assert 400 <= refused.value.http_status < 500
    assert _state(kalbar) == before
    assert kalbar.members.get(role="ketua").user.email == CHAIR
    assert AuditEntry.objects.count() == entries


def test_the_page_shows_the_refusal_and_keeps_what_was_typed(kalbar, national_admin):
    client = Client()
    client.force_login(national_admin)
    before, entries = _state(kalbar), AuditEntry.objects.count()
    response = client.post(
        f"/sekretariat/{kalbar.cycle_id}/tim/{kalbar.pk}/",
        {
            "action": "add",
            "account": CHAIR,
            "role": "anggota",
            "affiliation": "sekda",
            "institution": "Pemprov Kalbar (ketik ulang)",
            "region_code": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="seat-error"' in html
    assert "Harisson sudah duduk di tim ini sebagai Ketua" in html
    assert "didudukkan sebagai" not in html
    assert f'value="{CHAIR}"' in html and "Pemprov Kalbar (ketik ulang)" in html
    assert _state(kalbar) == before
    assert AuditEntry.objects.count() == entries


def test_the_api_refuses_with_a_conflict(kalbar, national_admin):
    _token, secret = issue(user=national_admin, name="uji", scopes=["baca", "tim"])
    before = _state(kalbar)
    response = Client().post(
        f"/api/v1/tim/panel/{kalbar.pk}/anggota",
        {"account": CHAIR, "role": "anggota", "affiliation": "sekda"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 409, response.content
    assert "sudah duduk di tim ini sebagai Ketua" in response.json()["error"]["message"]
    assert _state(kalbar) == before


def test_seating_a_member_again_exactly_so_changes_nothing(kalbar, national_admin):
    chair = _seat_of(kalbar, CHAIR)
    before, last = _state(kalbar), AuditEntry.objects.order_by("id").last().pk
    result = seat(
        national_admin,
        panel=kalbar,
        account=chair.user,
        role=chair.role,
        affiliation=chair.affiliation,
        institution=chair.institution,
        region_code=chair.region_code,
        employer_key=chair.employer_key,
    )
    assert result.member == chair and result.unchanged and result.invitation is None
    assert _state(kalbar) == before
    written = AuditEntry.objects.filter(pk__gt=last)
    assert not written.filter(action="panel.member").exists()
    assert all(e.before == e.after for e in written), "a seat held exactly so was recorded"


def test_the_page_says_nothing_changed_when_seated_again_exactly_so(kalbar, national_admin):
    client = Client()
    client.force_login(national_admin)
    before = _state(kalbar)
    response = client.post(
        f"/sekretariat/{kalbar.cycle_id}/tim/{kalbar.pk}/",
        {
            "action": "add",
            "account": YULIA,
            "role": "anggota",
            "affiliation": "akademisi",
            "institution": "Universitas Tanjungpura",
            "region_code": "61.71",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Yulia Sari sudah duduk di tim ini sebagai Anggota; tidak ada yang berubah" in html
    assert _state(kalbar) == before


def test_importing_the_same_workbook_again_still_changes_nothing(kalbar, national_admin):
    before = _state(kalbar)
    entries = AuditEntry.objects.exclude(action="roster.import").count()
    again = import_roster(
        national_admin, cycle=kalbar.cycle, content=workbook(KALBAR_TEAM), file_name="tim.xlsx"
    )
    assert (again.added, again.changed, again.unchanged) == (0, 0, 5)
    assert _state(kalbar) == before
    assert AuditEntry.objects.exclude(action="roster.import").count() == entries


def _row(email, **changes):
    columns = ("provinsi", "nama", "email", "peran", "unsur", "instansi", "wilayah", "pk")
    row = dict(zip(columns, next(r for r in KALBAR_TEAM if r[2] == email), strict=True))
    row.update(changes)
    return tuple(row.values())


@pytest.mark.parametrize(
    ("rows", "column", "reason"),
    [
        pytest.param(
            [_row(CHAIR, peran="Anggota")], "peran", "Harisson duduk sebagai Ketua", id="chair"
        ),
        pytest.param(
            [_row(YULIA, wilayah="")], "wilayah sendiri", "Yulia Sari tercatat", id="region"
        ),
    ],
)
def test_a_workbook_row_that_would_demote_the_chair_or_erase_a_region_is_a_row_error(
    kalbar, national_admin, rows, column, reason
):
    before, members = _state(kalbar), PanelMember.objects.count()
    entries = AuditEntry.objects.count()
    with pytest.raises(RosterRejected) as rejected:
        import_roster(national_admin, cycle=kalbar.cycle, content=workbook(rows), file_name="b")
    [problem] = rejected.value.problems
    assert (problem.row, problem.column) == (2, column)
    assert reason in problem.reason
    assert "baris 2" in rejected.value.message
    assert _state(kalbar) == before and PanelMember.objects.count() == members
    assert AuditEntry.objects.count() == entries
