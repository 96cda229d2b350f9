"""In Chromium: an assessor scores the last missing sheet, the chair reads the ranking and
confirms Juara I and II, and Juara I goes on to the national round."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.assessment import conftest as judging
from tests.assessment.test_results import score
from tests.web.conftest import ARTIFACTS, follow, log_in, log_out, open_menu

cast = judging.cast  # the judging cast: a national admin, the Kalbar team, two candidates

pytestmark = pytest.mark.browser

PASSWORD = "rahasia-uji-123"  # the cast's


@pytest.fixture
def almost_judged(page, cast):
    """Every sheet submitted except assessor A's verification of Ketapang, which is assigned."""
    from paritrana.assessment.domain.assignments import assign

    verification = cast.open("verifikasi")
    assign(stage=verification, member=cast.a, nomination=cast.ketapang, user=cast.admin)
    score(cast, verification, cast.b, cast.ketapang, regulasi=5, anggaran=3, inovasi=4)
    score(cast, verification, cast.a, cast.pontianak, regulasi=3, anggaran=2, inovasi=3)
    score(cast, verification, cast.b, cast.pontianak, regulasi=4, anggaran=4, inovasi=3)
    interview = cast.open("wawancara")
    score(cast, interview, cast.a, cast.ketapang, pemahaman=4)
    score(cast, interview, cast.b, cast.ketapang, pemahaman=4)
    score(cast, interview, cast.a, cast.pontianak, pemahaman=3)
    score(cast, interview, cast.b, cast.pontianak, pemahaman=5)
    cast.open("keputusan")
    return cast


def _login(page, username):
    log_in(page, username, PASSWORD)


def _row(page, nomination):
    return page.locator(f'#ranking tr[data-nomination="{nomination.pk}"]')


def test_an_assessor_scores_and_the_chair_confirms_the_juara(page, almost_judged):
    from paritrana.assessment.models import Decision, ScoreSheet
    from paritrana.awards.models import Nomination

    cast = almost_judged
    _login(page, "penilai_a")
    page.goto("/penilaian/")
    verification = cast.stage("verifikasi")
    # The candidate's name opens the score page (the action link at the row's end does too).
    follow(page, f'td:first-child > a[href="/penilaian/{verification.pk}/{cast.ketapang.pk}/"]')
    assert page.locator("h1").inner_text().startswith("Kabupaten Ketapang")
    page.check("input[name=score-regulasi][value='4']")
    page.check("input[name=score-anggaran][value='3']")
    page.check("input[name=score-inovasi][value='5']")  # the top level: needs a comment
    page.check("#yakin")  # submitting is final: "I am sure" first
    follow(page, "button[name=action][value=submit]")  # refused by the server: a comment is due
    error = page.locator("#score-error").inner_text()
    assert "wajib disertai komentar" in error and "Inovasi" in error
    page.fill("textarea[name=comment-inovasi]", "Aplikasi pendaftaran BPU desa, sudah berjalan.")
    page.check("input[name=score-inovasi][value='5']")
    page.screenshot(path=str(ARTIFACTS / "judging-score.png"), full_page=True)
    page.check("#yakin")  # submitting is final: "I am sure" first
    follow(page, "button[name=action][value=submit]")
    expect(page.locator("#score-error")).to_have_count(0)
    sheet = ScoreSheet.objects.get(stage=verification, member=cast.a, nomination=cast.ketapang)
    assert sheet.submitted_at is not None

    log_out(page)
    _login(page, "sekda")
    open_menu(page, "Penghargaan")
    follow(page, "header nav a[href='/hasil/']")
    follow(page, f"#rankings a[href='/hasil/{cast.category.pk}/61/']")
    ketapang = _row(page, cast.ketapang)
    # The same scores as the hand computation in tests/assessment/test_results.py.
    assert ketapang.locator("td.assessor-raw").inner_text() == "78,85"
    assert ketapang.locator("td.total").inner_text() == "66,92"
    assert _row(page, cast.pontianak).locator("td.assessor-raw").inner_text() == "60,58"
    assert page.locator("#juara-1").input_value() == str(cast.ketapang.pk)
    assert page.locator("#juara-2").input_value() == str(cast.pontianak.pk)
    page.screenshot(path=str(ARTIFACTS / "judging-ranking.png"), full_page=True)

    page.select_option("#juara-3", "")
    page.check("#yakin")
    follow(page, "#confirm-button")
    expect(page.locator("#promoted")).to_be_visible()
    assert "Kabupaten Ketapang" in page.locator("#promoted").inner_text()
    assert ketapang.locator("td.juara").inner_text() == "Juara I"
    assert _row(page, cast.pontianak).locator("td.juara").inner_text() == "Juara II"
    assert page.locator("#confirm-form").count() == 1  # may still be changed while open
    page.screenshot(path=str(ARTIFACTS / "judging-confirmed.png"), full_page=True)
    assert list(Decision.objects.values_list("place", "nomination")) == [
        (1, cast.ketapang.pk),
        (2, cast.pontianak.pk),
    ]
    assert Nomination.objects.get(category__level="nasional", key="61.04").source == "promosi"

    # The chair follows Ketapang's breakdown, then opens the panel's assignments.
    follow(page, ketapang.get_by_role("link", name="Kabupaten Ketapang"))
    regulasi = page.locator('#criteria tr[data-criterion="regulasi"]').inner_text()
    assert "87,50" in regulasi  # median 4.5 on 0..100
    page.screenshot(path=str(ARTIFACTS / "judging-breakdown.png"), full_page=True)
    page.goto(f"/panel/{cast.panel.pk}/?tahap={verification.pk}")
    conflicted = page.locator(
        f'#matrix tr[data-nomination="{cast.ketapang.pk}"] '
        f'td[data-member="{cast.ketapang_member.pk}"]'
    )
    assert conflicted.locator(".conflict-mark").is_visible()
    assert conflicted.locator("button").count() == 0
    # One form holds the whole matrix: the button pressed says which pair it assigns.
    free = page.locator(
        f'#matrix tr[data-nomination="{cast.pontianak.pk}"] '
        f'td[data-member="{cast.ketapang_member.pk}"]'
    )
    follow(page, free.get_by_role("button", name="Tugaskan"))
    assert free.locator(".assigned-mark").inner_text() == "✓ manual"
    assert free.get_by_role("button", name="Hapus").is_visible()
    page.screenshot(path=str(ARTIFACTS / "judging-panel.png"), full_page=True)
    follow(page, "#interviews-link")
    page.select_option("#id_nomination", str(cast.pontianak.pk))
    page.fill("#id_starts_at", "2026-03-02T09:00")
    page.fill("#id_minutes", "45")
    page.fill("#id_place", "Aula Kantor Gubernur Kalimantan Barat")
    follow(page, "#schedule-form button[type=submit]")
    slot = page.locator("#slots tbody tr").first
    assert "02/03/2026 09:00" in slot.inner_text()
    slot.locator("select[name=attendance]").select_option("kepala_hadir")
    slot.locator("input[name=attendee]").fill("Wali Kota Pontianak")
    follow(page, slot.locator("button[type=submit]"))
    assert page.locator("#slots .head-in-person").is_visible()
    page.screenshot(path=str(ARTIFACTS / "judging-interviews.png"), full_page=True)


decided = judging.decided
judged = judging.judged


@pytest.mark.parametrize("width", [1366, 390])
def test_the_form_to_decide_again_is_laid_out_to_be_filled_in(page, decided, width):
    """Once the Juara are decided the chair may decide again, with a reason. On a laptop the
    confirmation box took the labels' column (its sentence unwrapped), leaving the reason box a
    sliver and its note one letter a line; the choices stuck out of the form."""
    page.set_viewport_size({"width": width, "height": 900})
    _login(page, "sekda")
    page.goto(f"/hasil/{decided.category.pk}/61/")
    form = page.locator("#confirm-form").bounding_box()
    reason = page.locator("#reason").bounding_box()
    note = page.locator("#confirm-form textarea + br + .note").bounding_box()
    assert reason["width"] >= min(300, form["width"] - 40)
    assert note["height"] < 60  # two lines at most, not a letter a line
    for index in (1, 2, 3):
        choice = page.locator(f"#juara-{index}").bounding_box()
        assert choice["x"] + choice["width"] <= form["x"] + form["width"] + 1
    box = page.locator("#confirm-form .confirm-box").bounding_box()
    assert box["x"] <= reason["x"]  # across the form, under the reason, not in the labels'
    assert page.evaluate("document.documentElement.scrollWidth") == width
    page.screenshot(path=str(ARTIFACTS / f"judging-decide-again-{width}.png"), full_page=True)


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)])
def test_the_interview_schedule_is_filled_in_without_scrolling_sideways(page, cast, width, height):
    """Interview day: the secretary records who came beside each slot. Beside the labels the
    form made the table wider than a laptop (the save button off to the right); on a phone each
    interview is a card, its facts named, the form under them."""
    import datetime as dt

    from django.utils import timezone

    from paritrana.assessment.domain.interviews import record_attendance, schedule

    interview = cast.open("wawancara")
    came = (  # as on the demo's interview day
        (cast.ketapang, "kepala_hadir", "Bupati Ketapang"),
        (cast.pontianak, "diwakilkan", "Sekretaris Daerah Kota Pontianak (mewakili Wali Kota)"),
    )
    for hour, (nomination, attendance, attendee) in enumerate(came, start=9):
        slot = schedule(
            stage=interview,
            nomination=nomination,
            starts_at=timezone.make_aware(dt.datetime(2026, 3, 2, hour)),
            place="Ruang Rapat Sekretariat Daerah, Kantor Gubernur Kalimantan Barat",
            user=cast.admin,
        )
        record_attendance(slot=slot, attendance=attendance, attendee=attendee, user=cast.admin)
    page.set_viewport_size({"width": width, "height": height})
    _login(page, cast.secretary.user.username)
    page.goto(f"/panel/{cast.panel.pk}/wawancara/")
    box = page.locator("#slots").locator("xpath=..")
    assert box.evaluate("box => box.scrollWidth <= box.clientWidth + 1")
    assert page.evaluate("document.documentElement.scrollWidth") == width
    for button in page.get_by_role("button", name="Simpan kehadiran").all():
        edge = button.bounding_box()
        assert edge["x"] >= 0 and edge["x"] + edge["width"] <= width
    if width < 640:  # each fact named on its card
        assert page.locator("#slots td[data-label='Kandidat']").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / f"interviews-{width}.png"), full_page=True)
