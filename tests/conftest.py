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
