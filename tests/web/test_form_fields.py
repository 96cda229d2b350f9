"""Errors beside their field on the remaining form pages (issue 16): login, imports, token,
planning; the summary at the top for what belongs to no field."""

from __future__ import annotations

import pytest

from tests.web.forms_html import tag


@pytest.mark.django_db
def test_a_failed_login_says_so_at_the_top_and_keeps_the_fields(client, django_user_model):
    django_user_model.objects.create_user("petugas", password="rahasia-uji-123")
    html = client.post("/masuk/", {"username": "petugas", "password": "salah"}).content.decode()
    summary = html.split('class="alert alert-danger form-summary" role="alert"', 1)[1]
    assert "Nama pengguna atau sandi salah. Coba lagi." in summary.split("</div>", 1)[0]
    assert 'id="id_username"' in html and 'class="form-control"' in html


@pytest.mark.django_db
def test_an_empty_login_field_is_marked_at_the_field(client):
    html = client.post("/masuk/", {"username": "petugas", "password": ""}).content.decode()
    password = tag(html, "id_password")
    assert "is-invalid" in password and 'aria-describedby="id_password_error"' in password
    assert 'class="invalid-feedback" id="id_password_error"' in html


@pytest.mark.django_db
def test_an_import_without_a_file_is_refused_at_the_file_field(client, admin_user):
    client.force_login(admin_user)
    html = client.post("/impor/", {"kind": "peserta"}).content.decode()
    file_input = tag(html, "id_file")
    assert "is-invalid" in file_input and 'aria-describedby="id_file_error"' in file_input
    assert 'class="invalid-feedback" id="id_file_error"' in html
