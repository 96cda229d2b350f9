"""SQLite, the default database, under concurrent writers: every write transaction opens
IMMEDIATE (it takes the database's write lock before it reads) and waits its turn within the
busy timeout, so the loser of a race on one score sheet reads the winner's version and gets the
version conflict (ScoreConflict, 409 on the API), exactly as on PostgreSQL, never "database is
locked".

Real threads, each with its own connection, on the file database the tests run on (the
settings put SQLite's test database in a file: an in-memory one shares one cache between
connections and locks differently from the file a deployment uses).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client

from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.models import ScoreSheet
from tests.assessment.test_concurrency import FOUR, THREE, _in_threads

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own locking"),
    pytest.mark.django_db(transaction=True),
]
ROUNDS = 6


@pytest.fixture
def verification(cast):
    stage = cast.open("verifikasi")
    assign(stage=stage, member=cast.a, nomination=cast.ketapang, user=cast.admin)
    return stage


def test_the_tests_run_on_a_file_database_with_immediate_transactions():
    settings = connection.settings_dict
    assert settings["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert settings["OPTIONS"]["timeout"] >= 10
    assert not connection.is_in_memory_db()


def test_the_api_answers_the_loser_409_not_a_server_error(cast, verification):
    url = f"/api/v1/penilaian/{verification.pk}/{cast.ketapang.pk}"

    def put(values: dict[str, int], version: int) -> Callable[[], object]:
        def run() -> object:
            client = Client()
            client.force_login(cast.a.user)
            body = {"scores": {k: {"value": str(v)} for k, v in values.items()}, "version": version}
            response = client.put(url, data=json.dumps(body), content_type="application/json")
            return response.status_code, response.json()

        return run

    for version in range(ROUNDS):
        outcomes = _in_threads([put(THREE, version), put(FOUR, version)])
        assert sorted(status for status, _body in outcomes) == [200, 409], outcomes  # type: ignore[misc]
        [lost] = [body for status, body in outcomes if status == 409]  # type: ignore[misc]
        assert lost["error"]["code"] == "conflict"
        assert "sudah diubah pada" in lost["error"]["message"]
        assert ScoreSheet.objects.get().version == version + 1
