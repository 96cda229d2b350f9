"""The command path itself: policy asked first, one transaction, the audit entry written."""

from __future__ import annotations

import pytest

from paritrana.access.check import AccessDenied
from paritrana.awards.models import AuditEntry, Cycle
from paritrana.commands.registry import REGISTRY, arg, command
from paritrana.errors import DomainError

EXERCISED: set[str] = set()


@pytest.fixture
def probe_commands():
    """Two throwaway commands on a cycle, removed from the registry afterwards."""

    @command("test.rename", label="ganti nama", perm="access.import_data", target=arg("cycle"))
    def rename(actor, *, cycle, name):
        cycle.name = name
        cycle.save()
        return cycle

    @command("test.fail", label="gagal", perm=None, target=arg("cycle"))
    def fail(actor, *, cycle):
        cycle.name = "half done"
        cycle.save()
        raise DomainError("Ditolak.", http_status=409, code="conflict")

    yield rename, fail
    REGISTRY.pop("test.rename")
    REGISTRY.pop("test.fail")


@pytest.fixture
def cycle(db):
    return Cycle.objects.create(assessment_year=2031, ceremony_year=2032, name="Paritrana 2031")


def test_a_command_audits_the_target_before_and_after_under_its_name(
    probe_commands, cycle, admin_user
):
    rename, _fail = probe_commands
    rename(admin_user, cycle=cycle, name="Paritrana Award 2031")
    entry = AuditEntry.objects.get(command="test.rename")
    assert entry.user == admin_user
    assert entry.cycle == cycle
    assert entry.before["name"] == "Paritrana 2031"
    assert entry.after["name"] == "Paritrana Award 2031"


def test_a_refused_actor_changes_nothing_and_leaves_no_entry(probe_commands, cycle, db):
    from django.contrib.auth.models import AnonymousUser

    rename, _fail = probe_commands
    with pytest.raises(AccessDenied):
        rename(AnonymousUser(), cycle=cycle, name="x")
    cycle.refresh_from_db()
    assert cycle.name == "Paritrana 2031"
    assert not AuditEntry.objects.filter(command="test.rename").exists()


def test_a_failing_verb_rolls_back_everything_it_wrote(probe_commands, cycle, admin_user):
    _rename, fail = probe_commands
    with pytest.raises(DomainError) as raised:
        fail(admin_user, cycle=cycle)
    assert raised.value.http_status == 409
    cycle.refresh_from_db()
    assert cycle.name == "Paritrana 2031"
    assert not AuditEntry.objects.filter(command="test.fail").exists()


def test_every_command_is_named_in_bahasa_indonesia():
    """The change history names each action by its command's label: an untranslated label
    showed "Draw the shortlist" on an Indonesian page."""
    from django.utils import translation

    untranslated = []
    for name, found in REGISTRY.items():
        with translation.override("en"):
            english = str(found.label)
        with translation.override("id"):
            if str(found.label) == english:
                untranslated.append(f"{name}: {english}")
    assert not untranslated, untranslated
