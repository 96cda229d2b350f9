"""The panel pages (members, conflicts, assignments, interviews) and the results pages
(rankings, breakdowns, the chair's confirmation), driven through the Django test client with
the judging cast of tests/assessment/conftest.py."""

from __future__ import annotations

import re

import pytest

from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.models import (
    Assignment,
    ConflictOverride,
    Decision,
    InterviewSlot,
)
from paritrana.awards.models import Nomination
from tests.assessment import conftest as judging
from tests.assessment.test_results import judge

cast = judging.cast  # the judging cast: a national admin, the Kalbar team, two candidates


def _login(client, user):
    client.force_login(user)
    return client


def _cell(html: str, nomination, member) -> str:
    row = html.split(f'<tr data-nomination="{nomination.pk}">', 1)[1].split("</tr>", 1)[0]
    return row.split(f'data-member="{member.pk}">', 1)[1].split("</td>", 1)[0]


def _messages(html: str) -> str:
    return " ".join(re.findall(r'<p class="(?:error|ok)">(.*?)</p>', html, re.S))


# -- the panel page -----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["a", "ketapang_member", "outsider"])
def test_only_managers_open_the_panel_pages(client, cast, who):
    user = getattr(cast, who)
    _login(client, getattr(user, "user", user))
    for url in (f"/panel/{cast.panel.pk}/", f"/panel/{cast.panel.pk}/wawancara/"):
        response = client.get(url)
        assert response.status_code == 403
        assert "hanya dapat dikelola oleh ketua dan sekretarisnya" in response.content.decode()


@pytest.mark.parametrize("who", ["chair", "secretary", "admin"])
def test_the_chair_secretary_and_national_admin_manage_the_panel(client, cast, who):
    user = getattr(cast, who)
    html = _login(client, getattr(user, "user", user)).get(f"/panel/{cast.panel.pk}/")
    assert html.status_code == 200
    members = html.content.decode().split('id="members"', 1)[1].split("</table>", 1)[0]
    for name in ("sekda", "kepala_bpjs", "penilai_a", "penilai_b", "penilai_ketapang"):
        assert name in members
    assert "61.04" in members and "Ketapang" in members  # the Ketapang member's own region


def test_the_matrix_marks_the_conflict_and_offers_no_button_for_it(client, cast):
    cast.open("verifikasi")
    html = _login(client, cast.chair.user).get(f"/panel/{cast.panel.pk}/").content.decode()
    conflicted = _cell(html, cast.ketapang, cast.ketapang_member)
    assert 'class="conflict-mark"' in conflicted
    assert "<button" not in conflicted
    free = _cell(html, cast.pontianak, cast.ketapang_member)
    assert "conflict-mark" not in free and 'name="assign"' in free
    # The conflicts table names the rule and its reason.
    table = html.split('id="conflicts"', 1)[1].split("</table>", 1)[0]
    assert "penilai_ketapang" in table and "Kabupaten Ketapang" in table
    assert "pemerintah daerah asal penilai" in table
    assert "override-form" not in table  # the chair may not override


def test_auto_assignment_creates_assignments_and_reports_the_shortfall(client, cast):
    verification = cast.open("verifikasi")
    cast.panel.assessors_per_candidate = 5  # five members, one conflicted with Ketapang
    cast.panel.save()
    _login(client, cast.secretary.user)
    response = client.post(
        f"/panel/{cast.panel.pk}/", {"action": "auto", "tahap": verification.pk}, follow=True
    )
    assert response.status_code == 200
    assert Assignment.objects.filter(stage=verification).count() == 9
    assert not Assignment.objects.filter(
        member=cast.ketapang_member, nomination=cast.ketapang
    ).exists()
    result = response.content.decode().split('id="auto-result"', 1)[1].split("</div>", 1)[0]
    assert "<p>9 " in result
    unmet = result.split('id="unmet"', 1)[1]
    assert "Kabupaten Ketapang" in unmet and "(4/5)" in unmet
    assert "Kota Pontianak" not in unmet
    for name in ("penilai_a", "penilai_b", "penilai_ketapang", "sekda", "kepala_bpjs"):
        assert name in result  # the load per member
    # The matrix now shows the assignments with a remove button.
    html = response.content.decode()
    assert 'name="unassign"' in _cell(html, cast.ketapang, cast.a)


def test_assigning_a_conflicted_pair_by_hand_shows_the_refusal(client, cast):
    verification = cast.open("verifikasi")
    _login(client, cast.chair.user)
    response = client.post(
        f"/panel/{cast.panel.pk}/",
        {
            "action": "assign",
            "tahap": verification.pk,
            "member": cast.ketapang_member.pk,
            "nomination": cast.ketapang.pk,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "berkonflik kepentingan" in _messages(response.content.decode())
    assert not Assignment.objects.exists()


def test_assigning_and_removing_by_hand(client, cast):
    verification = cast.open("verifikasi")
    _login(client, cast.chair.user)
    url = f"/panel/{cast.panel.pk}/"
    # What the matrix form sends: the pressed button's name and value, and the stage.
    html = client.get(f"{url}?tahap={verification.pk}").content.decode()
    button = re.search(r'name="assign" value="([0-9-]+)"', _cell(html, cast.ketapang, cast.a))
    assert button.group(1) == f"{cast.a.pk}-{cast.ketapang.pk}"
    client.post(url, {"assign": button.group(1), "tahap": verification.pk})
    assignment = Assignment.objects.get()
    assert (assignment.member, assignment.nomination) == (cast.a, cast.ketapang)
    html = client.get(f"{url}?tahap={verification.pk}").content.decode()
    assert f'name="unassign" value="{assignment.pk}"' in _cell(html, cast.ketapang, cast.a)
    client.post(url, {"unassign": assignment.pk, "tahap": verification.pk})
    assert not Assignment.objects.exists()


def test_a_closed_stage_refuses_assignments_with_a_message(client, cast):
    from paritrana.awards.domain.stages import close_stage

    verification = cast.open("verifikasi")
    close_stage(stage=verification, user=cast.admin)
    response = _login(client, cast.chair.user).post(
        f"/panel/{cast.panel.pk}/", {"action": "auto", "tahap": verification.pk}, follow=True
    )
    assert response.status_code == 200
    assert "sudah ditutup" in _messages(response.content.decode())


def test_the_national_admin_overrides_a_conflict_only_with_a_reason(client, cast):
    url = f"/panel/{cast.panel.pk}/"
    pair = {"action": "override", "member": cast.ketapang_member.pk, "nomination": cast.ketapang.pk}
    html = _login(client, cast.admin).get(url).content.decode()
    assert "override-form" in html
    response = client.post(url, {**pair, "reason": "  "}, follow=True)
    assert "Alasan pengesampingan konflik wajib diisi" in _messages(response.content.decode())
    assert not ConflictOverride.objects.exists()
    response = client.post(url, {**pair, "reason": "Sudah pindah ke Pontianak."}, follow=True)
    decided = ConflictOverride.objects.get()
    assert decided.decided_by == cast.admin
    table = response.content.decode().split('id="conflicts"', 1)[1].split("</table>", 1)[0]
    assert "Sudah pindah ke Pontianak." in table and "admin_nasional" in table


def test_a_chair_cannot_override_a_conflict(client, cast):
    response = _login(client, cast.chair.user).post(
        f"/panel/{cast.panel.pk}/",
        {
            "action": "override",
            "member": cast.ketapang_member.pk,
            "nomination": cast.ketapang.pk,
            "reason": "Saya ketua.",
        },
        follow=True,
    )
    assert "Hanya admin nasional" in _messages(response.content.decode())
    assert not ConflictOverride.objects.exists()


# -- interviews ---------------------------------------------------------------------------


def test_scheduling_interviews_and_recording_attendance(client, cast):
    url = f"/panel/{cast.panel.pk}/wawancara/"
    _login(client, cast.secretary.user)
    response = client.post(
        url,
        {
            "action": "schedule",
            "nomination": cast.ketapang.pk,
            "starts_at": "2026-03-02T09:00",
            "minutes": 45,
            "place": "Aula Kantor Gubernur",
        },
        follow=True,
    )
    slot = InterviewSlot.objects.get()
    assert (slot.nomination, slot.minutes, slot.place) == (
        cast.ketapang,
        45,
        "Aula Kantor Gubernur",
    )
    assert "02/03/2026 09:00" in response.content.decode()
    # An overlapping slot of the same panel is refused, and the form keeps what was typed.
    response = client.post(
        url,
        {
            "action": "schedule",
            "nomination": cast.pontianak.pk,
            "starts_at": "2026-03-02T09:30",
            "minutes": 30,
            "place": "Aula",
        },
    )
    html = response.content.decode()
    assert "Jadwal bentrok dengan wawancara Kabupaten Ketapang" in _messages(html)
    assert 'value="2026-03-02T09:30"' in html
    # Attendance: the head in person needs a name.
    attendance = {"action": "attendance", "slot": slot.pk, "attendance": "kepala_hadir"}
    response = client.post(url, {**attendance, "attendee": ""}, follow=True)
    assert "Tuliskan siapa yang hadir" in _messages(response.content.decode())
    response = client.post(
        url, {**attendance, "attendee": "Bupati Ketapang", "notes": "Tepat waktu."}, follow=True
    )
    slot.refresh_from_db()
    assert (slot.attendance, slot.attendee, slot.notes) == (
        "kepala_hadir",
        "Bupati Ketapang",
        "Tepat waktu.",
    )
    row = response.content.decode().split(f'data-slot="{slot.pk}"', 1)[1].split("</tr>", 1)[0]
    assert 'class="head-in-person"' in row and "Bupati Ketapang" in row


# -- rankings, breakdowns and decisions ---------------------------------------------------


def test_the_rankings_list_shows_what_each_user_may_see(client, cast):
    html = _login(client, cast.b.user).get("/hasil/").content.decode()
    assert f'href="{judging.ranking_url(cast)}"' in html and "Kalimantan Barat" in html
    assert "/panel/" not in html.split('id="rankings"', 1)[1]  # an assessor manages nothing
    html = _login(client, cast.chair.user).get("/hasil/").content.decode()
    assert f'href="/panel/{cast.panel.pk}/"' in html
    html = _login(client, cast.outsider).get("/hasil/").content.decode()
    assert judging.ranking_url(cast) not in html
    assert 'href="/hasil/"' not in html  # no nav link either


def test_the_ranking_shows_raw_and_normalised_totals_the_indonesian_way(client, cast):
    judge(cast)
    html = _login(client, cast.b.user).get(judging.ranking_url(cast)).content.decode()
    ketapang = judging.ranking_row(html, cast.ketapang)
    # Hand-computed in tests/assessment/test_results.py: assessor total 51.25 / .65 = 78.846,
    # data 44.776, final .35 * 44.776 + 51.25 = 66.92; verification 80, interview 75.
    assert '<td class="num assessor-raw final">78,85</td>' in ketapang
    assert re.search(r'assessor-normalised">\d+,\d\d</td>', ketapang)
    assert '<td class="num">44,78</td>' in ketapang
    assert '<td class="num final total">66,92</td>' in ketapang
    assert '<td class="num">80,00</td>' in ketapang and '<td class="num">75,00</td>' in ketapang
    pontianak = judging.ranking_row(html, cast.pontianak)
    assert "60,58" in pontianak  # 39.375 / .65
    assert html.index(f'data-nomination="{cast.ketapang.pk}"') < html.index(
        f'data-nomination="{cast.pontianak.pk}"'
    )
    assert '<b class="keep">100%</b>' in ketapang  # robustness: every draw keeps the rank
    assert ">peringkat 1</span>" in ketapang  # the range of its rank over the draws
    # Krippendorff's alpha per stage, three decimals with a comma.
    alpha = html.split('id="alpha"', 1)[1].split("</dd>", 1)[0]
    assert len(re.findall(r"<b>-?\d,\d{3}</b>", alpha)) == 2
    rules = html.split('id="rules"', 1)[1].split("</dl>", 1)[0]
    assert "Median" in rules and "1.000" in rules


def test_alpha_without_enough_data_is_said_so(client, cast):
    from tests.assessment.test_results import score

    verification = cast.open("verifikasi")
    score(cast, verification, cast.a, cast.ketapang, regulasi=4, anggaran=3, inovasi=5)
    html = _login(client, cast.chair.user).get(judging.ranking_url(cast)).content.decode()
    alpha = html.split('id="alpha"', 1)[1].split("</dd>", 1)[0]
    assert "<i>" in alpha and "<b>" not in alpha
    # Pontianak has no scores yet: no total, ranked last.
    assert '<td class="num final total">-</td>' in judging.ranking_row(html, cast.pontianak)


def test_a_tie_shows_the_rule_that_broke_it(client, cast):
    from tests.assessment.test_results import _tied

    _tied(cast, ["total", "criterion:pemahaman", "key"])
    html = _login(client, cast.chair.user).get(judging.ranking_url(cast)).content.decode()
    assert 'class="tie"' in judging.ranking_row(html, cast.ketapang)
    assert "Pemahaman" in judging.ranking_row(html, cast.ketapang).split('class="tie"', 1)[1]
    assert 'class="tie"' not in judging.ranking_row(html, cast.pontianak)


def test_a_barred_viewer_sees_the_row_withheld(client, cast):
    judge(cast)
    _login(client, cast.ketapang_member.user)
    html = client.get(judging.ranking_url(cast)).content.decode()
    ketapang = judging.ranking_row(html, cast.ketapang)
    assert "Kabupaten Ketapang" in ketapang and "conflict-note" in ketapang
    assert "disembunyikan: Anda berkonflik kepentingan" in ketapang
    assert "breakdown-link" not in ketapang and "66,92" not in ketapang
    # Pontianak is not assigned to them: its totals, but no breakdown either.
    assert "breakdown-link" not in judging.ranking_row(html, cast.pontianak)
    assert "conflict-note" not in judging.ranking_row(html, cast.pontianak)
    response = client.get(f"{judging.ranking_url(cast)}{cast.ketapang.pk}/")
    assert response.status_code == 403
    assert "berkonflik kepentingan dengan Kabupaten Ketapang" in response.content.decode()
    response = client.get(f"{judging.ranking_url(cast)}{cast.pontianak.pk}/")
    assert response.status_code == 403
    assert "penilai yang ditugaskan" in response.content.decode()
    # An assessor assigned to Pontianak opens its breakdown.
    _login(client, cast.a.user)
    assert client.get(f"{judging.ranking_url(cast)}{cast.pontianak.pk}/").status_code == 200


def test_outsiders_see_no_ranking_and_no_breakdown(client, cast):
    judge(cast)
    _login(client, cast.outsider)
    assert client.get(judging.ranking_url(cast)).status_code == 403
    assert client.get(f"{judging.ranking_url(cast)}{cast.ketapang.pk}/").status_code == 403


def test_the_breakdown_shows_every_criterion_assessor_and_data_score(client, cast):
    judge(cast)
    slot = InterviewSlot.objects.create(
        stage=cast.stage("wawancara"),
        nomination=cast.ketapang,
        starts_at="2026-03-02T02:00:00Z",
        attendance="kepala_hadir",
        attendee="Bupati Ketapang",
    )
    html = _login(client, cast.admin).get(f"{judging.ranking_url(cast)}{cast.ketapang.pk}/")
    assert html.status_code == 200
    html = html.content.decode()
    regulasi = html.split('data-criterion="regulasi">', 1)[1].split("</tr>", 1)[0]
    assert "25,0%" in regulasi  # its share of the whole tree
    # A gave 4 and B 5; combined (median of two) 4.5, on 0..100: 87.5.
    assert re.search(r'<td class="num">4<span class="normalised">', regulasi)
    assert re.search(r'<td class="num">5<span class="normalised">', regulasi)
    assert "4,50" in regulasi and "87,50" in regulasi
    head = html.split('id="criteria"', 1)[1].split("</thead>", 1)[0]
    assert head.index("penilai_a") < head.index("penilai_b")
    data = html.split('id="data-criteria"', 1)[1].split("</table>", 1)[0]
    assert "55,97" in data  # UCJ of Ketapang in the fixture store
    assert "78,85" in html.split('id="totals"', 1)[1]
    assert slot.attendee in html.split('id="interview"', 1)[1]


def test_the_chair_confirms_the_juara_and_juara_i_is_promoted(client, cast):
    judge(cast)
    cast.open("keputusan")
    _login(client, cast.chair.user)
    html = client.get(judging.ranking_url(cast)).content.decode()
    form = html.split('id="confirm-form"', 1)[1].split("</form>", 1)[0]
    first = form.split('name="juara-1"', 1)[1].split("</select>", 1)[0]
    assert f'value="{cast.ketapang.pk}" selected>1. {cast.ketapang.name} (66,92)</option>' in first
    second = form.split('name="juara-2"', 1)[1].split("</select>", 1)[0]
    assert f'value="{cast.pontianak.pk}" selected' in second
    response = client.post(
        judging.ranking_url(cast),
        judging.confirmation(cast.ketapang, cast.pontianak),
        follow=True,
    )
    assert response.status_code == 200
    assert list(Decision.objects.values_list("place", "nomination")) == [
        (1, cast.ketapang.pk),
        (2, cast.pontianak.pk),
    ]
    promoted = Nomination.objects.get(category__level="nasional", key="61.04")
    assert promoted.source == "promosi"
    html = response.content.decode()
    assert "Juara I" in judging.ranking_row(html, cast.ketapang)
    assert "Juara II" in judging.ranking_row(html, cast.pontianak)
    assert 'id="promoted"' in html and "Kabupaten Ketapang" in html.split('id="promoted"')[1]
    assert "Juara I Kabupaten Ketapang" in _messages(html)


def test_departing_from_the_ranking_without_a_reason_is_refused(client, cast):
    judge(cast)
    cast.open("keputusan")
    response = _login(client, cast.chair.user).post(
        judging.ranking_url(cast),
        {"juara-1": cast.pontianak.pk, "juara-2": cast.ketapang.pk, "yakin": "1"},
    )
    html = response.content.decode()
    assert "alasan wajib diisi" in _messages(html)
    assert not Decision.objects.exists()
    # The choice is kept on the page.
    first = html.split('name="juara-1"', 1)[1].split("</select>", 1)[0]
    assert f'value="{cast.pontianak.pk}" selected' in first


@pytest.mark.parametrize("who", ["secretary", "a", "admin"])
def test_others_see_no_confirmation_form_and_their_post_is_refused(client, cast, who):
    judge(cast)
    cast.open("keputusan")
    user = getattr(cast, who)
    _login(client, getattr(user, "user", user))
    html = client.get(judging.ranking_url(cast)).content.decode()
    assert 'id="confirm-form"' not in html
    response = client.post(
        judging.ranking_url(cast), {"juara-1": cast.ketapang.pk, "juara-2": cast.pontianak.pk}
    )
    assert "hanya dapat dikonfirmasi oleh ketua" in _messages(response.content.decode())
    assert not Decision.objects.exists()


def test_no_confirmation_form_before_the_decision_stage_opens(client, cast):
    judge(cast)
    html = _login(client, cast.chair.user).get(judging.ranking_url(cast)).content.decode()
    assert 'id="confirm-form"' not in html and 'id="decision-closed"' in html


def test_the_secretary_confirms_when_the_chair_is_conflicted_with_a_winner(client, cast):
    judge(cast)
    cast.open("keputusan")
    cast.chair.region_code = "61.04"
    cast.chair.save()
    assert (
        'id="confirm-form"'
        not in _login(client, cast.chair.user).get(judging.ranking_url(cast)).content.decode()
    )
    html = _login(client, cast.secretary.user).get(judging.ranking_url(cast)).content.decode()
    assert 'id="confirm-form"' in html


def test_manual_assignment_keeps_the_stage_in_the_address(client, cast):
    verification = cast.open("verifikasi")
    interview = cast.open("wawancara")
    assign(stage=interview, member=cast.a, nomination=cast.ketapang, user=cast.admin)
    _login(client, cast.chair.user)
    html = client.get(f"/panel/{cast.panel.pk}/?tahap={interview.pk}").content.decode()
    assert 'name="unassign"' in _cell(html, cast.ketapang, cast.a)
    html = client.get(f"/panel/{cast.panel.pk}/?tahap={verification.pk}").content.decode()
    assert 'name="unassign"' not in _cell(html, cast.ketapang, cast.a)


def test_confirming_the_juara_is_refused_without_i_am_sure(client, cast):
    judge(cast)
    cast.open("keputusan")
    _login(client, cast.chair.user)
    form = client.get(judging.ranking_url(cast)).content.decode().split('id="confirm-form"', 1)[1]
    assert 'name="yakin" value="1" id="yakin" required' in form.split("</form>", 1)[0]
    choice = {"juara-1": cast.ketapang.pk, "juara-2": cast.pontianak.pk}
    html = client.post(judging.ranking_url(cast), choice).content.decode()
    assert 'id="yakin-error">Centang “Saya yakin” dahulu' in html
    assert not Decision.objects.exists()
    client.post(judging.ranking_url(cast), {**choice, "yakin": "1"})
    assert Decision.objects.count() == 2


def test_a_closed_decision_stage_shows_the_button_disabled_with_the_date(client, cast):
    import datetime as dt

    from django.utils import timezone

    judge(cast)
    stage = cast.open("keputusan")
    stage.status, stage.closed_at = "closed", timezone.make_aware(dt.datetime(2026, 12, 19, 9))
    stage.save()
    html = _login(client, cast.chair.user).get(judging.ranking_url(cast)).content.decode()
    assert 'id="confirm-form"' not in html
    note = html.split('id="decision-closed">', 1)[1].split("</p>", 1)[0]
    assert "Tahap ditutup pada 19 Desember 2026." in note
    assert '<button type="button" disabled aria-describedby="decision-closed">' in html
    response = client.post(
        judging.ranking_url(cast), {"juara-1": cast.ketapang.pk, "yakin": "1"}
    )  # the server still refuses
    assert not Decision.objects.exists()
    assert response.status_code == 200
