"""The account and representative commands: each asks its permission and leaves its audit
entry (the admin pages and the candidate's page are tested in tests/access and tests/awards)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from paritrana.access.models import ProvincialAdmin
from paritrana.access.policy import AccessDenied
from paritrana.awards.models import Representative
from paritrana.commands.accounts import delete_account, save_account
from paritrana.commands.representatives import (
    add_representative,
    invite_representative,
    remove_representative,
)
from tests.assessment import conftest as judging
from tests.commands.audit import assert_audited

cast = judging.cast

EXERCISED = {
    "account.admin_save",
    "account.admin_delete",
    "representative.add",
    "representative.invite",
    "representative.remove",
}


def test_a_group_carrying_a_role_is_saved_and_deleted_by_the_national_admin(
    admin_user, django_user_model
):
    group = Group(name="petugas data")
    data_officer = Permission.objects.get(codename="add_dataimport")

    def save() -> None:
        group.save()
        group.permissions.add(data_officer)

    save_account(admin_user, obj=group, save=save)
    entry = assert_audited("account.admin_save", admin_user)
    assert entry.after == {"name": "petugas data", "permissions": ["coverage.add_dataimport"]}
    delete_account(admin_user, obj=group)
    assert assert_audited("account.admin_delete", admin_user).before["name"] == "petugas data"
    assert not Group.objects.exists()

    clerk = django_user_model.objects.create_user("tu", password="x-123456", is_staff=True)
    with pytest.raises(AccessDenied, match="admin nasional"):
        save_account(clerk, obj=clerk, save=lambda: None)


def test_a_representative_is_added_given_a_new_link_and_removed(cast, django_user_model):
    kalbar = django_user_model.objects.create_user("admin_kalbar", password="x-123456")
    ProvincialAdmin.objects.create(user=kalbar, province="61")
    linked = add_representative(
        kalbar, nomination=cast.ketapang, name="Siti Aminah", email="siti@ketapangkab.go.id"
    )
    assert linked.invitation is not None and "/aktivasi/" in linked.invitation.link
    assert assert_audited("representative.add", kalbar).after["candidate"] == "Kabupaten Ketapang"
    invitation = invite_representative(kalbar, link=linked.link)
    assert invitation.link != "" and not invitation.mailed
    assert_audited("representative.invite", kalbar)
    remove_representative(kalbar, link=linked.link)
    assert_audited("representative.remove", kalbar)
    assert not Representative.objects.exists()

    kalteng = django_user_model.objects.create_user("admin_kalteng", password="x-123456")
    ProvincialAdmin.objects.create(user=kalteng, province="62")
    with pytest.raises(AccessDenied):
        add_representative(kalteng, nomination=cast.ketapang, account="admin_kalbar")
