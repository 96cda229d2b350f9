"""Roles granted in the Django admin go through a command: the national admin only, audited with
what gives access before and after (issue: a staff account holding `auth.change_user` could
make itself national admin there, unrecorded)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from paritrana.awards.models import AuditEntry


def _change_form(client, user) -> dict:
    page = client.get(f"/admin/auth/user/{user.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if name in ("groups", "user_permissions"):
            data[name] = [str(v) for v in value or []]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif name == "password":
            continue
        else:
            data[name] = "" if value is None else value
    for key in ("last_login", "date_joined"):
        stamp = form[key].value()
        if stamp:
            data[f"{key}_0"], data[f"{key}_1"] = (
                stamp.strftime("%Y-%m-%d"),
                stamp.strftime("%H:%M:%S"),
            )
    return data


@pytest.fixture
def clerk(django_user_model):
    """Staff with Django's own right to change accounts, and no role of Paritrana."""
    user = django_user_model.objects.create_user("petugas_tu", password="x-123456", is_staff=True)
    for codename in ("view_user", "change_user"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return django_user_model.objects.get(pk=user.pk)


def test_granting_the_national_admins_role_in_the_admin_is_audited(admin_client, django_user_model):
    person = django_user_model.objects.create_user("rina", password="x-123456")
    manage = Permission.objects.get(codename="manage_panels")
    data = _change_form(admin_client, person)
    data["user_permissions"] = [str(manage.pk)]
    response = admin_client.post(f"/admin/auth/user/{person.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert person.user_permissions.filter(pk=manage.pk).exists()
    entry = AuditEntry.objects.order_by("pk").last()
    assert (entry.action, entry.command) == ("account.admin_change", "account.admin_save")
    assert entry.before["permissions"] == []
    assert entry.after["permissions"] == ["assessment.manage_panels"]
    assert "password" not in entry.after


def test_staff_with_djangos_right_to_change_accounts_cannot_make_itself_national_admin(clerk):
    client = Client()
    client.force_login(clerk)
    manage = Permission.objects.get(codename="manage_panels")
    data = _change_form(client, clerk)
    data["user_permissions"] = [*data["user_permissions"], str(manage.pk)]
    data["is_superuser"] = "on"
    response = client.post(f"/admin/auth/user/{clerk.pk}/change/", data, follow=True)
    clerk.refresh_from_db()
    assert not clerk.is_superuser
    assert not clerk.user_permissions.filter(pk=manage.pk).exists()
    assert not AuditEntry.objects.filter(action="account.admin_change").exists()
    assert any("admin nasional" in str(m) for m in response.context["messages"])


def test_an_account_added_and_deleted_in_the_admin_is_audited(admin_client, django_user_model):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {
            "username": "data_kalbar",
            "password1": "Sungai-Kapuas-1143!",
            "password2": "Sungai-Kapuas-1143!",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = django_user_model.objects.get(username="data_kalbar")
    assert person.check_password("Sungai-Kapuas-1143!")
    added = AuditEntry.objects.get(action="account.admin_add")
    assert added.after["username"] == "data_kalbar" and added.before is None
    admin_client.post(f"/admin/auth/user/{person.pk}/delete/", {"post": "yes"})
    assert not django_user_model.objects.filter(username="data_kalbar").exists()
    deleted = AuditEntry.objects.get(action="account.admin_delete")
    assert deleted.before["username"] == "data_kalbar"
