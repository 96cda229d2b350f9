"""Public results pages (/pengumuman/): no login, nothing before publication, and only the Juara,
the ranking and final totals after it."""

from __future__ import annotations

import pytest

from paritrana.assessment.domain.decisions import confirm
from paritrana.assessment.models import Score
from tests.assessment import conftest as judging
from tests.assessment.test_results import judge
from tests.reports.test_announcement_pdf import text_of

cast = judging.cast
judged = judging.judged
decided = judging.decided

CYCLE = "/pengumuman/2025/"
GROUP = "/pengumuman/2025/provinsi/pemda-kabkota/61/"
REASON = "Ketapang terlambat menyerahkan dokumen anggaran asli."


def _main(html: str) -> str:
    return html.split("<main>", 1)[1].split("</main>", 1)[0]


def test_the_pages_need_no_login(client, decided):
    for url in ("/pengumuman/", CYCLE, GROUP, "/cakupan/61/"):
        response = client.get(url)
        assert response.status_code == 200, url
    home = client.get("/").content.decode()
    assert 'href="/pengumuman/"' in home  # the nav link


def test_nothing_is_shown_before_the_publication_stage_opens(client, decided):
    for url in (CYCLE, GROUP):
        html = _main(client.get(url).content.decode())
        assert "Hasil belum diumumkan" in html
        for secret in ("Kabupaten Ketapang", "Kota Pontianak", "66,92", "Juara I"):
            assert secret not in html, (url, secret)
    listing = client.get("/pengumuman/").content.decode()
    assert 'href="/pengumuman/2025/"' in listing
    assert "Kabupaten Ketapang" not in listing


@pytest.mark.parametrize(
    ("language", "words"),
    [("id", "Hasil belum diumumkan"), ("en", "Results not announced yet")],
)
def test_results_not_yet_announced_are_a_status_not_an_error(client, decided, language, words):
    """Before publication a visitor is told so, in their language, in a neutral box: it was
    drawn as an error (red), and in Bahasa on the English pages."""
    client.cookies["django_language"] = language
    for url in (CYCLE, GROUP):
        html = _main(client.get(url).content.decode())
        assert f'<p class="pending unpublished" role="status">{words}</p>' in html, url
        assert 'class="error' not in html


def test_the_national_publication_does_not_open_the_provincial_results(client, decided):
    decided.open("publikasi", level="nasional")
    html = _main(client.get(CYCLE).content.decode())
    provincial = html.split('id="level-provinsi"', 1)[1].split("</section>", 1)[0]
    assert "Hasil belum diumumkan" in provincial
    assert "Kabupaten Ketapang" not in html


def test_after_publication_the_juara_places_and_totals_show_the_indonesian_way(client, decided):
    decided.open("publikasi")
    html = _main(client.get(CYCLE).content.decode())
    table = html.split('id="juara-provinsi-pemda-kabkota"', 1)[1].split("</table>", 1)[0]
    rows = table.split('<tr data-group="61">')[1:]
    # Ketapang's final total, by hand in tests/assessment/test_results.py: 66.9216.
    assert '<td class="juara">Juara I</td><td>Kabupaten Ketapang</td>' in rows[0]
    assert '<td class="num total">66,92</td>' in rows[0]
    assert '<td class="juara">Juara II</td><td>Kota Pontianak</td>' in rows[1]
    assert f'href="{GROUP}"' in rows[0]
    national = html.split('id="level-nasional"', 1)[1].split("</section>", 1)[0]
    assert "Hasil belum diumumkan" in national

    page = _main(client.get(GROUP).content.decode())
    assert "Hasil belum diumumkan" not in page
    juara = page.split('id="juara"', 1)[1].split("</table>", 1)[0]
    assert "Kabupaten Ketapang" in juara and "66,92" in juara
    ranking = page.split('id="ranking"', 1)[1].split("</table>", 1)[0]
    assert ranking.index("Kabupaten Ketapang") < ranking.index("Kota Pontianak")
    assert '<td class="num">1</td><td>Kabupaten Ketapang</td><td class="num total">66,92</td>' in (
        ranking
    )


def test_no_assessor_names_scores_comments_reasons_or_conflicts_in_public_html(client, cast):
    judge(cast)
    cast.open("keputusan")
    # Departing from the ranking needs a reason: it stays in the audit, not on public pages.
    confirm(
        category=cast.category,
        group="61",
        chosen=[cast.pontianak, cast.ketapang],
        user=cast.chair.user,
        reason=REASON,
    )
    cast.open("publikasi")
    members = [cast.chair, cast.secretary, cast.a, cast.b, cast.ketapang_member]
    forbidden = [m.user.get_username() for m in members] + [m.display_name for m in members]
    forbidden += [REASON, "alasan nilai ekstrem", "konflik", "Konflik", "conflict"]
    assert Score.objects.filter(comment="alasan nilai ekstrem").exists()  # they exist
    for url in ("/pengumuman/", CYCLE, GROUP):
        html = _main(client.get(url).content.decode())
        for word in forbidden:
            assert word not in html, (url, word)
    html = _main(client.get(CYCLE).content.decode())
    assert '<td class="juara">Juara I</td><td>Kota Pontianak</td>' in html


@pytest.mark.parametrize(
    ("language", "category", "other"),
    [
        ("en", "Regency and city governments", "Pemerintah Kabupaten/Kota"),
        ("id", "Pemerintah Kabupaten/Kota", "Regency and city governments"),
    ],
)
def test_the_category_reads_in_the_chosen_language(client, decided, language, category, other):
    """The packaged category name follows the reader's language (issue 16); the announcement's
    PDF, an official document, stays in Bahasa Indonesia."""
    decided.open("publikasi")
    client.cookies["django_language"] = language
    cycle = _main(client.get(CYCLE).content.decode())
    group = client.get(GROUP).content.decode()
    assert f"<h3>{category}</h3>" in cycle and other not in cycle
    assert f"<h1>{category}: Kalimantan Barat</h1>" in group and other not in group
    pdf = text_of(client.get(CYCLE + "pengumuman.pdf").content)
    assert "Pemerintah Kabupaten/Kota" in pdf and "Regency" not in pdf


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("?provinsi=61", True),
        ("?zona=kalimantan", True),
        ("?provinsi=61&zona=kalimantan", True),
        ("?provinsi=63", False),
        ("?zona=sumatera", False),
    ],
)
def test_the_province_and_zone_filters(client, decided, query, shown):
    decided.open("publikasi")
    response = client.get(CYCLE + query)
    assert response.status_code == 200
    html = _main(response.content.decode())
    assert ("Kabupaten Ketapang" in html) is shown
    assert "selected>" in html  # the filter is kept in the form


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?provinsi=99", "Provinsi dengan kode &#x27;99&#x27; tidak ada."),
        ("?zona=antartika", "Zona &#x27;antartika&#x27; tidak dikenal."),
        ("?provinsi=61&zona=sumatera", "Kalimantan Barat tidak berada di zona Sumatera."),
    ],
)
def test_bad_filters_get_an_indonesian_error_and_no_results(client, decided, query, message):
    decided.open("publikasi")
    response = client.get(CYCLE + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Kabupaten Ketapang" not in html


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/pengumuman/1999/", "Tidak ada siklus Paritrana Award dengan tahun penilaian 1999."),
        ("/pengumuman/2025/regional/pemda-kabkota/61/", "Babak &#x27;regional&#x27;"),
        ("/pengumuman/2025/provinsi/tidak-ada/61/", "Kategori &#x27;tidak-ada&#x27; tidak ada"),
        ("/pengumuman/2025/provinsi/pemda-kabkota/99/", "Kelompok &#x27;99&#x27; tidak ada"),
    ],
)
def test_unknown_cycles_rounds_categories_and_groups_are_404_in_indonesian(
    client, cast, url, message
):
    response = client.get(url)
    assert response.status_code == 404
    assert message in response.content.decode()
