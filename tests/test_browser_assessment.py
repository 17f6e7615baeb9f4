"""Browser journey: a new runner fills in the four steps, saves the file, and resumes from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessments.completeness import missing
from assessments.model import (
    BACK_QUESTIONS,
    BONE_HEALTH_QUESTIONS,
    ENERGY_QUESTIONS,
    ENERGY_SIGN_QUESTIONS,
    PARQ_QUESTIONS,
    SCHEMA_VERSION,
    WEEKDAYS,
)
from assessments.storage import parse_assessment
from tests.browser_helpers import RESUME_UPLOADER, number, pick, radio, select, step, uploader_input
from tests.conftest import _RUN_COUNTER, expect_rerun, screenshot, wait_idle

pytestmark = pytest.mark.browser


def test_new_runner_fills_saves_and_resumes(
    page, console_errors, browser, browser_context_args, tmp_path: Path
):
    page.goto("/")
    wait_idle(page)

    # 1. Running history
    number(page, "Age (years)", "38")
    select(page, "Sex", "Female")
    number(page, "Years running", "5")
    number(page, "Usual weekly distance (km)", "40")
    number(page, "Longest run in the last month (km)", "18")
    select(page, "Strength-training experience", "Under 6 months")
    number(page, "Strength sessions per week now", "1")
    expect(page.get_by_role("button", name="Running history · complete")).to_be_visible()
    screenshot(page, "assessment-1-history")

    # 2. Injuries and health
    step(page, "Injuries and health")
    number(page, "Pain while running now (0 = none, 10 = worst)", "0")
    questions = {
        **PARQ_QUESTIONS,
        **BACK_QUESTIONS,
        **ENERGY_QUESTIONS,
        **ENERGY_SIGN_QUESTIONS,
        **BONE_HEALTH_QUESTIONS,
    }
    for question in questions.values():
        radio(page, question, "No")
    radio(page, "Are you pregnant?", "No")
    expect(page.get_by_role("button", name="Injuries and health · complete")).to_be_visible()
    screenshot(page, "assessment-2-health")

    # 3. Self-tests: measure one, skip the rest
    step(page, "Self-tests")
    number(page, "Left (reps)", "24")  # calf raises, left
    number(page, "Right (reps)", "21")  # calf raises, right
    unticked = page.locator('[data-testid="stCheckbox"]:has(input:not(:checked))').get_by_text(
        "not tested", exact=False
    )
    while unticked.count() > 2:  # the first two belong to the calf raises, measured above
        with expect_rerun(page):
            unticked.nth(2).click()
    expect(page.get_by_role("button", name="Self-tests · complete")).to_be_visible()
    screenshot(page, "assessment-3-self-tests")

    # 4. Goals and week
    step(page, "Goals and week")
    with expect_rerun(page):
        page.get_by_text("No race planned: I train for general fitness").click()
    radio(page, "What matters most?", "Both")
    runs = {
        "mon": "Rest",
        "tue": "Hard",
        "wed": "Easy",
        "thu": "Hard",
        "fri": "Rest",
        "sat": "Long",
        "sun": "Easy",
    }
    for i, wd in enumerate(WEEKDAYS):
        select(page, "Run", runs[wd], nth=i)
        pick(page, page.get_by_role("radiogroup", name="Strength?").nth(i), "Possible")
    number(page, "Minutes available per strength session", "40")
    select(page, "Equipment", "Resistance bands")
    expect(page.get_by_text("All done: your assessment is complete.")).to_be_visible()
    screenshot(page, "assessment-4-goals")

    # Save the file
    page.get_by_text("Save, resume or try an example").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my assessment").click()
    saved = tmp_path / "mine.json"
    download.value.save_as(saved)
    result = parse_assessment(saved.read_bytes())
    assert result.assessment is not None, result.errors
    a = result.assessment
    assert missing(a) == []
    assert (a.history.age, a.history.weekly_distance, a.self_tests.calf_raise.left) == (38, 40, 24)
    assert a.goals.week["tue"].run == "hard" and a.goals.general_fitness

    # A fresh session (new browser context) starts empty, then resumes from the file.
    fresh = browser.new_context(**browser_context_args)
    other = fresh.new_page()
    other.add_init_script(_RUN_COUNTER)
    other.on("pageerror", lambda exc: console_errors.append(f"pageerror: {exc}"))
    other.goto("/")
    wait_idle(other)
    expect(other.get_by_label("Age (years)", exact=True)).to_have_value("")
    other.get_by_text("Save, resume or try an example").click()
    with expect_rerun(other):
        uploader_input(other, RESUME_UPLOADER).set_input_files(str(saved))
    expect(other.get_by_text("Loaded mine.json")).to_be_visible()
    expect(other.get_by_label("Age (years)", exact=True)).to_have_value("38")
    expect(other.get_by_role("button", name="Running history · complete")).to_be_visible()
    expect(other.get_by_role("button", name="Goals and week · complete")).to_be_visible()
    screenshot(other, "assessment-5-resumed")
    fresh.close()
    assert console_errors == []
    assert json.loads(saved.read_text())["schema_version"] == SCHEMA_VERSION
