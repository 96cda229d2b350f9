"""Long lists and public tables (issue 16): search, filters, sort and paging from the URL;
downloads of the public tables as XLSX and CSV; a village named with its kabupaten; the tie-break
that decided an order, in words."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from paritrana.regions.domain.labels import kabkota_names, short_kabkota, with_kabkota
from tests.assessment import conftest as judging
from tests.assessment.test_results import _tied
from tests.web.test_dashboard import computed  # noqa: F401 (a fixture)

cast = judging.cast
judged = judging.judged
decided = judging.decided

DOLOK = "/wilayah/12.20.02/"  # Kecamatan Dolok, Padang Lawas Utara: 86 villages
GROUP = "/pengumuman/2025/provinsi/pemda-kabkota/61/"


def _codes(html: str) -> list[str]:
    body = html.split('<table id="children">', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr>\s*<td>([\d.]+)</td>", body)


def _main(html: str) -> str:
    return html.split("<main>", 1)[1].split("</main>", 1)[0]


def _sorted_header(html: str, table: str) -> str:
    head = html.split(f'<table id="{table}"', 1)[1].split("</thead>", 1)[0]
    return re.search(r'<th [^>]*aria-sort="(\w+)"[^>]*>(.*?)</th>', head, re.S).group(0)


# -- paging, search and sort ---------------------------------------------------------------


def test_a_kecamatan_of_86_villages_is_shown_50_at_a_time(client, regions):
    html = _main(client.get(DOLOK).content.decode())
    assert "Menampilkan 1–50 dari 86" in html
    first = _codes(html)
    assert len(first) == 50 and first == sorted(first)
    assert 'href="?hal=2" rel="next"' in html
    assert '<span aria-current="page">1</span>' in html

    second = _main(client.get(DOLOK + "?hal=2").content.decode())
    assert "Menampilkan 51–86 dari 86" in second
    rest = _codes(second)
    assert len(rest) == 36 and not set(rest) & set(first)
    assert sorted(first + rest) == sorted(
        regions.filter(parent_id="12.20.02").values_list("code", flat=True)
    )


def test_the_villages_are_searched_and_sorted_from_the_url(client, regions):
    village = regions.filter(parent_id="12.20.02").order_by("name").first()
    html = _main(client.get(DOLOK, {"q": village.name.lower()}).content.decode())
    assert village.code in _codes(html)
    assert all(
        village.name.lower() in name.lower()
        for name in re.findall(r'href="/wilayah/12\.20\.02\.\d+/">([^<]+)</a>', html)
    )
    assert "Hapus saringan" in html  # the way back to the whole list

    by_name = _main(client.get(DOLOK, {"urut": "-nama"}).content.decode())
    names = re.findall(r'href="/wilayah/12\.20\.02\.\d+/">([^<]+)</a>', by_name)
    assert names == sorted(names, key=str.casefold, reverse=True)
    header = _sorted_header(by_name, "children")
    assert 'aria-sort="descending"' in header and "Nama" in header and "▼" in header
    # The sorted column's link turns the order around; the search form keeps the sort.
    assert 'href="?urut=nama"' in header
    assert '<input type="hidden" name="urut" value="-nama">' in by_name
    # An unknown sort falls back to the code order.
    unknown = _codes(_main(client.get(DOLOK, {"urut": "x"}).content.decode()))
    assert unknown == _codes(_main(client.get(DOLOK).content.decode()))


def test_a_bad_page_number_shows_the_last_page_not_an_error(client, regions):
    response = client.get(DOLOK, {"hal": "999"})
    assert response.status_code == 200
    assert "Menampilkan 51–86 dari 86" in response.content.decode()
    assert "Menampilkan 1–50 dari 86" in client.get(DOLOK, {"hal": "x"}).content.decode()


def test_the_nominees_are_searched_filtered_and_sorted(client, cast):
    client.force_login(cast.admin)
    html = _main(client.get("/seleksi/").content.decode())
    assert "Menampilkan 1–2 dari 2" in html
    assert "Kabupaten Ketapang" in html and "Kota Pontianak" in html
    assert "<td>Kalimantan Barat</td>" in html  # the province by name, not "61"

    found = _main(client.get("/seleksi/", {"q": "ketapang"}).content.decode())
    assert "Kabupaten Ketapang" in found and "Kota Pontianak" not in found
    assert "Menampilkan 1–1 dari 1" in found

    descending = _main(client.get("/seleksi/", {"urut": "-nama"}).content.decode())
    assert descending.index("Kota Pontianak") < descending.index("Kabupaten Ketapang")
    ascending = _main(client.get("/seleksi/", {"urut": "nama"}).content.decode())
    assert ascending.index("Kabupaten Ketapang") < ascending.index("Kota Pontianak")

    kalbar = _main(client.get("/seleksi/", {"provinsi": "61"}).content.decode())
    assert '<option value="61" selected>Kalimantan Barat</option>' in kalbar
    assert "Menampilkan 1–2 dari 2" in kalbar
    # A province with no nominee the viewer may see is not offered: the filter is ignored.
    assert '<option value="12"' not in kalbar


def test_the_nominees_list_names_each_nominee_first(client, cast):
    """On a phone the list scrolls sideways: its first column, the one in view, is the name
    that opens the nominee, not the cycle."""
    client.force_login(cast.admin)
    table = _main(client.get("/seleksi/").content.decode()).split('<table id="nominees"', 1)[1]
    first_header = re.search(r"<th[^>]*>(.*?)</th>", table, re.S).group(1)
    assert re.sub(r"<[^>]+>|[↕▲▼]", "", first_header).strip() == "Nama"
    first_cell = re.search(r"<tr data-nomination=\"\d+\"><td>(.*?)</td>", table, re.S).group(1)
    assert re.fullmatch(r'<a href="/seleksi/\d+/">Kabupaten Ketapang</a>', first_cell)


def test_a_village_nominee_is_named_with_its_kabupaten(client, cast):
    judging.nominate(cast.category, "61.04.01.2011", "Sungai Putri", "61", entity="desa")
    client.force_login(cast.admin)
    html = _main(client.get("/seleksi/", {"q": "sungai"}).content.decode())
    assert "Sungai Putri (Kab. Ketapang)" in html


def test_village_labels(regions):
    names = kabkota_names(["61.04.01.2011", "61.71", "61.71.01.1001"])
    assert names == {"61.04": "Kab. Ketapang", "61.71": "Kota Pontianak"}
    assert with_kabkota("Sungai Putri", "61.04.01.2011", names) == "Sungai Putri (Kab. Ketapang)"
    assert with_kabkota("Kota Pontianak", "61.71", names) == "Kota Pontianak"  # not a village
    assert short_kabkota("Kabupaten Sekadau") == "Kab. Sekadau"


def _imports(start: int, count: int, user) -> None:
    from paritrana.coverage.models import DataImport
    from paritrana.engine.schemas import SCHEMAS

    kinds = list(SCHEMAS)[:2]
    DataImport.objects.bulk_create(
        DataImport(
            kind=kinds[i % 2],
            file_name=f"berkas-{i:03d}.csv",
            status="imported" if i % 3 else "rejected",
            rows=i * 10,
            uploaded_by=user,
        )
        for i in range(start, start + count)
    )


def test_the_imports_list_is_paged_filtered_and_costs_the_same_whatever_its_length(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from paritrana.coverage.models import DataImport

    client.force_login(cast.admin)
    _imports(0, 6, cast.admin)
    client.get("/impor/")
    with CaptureQueriesContext(connection) as few:
        client.get("/impor/")
    _imports(6, 54, cast.admin)
    with CaptureQueriesContext(connection) as many:
        html = _main(client.get("/impor/").content.decode())
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "Menampilkan 1–50 dari 60" in html
    assert 'aria-sort="descending"' in html  # newest first

    kind = DataImport.objects.values_list("kind", flat=True).first()
    mine = DataImport.objects.filter(kind=kind).count()
    filtered = _main(client.get("/impor/", {"jenis": kind}).content.decode())
    assert f"Menampilkan 1–{mine} dari {mine}" in filtered
    rejected = DataImport.objects.filter(status="rejected").count()
    refused = _main(client.get("/impor/", {"status": "rejected"}).content.decode())
    assert f"dari {rejected}" in refused and refused.count("<td>Ditolak</td>") == rejected
    one = _main(client.get("/impor/", {"q": "berkas-042"}).content.decode())
    assert "Menampilkan 1–1 dari 1" in one and "berkas-042.csv" in one
    by_rows = _main(client.get("/impor/", {"urut": "-baris"}).content.decode())
    assert by_rows.index("berkas-059.csv") < by_rows.index("berkas-058.csv")


def test_the_assessor_filters_their_sheets_by_status(client, judged):
    client.force_login(judged.a.user)
    html = _main(client.get("/penilaian/").content.decode())
    block = html.split('class="stage-work"', 2)[1]
    prefix = re.search(r'name="(t\d+-\d+-)q"', block).group(1)
    assert "Menampilkan 1–2 dari 2" in block
    waiting = _main(client.get("/penilaian/", {f"{prefix}status": "belum"}).content.decode()).split(
        'class="stage-work"', 2
    )[1]
    assert "Tidak ada kandidat yang cocok." in waiting  # both sheets are submitted
    sent = _main(client.get("/penilaian/", {f"{prefix}status": "terkirim"}).content.decode()).split(
        'class="stage-work"', 2
    )[1]
    assert "Menampilkan 1–2 dari 2" in sent


# -- downloads of public tables ------------------------------------------------------------


def _xlsx(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_province_dashboard_table_downloads_as_xlsx_and_csv(client, computed):  # noqa: F811
    html = client.get("/dasbor/61/").content.decode()
    assert 'href="?unduh=xlsx&amp;tabel=wilayah"' in html
    assert "Unduh XLSX" in html and "Unduh CSV" in html

    rows = _xlsx(client.get("/dasbor/61/", {"unduh": "xlsx", "tabel": "wilayah"}))
    assert rows[0][0].startswith("Kalimantan Barat 2025")
    header = rows[1]
    assert header[:5] == ["Kode", "Nama", "Peserta aktif", "Pekerja (dasar)", "UCJ (%)"]
    ketapang = next(r for r in rows if r[0] == "61.04")
    # Numbers as numbers: 2 active of 6 workers, 33,33%.
    assert ketapang[1:4] == ["Kabupaten Ketapang", 2, 6]
    assert ketapang[4] == pytest.approx(33.333, abs=0.01)
    assert len([r for r in rows[2:] if r[0] and str(r[0]).startswith("61.")]) == 14

    table = _csv(client.get("/dasbor/61/", {"unduh": "csv", "tabel": "wilayah"}))
    assert table[0][:3] == ["Kode", "Nama", "Peserta aktif"]
    ketapang = next(r for r in table if r[0] == "61.04")
    assert ketapang[:4] == ["61.04", "Kabupaten Ketapang", "2", "6"]
    assert float(ketapang[4]) == pytest.approx(33.33)
    sambas = next(r for r in table if r[0] == "61.01")
    assert sambas[2:] == [""] * 7  # no data: empty cells, not zeros


def test_the_downloaded_table_follows_the_search_and_sort(client, computed):  # noqa: F811
    table = _csv(client.get("/dasbor/61/", {"unduh": "csv", "tabel": "wilayah", "urut": "-ucj"}))
    assert [r[0] for r in table[1:3]] == ["61.04", "61.71"]  # 33,33% then 25,00%
    found = _csv(client.get("/dasbor/61/", {"unduh": "csv", "tabel": "wilayah", "q": "ketapang"}))
    assert [r[0] for r in found[1:]] == ["61.04"]


def test_the_national_dashboard_downloads_every_kabkota(client, computed):  # noqa: F811
    table = _csv(client.get("/dasbor/", {"unduh": "csv", "tabel": "kabkota"}))
    assert len(table) == 1 + 514
    assert next(r for r in table if r[0] == "61.04")[4] == "33.33"


def test_the_dashboard_pages_its_table_and_keeps_the_year_in_its_links(client, computed):  # noqa: F811
    html = client.get("/dasbor/61/", {"urut": "-ucj"}).content.decode()
    header = _sorted_header(html, "children")
    assert "UCJ" in header and 'aria-sort="descending"' in header
    codes = re.findall(r'<tr data-code="([\d.]+)">', html.split('<table id="children"', 1)[1])
    assert codes[:2] == ["61.04", "61.71"]


def test_the_published_results_download_with_the_kabupaten_of_a_village(client, decided):
    decided.open("publikasi")
    rows = _xlsx(client.get("/pengumuman/2025/", {"unduh": "xlsx"}))
    assert rows[1] == ["Babak", "Kategori", "Kelompok", "Juara", "Nama", "Total akhir"]
    first = rows[2]
    assert first[3:5] == ["Juara I", "Kabupaten Ketapang"]
    assert first[5] == pytest.approx(66.92, abs=0.01)  # a number, not "66,92"
    table = _csv(client.get("/pengumuman/2025/", {"unduh": "csv"}))
    assert table[1][3:] == ["Juara I", "Kabupaten Ketapang", "66.92"]
    assert table[2][3:5] == ["Juara II", "Kota Pontianak"]

    ranking = _csv(client.get(GROUP, {"unduh": "csv", "tabel": "peringkat"}))
    assert ranking[0] == ["Peringkat", "Nama", "Total akhir", "Juara", "Pemecah nilai seri"]
    assert ranking[1][:4] == ["1", "Kabupaten Ketapang", "66.92", "Juara I"]


def test_nothing_is_downloaded_before_publication_and_no_assessor_is_in_a_file(client, decided):
    before = client.get(GROUP, {"unduh": "csv", "tabel": "peringkat"})
    assert "Kabupaten Ketapang" not in before.content.decode("utf-8", "replace")
    cycle = _csv(client.get("/pengumuman/2025/", {"unduh": "csv"}))
    assert cycle[1:] == []  # the header only: nothing is published yet
    decided.open("publikasi")
    text = client.get(GROUP, {"unduh": "csv", "tabel": "peringkat"}).content.decode("utf-8-sig")
    for member in (decided.a, decided.b, decided.chair):
        assert member.user.get_username() not in text
        assert member.display_name not in text


# -- tie-breaks ----------------------------------------------------------------------------


def test_a_tie_is_explained_with_the_shared_total_and_the_rule_that_decided(client, cast):
    result = _tied(cast, ["total", "criterion:pemahaman", "key"])
    first, second = result.rows
    assert first.total == pytest.approx(second.total)  # the tie the rule broke
    shared = f"{second.total:.2f}".replace(".", ",")
    client.force_login(cast.chair.user)
    html = client.get(f"/hasil/{cast.category.pk}/61/").content.decode()
    row = html.split(f'data-nomination="{cast.ketapang.pk}"', 1)[1].split("</tr>", 1)[0]
    assert re.search(rf"seri {shared}; diurutkan menurut kriteria Pemahaman", row, re.I)
    other = html.split(f'data-nomination="{cast.pontianak.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "seri" not in other  # the first of the two is placed by the rule, not tied below

    client.logout()
    # Published once decided (an undecided group publishes no ranking): in the ranking's order.
    from paritrana.assessment.domain.decisions import confirm

    cast.open("keputusan")
    confirm(category=cast.category, group="61", chosen=[first.nomination], user=cast.chair.user)
    cast.open("publikasi")
    page = _main(client.get(GROUP).content.decode())
    ranking = page.split('id="ranking"', 1)[1].split("</table>", 1)[0]
    assert re.search(
        rf"Kabupaten Ketapang<span class=\"tie\">seri {shared}; diurutkan menurut "
        r"kriteria Pemahaman",
        ranking,
        re.I,
    )
    table = _csv(client.get(GROUP, {"unduh": "csv", "tabel": "peringkat"}))
    assert [r[1] for r in table[1:]] == ["Kota Pontianak", "Kabupaten Ketapang"]
    assert re.match(rf"seri {shared}; diurutkan menurut kriteria Pemahaman", table[2][4], re.I)
    assert table[1][4] == ""


def test_a_tie_broken_by_the_regulation_criterion_says_so(client, cast):
    result = _tied(cast, ["total", "criterion:regulasi", "key"])
    shared = f"{result.rows[1].total:.2f}".replace(".", ",")
    client.force_login(cast.chair.user)
    html = client.get(f"/hasil/{cast.category.pk}/61/").content.decode()
    row = html.split(f'data-nomination="{cast.pontianak.pk}"', 1)[1].split("</tr>", 1)[0]
    assert re.search(rf"seri {shared}; diurutkan menurut kriteria Regulasi", row, re.I)


def test_the_coverage_page_table_downloads_and_sorts(client, computed):  # noqa: F811
    html = client.get("/cakupan/61/", {"tahun": "2025"}).content.decode()
    assert "Unduh XLSX" in html and 'href="?tahun=2025&amp;unduh=csv&amp;tabel=wilayah"' in html
    rows = _xlsx(client.get("/cakupan/61/", {"tahun": "2025", "unduh": "xlsx"}))
    assert rows[1][:5] == ["Kode", "Nama", "Peserta aktif", "Pekerja (dasar)", "UCJ (%)"]
    ketapang = next(r for r in rows if r[0] == "61.04")
    assert ketapang[1:4] == ["Kabupaten Ketapang", 2, 6]
    assert ketapang[4] == pytest.approx(33.333, abs=0.01)
    by_ucj = _csv(client.get("/cakupan/61/", {"urut": "-ucj", "unduh": "csv"}))
    assert [r[0] for r in by_ucj[1:3]] == ["61.04", "61.71"]
    page = client.get("/cakupan/61/", {"urut": "-ucj"}).content.decode()
    assert _sorted_header(page, "children").count('aria-sort="descending"') == 1


def test_a_village_juara_is_announced_with_its_kabupaten(client, decided):
    from paritrana.assessment.models import Decision
    from tests.reports.test_announcement_pdf import text_of

    village = judging.nominate(
        decided.category, "61.04.01.2011", "Sungai Putri", "61", entity="desa"
    )
    # A third place recorded beside the confirmed two (the page reads the records as decided).
    Decision.objects.create(
        category=decided.category,
        group="61",
        place=3,
        nomination=village,
        total="40.125",
        confirmed_by=decided.chair.user,
    )
    decided.open("publikasi")
    page = _main(client.get("/pengumuman/2025/").content.decode())
    assert "<td>Sungai Putri (Kab. Ketapang)</td>" in page
    group = _main(client.get(GROUP).content.decode())
    assert "Sungai Putri (Kab. Ketapang)" in group.split('id="juara"', 1)[1]
    table = _csv(client.get("/pengumuman/2025/", {"unduh": "csv"}))
    assert ["Juara III", "Sungai Putri (Kab. Ketapang)", "40.13"] in [r[3:] for r in table]
    pdf = text_of(client.get("/pengumuman/2025/pengumuman.pdf").content)
    assert "Sungai Putri (Kab. Ketapang)" in pdf


def test_a_region_page_names_its_kind_once_and_links_its_coverage(client, regions):
    """/wilayah/61.04/ read "Kabupaten Ketapang Kabupaten/Kota Kabupaten" (the level and the
    kind side by side) and led nowhere near the region's coverage."""
    html = _main(client.get("/wilayah/61.04/").content.decode())
    heading = re.sub(r"<[^>]+>|\s+", " ", html.split("<h1>", 1)[1].split("</h1>", 1)[0])
    assert " ".join(heading.split()) == "Kabupaten Ketapang Kabupaten"
    assert 'href="/cakupan/61.04/" id="region-coverage"' in html
    # A kecamatan has no coverage figures of its own: no link there.
    assert 'id="region-coverage"' not in client.get(DOLOK).content.decode()
