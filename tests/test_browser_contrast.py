"""Browser: every visible text on the results, plan and compare screens reaches WCAG AA contrast.

The contrast of each text node is computed in the page (tests/contrast.js): its colour, with
its alpha and its ancestors' opacity, over the background it sits on. AA asks 4.5:1 for body
text; the test holds every text to it, captions and chart text drawn as SVG included.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import open_screen
from tests.conftest import expect_rerun, screenshot, wait_idle

pytestmark = pytest.mark.browser

AA = 4.5
CONTRAST_JS = (Path(__file__).parent / "contrast.js").read_text(encoding="utf-8")


def low_contrast(page: Any) -> list[dict[str, Any]]:
    """The screen's texts below AA; also checks its charts were measured and are named."""
    found = page.evaluate(CONTRAST_JS)
    assert len(found) > 20, "the walk found almost no text: the page did not draw"
    assert any(t["tag"] == "text" for t in found), "no chart text (SVG) was measured"
    names = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
            .map(c => [c.getAttribute('role'), c.getAttribute('aria-label') || ''])"""
    )
    assert names and all(r == "graphics-document" and len(n) > 20 for r, n in names), names
    return [t for t in found if t["ratio"] < AA]


def test_every_visible_text_reaches_aa_contrast(page, console_errors):
    page.goto("/compare")
    wait_idle(page)
    with expect_rerun(page):
        page.get_by_role("button", name="Load this example").click()
    expect(page.get_by_role("heading", name="The differences")).to_be_visible()
    page.get_by_test_id("stVegaLiteChart").last.scroll_into_view_if_needed()
    failing = {"compare": low_contrast(page)}
    for title in ("Plan", "Results"):
        open_screen(page, title)
        page.get_by_test_id("stVegaLiteChart").last.scroll_into_view_if_needed()
        failing[title.lower()] = low_contrast(page)
    screenshot(page, "contrast-results")
    assert {k: v for k, v in failing.items() if v} == {}
    # The sidebar's icons come from Google's font server, which a machine offline cannot reach.
    assert [e for e in console_errors if "ERR_NAME_NOT_RESOLVED" not in e] == []
