"""The shortlist pages: the provincial admin of 61 draws, adds and removes in 61 and is refused
62; the national admin works every round; each refusal says why, in Bahasa Indonesia."""

# ruff: noqa: F811  (the fixtures of test_shortlist_world are imported, then asked for)
from __future__ import annotations

import re

from django.test import Client

from paritrana.awards.models import Nomination
from tests.commands.audit import assert_audited
from tests.secretariat.test_shortlist_world import (  # noqa: F401  (fixtures)
    KETAPANG,
    companies,
    cycle,
    draft_cycle,
    figures,
    kabkota,
    people,
)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _url(cycle, category=None, province=None) -> str:
    base = f"/sekretariat/{cycle.pk}/daftar-pendek/"
    return base if category is None else f"{base}{category.pk}/{province}/"


def test_the_provincial_admin_sees_its_own_province_only(cycle, people):
    page = _client(people["kalbar"]).get(_url(cycle))
    assert page.status_code == 200
    text = _text(page)
    assert "Kalimantan Barat" in text and "Kalimantan Tengah" not in text
    assert "Babak nasional" not in text
    # Four provincial categories in use, one row each for 61 (its name and Buka open it).
    assert len(set(re.findall(r"daftar-pendek/\d+/61/", page.content.decode()))) == 4
    national = _client(people["nasional"]).get(_url(cycle), {"provinsi": "62"})
    assert "Kalimantan Tengah" in _text(national) and "/62/" in national.content.decode()
    refused = _client(people["luar"]).get(_url(cycle))
    assert refused.status_code == 403
    assert "Daftar pendek hanya untuk admin nasional dan admin provinsi" in _text(refused)


def test_a_round_shows_each_candidate_with_its_reason(kabkota, people):
    page = _client(people["kalbar"]).get(_url(kabkota.cycle, kabkota, "61"))
    text = _text(page)
    assert "Pemerintah Kabupaten/Kota Kalimantan Barat" in text
    assert "masuk: peringkat 4 dari 14 menurut cakupan UCJ 25,38%" in text
    assert "tidak masuk: di luar 7 teratas (peringkat 8 dari 14)" in text
    assert "cakupan UCJ tertinggi, 7 teratas" in text and "ucj_pct" not in text
    assert "Belum ditarik" in text
    assert 'class="table-scroll"' in page.content.decode()


def test_the_provincial_admin_of_61_draws_61_and_is_refused_62(kabkota, people):
    client = _client(people["kalbar"])
    unconfirmed = client.post(_url(kabkota.cycle, kabkota, "61"), {"action": "draw"})
    assert unconfirmed.status_code == 200
    assert "Centang kotak untuk mengonfirmasi penarikan" in _text(unconfirmed)
    assert not Nomination.objects.exists()

    drawn = client.post(
        _url(kabkota.cycle, kabkota, "61"), {"action": "draw", "confirm": "on"}, follow=True
    )
    assert "7 kandidat baru dinominasikan" in _text(drawn)
    assert Nomination.objects.filter(province="61", source="data").count() == 7
    entry = assert_audited("shortlist.draw", people["kalbar"])
    assert entry.after["province"] == "61"

    refused = client.post(_url(kabkota.cycle, kabkota, "62"), {"action": "draw", "confirm": "on"})
    assert refused.status_code == 403
    assert "hanya dapat diubah oleh admin provinsinya" in _text(refused)
    assert client.get(_url(kabkota.cycle, kabkota, "62")).status_code == 403
    assert not Nomination.objects.filter(province="62").exists()


def test_the_national_admin_works_every_round(cycle, kabkota, people):
    client = _client(people["nasional"])
    client.post(_url(cycle, kabkota, "62"), {"action": "draw", "confirm": "on"})
    assert Nomination.objects.filter(province="62").count() == 2
    national = cycle.categories.get(level="nasional", code="pemda-kabkota")
    page = client.get(_url(cycle, national, "00"))
    assert "Pemerintah Kabupaten/Kota babak nasional" in _text(page)
    assert "masuk: peringkat 1 dari 16 menurut cakupan UCJ 40,5%" in _text(page)
    assert _client(people["kalbar"]).get(_url(cycle, national, "00")).status_code == 403
    assert client.get(_url(cycle, kabkota, "00")).status_code == 400  # a provincial round
    assert client.get(_url(cycle, kabkota, "99")).status_code == 404


def test_adding_and_removing_by_hand_need_a_reason_said_at_the_field(kabkota, people):
    client = _client(people["kalbar"])
    url = _url(kabkota.cycle, kabkota, "61")
    client.post(url, {"action": "draw", "confirm": "on"})
    search = client.get(url, {"tambah": "1", "q": "kayong"})
    assert "Kabupaten Kayong Utara" in _text(search) and "tidak masuk" in _text(search)
    kayong = re.search(r'name="key" value="([\d.]+)"', search.content.decode()).group(1)

    missing = client.post(url + "?tambah=1&q=kayong", {"action": "add", "key": kayong})
    assert "Alasan wajib diisi" in _text(missing)
    added = client.post(
        url, {"action": "add", "key": kayong, "reason": "Usulan Disnaker: Perbup 2025"}
    )
    assert added.status_code == 302
    assert_audited("nomination.add", people["kalbar"])

    no_reason = client.post(url, {"action": "remove", "key": KETAPANG, "reason": "", "yakin": "1"})
    assert "Alasan wajib diisi" in _text(no_reason)
    client.post(
        url,
        {
            "action": "remove",
            "key": KETAPANG,
            "reason": "Data belum diverifikasi",
            "yakin": "1",
        },
    )
    assert_audited("nomination.remove", people["kalbar"])
    text = _text(client.get(url))
    assert "ditambahkan dengan tangan: Usulan Disnaker: Perbup 2025" in text
    assert "dikeluarkan: Data belum diverifikasi" in text


def test_a_closed_screening_stage_refuses_at_the_form(kabkota, people):
    from paritrana.awards.domain.stages import close_stage

    screening = kabkota.cycle.stages.get(level="provinsi", kind="penyaringan")
    close_stage(stage=screening)
    page = _client(people["kalbar"]).post(
        _url(kabkota.cycle, kabkota, "61"), {"action": "draw", "confirm": "on"}
    )
    assert page.status_code == 200
    assert "ditutup" in _text(page)
    assert not Nomination.objects.exists()


def test_a_round_is_searched_filtered_by_status_and_sorted(kabkota, people):
    client = _client(people["kalbar"])
    url = _url(kabkota.cycle, kabkota, "61")
    every = _text(client.get(url))
    assert "Menampilkan 1–14 dari 14" in every
    out = _text(client.get(url, {"daftar-status": "out"}))
    assert "Menampilkan 1–7 dari 7" in out
    assert "masuk: peringkat" not in out and "tidak masuk" in out
    found = _text(client.get(url, {"daftar-q": "ketapang"}))
    assert "Menampilkan 1–1 dari 1" in found and "Kabupaten Ketapang" in found
    html = client.get(url, {"daftar-urut": "-peringkat"}).content.decode()
    ranks = re.findall(
        r'<tr class="state-\w+">\s*<td class="num" data-label="Peringkat">(\d+)</td>', html
    )
    assert ranks == sorted(ranks, key=int, reverse=True) and len(ranks) == 14
    assert 'aria-sort="descending"' in html


def test_the_rounds_list_is_filtered_and_sorted_from_the_url(cycle, people):
    client = _client(people["nasional"])
    html = client.get(_url(cycle), {"provinsi": "61"}).content.decode()
    assert '<option value="61" selected>' in html
    rows = re.findall(
        r'<tr>\s*<td><a href="[^"]+">([^<]+)</a></td><td>([^<]+)</td>', html.split('id="rounds"')[1]
    )
    assert rows and all(province.strip() == "Kalimantan Barat" for _c, province in rows)


def test_removing_from_the_shortlist_needs_i_am_sure(kabkota, people):
    client = _client(people["kalbar"])
    url = _url(kabkota.cycle, kabkota, "61")
    client.post(url, {"action": "draw", "confirm": "on"})
    page = client.get(url).content.decode()
    assert f'id="yakin-{KETAPANG}" required' in page  # the box, on the row's own form

    post = {"action": "remove", "key": KETAPANG, "reason": "Data belum diverifikasi"}
    refused = client.post(url, post)
    html = refused.content.decode()
    assert f'id="yakin-{KETAPANG}-error">Centang “Saya yakin” dahulu' in html
    assert 'value="Data belum diverifikasi"' in html  # the typed reason is kept
    assert Nomination.objects.get(key=KETAPANG).status == "nominated"

    client.post(url, {**post, "yakin": "1"})
    assert Nomination.objects.get(key=KETAPANG).status == "removed"


def test_a_missing_reason_is_shown_beside_its_field(kabkota, people):
    client = _client(people["kalbar"])
    url = _url(kabkota.cycle, kabkota, "61")
    client.post(url, {"action": "draw", "confirm": "on"})
    html = client.post(url, {"action": "remove", "key": KETAPANG, "yakin": "1"}).content.decode()
    field = html.split(f'id="reason-{KETAPANG}"', 1)[1].split(">", 1)[0]
    assert "is-invalid" in field and f'aria-describedby="reason-{KETAPANG}-error"' in field
    assert f'id="reason-{KETAPANG}-error">Alasan wajib diisi' in html


def _draw_button(html: str) -> str:
    """The draw form: its fieldset (disabled or not) and its button."""
    return html.split('id="draw"', 1)[1].split("</form>", 1)[0]


def test_the_forms_are_disabled_with_the_reason_while_screening_is_not_open(draft_cycle, people):
    import datetime as dt

    from paritrana.awards.domain.stages import close_stage, open_stage

    kabkota = draft_cycle.categories.get(level="provinsi", code="pemda-kabkota")
    client = _client(people["kalbar"])
    url = _url(kabkota.cycle, kabkota, "61")
    screening = kabkota.cycle.stages.get(level="provinsi", kind="penyaringan")

    # Not opened yet: every form of the page disabled, and why; the server refuses what a
    # disabled button (a page loaded before, a hand-made request) would send, with the same why.
    draft = client.get(url).content.decode()
    assert "Tahap belum dibuka" in _text(client.get(url))
    assert '<fieldset class="lockable" disabled aria-describedby="stage-lock">' in _draw_button(
        draft
    )
    assert draft.count('class="lockable" disabled') == 1 + 1  # draw, search: no one to remove
    refused = client.post(url, {"action": "draw", "confirm": "on"})
    assert refused.status_code == 200
    assert "(Tingkat provinsi) belum dibuka, dijadwalkan dibuka pada 01/02/2026; daftar" in _text(
        refused
    )
    assert not Nomination.objects.exists()

    # Open: the draw button and the forms are enabled, no reason shown.
    open_stage(stage=screening)
    client.post(url, {"action": "draw", "confirm": "on"})
    assert Nomination.objects.count() == 7
    opened = client.get(url).content.decode()
    assert '<fieldset class="lockable">' in _draw_button(opened)
    assert "disabled" not in opened.split('id="shortlist"')[0].split('id="draw"')[1]
    assert 'id="stage-lock"' not in opened and "Tahap belum dibuka" not in opened

    # Closed on 5 December 2026 at 14.03 WIB: disabled again, with the day it closed.
    close_stage(stage=screening)
    closed_at = dt.datetime(2026, 12, 5, 7, 3, tzinfo=dt.UTC)  # 14.03 WIB
    type(screening).objects.filter(pk=screening.pk).update(closed_at=closed_at)
    closed = client.get(url, {"q": "Kab", "tambah": "1"})
    text = _text(closed)
    assert "Tahap ditutup pada 5 Desember 2026." in text
    assert "Daftar pendek hanya dapat ditarik, ditambah, dan dikurangi selama tahap" in text
    html = closed.content.decode()
    assert '<fieldset class="lockable" disabled aria-describedby="stage-lock">' in _draw_button(
        html
    )
    add = html.split('id="add-form"', 1)[1].split("</form>", 1)[0]
    assert 'class="lockable" disabled' in add
    # And the server still refuses what a disabled button would have sent.
    refused = client.post(url, {"action": "draw", "confirm": "on"})
    assert "sudah ditutup" in _text(refused)


def test_each_nominee_opens_its_page_and_says_when_nobody_represents_it(kabkota, people):
    from paritrana.awards.models import Representative

    client = _client(people["kalbar"])
    client.post(_url(kabkota.cycle, kabkota, "61"), {"action": "draw", "confirm": "on"})
    first = Nomination.objects.filter(province="61").order_by("pk").first()
    Representative.objects.create(user=people["kalbar"], nomination=first)
    html = client.get(_url(kabkota.cycle, kabkota, "61")).content.decode()
    row = html.split(f'href="/seleksi/{first.pk}/"', 1)[1].split("</td>", 1)[0]
    assert "belum ada wakil" not in row
    alone = re.findall(r'href="/seleksi/(\d+)/#representatives"', html)
    assert len(alone) == 6 and str(first.pk) not in alone
