"""Browser: a retest with a smaller left/right gap shows on Progress, and the history survives
the downloaded file being uploaded in a fresh browser context."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from assessments.examples import example_for_today
from assessments.history import timeline
from assessments.model import Assessment
from assessments.storage import dump_assessment, parse_assessment
from tests.browser_helpers import (
    download,
    new_page,
    number,
    open_save_resume,
    open_screen,
    screenshot_screen,
    step,
    upload,
)
from tests.conftest import click_for_rerun, expect_rerun, wait_idle

pytestmark = pytest.mark.browser

BEFORE = (
    "Single-leg calf raises: your left side went from 18 to 24 reps; your right side went "
    "from 24 to 25 reps; the gap closed from 25% to 4% (over 10% counts as uneven)."
)


def _six_weeks_ago() -> Assessment:
    a = example_for_today("masters_marathoner", date.today() - timedelta(weeks=6))
    data = a.model_dump(mode="python")
    data["self_tests"]["calf_raise"] |= {"left": 18, "right": 24}
    return Assessment.model_validate(data)


def _progress_text(page: Any) -> str:
    return page.get_by_test_id("stMain").inner_text()


def test_a_retest_with_a_smaller_gap_shows_on_progress_and_survives_the_file(
    page, browser, streamlit_server, console_errors, tmp_path: Path
):
    first = _six_weeks_ago()
    saved = tmp_path / "six-weeks-ago.json"
    saved.write_text(dump_assessment(first), encoding="utf-8")
    page.goto("/")
    wait_idle(page)
    upload(page, saved)
    expect(page.get_by_text("Loaded six-weeks-ago.json")).to_be_visible()

    open_screen(page, "Progress")
    expect(page.get_by_text("One assessment so far")).to_be_visible()

    open_screen(page, "Assessment")
    step(page, "Self-tests")
    page.get_by_text("Retest now (every 6 weeks or so)").click()
    wait_idle(page)  # the expander's widgets load their code lazily: click the drawn button
    click_for_rerun(page, page.get_by_role("button", name="Retest now"))
    expect(page.get_by_text("Retest started")).to_be_visible()
    number(page, "Left (reps)", "24")  # calf raises
    number(page, "Right (reps)", "25")
    unticked = page.locator('[data-testid="stCheckbox"]:has(input:not(:checked))').get_by_text(
        "not tested", exact=False
    )
    while unticked.count() > 2:  # the first two are the calf raises' sides
        with expect_rerun(page):
            unticked.nth(2).click()
    expect(page.get_by_role("button", name="Self-tests · complete")).to_be_visible()

    open_screen(page, "Progress")
    expect(page.get_by_text("2 assessments.").first).to_be_visible()
    expect(page.get_by_text(BEFORE).first).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(3)
    assert "Not scored" not in _progress_text(page)  # the retest is complete, so scored
    screenshot_screen(page, "progress-after-retest")

    open_screen(page, "Assessment")
    open_save_resume(page)
    path = download(page, "Download my assessment", tmp_path)
    a = parse_assessment(path.read_bytes()).assessment
    assert a is not None
    assert [e.self_tests.calf_raise.left for e in timeline(a)] == [18, 24]
    assert a.earlier[0].assessed_on == first.assessed_on and a.assessed_on == date.today()

    context, other = new_page(browser, streamlit_server, console_errors)
    try:
        other.goto("/")
        wait_idle(other)
        upload(other, path)
        expect(other.get_by_text(f"Loaded {path.name}")).to_be_visible()
        open_screen(other, "Progress")
        expect(other.get_by_text("2 assessments.").first).to_be_visible()
        expect(other.get_by_text(BEFORE).first).to_be_visible()
        expect(other.get_by_test_id("stVegaLiteChart")).to_have_count(3)
    finally:
        context.close()
    assert [e for e in console_errors if "ERR_NAME_NOT_RESOLVED" not in e] == []
