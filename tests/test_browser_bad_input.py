"""Bad input that needs a real browser or a real server: what the runner actually sees.

The browser checks number ranges and the upload size itself (server.maxUploadSize), before
anything reaches the app; hostile text must stay text in the real DOM; a broken rules file
must leave the server up for everyone. AppTest-level cases are in tests/test_bad_input.py.
"""

from __future__ import annotations

import shutil
import urllib.request
from datetime import date
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect

from assessments.examples import EXAMPLES, example_for_today
from assessments.focus import FOCUS_TITLES
from assessments.scoring import score
from assessments.storage import dump_assessment
from assessments.tables import SHIPPED_RULES_DIR
from tests.browser_helpers import (
    RESUME_UPLOADER,
    csv_cells,
    download,
    load_example,
    new_page,
    number,
    open_save_resume,
    open_screen,
    screenshot_screen,
    step,
    upload,
    uploader_input,
)
from tests.conftest import run_streamlit, wait_idle
from tests.test_bad_input import _broken_rules

pytestmark = pytest.mark.browser

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
OUT_OF_RANGE = "Number is outside the allowed range. Please enter a value between {} and {}."


def test_typing_an_out_of_range_number_shows_the_limits_and_keeps_the_answer(page, console_errors):
    page.goto("/")
    wait_idle(page)
    number(page, "Age (years)", "40")
    age = page.get_by_label("Age (years)", exact=True)
    runs = page.evaluate("window.__stRunsFinished")
    age.fill("150")
    age.press("Enter")
    expect(page.get_by_text(OUT_OF_RANGE.format(12, 100))).to_be_visible()

    step(page, "Injuries and health")
    pain = page.get_by_label("Pain while running now (0 = none, 10 = worst)", exact=True)
    number(page, "Pain while running now (0 = none, 10 = worst)", "2")
    pain.fill("11")
    pain.press("Enter")
    expect(page.get_by_text(OUT_OF_RANGE.format(0, 10))).to_be_visible()

    step(page, "Running history")
    expect(age).to_have_value("40")  # the last good answer, kept
    step(page, "Injuries and health")
    expect(pain).to_have_value("2")
    # Only the step changes and the pain answer ran the app: the refused numbers did not.
    assert page.evaluate("window.__stRunsFinished") == runs + 4
    assert console_errors == []


def test_a_10_mb_file_is_refused_in_the_browser_and_the_answers_are_kept(page, console_errors):
    page.goto("/")
    wait_idle(page)
    number(page, "Age (years)", "44")
    open_save_resume(page)
    runs = page.evaluate("window.__stRunsFinished")
    uploader_input(page, RESUME_UPLOADER).set_input_files(
        {"name": "huge.json", "mimeType": "application/json", "buffer": b"[" * (10 * 1024 * 1024)}
    )
    refusal = page.get_by_test_id("stFileUploader").first.get_by_role("alert")
    expect(refusal).to_have_text("Error: File must be 1.0MB or smaller.")
    screenshot_screen(page, "bad-input-10mb-upload")
    expect(page.get_by_text("Loaded huge.json")).to_have_count(0)
    expect(page.get_by_label("Age (years)", exact=True)).to_have_value("44")
    assert page.evaluate("window.__stRunsFinished") == runs  # nothing reached the app
    assert console_errors == []


HOSTILE_NAME = "<script>alert('x')</script>"
HOSTILE_NOTE = '<img src=x onerror=alert(1)> =HYPERLINK("http://evil.example","Click") **b**'
HOSTILE_RACE = '=HYPERLINK("http://evil.example","Click")'


def no_markup(page) -> None:
    """Nothing the runner typed became an element of the page."""
    main = page.get_by_test_id("stMain")
    expect(main.locator('img[src="x"]')).to_have_count(0)
    expect(main.locator("script")).to_have_count(0)
    expect(main.locator("b", has_text="evil")).to_have_count(0)


def test_hostile_text_stays_text_on_every_screen_and_out_of_the_csvs_formulas(
    page, console_errors, tmp_path: Path
):
    a = example_for_today("cleared_after_bone_stress", date.today())
    data = a.model_dump(mode="python")
    data["runner_name"] = HOSTILE_NAME
    data["health"]["clearance_note"] = HOSTILE_NOTE
    data["goals"]["races"][0]["name"] = HOSTILE_RACE
    data["health"]["injuries"][0]["note"] = "@cmd|' /C calc'!A0"
    content = dump_assessment(type(a).model_validate(data)).encode()
    file = {"name": "<b>evil</b>.json", "mimeType": "application/json", "buffer": content}
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    page.goto("/")
    wait_idle(page)
    upload(page, file)
    expect(page.get_by_text("Loaded <b>evil</b>.json")).to_be_visible()
    expect(page.get_by_label("Your name or nickname (optional, for coaches)")).to_have_value(
        HOSTILE_NAME
    )
    step(page, "Goals and week")
    expect(page.get_by_label("Race name", exact=True)).to_have_value(HOSTILE_RACE)
    no_markup(page)

    open_screen(page, "Results")
    expect(page.get_by_text(HOSTILE_NOTE)).to_be_visible()  # the clearance note, as text
    no_markup(page)
    screenshot_screen(page, "bad-input-hostile-results")

    open_screen(page, "Plan")
    page.get_by_text("Notes about this plan").click()
    expect(page.get_by_text(HOSTILE_NOTE, exact=False)).to_be_visible()
    no_markup(page)
    assert dialogs == []

    text = download(page, "Download schedule (CSV)", tmp_path).read_text(encoding="utf-8")
    cells = [c for row in csv_cells(text) for c in row]
    assert cells and not [c for c in cells if c.startswith(FORMULA_START)]
    cal = icalendar.Calendar.from_ical(
        download(page, "Download calendar (.ics)", tmp_path).read_bytes()
    )
    assert str(cal["x-wr-calname"]) == f"Strength plan - {HOSTILE_NAME}"  # data, not markup
    assert console_errors == []


def _health(url: str) -> bytes:
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as resp:  # noqa: S310
        return resp.read().strip()


def test_a_broken_rules_row_shows_the_error_and_the_server_keeps_serving_everyone(
    browser, console_errors, tmp_path: Path
):
    rules = tmp_path / "rules"
    shutil.copytree(SHIPPED_RULES_DIR, rules)
    problem = _broken_rules(rules)
    ours = example_for_today("masters_marathoner", date.today())
    theirs = example_for_today("road_5k_weak_hamstrings", date.today())
    env = {"RUNNER_RULES_DIR": str(rules)}
    with run_streamlit(env=env, log_name="broken-rules-server") as url:
        ctx, runner = new_page(browser, url, console_errors)
        other_ctx, other = new_page(browser, url, console_errors)
        try:
            runner.goto("/")
            wait_idle(runner)
            load_example(runner, EXAMPLES["masters_marathoner"])
            open_screen(runner, "Results")
            expect(runner.get_by_text("The rules tables have a problem")).to_be_visible()
            expect(runner.get_by_test_id("stCode")).to_contain_text(problem)
            expect(runner.get_by_test_id("stException")).to_have_count(0)
            screenshot_screen(runner, "screen-results-broken-rules")
            open_screen(runner, "Plan")
            expect(runner.get_by_text("The rules tables have a problem")).to_be_visible()
            expect(runner.get_by_test_id("stCode")).to_contain_text(problem)
            assert _health(url) == b"ok"

            # Another runner, meanwhile, fills in their assessment as usual.
            other.goto("/")
            wait_idle(other)
            number(other, "Age (years)", "33")
            load_example(other, EXAMPLES["road_5k_weak_hamstrings"])
            expect(other.get_by_label("Age (years)", exact=True)).to_have_value("29")

            # A coach fixes the cell: both see their results, no restart, nothing re-entered.
            shutil.copy(SHIPPED_RULES_DIR / "findings.csv", rules / "findings.csv")
            for p, a in ((other, theirs), (runner, ours)):
                open_screen(p, "Results")
                top = score(a).focus[0]
                expect(p.get_by_text(f"Why? {FOCUS_TITLES[top.area]}: {top.score}")).to_be_visible()
            assert _health(url) == b"ok"
        finally:
            ctx.close()
            other_ctx.close()
    assert console_errors == []
