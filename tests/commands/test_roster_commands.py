"""The roster's commands (issue 15) leave their audit entries; activation links are in none."""

from __future__ import annotations

import pytest

from paritrana.assessment.models import Panel
from paritrana.awards.domain.templates import create_cycle_from_template
from paritrana.commands.roster import (
    activate,
    copy_teams,
    create_missing,
    import_roster,
    invite,
    seat,
)
from tests.commands.audit import assert_audited, entries_of
from tests.secretariat import roster_fixtures
from tests.secretariat.roster_fixtures import KALBAR_TEAM, workbook

cycle = roster_fixtures.cycle
national_admin = roster_fixtures.national_admin

pytestmark = pytest.mark.django_db

EXERCISED = (
    "roster.import",
    "roster.seat",
    "roster.create_missing",
    "account.invite",
    "account.activate",
    "roster.copy",
)


def test_roster_commands_are_audited(cycle, national_admin):
    import_roster(
        national_admin, cycle=cycle, content=workbook(KALBAR_TEAM[:1]), file_name="a.xlsx"
    )
    entry = assert_audited("roster.import", national_admin)
    assert entry.after["file_name"] == "a.xlsx" and entry.after["new_accounts"]
    assert {e.action for e in entries_of("roster.import")} >= {"panel.create", "panel.member"}

    made = create_missing(national_admin, cycle=cycle, provinces=["62"])
    assert assert_audited("roster.create_missing", national_admin).after == {"created": ["62"]}

    panel = Panel.objects.get(cycle=cycle, province="61")
    seated = seat(
        national_admin,
        panel=made[0],
        name="Orang Baru",
        email="baru@example.org",
        role="anggota",
        affiliation="pakar",
    )
    assert assert_audited("roster.seat", national_admin).action in {
        "account.create",
        "panel.member",
    }
    assert {e.action for e in entries_of("roster.seat")} == {"account.create", "panel.member"}

    member = panel.members.get()
    again = invite(national_admin, member=member)
    entry = assert_audited("account.invite", national_admin)
    assert entry.after == {"username": member.user.get_username(), "mailed": False}

    person = seated.member.user
    activate(person, account=person, password="Kalbar-Juara-2025!")
    assert assert_audited("account.activate", person).after == {"username": person.username}
    for name in EXERCISED:
        for logged in entries_of(name):
            text = f"{logged.before} {logged.after}"
            assert "/aktivasi/" not in text and again.link not in text


def test_copying_a_team_is_audited_per_team(cycle, national_admin):
    """`roster.copy`: one entry on each panel copied (from where, who), one per new seat."""
    import_roster(
        national_admin, cycle=cycle, content=workbook(KALBAR_TEAM[:2]), file_name="a.xlsx"
    )
    later = create_cycle_from_template(assessment_year=2026)
    copy_teams(national_admin, cycle=later, source=cycle, provinces=["61"])
    entry = assert_audited("roster.copy", national_admin)
    panel = Panel.objects.get(cycle=later, province="61")
    assert entry.action == "roster.copy" and entry.object_id == str(panel.pk)
    assert entry.after["from_cycle"] == 2025 and len(entry.after["copied"]) == 2
    assert {e.action for e in entries_of("roster.copy")} == {
        "panel.create",
        "panel.member",
        "roster.copy",
    }
