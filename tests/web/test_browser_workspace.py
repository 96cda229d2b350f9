"""In Chromium: a candidate's representative uploads evidence and submits; the provincial
team sees it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.evidence_samples import PDF
from tests.web.conftest import ARTIFACTS, follow, log_in, log_out, open_menu

pytestmark = pytest.mark.browser


@pytest.fixture
def nominee(django_user_model, settings, tmp_path):
    from paritrana.access.models import ProvincialAdmin
    from paritrana.awards.domain.eligibility import Candidate
    from paritrana.awards.domain.nominations import add_by_hand
    from paritrana.awards.domain.stages import open_stage
    from paritrana.awards.domain.templates import create_cycle_from_template
    from paritrana.awards.domain.workspace import candidate_stage
    from paritrana.awards.models import Representative
    from tests.screening import open_screening

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARITRANA_STORE_DIR = tmp_path / "store"
    cycle = create_cycle_from_template(assessment_year=2025)
    open_screening(cycle, "provinsi")
    category = cycle.categories.get(level="provinsi", code="pemda-kabkota")
    nomination = add_by_hand(
        category=category,
        province="61",
        reason="usulan tim",
        candidate=Candidate(entity="kabkota", name="Kabupaten Ketapang", region_code="61.04"),
    )
    open_stage(stage=candidate_stage(nomination))
    rep = django_user_model.objects.create_user(username="ketapang", password="rahasia-123")
    Representative.objects.create(user=rep, nomination=nomination)
    team = django_user_model.objects.create_user(username="kalbar", password="rahasia-123")
    ProvincialAdmin.objects.create(user=team, province="61")
    return nomination


def _login(page, username):
    log_in(page, username, "rahasia-123")


def test_a_candidate_submits_evidence_and_the_provincial_team_sees_it(page, nominee, tmp_path):
    perbup = tmp_path / "perbup-12-2025.pdf"
    perbup.write_bytes(PDF)
    _login(page, "ketapang")
    open_menu(page, "Penghargaan")
    follow(page, page.get_by_role("link", name="Ruang kerja kandidat"))
    assert page.locator("h1").inner_text().startswith("Kabupaten Ketapang")
    assert page.locator("#stage-status").inner_text() == "Dibuka"
    page.fill("textarea[name=answer-regulasi]", "Perbup Ketapang No. 12 Tahun 2025")
    follow(page, page.get_by_role("button", name="Simpan jawaban"))
    page.select_option("#id_kind", "regulasi")
    page.fill("#id_title", "Perbup tentang perlindungan Jamsostek")
    page.fill("#id_number", "12 Tahun 2025")
    page.fill("#id_document_date", "2025-03-01")
    page.set_input_files("#id_file", str(perbup))
    # Sent with its progress shown (upload.js); the workspace the server answers takes the
    # place of the page, without a page load.
    page.get_by_role("button", name="Unggah").click()
    expect(page.locator("#evidence")).to_contain_text("Perbup tentang perlindungan Jamsostek")
    expect(page.locator("main p.ok")).to_have_text("Bukti terunggah.")
    assert page.url.endswith(f"/kandidat/{nominee.pk}/")
    # The answers form of the page put in place is looked after as on a load (keep.js).
    page.fill("textarea[name=answer-inovasi]", "Layanan jemput bola BPU di 20 desa")
    kept = "Object.keys(sessionStorage).filter(k => k.startsWith('paritrana.isian:')).length"
    assert page.evaluate(kept) == 1
    page.check("#yakin")  # sending is final: "I am sure" first
    follow(page, page.get_by_role("button", name="Kirim ke tim penilai"))
    assert page.locator("#submitted").is_visible()
    page.screenshot(path=str(ARTIFACTS / "workspace.png"), full_page=True)

    log_out(page)
    _login(page, "kalbar")
    open_menu(page, "Penghargaan")
    follow(page, page.locator("header nav").get_by_role("link", name="Nominasi"))
    follow(page, page.get_by_role("link", name="Kabupaten Ketapang"))
    assert "Perbup Ketapang No. 12 Tahun 2025" in page.locator("#answers").inner_text()
    evidence = page.locator("#evidence").inner_text()
    assert "12 Tahun 2025" in evidence and "01/03/2025" in evidence
    with page.expect_download() as download:
        page.get_by_role("link", name="perbup-12-2025.pdf").click()
    saved = tmp_path / "unduhan.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == PDF
