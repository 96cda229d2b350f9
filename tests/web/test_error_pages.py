"""The site's own error pages (400, 403, the CSRF failure, 404, 500) in Bahasa Indonesia, or in
English for a visitor who chose it; JSON under /api/; a refusal logged as one line; the icon
browsers ask for by themselves."""

from __future__ import annotations

import logging
import re

import pytest
from django.conf import settings
from django.http import Http404
from django.test import Client, RequestFactory
from django.utils import translation

from paritrana.web.views.errors import page_not_found

PASSWORD = "kata-sandi-yang-benar"
DJANGO_WORDS = (
    "Resolver404",
    "DisallowedHost",
    "Invalid HTTP_HOST",
    "CSRF verification",
    "Traceback",
)


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def text_of(response) -> str:
    """What a reader sees: the page without its tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def assert_no_technical_words(response) -> None:
    page = response.content.decode()
    for word in DJANGO_WORDS:
        assert word not in page, word


@pytest.fixture
def resident(django_user_model):
    """An account with no role: may log in, may not import data."""
    return django_user_model.objects.create_user("warga", password=PASSWORD)


# -- 404 ---------------------------------------------------------------------------------------


def test_an_unknown_address_says_the_page_was_not_found_and_links_home(client):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    text = text_of(response)
    assert "Halaman tidak ditemukan" in text
    assert "Halaman yang Anda minta tidak ada atau sudah dipindahkan." in text
    assert 'href="/">Kembali ke wilayah Indonesia</a>' in response.content.decode()
    assert_no_technical_words(response)


def test_an_unknown_address_in_english(client):
    response = english(client).get("/no-such-page/")
    assert response.status_code == 404
    text = text_of(response)
    assert "Page not found" in text
    assert "The page you asked for does not exist, or it has moved." in text
    assert "Back to the regions of Indonesia" in text
    assert "Halaman" not in text
    assert_no_technical_words(response)


def test_a_not_found_page_keeps_our_reason_but_not_djangos_model_names(rf: RequestFactory):
    request = rf.get("/wilayah/99/")
    with translation.override("id"):  # what the language middleware does for a request
        ours = page_not_found(request, Http404("Kode wilayah 99 tidak dikenal."))
        django_own = page_not_found(request, Http404("No Region matches the given query."))
    assert "Kode wilayah 99 tidak dikenal." in ours.content.decode()
    assert "No Region matches" not in django_own.content.decode()
    assert "Halaman tidak ditemukan" in django_own.content.decode()


# -- 400 ---------------------------------------------------------------------------------------


def test_a_host_not_allowed_gets_our_bad_request_page(client, caplog):
    response = client.get("/", headers={"Host": "penipu.example"})
    assert response.status_code == 400
    text = text_of(response)
    assert "Permintaan tidak dapat diproses" in text
    assert "alamat atau data yang dikirim tidak dalam bentuk yang dapat diterima" in text
    assert_no_technical_words(response)
    logged = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert len(logged) == 1 and logged[0].exc_info is None


def test_a_host_not_allowed_in_english(client):
    response = english(client).get("/", headers={"Host": "penipu.example"})
    assert response.status_code == 400
    assert "Request not understood" in text_of(response)
    assert "Check the address, or go back and try again." in text_of(response)


def test_a_form_with_too_many_fields_gets_our_bad_request_page(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    fields = {f"kolom{n}": "x" for n in range(10)}
    response = client.post("/masuk/", {"username": "warga", "password": PASSWORD, **fields})
    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses" in text_of(response)
    assert "TooManyFieldsSent" not in response.content.decode()


def test_the_api_answers_a_bad_host_in_its_json_shape(client):
    response = client.get("/api/v1/wilayah/", headers={"Host": "penipu.example"})
    assert response.status_code == 400
    assert response.json() == {
        "error": {"code": "bad_request", "message": "Permintaan tidak dapat diterima."}
    }


# -- 403 and its log line ------------------------------------------------------------------------


def test_a_refusal_shows_its_reason_in_our_page(client, resident):
    client.force_login(resident)
    response = client.get("/impor/")
    assert response.status_code == 403
    text = text_of(response)
    assert "Tidak diizinkan" in text
    assert "Impor data hanya untuk petugas data dan admin nasional." in text
    assert "Kembali ke wilayah Indonesia" in text


def test_a_refusal_in_english(client, resident):
    client.force_login(resident)
    response = english(client).get("/impor/")
    assert response.status_code == 403
    assert "Not permitted" in text_of(response)
    assert "Back to the regions of Indonesia" in text_of(response)


def test_a_refusal_is_logged_as_one_line_without_a_traceback(client, resident, caplog, capsys):
    client.force_login(resident)
    caplog.clear()
    capsys.readouterr()
    assert client.get("/impor/").status_code == 403
    logged = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in logged] == ["Forbidden (403): /impor/ user=warga"]
    assert logged[0].exc_info is None and logged[0].exc_text is None
    written = capsys.readouterr().err
    assert written.count("\n") == 1, written
    assert "WARNING django.request: Forbidden (403): /impor/ user=warga" in written


def test_the_log_line_of_a_refusal_masks_a_nik_used_as_a_username(
    client, django_user_model, capsys
):
    nik = "6104012345670001"
    client.force_login(django_user_model.objects.create_user(nik, password=PASSWORD))
    capsys.readouterr()
    assert client.get("/impor/").status_code == 403
    written = capsys.readouterr().err
    assert "user=6104********01" in written
    assert nik not in written and PASSWORD not in written


# -- the CSRF failure ----------------------------------------------------------------------------


def test_a_login_form_sent_without_its_token_says_the_form_expired(resident):
    client = Client(enforce_csrf_checks=True)
    client.get("/masuk/")
    response = client.post(
        "/masuk/",
        {"username": "warga", "password": PASSWORD},
        headers={"Referer": "http://testserver/masuk/"},
    )
    assert response.status_code == 403
    text = text_of(response)
    assert "Formulir sudah kedaluwarsa" in text
    assert "peramban Anda memblokir cookie untuk situs ini" in text
    assert "tidak ada yang tersimpan" in text
    assert 'href="http://testserver/masuk/">Buka formulir lagi</a>' in response.content.decode()
    assert_no_technical_words(response)
    assert "_auth_user_id" not in client.session


def test_the_csrf_failure_in_english_without_a_referer(resident):
    client = english(Client(enforce_csrf_checks=True))
    response = client.post("/masuk/", {"username": "warga", "password": PASSWORD})
    assert response.status_code == 403
    text = text_of(response)
    assert "The form has expired" in text
    assert "your browser blocks cookies for this site" in text
    assert 'href="/masuk/">Open the form again</a>' in response.content.decode()


def test_the_csrf_failure_does_not_send_the_visitor_to_another_site(resident):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/masuk/", {}, headers={"Referer": "https://penipu.example/masuk/"})
    assert "penipu.example" not in response.content.decode()


# -- 500 -----------------------------------------------------------------------------------------


@pytest.mark.urls("tests.web.error_urls")
def test_a_fault_gets_our_server_error_page_and_keeps_its_traceback_in_the_log(caplog):
    client = Client(raise_request_exception=False)
    response = client.get("/rusak/")
    assert response.status_code == 500
    text = text_of(response)
    assert "Terjadi galat pada server" in text
    assert "Permintaan Anda tidak dapat diselesaikan." in text
    assert "RuntimeError" not in text and "a fault of ours" not in text
    faults = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(faults) == 1 and faults[0].exc_info is not None  # a fault keeps its traceback


@pytest.mark.urls("tests.web.error_urls")
def test_the_server_error_page_in_english():
    client = english(Client(raise_request_exception=False))
    response = client.get("/rusak/")
    assert response.status_code == 500
    assert "Something went wrong on the server" in text_of(response)
    assert "Terjadi galat" not in text_of(response)


# -- the icon ------------------------------------------------------------------------------------


def test_the_browsers_own_request_for_favicon_ico_gets_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file's header


@pytest.mark.urls("tests.web.error_urls")
def test_the_icons_linked_from_the_error_page_are_served():
    client = Client(raise_request_exception=False)
    page = client.get("/rusak/").content.decode()
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', page)
    assert len(icons) == 2
    for icon in icons:
        assert client.get(icon).status_code == 200, icon
