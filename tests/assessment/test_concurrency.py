"""Many assessors saving at once lose nothing: each save holds the sheet's row lock, and a save
made from a stale read (an older `version`) is refused with a clear message instead of
overwriting a newer one, in the domain, on the API (409) and on the scoring page.

The threaded tests need PostgreSQL: SQLite has no row locks (SELECT ... FOR UPDATE is a no-op
there) and serialises whole-database writes, so they would prove nothing about the locks. How
SQLite queues its writers instead is tested in test_sqlite_concurrency.py.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection, connections

from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.domain.panels import add_member
from paritrana.assessment.domain.scores import (
    Entry,
    ScoreConflict,
    save_scores,
    sheet_of,
)
from paritrana.assessment.models import PanelMember, Score, ScoreSheet
from paritrana.awards.models import AuditEntry, Nomination, Stage
from tests.assessment import conftest as judging

cast = judging.cast  # the judging tests' cast of users and candidates, shared

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks and concurrent transactions need PostgreSQL (set DATABASE_URL); "
    "SQLite's SELECT ... FOR UPDATE is a no-op",
)
THREE = {"regulasi": 3, "anggaran": 3, "inovasi": 3}
FOUR = {"regulasi": 4, "anggaran": 4, "inovasi": 4}


@pytest.fixture
def verification(cast):
    stage = cast.open("verifikasi")
    assign(stage=stage, member=cast.a, nomination=cast.ketapang, user=cast.admin)
    return stage


def _entries(values: dict[str, int]) -> dict[str, Entry]:
    return {code: Entry(value) for code, value in values.items()}


def _save(stage, member, nomination, values, **kwargs):
    return save_scores(
        stage=stage,
        member=member,
        nomination=nomination,
        entries=_entries(values),
        user=member.user,
        **kwargs,
    )


def _in_threads(work: list[Callable[[], object]]) -> list[object]:
    """Run each callable in its own thread, all released at once; return what each returned
    or raised. Every thread has its own database connection and closes it at the end."""
    barrier = threading.Barrier(len(work))
    outcomes: list[object] = [None] * len(work)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = work[index]()
        except Exception as exc:  # the test asserts on it
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a save hung"
    return outcomes


# -- versions, on any database ---------------------------------------------------------------


def test_every_save_and_submission_moves_the_version_on(cast, verification):
    sheet = _save(verification, cast.a, cast.ketapang, {"regulasi": 3}, expected_version=0)
    assert sheet.version == 1
    sheet = _save(
        verification, cast.a, cast.ketapang, {"anggaran": 3, "inovasi": 4}, expected_version=1
    )
    assert sheet.version == 2
    sheet = _save(verification, cast.a, cast.ketapang, {}, submit=True, expected_version=2)
    assert sheet.version == 4  # the save, then the submission
    assert sheet.is_submitted


def test_a_save_from_a_stale_read_is_refused_and_writes_nothing(cast, verification):
    _save(verification, cast.a, cast.ketapang, THREE, expected_version=0)
    audited = AuditEntry.objects.count()
    with pytest.raises(ScoreConflict) as refused:
        _save(verification, cast.a, cast.ketapang, FOUR, submit=True, expected_version=0)
    message = str(refused.value)
    assert message.startswith("Lembar nilai Kabupaten Ketapang sudah diubah pada ")
    assert "isian Anda tidak disimpan" in message
    assert "Muat ulang lembar nilai untuk melihat nilai terkini" in message
    sheet = sheet_of(stage=verification, member=cast.a, nomination=cast.ketapang)
    assert (sheet.version, sheet.is_submitted) == (1, False)
    assert set(Score.objects.values_list("value", flat=True)) == {Decimal(3)}
    assert AuditEntry.objects.count() == audited
    # Without a version (an older client), the last save wins criterion by criterion.
    _save(verification, cast.a, cast.ketapang, {"regulasi": 4})
    assert Score.objects.get(criterion__code="regulasi").value == 4


def _put(client, url, body):
    return client.put(url, data=json.dumps(body), content_type="application/json")


def test_the_api_answers_a_stale_put_with_409_conflict(client, cast, verification):
    client.force_login(cast.a.user)
    url = f"/api/v1/penilaian/{verification.pk}/{cast.ketapang.pk}"
    assert client.get(url).json()["version"] == 0
    scores = {code: {"value": str(value)} for code, value in THREE.items()}
    first = _put(client, url, {"scores": scores, "version": 0})
    assert first.status_code == 200, first.content
    assert first.json()["version"] == 1
    stale = _put(
        client,
        url,
        {"scores": {"regulasi": {"value": "4"}}, "submit": True, "version": 0},
    )
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["code"] == "conflict"
    assert "sudah diubah pada" in error["message"]
    assert "isian Anda tidak disimpan" in error["message"]
    assert client.get(url).json()["version"] == 1
    assert Score.objects.get(criterion__code="regulasi").value == 3
    assert not ScoreSheet.objects.get().is_submitted
    current = _put(client, url, {"scores": {}, "submit": True, "version": 1})
    assert current.status_code == 200, current.content
    assert current.json()["version"] == 3
    assert current.json()["submitted_at"] is not None


def test_the_scoring_page_keeps_what_was_typed_when_the_sheet_changed_meanwhile(
    client, cast, verification
):
    client.force_login(cast.a.user)
    url = f"/penilaian/{verification.pk}/{cast.ketapang.pk}/"
    page = client.get(url).content.decode()
    assert '<input type="hidden" name="version" value="0">' in page
    # Meanwhile the same assessor saves from another tab.
    _save(verification, cast.a, cast.ketapang, THREE, expected_version=0)
    typed = {"score-regulasi": "4", "score-anggaran": "2", "version": "0", "action": "save"}
    response = client.post(url, typed)
    assert response.status_code == 409
    page = response.content.decode()
    assert "sudah diubah pada" in page
    assert 'id="score-conflict"' in page
    assert 'id="score-regulasi-4" name="score-regulasi" value="4" checked' in page
    assert 'id="score-anggaran-2" name="score-anggaran" value="2" checked' in page
    # The form now carries the current version: saving again is a deliberate overwrite.
    assert '<input type="hidden" name="version" value="1">' in page
    assert Score.objects.get(criterion__code="regulasi").value == 3
    again = client.post(url, {**typed, "version": "1"})
    assert again.status_code == 302
    assert Score.objects.get(criterion__code="regulasi").value == 4


def test_a_refused_form_keeps_the_version_it_was_shown_with(client, cast, verification):
    client.force_login(cast.a.user)
    url = f"/penilaian/{verification.pk}/{cast.ketapang.pk}/"
    response = client.post(url, {"score-regulasi": "6", "version": "0", "action": "save"})
    assert response.status_code == 400  # a score outside the rubric: nothing saved
    assert '<input type="hidden" name="version" value="0">' in response.content.decode()


# -- real concurrency, on PostgreSQL ---------------------------------------------------------


ROUNDS = 8


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_one_sheet_from_the_same_read_one_wins(cast, verification):
    """Round 0 races the sheet's creation, the others a save of the existing sheet; a race is
    a matter of timing, so it is run several times. On PostgreSQL the sheet's row lock orders
    the two; on SQLite every transaction opens IMMEDIATE and the second waits its turn."""

    def save(values: dict[str, int], expected: int) -> Callable[[], object]:
        def run() -> object:
            # Fresh instances per thread: nothing mutable is shared between the threads.
            stage = Stage.objects.get(pk=verification.pk)
            member = PanelMember.objects.select_related("user").get(pk=cast.a.pk)
            nomination = Nomination.objects.get(pk=cast.ketapang.pk)
            return _save(stage, member, nomination, values, expected_version=expected)

        return run

    for expected in range(ROUNDS):
        outcomes = _in_threads([save(THREE, expected), save(FOUR, expected)])
        conflicts = [o for o in outcomes if isinstance(o, ScoreConflict)]
        won = [o for o in outcomes if isinstance(o, ScoreSheet)]
        assert len(conflicts) == 1 and len(won) == 1, (expected, outcomes)
        assert "isian Anda tidak disimpan" in str(conflicts[0])
        sheet = ScoreSheet.objects.get()  # exactly one sheet, even when both created it
        assert sheet.version == expected + 1
        winner = THREE if outcomes[0] is won[0] else FOUR
        # All of the winner's scores and none of the loser's: nothing half-written.
        assert dict(sheet.scores.values_list("criterion__code", "value")) == winner
        assert sheet.scores.count() == 3


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_many_assessors_saving_and_submitting_at_once_lose_nothing(
    cast, verification, django_user_model
):
    assessors = [
        add_member(
            panel=cast.panel,
            member_user=django_user_model.objects.create_user(f"penilai_{i:02d}"),
            role="anggota",
            affiliation="pakar",
            user=cast.admin,
        )
        for i in range(24)
    ]
    candidates = [cast.ketapang, cast.pontianak]
    for member in assessors:
        for nomination in candidates:
            assign(stage=verification, member=member, nomination=nomination, user=cast.admin)

    def values(member_index: int, nomination_index: int) -> dict[str, int]:
        # Distinct per sheet, so a score landing on the wrong sheet would show.
        base = (member_index + nomination_index) % 3 + 2  # 2..4: no comment needed
        return {"regulasi": base, "anggaran": 6 - base, "inovasi": 3}

    def work(member_index: int) -> Callable[[], object]:
        def run() -> object:
            member = PanelMember.objects.select_related("user").get(pk=assessors[member_index].pk)
            stage = Stage.objects.get(pk=verification.pk)
            for nomination_index, candidate in enumerate(candidates):
                nomination = Nomination.objects.get(pk=candidate.pk)
                wanted = values(member_index, nomination_index)
                # A draft of one criterion, then the rest with the submission.
                draft = _save(
                    stage, member, nomination, {"regulasi": wanted["regulasi"]}, expected_version=0
                )
                rest = {k: v for k, v in wanted.items() if k != "regulasi"}
                _save(stage, member, nomination, rest, submit=True, expected_version=draft.version)
            return "done"

        return run

    outcomes = _in_threads([work(i) for i in range(len(assessors))])
    assert outcomes == ["done"] * len(assessors), [o for o in outcomes if o != "done"]
    sheets = ScoreSheet.objects.filter(stage=verification, member__in=assessors)
    assert sheets.count() == len(assessors) * len(candidates)
    assert not sheets.filter(submitted_at__isnull=True).exists()
    assert set(sheets.values_list("version", flat=True)) == {3}  # draft, save, submission
    for i, member in enumerate(assessors):
        for j, nomination in enumerate(candidates):
            stored = Score.objects.filter(
                sheet__stage=verification, sheet__member=member, sheet__nomination=nomination
            )
            assert dict(stored.values_list("criterion__code", "value")) == values(i, j)
            assert stored.count() == 3  # each criterion exactly once
    submissions = AuditEntry.objects.filter(action="score.submit")
    assert submissions.count() == len(assessors) * len(candidates)
