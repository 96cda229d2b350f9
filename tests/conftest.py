"""Shared fixtures. The Kemendagri hierarchy is loaded once per test database, since nearly every
test stands on it; tests run inside transactions that roll back to that state."""

from __future__ import annotations

import pytest
from django.db import connections
from django.utils import translation

from paritrana.regions.domain import load_kemendagri
from paritrana.regions.models import Region
from tests.regions_fixture import keep_loaded, restore_regions


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # No persistent connections in tests: the live server's threads would otherwise keep
    # theirs open and PostgreSQL could not drop the test database at the end.
    connections.settings["default"]["CONN_MAX_AGE"] = 0
    with django_db_blocker.unblock():
        load_kemendagri()
        keep_loaded()
    yield
    # A live-server request thread still blocked on a browser's keep-alive socket can hold a
    # PostgreSQL session; end such sessions so the test database can be dropped.
    with django_db_blocker.unblock():
        connection = connections["default"]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
        connections.close_all()


@pytest.fixture
def regions(db):
    """The loaded hierarchy (reloaded if a transactional test flushed it)."""
    restore_regions()
    return Region.objects


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    """Background tasks run inside the request in tests, so their outcome can be asserted."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many accounts; a deliberately slow hasher would cost seconds per test.
    Production hashes with Argon2 (tests/test_passwords.py checks it)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in English leaves English active in its thread, and the figures' words follow
    the active language: each test starts from the site's default (Bahasa Indonesia)."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _nothing_remembered():
    """What pages keep in memory under the data version (paritrana.versions) is per process:
    each test starts without what an earlier test's (rolled back) data left there. Fixtures
    write with the ORM, not through commands, so the version does not move for them."""
    from paritrana import versions

    versions.forget()
    yield
    versions.forget()


@pytest.fixture
def store(settings, tmp_path):
    """An empty store and uploads folder of the test's own."""
    settings.PARITRANA_STORE_DIR = tmp_path / "store"
    settings.PARITRANA_UPLOAD_DIR = tmp_path / "uploads"
    settings.PARITRANA_PSEUDONYM_SECRET = "test-secret"
    return settings.PARITRANA_STORE_DIR


@pytest.fixture
def data_officer(django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="petugas", password="rahasia-123")
    user.user_permissions.add(Permission.objects.get(codename="add_dataimport"))
    return user


# Tests that use no database at all run the same on SQLite and on PostgreSQL: scripts/test.sh
# runs them once, in the SQLite run (marker `nodb`, given here). Only the pure packages' tests
# qualify (the engine on its Parquet store, the contribution rules, the scoring): a test with
# no database fixture there, in a module that neither calls the command line nor starts a
# process (either could reach the database named by DATABASE_URL).
PURE_DIRECTORIES = ("tests/engine/", "tests/rules/", "tests/scoring/")
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}
REACHES_OUT = ("subprocess", "paritrana.cli", "call_command", "DATABASE_URL")


def _reaches_out(path) -> bool:
    text = path.read_text(encoding="utf-8")
    return any(word in text for word in REACHES_OUT)


def pytest_collection_modifyitems(config, items):
    checked: dict[object, bool] = {}
    for item in items:
        if not item.nodeid.startswith(PURE_DIRECTORIES):
            continue
        if item.get_closest_marker("django_db") or set(item.fixturenames) & DATABASE_FIXTURES:
            continue
        if item.path not in checked:
            checked[item.path] = _reaches_out(item.path)
        if not checked[item.path]:
            item.add_marker(pytest.mark.nodb)
