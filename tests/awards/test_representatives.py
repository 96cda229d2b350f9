"""A candidate's representatives are linked by the secretariat of its round, from the candidate's
page: a new person gets an account and a one-time activation link, and then fills in the
candidate's workspace; every change is a command, audited; a Juara I's representatives go on
with it to the national round."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from paritrana.access.models import ProvincialAdmin
from paritrana.awards.models import AuditEntry, Nomination, Representative
from tests.assessment import conftest as judging

cast, judged = judging.cast, judging.judged  # the judging tests' fixtures

LINK = re.compile(r"https?://[^\s<\"]+/aktivasi/[^\s<\"]+/")
PASSWORD = "Ketapang-Juara-2025!"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def kalbar_admin(cast, django_user_model):
    user = django_user_model.objects.create_user("admin_kalbar", password="x-123456")
    ProvincialAdmin.objects.create(user=user, province="61")
    return user


def _page(cast) -> str:
    return f"/seleksi/{cast.ketapang.pk}/"


def test_the_provincial_secretariat_links_a_new_person_who_then_fills_in_the_workspace(
    cast,
    kalbar_admin,
):
    client = _client(kalbar_admin)
    html = client.get(_page(cast)).content.decode()
    assert 'id="no-representative"' in html and "Kandidat ini belum punya wakil" in html

    response = client.post(
        _page(cast),
        {
            "action": "add-representative",
            "name": "Siti Aminah",
            "email": "siti@ketapangkab.go.id",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Siti Aminah kini menjadi wakil Kabupaten Ketapang" in html
    assert "belum diaktifkan" in html
    [link] = LINK.findall(html)
    person = get_user_model().objects.get(email="siti@ketapangkab.go.id")
    assert Representative.objects.filter(user=person, nomination=cast.ketapang).exists()
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "command"))[-2:]
    assert actions == [
        ("account.create", "representative.add"),
        ("representative.add", "representative.add"),
    ]
    assert "aktivasi" not in str(
        AuditEntry.objects.order_by("pk").last().after
    )  # the link is stored nowhere
    # The link shows once: the page opened again does not repeat it.
    assert not LINK.findall(client.get(_page(cast)).content.decode())

    visitor = Client()
    path = link.split("testserver", 1)[1]
    done = visitor.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302
    assert visitor.get(f"/kandidat/{cast.ketapang.pk}/").status_code == 200
    assert visitor.get(f"/kandidat/{cast.pontianak.pk}/").status_code == 403
    html = client.get(_page(cast)).content.decode()
    row = html.split(f'data-representative="{Representative.objects.get().pk}"')[1]
    assert ">aktif<" in row.split("</tr>")[0]


def test_an_existing_account_is_linked_by_its_username_and_removed_again(
    cast,
    kalbar_admin,
    django_user_model,
):
    person = django_user_model.objects.create_user(
        "budi", password="x-123456", first_name="Budi", email="budi@example.org"
    )
    client = _client(kalbar_admin)
    response = client.post(_page(cast), {"action": "add-representative", "account": "budi"})
    assert response.status_code == 302 and response["Location"].endswith("#representatives")
    link = Representative.objects.get(user=person, nomination=cast.ketapang)

    again = client.post(_page(cast), {"action": "add-representative", "account": "budi"})
    assert again.status_code == 409
    assert "budi sudah menjadi wakil Kabupaten Ketapang" in again.content.decode()

    unknown = client.post(_page(cast), {"action": "add-representative", "account": "tidak-ada"})
    assert unknown.status_code == 422
    assert "Tidak ada akun &#x27;tidak-ada&#x27;" in unknown.content.decode()

    stale = client.post(_page(cast), {"action": "remove-representative", "representative": "x"})
    assert stale.status_code == 400 and "sudah tidak terhubung" in stale.content.decode()
    client.post(_page(cast), {"action": "remove-representative", "representative": link.pk})
    assert not Representative.objects.exists()
    assert django_user_model.objects.filter(pk=person.pk).exists()  # the account stays
    entry = AuditEntry.objects.order_by("pk").last()
    assert (entry.action, entry.command) == ("representative.remove", "representative.remove")
    assert entry.before["username"] == "budi"


def test_only_the_candidates_secretariat_links_representatives(
    cast,
    django_user_model,
):
    other = django_user_model.objects.create_user("admin_kalteng", password="x-123456")
    ProvincialAdmin.objects.create(user=other, province="62")
    sent = {"action": "add-representative", "name": "X", "email": "x@example.org"}
    # Another province's admin does not see the candidate's page at all.
    assert _client(other).post(_page(cast), sent).status_code == 403
    # An assessor of the team reads the candidate's page, not its representatives, and is refused.
    cast.open("verifikasi")
    from paritrana.assessment.domain.assignments import assign

    assign(stage=cast.stage("verifikasi"), member=cast.a, nomination=cast.ketapang)
    assessor = _client(cast.a.user)
    html = assessor.get(_page(cast)).content.decode()
    assert 'id="representative-form"' not in html
    assert assessor.post(_page(cast), sent).status_code == 403
    assert not Representative.objects.exists()
    assert not get_user_model().objects.filter(email="x@example.org").exists()


def test_juara_is_representatives_go_on_to_the_national_round(judged, django_user_model):
    from paritrana.assessment.domain.decisions import confirm

    person = django_user_model.objects.create_user("wakil_ketapang", password="x-123456")
    Representative.objects.create(user=person, nomination=judged.ketapang)
    confirm(
        category=judged.category,
        group="61",
        chosen=[judged.ketapang, judged.pontianak],
        user=judged.chair.user,
    )
    national = Nomination.objects.get(category__level="nasional", key=judged.ketapang.key)
    assert Representative.objects.filter(user=person, nomination=national).exists()
    entry = AuditEntry.objects.filter(action="nomination.promote").order_by("pk").last()
    assert entry.after["representatives"] == ["wakil_ketapang"]


def test_a_representative_linked_after_the_promotion_reaches_the_national_round(
    judged, django_user_model
):
    """Linked on the provincial candidate's page after its Juara I went on, the person could
    only read the closed provincial workspace: the national one stayed without a representative
    (and the provincial secretariat may not open the national nomination)."""
    from paritrana.assessment.domain.decisions import confirm
    from paritrana.commands.representatives import add_representative

    confirm(
        category=judged.category,
        group="61",
        chosen=[judged.ketapang, judged.pontianak],
        user=judged.chair.user,
    )
    national = Nomination.objects.get(category__level="nasional", key=judged.ketapang.key)
    assert not Representative.objects.filter(nomination=national).exists()
    person = django_user_model.objects.create_user("wakil_baru", password="x-123456")
    add_representative(judged.admin, nomination=judged.ketapang, account="wakil_baru")
    assert Representative.objects.filter(user=person, nomination=judged.ketapang).exists()
    assert Representative.objects.filter(user=person, nomination=national).exists()
    entry = AuditEntry.objects.filter(action="representative.add").latest("pk")
    assert entry.after["national_nomination"] == national.pk
    # Pontianak, Juara II, did not go on: linked to its provincial nomination only.
    other = django_user_model.objects.create_user("wakil_pontianak", password="x-123456")
    add_representative(judged.admin, nomination=judged.pontianak, account="wakil_pontianak")
    assert list(Representative.objects.filter(user=other).values_list("nomination", flat=True)) == [
        judged.pontianak.pk
    ]
