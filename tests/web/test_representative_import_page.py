"""The shortlist page's "upload the representatives" section: the round's template, a preview
that writes nothing, the import (whole or nothing) with its counts and the new people's
activation links shown once; a provincial admin on their own province's round only."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from paritrana.awards.models import AuditEntry, Representative
from tests.awards import representative_world
from tests.awards.representative_world import workbook

world = representative_world.world

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s<\"]+/aktivasi/[^\s<\"]+/")
ROWS = [
    ("61.04", "Kabupaten Ketapang", "", "Siti Aminah", "siti@ketapangkab.go.id", ""),
    ("61.71", "Kota Pontianak", "", "", "", "budi"),
    ("61.01", "Kabupaten Sambas", "", "", "", ""),
]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(content: bytes, name: str = "wakil.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_the_shortlist_page_offers_the_upload_and_the_rounds_template(world):
    client = _client(world.kalbar)
    html = client.get(world.round_url()).content.decode()
    section = html.split('id="representatives-upload"', 1)[1]
    assert f'href="{world.round_url()}wakil/templat.xlsx"' in section
    assert f'action="{world.round_url()}wakil/"' in section
    assert 'enctype="multipart/form-data"' in section

    response = client.get(f"{world.round_url()}wakil/templat.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "wakil-2025-provinsi-pemda-kabkota-61.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    keys = sorted(row[0] for row in book["Wakil"].iter_rows(min_row=2, values_only=True))
    assert keys == ["61.01", "61.04", "61.71", "61.72"]  # the round's nominees, no other's
    book.close()


def test_preview_then_import_links_the_rows_and_shows_the_links_once(world):
    client = _client(world.kalbar)
    url = f"{world.round_url()}wakil/"
    assert client.get(url).status_code == 200
    preview = client.post(url, {"action": "preview", "file": _upload(workbook(ROWS))})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert 'id="import-preview"' in html and 'id="import-problems"' not in html
    assert 'data-row="2" data-state="new"' in html and 'data-row="3" data-state="existing"' in html
    assert 'data-row="4"' not in html  # no person: skipped
    assert not Representative.objects.exists()  # nothing written by the preview
    assert not AuditEntry.objects.filter(command="representative.import").exists()
    content = re.search(r'name="content" value="([^"]+)"', html).group(1)

    done = client.post(url, {"action": "import", "file_name": "wakil.xlsx", "content": content})
    assert done.status_code == 200
    html = done.content.decode()
    assert '<b id="added">2</b>' in html and '<b id="unchanged">0</b>' in html
    [link] = LINK.findall(html)  # Siti's; budi's account is active
    assert set(Representative.objects.values_list("nomination__key", flat=True)) == {
        "61.04",
        "61.71",
    }
    assert done["Cache-Control"].startswith("max-age=0") or "no-cache" in done["Cache-Control"]
    # The page opened again does not repeat the link; the same file again changes nothing.
    assert not LINK.findall(client.get(url).content.decode())
    again = client.post(url, {"action": "import", "file": _upload(workbook(ROWS))})
    html = again.content.decode()
    assert '<b id="added">0</b>' in html and '<b id="unchanged">2</b>' in html
    assert 'id="nothing-changed"' in html and not LINK.findall(html)
    assert Representative.objects.count() == 2
    assert link  # handed over once


def test_a_file_with_problems_is_listed_by_row_and_column_and_nothing_is_saved(world):
    client = _client(world.kalbar)
    bad = [*ROWS, ("62.71", "Kota Palangka Raya", "", "Rina", "rina@palangkaraya.go.id", "")]
    for action in ("preview", "import"):
        response = client.post(
            f"{world.round_url()}wakil/", {"action": action, "file": _upload(workbook(bad))}
        )
        assert response.status_code == 400
        html = response.content.decode()
        problems = html.split('id="problems"', 1)[1].split("</table>", 1)[0]
        assert '<td class="num">5</td><td>kode kandidat</td>' in problems
        assert "tidak ada di daftar pendek Pemerintah Kabupaten/Kota Kalimantan Barat" in problems
        assert 'name="content"' not in html  # no confirmation of a rejected file
    assert not Representative.objects.exists()
    missing = client.post(f"{world.round_url()}wakil/", {"action": "preview"})
    assert missing.status_code == 400


def test_another_provinces_round_is_refused(world):
    client = _client(world.kalteng)
    url = f"{world.round_url()}wakil/"
    assert client.get(url).status_code == 403
    assert client.get(f"{url}templat.xlsx").status_code == 403
    refused = client.post(url, {"action": "import", "file": _upload(workbook(ROWS))})
    assert refused.status_code == 403
    assert not Representative.objects.exists()
    own = _client(world.kalteng).get(f"{world.round_url(world.palangka)}wakil/")
    assert own.status_code == 200
