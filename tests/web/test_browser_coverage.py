"""In Chromium: a data officer imports a faulty file and reads its report; a visitor drills down
through the coverage pages."""

from __future__ import annotations

import openpyxl
import pytest

from tests.web.conftest import ARTIFACTS, follow, open_menu

pytestmark = pytest.mark.browser

BAD_TARGETS = "region_code,year,target_pct,source\n61,2025,159.56,Pergub\n6104010,2025,50,x\n"


@pytest.fixture
def officer(django_user_model, store):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="petugas", password="rahasia-123")
    user.user_permissions.add(Permission.objects.get(codename="add_dataimport"))
    return user


def test_a_data_officer_uploads_a_faulty_file_and_downloads_its_report(page, officer, tmp_path):
    faulty = tmp_path / "target-salah.csv"
    faulty.write_text(BAD_TARGETS, encoding="utf-8")
    page.goto("/impor/")
    assert "/masuk/" in page.url  # login first
    page.fill("#id_username", "petugas")
    page.fill("#id_password", "rahasia-123")
    follow(page, page.get_by_role("button", name="Masuk"))
    assert page.url.endswith("/impor/")  # back where the visitor was going
    page.select_option("#id_kind", "targets")
    page.set_input_files("#id_file", str(faulty))
    page.get_by_role("button", name="Impor").click()
    page.wait_for_url("**/impor/*/")
    status = page.locator("#import-status")
    assert status.get_attribute("data-status") == "rejected"
    problems = page.locator("#problems tbody tr")
    assert problems.count() == 2
    assert "kode BPS" in page.locator("#problems").inner_text()
    page.screenshot(path=str(ARTIFACTS / "import-rejected.png"), full_page=True)
    with page.expect_download() as download:
        page.locator("#report-link").click()
    path = tmp_path / "laporan.xlsx"
    download.value.save_as(path)
    rows = list(openpyxl.load_workbook(path)["Masalah"].iter_rows(min_row=2, values_only=True))
    assert sorted((r[1], r[2]) for r in rows) == [(2, "target_pct"), (3, "region_code")]


def test_a_visitor_drills_down_from_the_nation_to_a_kabupaten(page, settings, tmp_path):
    from paritrana.coverage.domain.compute import compute_metrics
    from tests.store_fixture import warm_store

    settings.PARITRANA_STORE_DIR = warm_store(tmp_path / "store")
    compute_metrics(year=2025)
    page.goto("/")
    open_menu(page, "Cakupan")
    follow(page, page.get_by_role("link", name="Cakupan"))
    assert page.locator("h1").inner_text().startswith("Cakupan: Indonesia")
    follow(page, page.get_by_role("link", name="Kalimantan", exact=True))
    follow(page, page.get_by_role("link", name="Kalimantan Barat", exact=True))
    assert page.locator("#fact-ucj b").inner_text() == "30,00%"
    assert page.locator("#fact-target b").inner_text() == "59,56%"
    page.screenshot(path=str(ARTIFACTS / "coverage-province.png"), full_page=True)
    follow(page, page.get_by_role("link", name="Kabupaten Ketapang", exact=True))
    assert page.locator("#fact-active b").inner_text() == "2"
    assert "PT Satu" in page.locator("#employers").inner_text()
