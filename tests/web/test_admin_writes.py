"""The admin's remaining edits of roles, tokens and certificate templates go through commands:
each is audited under the command's name, and nobody but the national admin makes them."""

from __future__ import annotations

from paritrana.access.models import ApiToken, ProvincialAdmin
from paritrana.access.tokens import issue
from paritrana.awards.models import AuditEntry


def test_seating_a_provincial_admin_in_the_admin_is_audited(admin_client, django_user_model):
    sekda = django_user_model.objects.create_user(username="admin-kalbar")
    response = admin_client.post(
        "/admin/access/provincialadmin/add/", {"user": sekda.pk, "province": "61"}
    )
    assert response.status_code == 302
    assert ProvincialAdmin.objects.filter(user=sekda, province="61").exists()
    entry = AuditEntry.objects.get(command="admin.save")
    assert (entry.actor, entry.model, entry.after["province"]) == (
        "admin",
        "access.ProvincialAdmin",
        "61",
    )


def test_a_token_is_revoked_in_the_admin_through_the_token_command(admin_client, django_user_model):
    owner = django_user_model.objects.create_user(username="petugas")
    token, _secret = issue(user=owner, name="skrip", scopes=["baca"])
    response = admin_client.post(
        "/admin/access/apitoken/",
        {"action": "revoke_tokens", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.get(command="token.revoke").actor == "admin"


def test_a_staff_member_without_the_national_role_cannot_seat_anyone(client, django_user_model):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user(username="staf", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__endswith="provincialadmin"))
    client.force_login(staff)
    sekda = django_user_model.objects.create_user(username="admin-kalbar")
    client.post("/admin/access/provincialadmin/add/", {"user": sekda.pk, "province": "61"})
    assert not ProvincialAdmin.objects.exists()
    assert not AuditEntry.objects.filter(command="admin.save").exists()
    assert ApiToken.objects.count() == 0
