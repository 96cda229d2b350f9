"""Schemathesis against the OpenAPI document: every operation, valid and invalid input, as an
anonymous caller and with a national admin's token of every scope: never a server error.

The world holds a judged and decided round with its results published, the regions and a
year of coverage metrics, an import and a token, so the endpoints have something to find. Each
caller gets one world and every operation is exercised in it (one database per caller rather
than per operation keeps the file within a minute and a half).
"""

from __future__ import annotations

import collections

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from paritrana.coverage.models import DataImport
from tests.api.conftest import bearer

EXAMPLES = 12  # per operation, per mode, per caller
SEEN: collections.Counter[int] = collections.Counter()


@schemathesis.check
def one_error_shape(ctx, response, case):
    """Every refusal is `{"error": {"code", "message"}}` with a message (never HTML)."""
    SEEN[response.status_code] += 1
    if response.status_code < 400:
        return None
    try:
        body = response.json()
    except ValueError:
        raise AssertionError(
            f"not JSON: {response.status_code} {case.path} {response.text[:200]!r}"
        ) from None
    if set(body) != {"error"} or not {"code", "message"} <= set(body["error"]):
        raise AssertionError(f"not the error shape: {response.status_code} {body}")
    if not body["error"]["message"]:
        raise AssertionError(f"an error without a message: {body}")
    return None


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, called in process. Like Django's test client, it must not
    close the database connection after each request (Django does so on request_finished):
    on PostgreSQL that would end the test's transaction, and its data, mid-test."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(decided, settings, tmp_path, django_user_model):
    settings.PARITRANA_UPLOAD_DIR = tmp_path / "uploads"
    settings.PARITRANA_PSEUDONYM_SECRET = "test-secret"
    decided.open("publikasi")
    DataImport.objects.create(kind="targets", file_name="target.csv", status="imported")
    admin = django_user_model.objects.create_superuser("admin_skema", password="rahasia-uji-123")
    return {"anonim": {}, "admin": bearer(admin, "baca", "nilai", "impor")}


def _exercise(operation, mode, headers, concrete: set[str]) -> str | None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        # OpenAPI matches a concrete path before a templated one: /cakupan/{code} with code
        # "tahun" is GET /cakupan/tahun, another operation with another answer, so such a case
        # says nothing about this operation (a strategy filter instead slows the file 7 times).
        if "{" in operation.path and case.formatted_path.rstrip("/") in concrete:
            return
        case.call_and_validate(
            headers=headers,
            checks=[not_a_server_error, one_error_shape, response_schema_conformance],
        )

    try:
        run()
    except Unsatisfiable:  # nothing to make invalid (no parameters, or any string is valid)
        return None
    except Exception as exc:  # one operation's failure must not hide the others'
        return f"{operation.label} ({mode.value}): {exc}"
    return None


@pytest.mark.sweep
@pytest.mark.parametrize("caller", ["anonim", "admin"])
def test_no_operation_answers_with_a_server_error(world, wsgi_app, caller):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    SEEN.clear()
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    concrete = {op.path.rstrip("/") for op in operations if "{" not in op.path}
    assert "/api/v1/cakupan/tahun" in concrete
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failure = _exercise(operation, mode, world[caller], concrete)
            if failure:
                failures.append(failure)
    assert not failures, "\n\n".join(failures)
    print(caller, sorted(SEEN.items()))
    # The public endpoints (and, for the admin, every reading one) answered for real.
    assert SEEN[200] >= 20
