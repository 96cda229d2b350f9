"""The Django admin cannot go around judging: once the round's verification has opened, the
rows it rests on are read-only there (the reason shown), a declared conflict is never deleted
there, and an edit it still allows is a command, audited under the command's name."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages

from paritrana.assessment.domain.conflicts import declare, is_conflicted
from paritrana.assessment.models import Conflict, PanelMember
from paritrana.awards.models import AuditEntry, Criterion


def form_data(page) -> dict:
    """What the admin's change page would post back unchanged (its inlines included)."""

    def put(data, key, value):
        if isinstance(value, bool):
            if value:
                data[key] = "on"
            return
        if isinstance(value, dict | list):
            value = json.dumps(value)
        data[key] = "" if value is None else value

    data: dict = {}
    form = page.context["adminform"].form
    for name in form.fields:
        put(data, name, form[name].value())
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, field in formset.management_form.fields.items():
            put(data, f"{formset.prefix}-{name}", formset.management_form[name].value())
            del field
        for row in formset.forms:
            for name in row.fields:
                put(data, row.add_prefix(name), row[name].value())
    return data


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _inovasi(cast) -> Criterion:
    return Criterion.objects.get(category=cast.category, code="inovasi")


@pytest.fixture
def judging_open(cast):
    cast.open("verifikasi")
    return cast


def test_a_criterion_weight_is_read_only_once_verification_opened(judging_open, admin_client):
    criterion = _inovasi(judging_open)
    url = f"/admin/awards/criterion/{criterion.pk}/change/"
    page = admin_client.get(url)
    assert not page.context["has_change_permission"]
    assert any("verifikasi" in m and "sudah dibuka" in m for m in _messages(page))
    data = {"weight": "30", "code": criterion.code, "name": criterion.name}
    assert admin_client.post(url, data).status_code == 403
    assert _inovasi(judging_open).weight == Decimal("15")


def test_a_declared_conflict_cannot_be_deleted_in_the_admin(judging_open, admin_client):
    cast = judging_open
    conflict = declare(
        member=cast.a,
        nomination=cast.pontianak,
        kind="lainnya",
        reason="Kerabat.",
        user=cast.a.user,
    )
    page = admin_client.get(f"/admin/assessment/conflict/{conflict.pk}/change/")
    assert not page.context["has_delete_permission"]
    assert any("mengesampingkannya" in m for m in _messages(page))
    assert (
        admin_client.post(
            f"/admin/assessment/conflict/{conflict.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    admin_client.post(
        "/admin/assessment/conflict/",
        {"action": "delete_selected", "_selected_action": [conflict.pk], "post": "yes"},
    )
    assert Conflict.objects.filter(pk=conflict.pk).exists()
    assert is_conflicted(cast.a, cast.pontianak)


def test_a_panel_member_cannot_be_edited_inline_once_verification_opened(
    judging_open, admin_client
):
    cast = judging_open
    url = f"/admin/assessment/panel/{cast.panel.pk}/change/"
    page = admin_client.get(url)
    (members,) = page.context["inline_admin_formsets"]
    assert not members.has_change_permission and not members.has_delete_permission
    assert not members.has_add_permission
    response = admin_client.post(
        url,
        {
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "1",
            "members-0-id": cast.b.pk,
            "members-0-panel": cast.panel.pk,
            "members-0-user": cast.b.user.pk,
            "members-0-role": "anggota",
            "members-0-affiliation": "bpjs",
        },
    )
    assert response.status_code == 403
    cast.b.refresh_from_db()
    assert cast.b.affiliation == "akademisi"


def test_an_allowed_inline_edit_is_the_member_command_audited(cast, admin_client, admin_user):
    url = f"/admin/assessment/panel/{cast.panel.pk}/change/"
    data = form_data(admin_client.get(url))
    row = next(k for k, v in data.items() if k.endswith("-id") and v == cast.b.pk)
    data[row.replace("-id", "-institution")] = "Universitas Tanjungpura"
    response = admin_client.post(url, data)
    assert response.status_code == 302, _messages(response)
    cast.b.refresh_from_db()
    assert cast.b.institution == "Universitas Tanjungpura"
    entry = AuditEntry.objects.filter(command="panel.add_member").last()
    assert entry.user == admin_user
    assert entry.after["institution"] == "Universitas Tanjungpura"
    assert PanelMember.objects.filter(panel=cast.panel).count() == 5


def test_an_allowed_weight_edit_is_audited_with_its_command(cast, admin_client, admin_user):
    criterion = _inovasi(cast)
    url = f"/admin/awards/criterion/{criterion.pk}/change/"
    data = form_data(admin_client.get(url))
    data["weight"] = "20"
    response = admin_client.post(url, data)
    assert response.status_code == 302, _messages(response)
    entry = AuditEntry.objects.get(command="admin.save")
    assert (entry.user, entry.action) == (admin_user, "admin.change")
    assert (entry.before["weight"], entry.after["weight"]) == ("15.00", "20.00")


def test_a_bulk_delete_of_locked_criteria_deletes_none(judging_open, admin_client):
    cast = judging_open
    chosen = list(cast.category.criteria.filter(code__in=["inovasi", "regulasi"]))
    response = admin_client.post(
        "/admin/awards/criterion/",
        {"action": "delete_selected", "_selected_action": [c.pk for c in chosen], "post": "yes"},
    )
    # Refused (their locked rubric levels cannot be deleted either), the reason shown if shown.
    assert response.status_code == 403 or any("sudah dibuka" in m for m in _messages(response))
    assert cast.category.criteria.filter(code__in=["inovasi", "regulasi"]).count() == 2


def test_a_nomination_is_read_only_in_the_admin_once_verification_opened(
    judging_open, admin_client
):
    # Its name, province and status are what the ranking, the decision and the public page
    # show: removed only by the nomination command, with its reason; renamed by no one.
    cast = judging_open
    url = f"/admin/awards/nomination/{cast.ketapang.pk}/change/"
    page = admin_client.get(url)
    assert not page.context["has_change_permission"]
    assert not page.context["has_delete_permission"]
    data = form_data(page)
    data.update(name="Kab. Ketapang (diubah)", status="removed")
    assert admin_client.post(url, data).status_code == 403
    cast.ketapang.refresh_from_db()
    assert (cast.ketapang.name, cast.ketapang.status) == ("Kabupaten Ketapang", "nominated")
    admin_client.post(
        "/admin/awards/nomination/",
        {"action": "delete_selected", "_selected_action": [cast.ketapang.pk], "post": "yes"},
    )
    assert type(cast.ketapang).objects.filter(pk=cast.ketapang.pk).exists()
