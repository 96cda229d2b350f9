"""Seating panels from a members' workbook: it lands whole or changes nothing, every problem
named by file, row, column and reason, and importing it again changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from paritrana.assessment.domain.roster import RosterRejected, template_workbook
from paritrana.assessment.models import Panel, PanelMember
from paritrana.awards.models import AuditEntry
from paritrana.commands.roster import create_missing, import_roster
from tests.secretariat import roster_fixtures
from tests.secretariat.roster_fixtures import KALBAR_TEAM, workbook

cycle = roster_fixtures.cycle
national_admin = roster_fixtures.national_admin
kalbar_admin = roster_fixtures.kalbar_admin

pytestmark = pytest.mark.django_db


def _counts():
    return (Panel.objects.count(), PanelMember.objects.count(), get_user_model().objects.count())


def test_it_seats_a_province_and_the_national_jury_from_a_workbook(cycle, national_admin):
    existing = get_user_model().objects.create_user("yulia", email="Yulia@untan.ac.id")
    result = import_roster(
        national_admin, cycle=cycle, content=workbook(KALBAR_TEAM), file_name="tim.xlsx"
    )
    assert (result.rows, result.added, result.changed, result.unchanged) == (5, 5, 0, 0)
    assert result.panels_created == 2
    kalbar = Panel.objects.get(cycle=cycle, province="61")
    assert kalbar.name == "Tim Penilai Provinsi Kalimantan Barat"
    seats = {m.user.email.lower(): m for m in kalbar.members.select_related("user")}
    chair = seats["sekda@kalbarprov.go.id"]
    assert (chair.role, chair.affiliation, chair.institution, chair.region_code) == (
        "ketua",
        "sekda",
        "Pemerintah Provinsi Kalimantan Barat",
        "61",
    )
    assert chair.user.get_full_name() == "Harisson"
    assert not chair.user.has_usable_password()
    assert seats["rina@bpjsketenagakerjaan.go.id"].role == "sekretaris"
    assert seats["manto@disnaker.kalbarprov.go.id"].affiliation == "disnaker"
    # The existing account is matched by its email, whatever its case, and gets no link.
    assert seats["yulia@untan.ac.id"].user == existing
    national = Panel.objects.get(cycle=cycle, level="nasional")
    assert national.members.get().affiliation == "kemenko"
    assert sorted(i.user.email for i in result.invitations) == [
        "budi@kemenkopmk.go.id",
        "manto@disnaker.kalbarprov.go.id",
        "rina@bpjsketenagakerjaan.go.id",
        "sekda@kalbarprov.go.id",
    ]
    assert all("/aktivasi/" in i.link and not i.mailed for i in result.invitations)
    assert mail.outbox == []
    entry = AuditEntry.objects.get(action="roster.import")
    assert entry.user == national_admin
    assert entry.after["added"] == 5
    assert "aktivasi" not in str(entry.after)  # the link is stored nowhere


def test_importing_the_same_workbook_again_changes_nothing(cycle, national_admin):
    content = workbook(KALBAR_TEAM)
    import_roster(national_admin, cycle=cycle, content=content, file_name="tim.xlsx")
    before, entries = _counts(), AuditEntry.objects.exclude(action="roster.import").count()
    again = import_roster(national_admin, cycle=cycle, content=content, file_name="tim.xlsx")
    assert (again.added, again.changed, again.unchanged, again.panels_created) == (0, 0, 5, 0)
    assert again.invitations == [] and not again.changed_anything
    assert _counts() == before
    assert AuditEntry.objects.exclude(action="roster.import").count() == entries


def test_a_workbook_can_change_seats_and_swap_the_chair(cycle, national_admin):
    import_roster(national_admin, cycle=cycle, content=workbook(KALBAR_TEAM), file_name="a.xlsx")
    swapped = [list(r) for r in KALBAR_TEAM[:2]]
    swapped[0][3], swapped[1][3] = "Sekretaris", "Ketua"
    result = import_roster(
        national_admin, cycle=cycle, content=workbook(swapped), file_name="b.xlsx"
    )
    assert result.changed == 2
    kalbar = Panel.objects.get(cycle=cycle, province="61")
    assert kalbar.members.get(role="ketua").user.email == "rina@bpjsketenagakerjaan.go.id"
    assert kalbar.members.count() == 4  # nobody left out of the file is removed


def _rejected(cycle, actor, rows, header=None):
    before = _counts()
    content = workbook(rows) if header is None else workbook(rows, header)
    with pytest.raises(RosterRejected) as caught:
        import_roster(actor, cycle=cycle, content=content, file_name="salah.xlsx")
    assert _counts() == before, "a rejected workbook wrote something"
    return caught.value


def _row(**changes):
    row = dict(
        zip(
            ("provinsi", "nama", "email", "peran", "unsur", "instansi", "wilayah", "pk"),
            KALBAR_TEAM[2],
            strict=True,
        )
    )
    row.update(changes)
    return tuple(row.values())


@pytest.mark.parametrize(
    ("rows", "row", "column", "reason"),
    [
        ([_row(peran="Bendahara")], 2, "peran", "Peran 'Bendahara' tidak dikenal"),
        (
            [KALBAR_TEAM[0], _row(peran="ketua", email="x@kalbarprov.go.id")],
            3,
            "peran",
            "sudah punya ketua di baris 3",
        ),
        ([_row(provinsi="Kalimantan Utaraa")], 2, "provinsi", "Provinsi 'Kalimantan Utaraa'"),
        ([_row(provinsi="99")], 2, "provinsi", "tidak dikenal"),
        ([_row(), _row(nama="Manto lagi")], 3, "email", "sudah ada di baris 3"),
        ([_row(email="manto(at)disnaker")], 2, "email", "bukan alamat email yang sah"),
        ([_row(unsur="Partai")], 2, "unsur", "Unsur 'Partai' tidak dikenal"),
        ([_row(nama="")], 2, "nama", "wajib diisi"),
        ([_row(wilayah="61.99")], 2, "wilayah sendiri", "Kode wilayah '61.99' tidak dikenal"),
    ],
    ids=[
        "bad-role",
        "two-chairs",
        "unknown-province-name",
        "unknown-province-code",
        "duplicate-email",
        "bad-email",
        "bad-affiliation",
        "no-name",
        "unknown-region",
    ],
)
def test_each_problem_names_its_row_and_column_and_nothing_is_written(
    cycle, national_admin, rows, row, column, reason
):
    # One good row first: a single bad row rejects the whole workbook.
    good = _row(email="good@kalbarprov.go.id", nama="Baik")
    error = _rejected(cycle, national_admin, [good, *rows])
    found = [(p.row, p.column, p.reason) for p in error.problems]
    assert any(r == row + 1 and c == column and reason in text for r, c, text in found), found
    assert all(p.file == "salah.xlsx" for p in error.problems)
    assert f"baris {row + 1}, kolom '{column}'" in error.message
    assert error.http_status == 422 and error.details["problems"]


def test_a_chair_already_seated_is_not_silently_doubled(cycle, national_admin):
    import_roster(national_admin, cycle=cycle, content=workbook(KALBAR_TEAM[:1]), file_name="a")
    error = _rejected(cycle, national_admin, [_row(peran="Ketua")])
    assert error.problems[0].column == "peran"
    assert "sudah punya ketua: Harisson" in error.problems[0].reason


def test_a_workbook_without_the_required_columns_is_refused_at_its_header(cycle, national_admin):
    error = _rejected(cycle, national_admin, [("61", "A")], header=("provinsi", "nama"))
    assert {(p.row, p.column) for p in error.problems} == {(1, "email"), (1, "peran"), (1, "unsur")}


def test_a_file_that_is_not_a_workbook_is_refused(cycle, national_admin):
    with pytest.raises(RosterRejected, match="bukan buku kerja XLSX"):
        import_roster(national_admin, cycle=cycle, content=b"nama,email\n", file_name="x.csv")


def test_the_template_is_itself_a_valid_workbook(cycle, national_admin):
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(template_workbook())).worksheets[0]
    assert [c.value for c in sheet[1]][:5] == ["provinsi", "nama", "email", "peran", "unsur"]
    result = import_roster(
        national_admin, cycle=cycle, content=template_workbook(), file_name="templat.xlsx"
    )
    assert result.added == 3


def test_activation_links_are_mailed_when_mail_is_configured(cycle, national_admin, settings):
    settings.EMAIL_HOST = "smtp.example.org"
    result = import_roster(
        national_admin, cycle=cycle, content=workbook(KALBAR_TEAM[:1]), file_name="a.xlsx"
    )
    assert [i.mailed for i in result.invitations] == [True]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sekda@kalbarprov.go.id"]
    assert result.invitations[0].link in message.body


def test_a_provincial_admin_imports_for_its_province_only(cycle, national_admin, kalbar_admin):
    create_missing(national_admin, cycle=cycle, provinces=["61", "62"])
    mine = import_roster(
        kalbar_admin, cycle=cycle, content=workbook(KALBAR_TEAM[:2]), file_name="a.xlsx"
    )
    assert mine.added == 2
    kalteng = [("62", "Orang Kalteng", "a@kaltengprov.go.id", "Anggota", "Pakar", "", "", "")]
    before = _counts()
    with pytest.raises(Exception, match="hanya dapat dikelola") as caught:
        import_roster(kalbar_admin, cycle=cycle, content=workbook(kalteng), file_name="b.xlsx")
    assert getattr(caught.value, "http_status", None) == 403
    assert _counts() == before
    # A panel that does not exist yet is formed by the national admin only.
    national = [KALBAR_TEAM[4]]
    with pytest.raises(Exception, match="admin nasional"):
        import_roster(kalbar_admin, cycle=cycle, content=workbook(national), file_name="c.xlsx")
    assert _counts() == before


def test_forming_the_missing_panels_forms_38_provinces_and_the_national_jury(cycle, national_admin):
    create_missing(national_admin, cycle=cycle, provinces=["61"])
    made = create_missing(national_admin, cycle=cycle)
    assert len(made) == 38  # 37 provinces left and the national jury
    assert Panel.objects.filter(cycle=cycle).count() == 39
    assert create_missing(national_admin, cycle=cycle) == []
