"""The decision commands: confirming the Juara and deciding again, through the command path
(the access policy's `access.confirm_decision`, one transaction, the audit entry)."""

from __future__ import annotations

import pytest

from paritrana.access.policy import AccessDenied
from paritrana.assessment.models import DecidedRanking, Decision
from paritrana.awards.models import AuditEntry
from paritrana.commands.decisions import confirm_juara, redecide_juara
from tests.assessment import conftest as judging
from tests.commands.audit import assert_audited

EXERCISED = {"decision.confirm", "decision.redecide"}

cast = judging.cast
judged = judging.judged
decided = judging.decided


def test_the_chair_confirms_and_the_entry_names_the_command(judged):
    c = judged
    for refused in (c.secretary.user, c.a.user, c.outsider, c.admin):
        with pytest.raises(AccessDenied, match="hanya dapat dikonfirmasi oleh ketua tim"):
            confirm_juara(refused, category=c.category, group="61", chosen=[c.ketapang])
    assert not Decision.objects.exists() and not DecidedRanking.objects.exists()

    decisions = confirm_juara(
        c.chair.user, category=c.category, group="61", chosen=[c.ketapang, c.pontianak]
    )
    assert [(d.place, d.nomination.name) for d in decisions] == [
        (1, "Kabupaten Ketapang"),
        (2, "Kota Pontianak"),
    ]
    assert_audited("decision.confirm", c.chair.user)
    entry = AuditEntry.objects.get(command="decision.confirm", action="decision.confirm")
    assert (entry.user, entry.after["version"]) == (c.chair.user, 1)
    assert DecidedRanking.objects.get().decided_by == c.chair.user


def test_the_secretary_confirms_when_the_chair_is_conflicted(judged):
    c = judged
    c.chair.region_code = "61.04"  # the chair comes from Ketapang, the expected Juara I
    c.chair.save()
    with pytest.raises(AccessDenied):
        confirm_juara(c.chair.user, category=c.category, group="61", chosen=[c.ketapang])
    confirm_juara(c.secretary.user, category=c.category, group="61", chosen=[c.ketapang])
    assert_audited("decision.confirm", c.secretary.user)
    assert Decision.objects.get().confirmed_by == c.secretary.user


def test_a_redecision_is_a_new_version_with_its_reason(decided):
    c = decided
    chosen = [c.pontianak, c.ketapang]
    with pytest.raises(AccessDenied):
        redecide_juara(c.a.user, category=c.category, group="61", chosen=chosen, reason="x")
    assert DecidedRanking.objects.get().version == 1

    reason = "Dokumen anggaran Ketapang terbukti tidak sah."
    redecide_juara(c.chair.user, category=c.category, group="61", chosen=chosen, reason=reason)
    assert_audited("decision.redecide", c.chair.user)
    entry = AuditEntry.objects.get(command="decision.redecide", action="decision.redecide")
    assert (entry.before["version"], entry.after["version"], entry.after["reason"]) == (
        1,
        2,
        reason,
    )
    assert Decision.objects.get(place=1).nomination == c.pontianak
    assert list(DecidedRanking.objects.values_list("version", "current")) == [
        (1, False),
        (2, True),
    ]
