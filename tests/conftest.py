"""Shared fixtures. The Kemendagri hierarchy is loaded once per test database, since nearly every
test stands on it; tests run inside transactions that roll back to that state."""

from __future__ import annotations

import pytest

from paritrana.regions.domain import load_kemendagri
from paritrana.regions.models import Region


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_kemendagri()


@pytest.fixture
def regions(db):
    """The loaded hierarchy (reloaded if a transactional test flushed it)."""
    if not Region.objects.exists():
        load_kemendagri()
    return Region.objects


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    """Background tasks run inside the request in tests, so their outcome can be asserted."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


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
