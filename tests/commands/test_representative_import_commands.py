"""`representative.import` leaves its audit entry (file, digest, counts, new accounts), and the
links it makes theirs, under its name; activation links are in none."""

from __future__ import annotations

import pytest

from paritrana.commands.representatives import import_representatives
from tests.awards import representative_world
from tests.awards.representative_world import workbook
from tests.commands.audit import assert_audited, entries_of

world = representative_world.world

pytestmark = pytest.mark.django_db

EXERCISED = {"representative.import"}


def test_the_representatives_workbook_is_audited(world):
    content = workbook(
        [("61.04", "Kabupaten Ketapang", "", "Siti Aminah", "siti@ketapangkab.go.id", "")]
    )
    result = import_representatives(
        world.kalbar, cycle=world.cycle, content=content, file_name="wakil.xlsx"
    )
    entry = assert_audited("representative.import", world.kalbar)
    assert entry.action == "representative.import"
    assert entry.after["file_name"] == "wakil.xlsx" and entry.after["added"] == 1
    assert entry.after["new_accounts"] == ["siti@ketapangkab.go.id"]
    assert [e.action for e in entries_of("representative.import")] == [
        "representative.add",
        "representative.import",
    ]
    [invitation] = result.invitations
    for logged in entries_of("representative.import"):
        assert invitation.link not in f"{logged.before} {logged.after}"
