"""The secretariat links candidates' representatives from a workbook (`representative.import`):
every row checked first, all linked or nothing, the same file twice changes nothing, new people
get an account and a one-time activation link, and a provincial admin reaches only their own
province's candidates."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from paritrana.access.policy import AccessDenied
from paritrana.awards.domain.representative_import import RepresentativesRejected
from paritrana.awards.models import AuditEntry, Representative
from paritrana.commands.representatives import (
    check_import,
    import_representatives,
    importable,
)
from tests.awards import representative_world
from tests.awards.representative_world import workbook

world = representative_world.world

pytestmark = pytest.mark.django_db


def _links() -> set[tuple[str, str]]:
    return set(Representative.objects.values_list("user__username", "nomination__key"))


def test_a_workbook_links_new_and_existing_people_with_one_audit_entry(world):
    content = workbook(
        [
            ("61.04", "Kabupaten Ketapang", "", "Siti Aminah", "Siti@KetapangKab.go.id", ""),
            ("61.04", "Ketapang", "", "", "", "budi"),
            ("61.71", "Kota Pontianak", "", "", "budi@ketapangkab.go.id", ""),
            ("61.01", "Kabupaten Sambas", "", "", "", ""),  # nobody typed yet: skipped
            ("E-BESAR", "PT Besar Tepat", "", "Rudi Hartono", "rudi@besartepat.co.id", ""),
            ("61.72", "Kota Singkawang", "", "Siti Aminah", "siti@ketapangkab.go.id", ""),
        ]
    )
    users_before = get_user_model().objects.count()
    result = import_representatives(
        world.kalbar, cycle=world.cycle, content=content, file_name="wakil-kalbar.xlsx"
    )
    assert (result.rows, result.added, result.unchanged, result.skipped) == (5, 5, 0, 1)
    assert result.accounts_created == 2
    assert get_user_model().objects.count() == users_before + 2
    siti = get_user_model().objects.get(email="siti@ketapangkab.go.id")
    assert siti.first_name == "Siti Aminah" and not siti.has_usable_password()
    assert _links() == {
        (siti.username, "61.04"),
        (siti.username, "61.72"),
        ("budi", "61.04"),
        ("budi", "61.71"),
        ("rudi@besartepat.co.id", "E-BESAR"),
    }
    # One activation link per new person, whatever the number of candidates they represent;
    # budi's account is active: none for him.
    invited = sorted(i.user.email for i in result.invitations)
    assert invited == ["rudi@besartepat.co.id", "siti@ketapangkab.go.id"]
    assert all("/aktivasi/" in i.link and not i.mailed for i in result.invitations)

    entry = AuditEntry.objects.get(action="representative.import")
    assert (entry.user, entry.command, entry.cycle) == (
        world.kalbar,
        "representative.import",
        world.cycle,
    )
    assert entry.after["file_name"] == "wakil-kalbar.xlsx"
    assert len(entry.after["sha256"]) == 64
    assert (entry.after["added"], entry.after["unchanged"], entry.after["skipped"]) == (5, 0, 1)
    assert entry.after["new_accounts"] == sorted([siti.username, "rudi@besartepat.co.id"])
    # Each link is audited as on the candidate's page, under the import's command; no entry
    # holds an activation link.
    links = AuditEntry.objects.filter(action="representative.add")
    assert links.count() == 5 and set(links.values_list("command", flat=True)) == {
        "representative.import"
    }
    for logged in AuditEntry.objects.filter(command="representative.import"):
        text = f"{logged.before} {logged.after}"
        assert "/aktivasi/" not in text
        assert all(i.link not in text for i in result.invitations)


def test_a_bad_row_rejects_the_whole_file_naming_its_row_and_column(world):
    content = workbook(
        [
            ("61.04", "Kabupaten Ketapang", "", "Siti Aminah", "siti@ketapangkab.go.id", ""),
            ("61.71", "Kota Pontianak", "", "Andi", "andi(at)pontianak", ""),
            ("61.99", "Kabupaten Entah", "", "Rina", "rina@contoh.go.id", ""),
            ("61.01", "Kabupaten Sambas", "", "", "orang.baru@sambas.go.id", ""),
            ("61.04", "Kabupaten Ketapang", "", "Siti Aminah", "SITI@ketapangkab.go.id", ""),
            ("61.72", "Kota Singkawang", "", "", "", "tidak-ada"),
            ("", "Tanpa kode", "", "Dewi", "dewi@contoh.go.id", ""),
            ("E-BESAR", "PT Besar Tepat", "", "Nama Lain", "siti@ketapangkab.go.id", ""),
        ]
    )
    entries, users = AuditEntry.objects.count(), get_user_model().objects.count()
    with pytest.raises(RepresentativesRejected) as rejected:
        import_representatives(world.kalbar, cycle=world.cycle, content=content, file_name="b.x")
    found = {(p.row, p.column) for p in rejected.value.problems}
    assert found == {
        (3, "email wakil"),
        (4, "kode kandidat"),
        (5, "nama lengkap wakil"),
        (6, "email wakil"),  # the same person twice for Ketapang
        (7, "akun"),
        (8, "kode kandidat"),
        (9, "nama lengkap wakil"),  # one email, two names
    }
    reasons = {p.row: p.reason for p in rejected.value.problems}
    assert "bukan alamat email yang sah" in reasons[3]
    assert "'61.99' tidak ada di daftar pendek" in reasons[4]
    assert "isi nama lengkap wakil" in reasons[5]
    assert "sudah ada di baris 2 untuk Kabupaten Ketapang" in reasons[6]
    assert "Tidak ada akun 'tidak-ada'" in reasons[7]
    assert all(p.file == "b.x" for p in rejected.value.problems)
    assert "baris 3, kolom 'email wakil'" in rejected.value.message
    assert rejected.value.http_status == 422
    assert rejected.value.details["problems"][0]["row"] == 3
    # Nothing was written: no link, no account, no audit entry.
    assert not Representative.objects.exists()
    assert get_user_model().objects.count() == users
    assert AuditEntry.objects.count() == entries


def test_importing_the_same_file_again_changes_nothing(world):
    content = workbook(
        [
            ("61.04", "Kabupaten Ketapang", "", "Siti Aminah", "siti@ketapangkab.go.id", ""),
            ("61.71", "Kota Pontianak", "", "", "", "budi"),
        ]
    )
    first = import_representatives(
        world.kalbar, cycle=world.cycle, content=content, file_name="a.xlsx"
    )
    assert first.added == 2
    links, users = _links(), get_user_model().objects.count()
    entries = AuditEntry.objects.exclude(action="representative.import").count()
    again = import_representatives(
        world.kalbar, cycle=world.cycle, content=content, file_name="a.xlsx"
    )
    assert (again.added, again.unchanged, again.accounts_created) == (0, 2, 0)
    assert again.invitations == [] and not again.changed_anything
    assert _links() == links and get_user_model().objects.count() == users
    assert AuditEntry.objects.exclude(action="representative.import").count() == entries
    # The preview says the same: every row already so.
    checked = check_import(world.kalbar, cycle=world.cycle, content=content, file_name="a.xlsx")
    assert not checked.problems and checked.to_add == [] and checked.unchanged == 2


def test_a_provincial_admin_cannot_link_candidates_of_another_province(world):
    kalteng_row = [("62.71", "Kota Palangka Raya", "", "Rina", "rina@palangkaraya.go.id", "")]
    content = workbook(kalteng_row)
    # Over the cycle: another province's candidate is not among those the file may name.
    with pytest.raises(RepresentativesRejected) as rejected:
        import_representatives(world.kalbar, cycle=world.cycle, content=content, file_name="c")
    [problem] = rejected.value.problems
    assert (problem.row, problem.column) == (2, "kode kandidat")
    assert "yang dapat Anda kelola" in problem.reason
    # On that province's round: refused outright.
    with pytest.raises(AccessDenied, match="admin provinsinya"):
        import_representatives(
            world.kalbar,
            cycle=world.cycle,
            content=content,
            file_name="c",
            category=world.kabkota,
            province="62",
        )
    assert not Representative.objects.exists()
    # Its own provincial admin may; somebody with no round at all is refused.
    done = import_representatives(world.kalteng, cycle=world.cycle, content=content, file_name="c")
    assert done.added == 1
    with pytest.raises(AccessDenied):
        import_representatives(world.budi, cycle=world.cycle, content=content, file_name="c")


def test_a_code_on_several_shortlists_needs_its_category(world):
    row = ("61.04", "Kabupaten Ketapang", "", "Siti Aminah", "siti@ketapangkab.go.id", "")
    with pytest.raises(RepresentativesRejected) as rejected:
        import_representatives(
            world.national, cycle=world.cycle, content=workbook([row]), file_name="d"
        )
    [problem] = rejected.value.problems
    assert problem.column == "kategori"
    assert "nasional/pemda-kabkota, provinsi/pemda-kabkota" in problem.reason
    chosen = (*row[:2], "provinsi/pemda-kabkota", *row[3:])
    result = import_representatives(
        world.national, cycle=world.cycle, content=workbook([chosen]), file_name="d"
    )
    assert result.added == 1
    assert Representative.objects.get().nomination == world.ketapang
    # On one round's page the code is that round's: no category needed.
    again = import_representatives(
        world.national,
        cycle=world.cycle,
        content=workbook([row]),
        file_name="d",
        category=world.kabkota,
        province="61",
    )
    assert (again.added, again.unchanged) == (0, 1)


def test_the_template_lists_the_rounds_nominees_and_comes_back_filled_in(world):
    from paritrana.awards.domain.representative_import import template_workbook

    nominations, scope = importable(
        world.kalbar, cycle=world.cycle, category=world.kabkota, province="61"
    )
    assert scope == "Pemerintah Kabupaten/Kota Kalimantan Barat"
    content = template_workbook(nominations, title=scope)
    book = load_workbook(io.BytesIO(content), read_only=True)
    rows = list(book["Wakil"].iter_rows(values_only=True))
    assert rows[0] == (
        "Kode kandidat",
        "Nama kandidat",
        "Kategori",
        "Nama lengkap wakil",
        "Email wakil",
        "Akun",
    )
    listed = {(r[0], r[1], r[2]) for r in rows[1:]}
    assert listed == {
        ("61.04", "Kabupaten Ketapang", "provinsi/pemda-kabkota"),
        ("61.71", "Kota Pontianak", "provinsi/pemda-kabkota"),
        ("61.01", "Kabupaten Sambas", "provinsi/pemda-kabkota"),
        ("61.72", "Kota Singkawang", "provinsi/pemda-kabkota"),
    }
    assert "Petunjuk" in book.sheetnames
    book.close()
    # Imported untouched: every row skipped, nothing linked.
    untouched = import_representatives(
        world.kalbar, cycle=world.cycle, content=content, file_name="templat.xlsx"
    )
    assert (untouched.rows, untouched.skipped, untouched.added) == (0, 4, 0)
    # Filled in for one nominee (the spreadsheet turned nothing into numbers).
    filled = load_workbook(io.BytesIO(content))
    sheet = filled["Wakil"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "61.71":
            row[3].value, row[4].value = "Andi Wijaya", "andi@pontianak.go.id"
    buffer = io.BytesIO()
    filled.save(buffer)
    result = import_representatives(
        world.kalbar, cycle=world.cycle, content=buffer.getvalue(), file_name="templat.xlsx"
    )
    assert (result.added, result.skipped) == (1, 3)
    assert _links() == {("andi@pontianak.go.id", "61.71")}


def test_a_code_read_as_a_number_and_a_name_unlike_the_shortlists(world):
    from paritrana.awards.domain.representative_import import check

    content = workbook([(61.1, "Kabupaten Melawi", "", "Yuni", "yuni@melawikab.go.id", "")])
    melawi = representative_world._nominate(world.kabkota, "61.10", "Kabupaten Melawi", "61")
    checked = check(nominations=[melawi], content=content, file_name="e", scope="uji")
    assert not checked.problems and checked.links[0].nomination == melawi

    other = workbook([("61.04", "Kota Pontianak", "", "", "", "budi")])
    checked = check(nominations=[world.ketapang], content=other, file_name="e", scope="uji")
    assert not checked.problems
    assert "berbeda dengan daftar pendek (Kabupaten Ketapang)" in checked.links[0].note


def test_a_workbook_that_cannot_be_read_or_lacks_its_columns(world):
    with pytest.raises(RepresentativesRejected, match="bukan buku kerja XLSX"):
        import_representatives(world.kalbar, cycle=world.cycle, content=b"PK\x03", file_name="f")
    bare = workbook([("61.04", "Budi")], header=("kode", "nama"))
    with pytest.raises(RepresentativesRejected) as rejected:
        import_representatives(world.kalbar, cycle=world.cycle, content=bare, file_name="g")
    assert {(p.row, p.column) for p in rejected.value.problems} == {
        (1, "kode kandidat"),
        (1, "email wakil"),
    }


def test_checking_a_longer_file_asks_the_database_no_more(world):
    """The check reads the accounts and the links already made in a few queries for the whole
    file, not one per row (a province's 80 nominees are one file)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from paritrana.awards.domain.representative_import import check

    nominations, scope = importable(
        world.national, cycle=world.cycle, category=world.kabkota, province="61"
    )

    def queries(rows: list[tuple[str, ...]]) -> int:
        with CaptureQueriesContext(connection) as captured:
            checked = check(
                nominations=nominations, content=workbook(rows), file_name="q", scope=scope
            )
        assert not checked.problems, checked.problems
        return len(captured.captured_queries)

    short = [("61.04", "", "", "Siti", "siti@kab.go.id", ""), ("61.71", "", "", "", "", "budi")]
    long = [
        *short,
        ("61.04", "", "", "", "", "budi"),
        ("61.01", "", "", "Andi", "andi@kab.go.id", ""),
        ("61.72", "", "", "", "BUDI@ketapangkab.go.id", ""),
        ("61.72", "", "", "Rina", "rina@kab.go.id", ""),
    ]
    assert queries(long) == queries(short)
