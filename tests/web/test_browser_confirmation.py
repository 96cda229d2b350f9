"""In Chromium on a 390 px phone: a candidate's representative removes a document, then sends
the self-assessment; the "Saya yakin" box stops the send until it is ticked, and afterwards the
evidence can no longer be removed, the page saying why (issue 16)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.evidence_samples import PDF
from tests.web.conftest import ARTIFACTS, follow
from tests.web.test_browser_workspace import _login, nominee  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_sending_on_a_phone_asks_i_am_sure_first(page, nominee, tmp_path):  # noqa: F811
    from paritrana.awards.models import Evidence, SelfAssessment

    page.set_viewport_size(PHONE)
    for name in ("salah-unggah.pdf", "perbup-12-2025.pdf"):
        (tmp_path / name).write_bytes(PDF)
    _login(page, "ketapang")
    page.goto(f"/kandidat/{nominee.pk}/")
    for title, name in (
        ("Salah unggah", "salah-unggah.pdf"),
        ("Perbup 12/2025", "perbup-12-2025.pdf"),
    ):
        page.select_option("#id_kind", "inovasi")
        page.fill("#id_title", title)
        page.set_input_files("#id_file", str(tmp_path / name))
        # Sent with its progress shown (upload.js): the answer takes the page's place.
        page.get_by_role("button", name="Unggah", exact=True).click()
        expect(page.locator("#evidence")).to_contain_text(title)
    # The wrong one is removed while the self-assessment is not sent.
    follow(page, page.get_by_role("button", name="Hapus Salah unggah"))
    assert "Bukti “Salah unggah” sudah dihapus." in page.content()
    assert list(Evidence.objects.values_list("title", flat=True)) == ["Perbup 12/2025"]

    send = page.get_by_role("button", name="Kirim ke tim penilai")
    send.scroll_into_view_if_needed()
    _no_horizontal_scroll(page)
    send.click()  # the box is required: the browser keeps the form
    assert page.evaluate("document.querySelector('#yakin').validity.valueMissing")
    assert not SelfAssessment.objects.filter(submitted_at__isnull=False).exists()
    page.screenshot(path=str(ARTIFACTS / "confirm-phone-before.png"), full_page=True)

    page.get_by_label("Saya yakin").check()
    follow(page, send)
    assert page.locator("#submitted").is_visible()
    assert SelfAssessment.objects.get(nomination=nominee).submitted_at is not None
    remove = page.get_by_role("button", name="Hapus Perbup 12/2025")
    assert remove.is_disabled()
    assert "tidak dapat dihapus lagi" in page.locator("#removal-lock").inner_text()
    _no_horizontal_scroll(page)
    page.screenshot(path=str(ARTIFACTS / "confirm-phone-after.png"), full_page=True)
