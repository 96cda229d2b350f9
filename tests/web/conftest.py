"""The real-browser fixture: Debian's Chromium driven by Playwright against the live server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def chromium_of_module():
    """One Chromium for a module's browser tests (each test gets a fresh context of its own:
    no cookie, storage or page kept from the one before). Starting Playwright's driver and
    the browser took 1.2-2.5 s for every test."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are
    # still synchronous and safe, so Django's async guard is relaxed while the browser is up.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def keep_local(context, base_url: str) -> list[str]:
    """Refuse every request of the browser context that leaves `base_url` (a CDN, a map tile
    server...). Returns the list the refused addresses go to: a test asserts it stays empty."""
    refused: list[str] = []

    def only_local(route):
        url = route.request.url
        if url.startswith(("http://", "https://")) and not url.startswith(base_url):
            refused.append(url)
            return route.abort()
        return route.continue_()

    context.route("**/*", only_local)
    return refused


@pytest.fixture
def page(chromium_of_module, live_server, transactional_db):
    from tests.regions_fixture import restore_regions

    restore_regions()
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium_of_module.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 900}
    )
    external = keep_local(context, live_server.url)
    new_page = context.new_page()
    # Anything the content security policy blocks, or any script error, fails the test.
    problems = []
    new_page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    new_page.on("pageerror", lambda error: problems.append(str(error)))
    yield new_page
    context.close()
    assert external == [], f"the page tried to reach the internet: {external}"
    assert problems == [], f"the browser reported: {problems}"


def follow(page, target) -> None:
    """Click a link or a submit button and wait until the next page has loaded.

    A click waits for the element, not for the answer: under load the next assertion would read
    the old page, or the new one before its stylesheet and script (a menu that does not open
    yet, a page wider than the phone). `target` is a locator or a CSS selector.
    """
    locator = page.locator(target) if isinstance(target, str) else target
    with page.expect_navigation():
        locator.click()


def log_in(page, username: str, password: str) -> None:
    """Log in through the form, as a reader does, and wait for the page it leads to."""
    page.goto("/masuk/")
    sign_in(page, username, password)


def sign_in(page, username: str, password: str) -> None:
    """Fill in and send the login form of the page shown (/masuk/), and wait for the next page."""
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    follow(page, page.locator("#login-form button[type=submit]"))


def open_menu(page, name: str) -> None:
    """Open one of the top bar's menus by the name a reader sees ("Penghargaan", "Data"...)."""
    from playwright.sync_api import expect

    page.wait_for_load_state()  # Bootstrap's script opens the menu: it must have run
    button = page.locator("header nav").get_by_role("button", name=name, exact=True)
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")


def log_out(page) -> None:
    """Log out the way a reader does: the account menu (named after the user), then Keluar."""
    page.wait_for_load_state()
    page.locator("#menu-account > button").click()
    follow(page, page.get_by_role("button", name="Keluar"))
