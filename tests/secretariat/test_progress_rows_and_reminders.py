"""The progress board's page and its workbook list the same rows; a decided group is late in
nothing any more; and reminding everyone waiting asks for a confirmation first.

- Rows: every province x provincial category, and every national category, on the page as in
  kemajuan.xlsx. A category nobody was nominated in is a row on both ("Belum ada nomine." on
  the page): the page used to leave it out when the province had other categories (156 rows
  against the workbook's 157 on a national board).
- Decided: once a group's Juara are decided its sheets are closed, and a self-assessment or
  an interview record sent later changes nothing: the board, the drill-down and the reminders
  no longer call any of it late (nor remind anybody of it).
- Confirmation: "send to everyone waiting" is hundreds of people at once. The first POST shows
  how many people and of which kinds of work, and sends nothing; the second, carrying the
  confirmation, sends. A province's own button sends at once as before. The API and the CLI
  are deliberate calls and ask nothing more (`paritrana.web.confirm`).
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.test import Client
from openpyxl import load_workbook

from paritrana.assessment.domain.progress import board, province_detail
from paritrana.assessment.domain.reminders import waiting
from paritrana.assessment.domain.results import zone_map
from paritrana.assessment.models import DecidedRanking, Decision, Reminder
from paritrana.awards.models import AuditEntry, Category, Nomination, NominationSource, Stage
from paritrana.commands.progress import send_reminders
from tests.secretariat.progress_world import World, nominate, world

__all__ = ["world"]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def decide(category: Category, group: str, first: Nomination, by) -> None:
    """The group's Juara decided as the chair's confirmation stores them: the decided ranking
    (version 1) and its Juara I."""
    record = DecidedRanking.objects.create(category=category, group=group, version=1, decided_by=by)
    Decision.objects.create(
        category=category, group=group, place=1, nomination=first, confirmed_by=by, ranking=record
    )


# -- the same rows on the page and in the workbook -------------------------------------------


def page_rows(html: str) -> list[tuple[str, str]]:
    """(province code, category code) of every row of the page's two tables, "" for the
    national round."""
    provinces = html.split('id="board-provinces"', 1)[1].split("</table>", 1)[0]
    national = html.split('id="board-national"', 1)[1].split("</table>", 1)[0]
    rows = []
    for tr in re.findall(r"<tr [^>]*>", provinces):
        province = re.search(r'data-province="(\w+)"', tr)
        category = re.search(r'data-category="([\w-]+)"', tr)
        rows.append((province[1] if province else "?", category[1] if category else "?"))
    for tr in re.findall(r"<tr\b[^>]*>", national.split("</thead>", 1)[1]):
        category = re.search(r'data-category="([\w-]+)"', tr)
        rows.append(("", category[1] if category else "?"))
    return rows


def workbook_rows(content: bytes, w: World) -> list[tuple[str, str]]:
    sheet = load_workbook(io.BytesIO(content))["Kemajuan"]
    header = [c.value for c in sheet[1]]
    codes = {
        (c.level, c.name): c.code for c in Category.objects.filter(cycle=w.cycle, enabled=True)
    }
    rows = []
    for values in sheet.iter_rows(min_row=2, values_only=True):
        row = dict(zip(header, values, strict=True))
        level = "provinsi" if row["Babak"] == "Provinsi" else "nasional"
        rows.append((row["Kode provinsi"] or "", codes[(level, row["Kategori"])]))
    return rows


def test_the_page_and_the_workbook_list_the_same_rows(world: World):
    # Kalimantan Tengah: one nominee in a second category, none in the others.
    companies = world.cycle.categories.get(level="provinsi", code="perusahaan-besar-menengah")
    nominate(companies, "62.0001", "PT Sawit Kalteng", "62")
    client = client_for(world.admin)
    html = client.get(f"/sekretariat/{world.cycle.pk}/kemajuan/").content.decode()
    response = client.get(f"/sekretariat/{world.cycle.pk}/kemajuan.xlsx")
    on_page, in_book = page_rows(html), workbook_rows(response.content, world)
    assert on_page == in_book
    provincial = world.cycle.categories.filter(level="provinsi", enabled=True).count()
    national = world.cycle.categories.filter(level="nasional", enabled=True).count()
    assert len(on_page) == 38 * provincial + national
    assert ("61", "pemda-kabkota") in on_page and ("62", "perusahaan-besar-menengah") in on_page
    # A category nobody was nominated in says so, in its own row.
    empty = re.search(
        r'<tr data-province="62" class="empty" data-category="pemda-desa">.*?</tr>', html, re.S
    )
    assert empty and "Belum ada nomine." in empty[0]


def test_a_provincial_admins_page_and_workbook_list_the_same_rows(world: World):
    client = client_for(world.kalbar_admin)
    html = client.get(f"/sekretariat/{world.cycle.pk}/kemajuan/").content.decode()
    provinces = html.split('id="board-provinces"', 1)[1].split("</table>", 1)[0]
    on_page = re.findall(
        r'data-province="(\w+)"(?: class="empty")? data-category="([\w-]+)"', provinces
    )
    book = client.get(f"/sekretariat/{world.cycle.pk}/kemajuan.xlsx").content
    assert on_page == workbook_rows(book, world)
    assert {province for province, _category in on_page} == {"61"}


# -- a decided group is late in nothing --------------------------------------------------------


def kalbar_line(w: World):
    block = next(b for b in board(cycle=w.cycle).provinces if b.code == "61")
    return next(line for line in block.lines if line.category_code == "pemda-kabkota")


@pytest.fixture
def overdue(world: World) -> World:
    """Everything of Kalimantan Barat's round past its date: the self-assessments (two
    missing), the verification sheets (Penilai_B's missing) and the decision."""
    world.set_stage("verifikasi", ends=-1)
    world.set_stage("keputusan", status="open", ends=-1)
    assert kalbar_line(world).figures.late == [
        "2 penilaian mandiri terlambat",
        "1 lembar nilai terlambat",
        "1 keputusan Juara terlambat",
    ]
    return world


def test_once_decided_nothing_of_the_group_is_late_on_the_board(overdue: World):
    decide(overdue.category, "61", overdue.ketapang, overdue.chair.user)
    f = kalbar_line(overdue).figures
    assert f.late == []
    assert (f.submissions_late, f.sheets_late, f.interviews_late, f.decisions_late) == (0, 0, 0, 0)
    assert (f.submitted, f.nominees, f.sheets_done, f.sheets_due) == (1, 3, 1, 2)  # as they were
    assert board(cycle=overdue.cycle).total.late == []
    html = (
        client_for(overdue.admin).get(f"/sekretariat/{overdue.cycle.pk}/kemajuan/").content.decode()
    )
    row = html.split('data-province="61" data-category="pemda-kabkota"', 1)[1].split("</tr>", 1)[0]
    # not "on time" either: the row says why what is missing is not late (the Juara confirmed)
    why = re.findall(r'<span class="note why">(.*?)</span>', row)
    assert why and all("tidak lagi terlambat" in w for w in why), why
    assert "terlambat" not in re.sub(r'<span class="note why">.*?</span>', "", row)


def test_once_decided_no_candidate_or_assessor_is_late_in_the_drill_down(overdue: World):
    decide(overdue.category, "61", overdue.ketapang, overdue.chair.user)
    detail = province_detail(cycle=overdue.cycle, province="61")
    part = next(p for p in detail.categories if p.line.category_code == "pemda-kabkota")
    assert {c.name: c.late for c in part.candidates} == {
        "Kabupaten Ketapang": [],
        "Kabupaten Sambas": [],
        "Kota Pontianak": [],
    }
    assert not part.decision_late
    assert all(m.late == 0 for m in detail.assessors)


def test_once_decided_nobody_is_reminded_of_the_group(overdue: World):
    kinds = {(e.kind, tuple(e.items)) for e in waiting(cycle=overdue.cycle)}
    assert ("penilaian_mandiri", ("Kota Pontianak",)) in kinds
    decide(overdue.category, "61", overdue.ketapang, overdue.chair.user)
    assert waiting(cycle=overdue.cycle) == []
    assert waiting(user=overdue.pontianak_rep) == []
    assert send_reminders(overdue.admin, cycle=overdue.cycle).reminded == 0


def test_once_decided_a_candidates_own_home_page_says_nothing_is_late(world: World):
    home = client_for(world.pontianak_rep)
    assert "1 hal terlambat" in home.get("/beranda/").content.decode()  # ended yesterday
    decide(world.category, "61", world.ketapang, world.chair.user)
    html = home.get("/beranda/").content.decode()
    assert "terlambat" not in html and "sudah lewat" not in html
    assert f'href="/kandidat/{world.pontianak.pk}/"' in html  # the workspace is still there


def test_a_decided_zone_of_the_national_round_is_late_in_nothing(world: World):
    """The national provincial-government round is judged per zone: deciding one zone
    settles its candidates, not the other zone's."""
    category = world.cycle.categories.get(level="nasional", code="pemda-provinsi")
    zones = zone_map()
    far = next(code for code, zone in sorted(zones.items()) if zone and zone != zones["61"])

    def promoted(province: str, name: str) -> Nomination:
        return Nomination.objects.create(
            category=category,
            province=province,
            entity="provinsi",
            key=province,
            name=name,
            region_code=province,
            source=NominationSource.PROMOTED,
        )

    kalbar, other = promoted("61", "Provinsi Kalimantan Barat"), promoted(far, "Provinsi lain")
    Stage.objects.filter(cycle=world.cycle, level="nasional", kind="penilaian_mandiri").update(
        status="open", ends_on=world.today - dt.timedelta(days=1)
    )

    def national_line():
        return next(n for n in board(cycle=world.cycle).national if n.category_id == category.pk)

    assert national_line().figures.submissions_late == 2
    decide(category, zones["61"], kalbar, world.admin)
    assert national_line().figures.submissions_late == 1
    waiting_now = [e for e in waiting(cycle=world.cycle) if e.province == ""]
    assert [e.items for e in waiting_now] == [[other.name]]


# -- reminding everyone waiting asks first -----------------------------------------------------


@pytest.fixture
def smtp(settings):
    settings.EMAIL_HOST = "smtp.contoh.go.id"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "sekretariat@paritrana.go.id"


def test_sending_to_everyone_shows_who_first_and_sends_nothing(world: World, smtp):
    client = client_for(world.admin)
    url = f"/sekretariat/{world.cycle.pk}/pengingat/"
    audited = AuditEntry.objects.count()
    response = client.post(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert Reminder.objects.count() == 0 and mail.outbox == []
    assert AuditEntry.objects.count() == audited
    # Two people (Penilai_B's sheet, Pontianak's self-assessment); Sambas has nobody.
    people = html.split('id="send-people"', 1)[1].split("</p>", 1)[0]
    assert re.search(r"\b2\b", people)
    assert "2 orang akan diingatkan, tentang:" in people
    assert 'id="send-reminders"' not in html  # one kind of work each: 2 reminders, 2 people
    kinds = html.split('id="send-kinds"', 1)[1].split("</ul>", 1)[0]
    assert (
        "Lembar nilai yang harus dikirim" in kinds
        and "Penilaian mandiri yang harus dikirim" in kinds
    )
    assert "Juara yang harus dikonfirmasi" not in kinds
    assert 'id="send-unreachable"' in html
    form = html.split('id="confirm-send"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="yakin" value="1">' in form
    assert 'name="paksa"' not in form and 'name="provinsi"' not in form

    sent = client.post(url, {"yakin": "1"}, follow=True)
    assert "2 pengingat dicatat, 2 dikirim lewat email" in sent.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "penilai_b@contoh.go.id",
        "wakil@pontianak.go.id",
    ]


def test_the_confirmation_counts_what_the_send_would_do(world: World, smtp):
    send_reminders(world.admin, cycle=world.cycle)  # both reminded today already
    client = client_for(world.admin)
    url = f"/sekretariat/{world.cycle.pk}/pengingat/"
    html = client.post(url).content.decode()
    assert 'id="send-nobody"' in html and 'id="send-skipped"' in html
    assert "<button" not in html.split('id="confirm-send"', 1)[1].split("</form>", 1)[0]
    forced = client.post(url, {"paksa": "1"}).content.decode()
    form = forced.split('id="confirm-send"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="paksa" value="1">' in form and "<button" in form
    assert Reminder.objects.count() == 2  # nothing more sent
    from paritrana.assessment.domain.reminders import plan

    entries = waiting(cycle=world.cycle)
    assert (plan(entries).reminders, plan(entries, force=True).people) == (0, 2)


def test_a_provinces_button_sends_at_once_and_others_are_refused(world: World, smtp):
    client = client_for(world.admin)
    url = f"/sekretariat/{world.cycle.pk}/pengingat/"
    response = client.post(url, {"provinsi": "61"})
    assert response.status_code == 302 and Reminder.objects.count() == 2
    # A provincial admin's "everyone" is its own province, counted so before sending.
    html = client_for(world.kalteng_admin).post(url).content.decode()
    assert 'id="send-nobody"' in html
    refused = client_for(world.a.user).post(url)
    assert refused.status_code == 403 and Reminder.objects.count() == 2
