"""An activation mail that cannot be sent (the office's mail server down, a common state on an
intranet) made the whole verb fail: a workbook of new representatives was refused after the
first people had already been mailed links to accounts that the rollback then removed. Now the
link of a mail that failed is handed to whoever made the account, as when mail is not set up,
with the reason, and the accounts stand."""

from __future__ import annotations

import socket

import pytest
from django.contrib.auth import get_user_model

from paritrana.commands.representatives import import_representatives
from tests.awards import representative_world
from tests.awards.representative_world import workbook

world = representative_world.world

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_server_down(settings):
    """A mail server configured at a port nobody listens on: a real refused connection."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    return port


def test_new_representatives_stand_and_get_their_links_when_the_mail_fails(world, mail_server_down):
    content = workbook(
        [
            ("61.04", "Kabupaten Ketapang", "", "Siti Aminah", "siti@ketapangkab.go.id", ""),
            ("E-BESAR", "PT Besar Tepat", "", "Rudi Hartono", "rudi@besartepat.co.id", ""),
        ]
    )
    result = import_representatives(
        world.kalbar, cycle=world.cycle, content=content, file_name="wakil.xlsx"
    )
    assert result.added == 2 and result.accounts_created == 2
    assert (
        get_user_model()
        .objects.filter(email__in=["siti@ketapangkab.go.id", "rudi@besartepat.co.id"])
        .count()
        == 2
    )
    assert sorted(i.user.email for i in result.invitations) == [
        "rudi@besartepat.co.id",
        "siti@ketapangkab.go.id",
    ]
    for invitation in result.invitations:
        assert not invitation.mailed and "/aktivasi/" in invitation.link
        assert invitation.mail_error.startswith("Email gagal dikirim")


def test_the_page_says_the_mail_failed_and_hands_the_link_over(world, mail_server_down):
    from django.template.loader import render_to_string

    content = workbook(
        [("61.04", "Kabupaten Ketapang", "", "Siti Aminah", "siti@ketapangkab.go.id", "")]
    )
    result = import_representatives(
        world.kalbar, cycle=world.cycle, content=content, file_name="wakil.xlsx"
    )
    html = render_to_string(
        "web/secretariat/panel_invitations.html", {"invitations": result.invitations}
    )
    [invitation] = result.invitations
    assert "Email gagal dikirim ke siti@ketapangkab.go.id" in html
    assert "Akunnya tetap dibuat; serahkan tautannya sendiri." in html
    assert invitation.link in html
