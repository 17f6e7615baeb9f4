"""Smoke test of the browser infrastructure: the real app loads in Chromium, cleanly."""

from __future__ import annotations

import urllib.request

import pytest
from playwright.sync_api import expect

from tests.conftest import expect_rerun, screenshot, wait_idle
from ui.shell import SCREENS

TITLES = [title for _, title, _, _ in SCREENS]

pytestmark = pytest.mark.browser


def test_the_server_answers_its_health_check(streamlit_server):
    with urllib.request.urlopen(f"{streamlit_server}/_stcore/health", timeout=5) as resp:  # noqa: S310
        assert resp.read().strip() == b"ok"


def test_the_app_loads_with_its_navigation_and_no_console_errors(page, console_errors):
    page.goto("/")
    wait_idle(page)
    assert "Strength for runners" in page.title()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)
    nav_links = page.get_by_test_id("stSidebarNav").get_by_test_id("stSidebarNavLink")
    if len(SCREENS) > 1:
        expect(nav_links).to_have_count(len(SCREENS))
        for link, title in zip(nav_links.all(), TITLES, strict=True):
            expect(link).to_contain_text(title)
    else:
        # Streamlit hides the navigation when there is a single screen.
        expect(nav_links).to_have_count(0)
    screenshot(page, "smoke-first-screen")
    assert console_errors == []


# The default screen is served at "/"; the others at their own address.
ADDRESSES = [("/" if i == 0 else f"/{url}", title) for i, (_, title, _, url) in enumerate(SCREENS)]


@pytest.mark.parametrize(("address", "title"), ADDRESSES)
def test_every_screen_opens_by_its_address(page, console_errors, address, title):
    page.goto(address)
    wait_idle(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stMain")).to_be_visible()
    assert page.url.endswith(address), f"{title} was redirected to {page.url}"
    assert console_errors == []


def test_wait_helpers_see_a_rerun_the_test_caused(page):
    page.goto("/")
    wait_idle(page)
    before = page.evaluate("window.__stRunsFinished")
    assert before >= 1, "the first run of the script was not counted"
    with expect_rerun(page):
        page.locator("body").press("r")  # Streamlit's keyboard shortcut for "rerun"
    assert page.evaluate("window.__stRunsFinished") > before
    wait_idle(page)
