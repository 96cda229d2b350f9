"""The browse pages: Indonesia -> province -> kab/kota -> kecamatan -> village."""

from __future__ import annotations

import re

import pytest


def _rows(html: str) -> list[str]:
    body = html.split('<table id="children">', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr>\s*<td>([\d.]+)</td>", body)


def test_home_lists_the_38_provinces_with_national_counts(client, regions):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(_rows(html)) == 38
    assert "83.762" in html and "7.285" in html and "514" in html
    assert "Kalimantan Barat" in html


def test_home_is_in_bahasa_indonesia_by_default_and_english_on_request(client, regions):
    assert "Wilayah Indonesia" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Regions of Indonesia" in client.get("/").content.decode()


def test_a_province_page_lists_its_kabupaten_and_kota_with_counts(client, regions):
    html = client.get("/wilayah/61/").content.decode()
    assert len(_rows(html)) == 14
    ketapang = html.split(">Kabupaten Ketapang</a>", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'class="num">([\d.]+)<', ketapang) == ["20", "262"]
    assert "Zona" in html and "Kalimantan" in html


def test_a_village_page_shows_its_parent_chain(client, regions):
    html = client.get("/wilayah/61.04.01.2011/").content.decode()
    assert "Sungai Putri" in html
    crumbs = html.split('class="crumbs"', 1)[1].split("</nav>", 1)[0]
    assert crumbs.index("Kalimantan Barat") < crumbs.index("Kabupaten Ketapang")
    assert "Matan Hilir Utara" in crumbs


def test_a_plain_code_redirects_to_the_dotted_page(client, regions):
    response = client.get("/wilayah/6104/")
    assert response.status_code == 302
    assert response["Location"] == "/wilayah/61.04/"


@pytest.mark.parametrize("code", ["61.99", "6104010001", "nonsense"])
def test_unknown_and_bps_codes_are_not_found(client, regions, code):
    assert client.get(f"/wilayah/{code}/").status_code == 404


def test_search_page_finds_a_kabupaten_by_its_short_form(client, regions):
    html = client.get("/cari/", {"q": "Kab. Ketapang"}).content.decode()
    assert 'href="/wilayah/61.04/"' in html


def test_search_over_htmx_returns_only_the_results_fragment(client, regions):
    response = client.get("/cari/", {"q": "Kota Kupang"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'href="/wilayah/53.71/"' in html


def test_pages_use_a_fixed_number_of_queries(client, regions, django_assert_max_num_queries):
    # Children and their counts come from two queries whatever the number of children.
    with django_assert_max_num_queries(6):
        client.get("/")
    with django_assert_max_num_queries(8):
        client.get("/wilayah/61.04/")


def test_static_assets_are_served_locally(client, regions):
    html = client.get("/").content.decode()
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert client.get(asset).status_code == 200, asset


def test_a_bps_code_gets_a_not_found_page_that_says_why(client, regions):
    response = client.get("/wilayah/6104010001/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in html
    assert "kode BPS, bukan kode Kemendagri" in html


def test_an_english_browser_still_gets_indonesian_until_the_user_switches(client, regions):
    html = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert "Wilayah Indonesia" in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Regions of Indonesia" in client.get("/").content.decode()
