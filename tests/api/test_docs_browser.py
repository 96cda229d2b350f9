"""The interactive API documentation works in a real browser under the site's content security
policy, with nothing fetched from the internet (the `page` fixture fails on either)."""

from __future__ import annotations

import pytest

from tests.web.conftest import chromium_of_module, page  # noqa: F401  (the browser fixtures)

pytestmark = pytest.mark.browser


def test_swagger_ui_lists_the_operations_from_our_own_files(page):  # noqa: F811
    page.goto("/api/v1/docs")
    page.wait_for_selector("#operations-wilayah-paritrana_api_regions_region_list")
    assert page.locator(".opblock").count() >= 20
    assert "Paritrana API" in page.locator(".title").first.inner_text()
