"""Browser journeys across the screens, in Debian's Chromium against a real `streamlit run`.

What the runner sees is checked against the core: the results screen's ranking against
`score()`, the plan's session counts and the downloaded files against `make_plan()` for the
same answers and start date. Screens are opened through the sidebar, as a runner does.
The compare journey itself (a slider, a reload, plan B's files) is in
tests/test_browser_compare.py; here two runners use the compare screen side by side.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import pandas as pd
import pypdf
import pytest
from playwright.sync_api import expect

from assessments.examples import EXAMPLES, example_for_today
from assessments.exports import CSV_COLUMNS, schedule_csv
from assessments.focus import FOCUS_TITLES
from assessments.model import (
    BACK_QUESTIONS,
    BONE_HEALTH_QUESTIONS,
    ENERGY_QUESTIONS,
    ENERGY_SIGN_QUESTIONS,
    PARQ_QUESTIONS,
    Assessment,
)
from assessments.planner import Plan, make_plan
from assessments.scoring import score
from assessments.season import coming_monday
from assessments.storage import dump_assessment, parse_assessment
from tests.browser_helpers import (
    csv_cells,
    download,
    load_example,
    new_page,
    number,
    open_save_resume,
    open_screen,
    pick,
    radio,
    screenshot_screen,
    select,
    step,
    upload,
)
from tests.conftest import expect_rerun, wait_idle
from ui.shell import SCREENS

pytestmark = pytest.mark.browser

REQUIRED = list(CSV_COLUMNS[:13])
SESSIONS = re.compile(r"(\d+) strength sessions over (\d+) weeks")
BY_PHASE = re.compile(r"^(off-season|pre-season|in-season|taper): (\d+) sessions?$", re.M)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# --- what the screens show, read back ------------------------------------------------------


def main_text(page: Any) -> str:
    return page.get_by_test_id("stMain").inner_text()


def why_labels(page: Any) -> list[str]:
    """The results screen's "Why? <focus area>: <score>" expanders, in screen order."""
    texts = page.get_by_test_id("stExpander").locator("summary").all_inner_texts()
    return [t[t.index("Why?") :].strip() for t in texts if "Why?" in t]


def expected_why(a: Assessment) -> list[str]:
    return [f"Why? {FOCUS_TITLES[fs.area]}: {fs.score}" for fs in score(a).focus]


def plan_for(a: Assessment) -> Plan:
    """The plan the screen makes: the default start is the coming Monday."""
    return make_plan(a, score(a), coming_monday(date.today()))


def shown_sessions(page: Any) -> tuple[int, dict[str, int]]:
    """The plan screen's session count and its sessions per phase."""
    text = main_text(page)
    found = SESSIONS.search(text)
    assert found, text[:500]
    return int(found.group(1)), {p: int(n) for p, n in BY_PHASE.findall(text)}


def see_results(page: Any, a: Assessment) -> None:
    open_screen(page, "Results")
    expect(page.get_by_role("heading", name="Your results")).to_be_visible()
    expect(page.get_by_text("What to work on", exact=True)).to_be_visible()
    assert why_labels(page) == expected_why(a)
    assert "not a diagnosis" in main_text(page)


def see_plan(page: Any, a: Assessment) -> Plan:
    open_screen(page, "Plan")
    expect(page.get_by_role("heading", name="Your strength plan")).to_be_visible()
    plan = plan_for(a)
    total, by_phase = shown_sessions(page)
    assert total == len(plan.sessions)
    assert by_phase == {p.value: n for p, n in plan.sessions_by_phase().items()}
    expect(page.get_by_role("button", name="Download schedule (CSV)")).to_be_visible()
    return plan


def compare_totals(page: Any) -> tuple[str, str, str]:
    """The compare screen's "Strength sessions in all" row: plan A, plan B, difference."""
    row = page.get_by_test_id("stTable").locator("tbody tr", has_text="Strength sessions in all")
    cells = [c.strip() for c in row.locator("td, th").all_inner_texts()]
    return cells[1], cells[2], cells[3]


def no_exception(page: Any) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


# --- journeys ---------------------------------------------------------------------------------


def test_a_new_runner_fills_in_the_assessment_and_sees_results_and_plan(
    page, console_errors, tmp_path: Path
):
    """A man who counts in miles, with a 10 km race ahead: the path the other browser test
    (a woman training for fitness) does not take - no pregnancy questions, a race, miles."""
    page.goto("/")
    wait_idle(page)

    number(page, "Age (years)", "52")
    select(page, "Sex", "Male")
    radio(page, "Distance unit", "Miles")
    number(page, "Years running", "20")
    number(page, "Usual weekly distance (mi)", "30")
    number(page, "Longest run in the last month (mi)", "14")
    select(page, "Strength-training experience", "None")
    number(page, "Strength sessions per week now", "0")
    expect(page.get_by_role("button", name="Running history · complete")).to_be_visible()

    step(page, "Injuries and health")
    number(page, "Pain while running now (0 = none, 10 = worst)", "0")
    questions = {
        **PARQ_QUESTIONS,
        **BACK_QUESTIONS,
        **ENERGY_QUESTIONS,
        **ENERGY_SIGN_QUESTIONS,
        **BONE_HEALTH_QUESTIONS,
    }
    questions.pop("missed_periods")  # not asked of a man
    for question in questions.values():
        radio(page, question, "No")
    expect(page.get_by_role("radiogroup", name="Are you pregnant?")).to_have_count(0)
    expect(page.get_by_role("button", name="Injuries and health · complete")).to_be_visible()

    step(page, "Self-tests")
    number(page, "Left (reps)", "22")  # calf raises
    number(page, "Right (reps)", "20")
    number(page, "Left (reps)", "9", nth=1)  # hamstring bridge: weak, and uneven
    number(page, "Right (reps)", "16", nth=1)
    unticked = page.locator('[data-testid="stCheckbox"]:has(input:not(:checked))').get_by_text(
        "not tested", exact=False
    )
    while unticked.count() > 4:  # the first four are the two measured tests' sides
        with expect_rerun(page):
            unticked.nth(4).click()
    expect(page.get_by_role("button", name="Self-tests · complete")).to_be_visible()

    step(page, "Goals and week")
    with expect_rerun(page):
        page.get_by_role("button", name="Add a race").click()
    race_name = page.get_by_label("Race name", exact=True)
    with expect_rerun(page):
        race_name.fill("Harbour 10K")
        race_name.press("Enter")
    radio(page, "What matters most?", "Run faster")
    runs = ["Easy", "Hard", "Rest", "Hard", "Easy", "Long", "Rest"]
    for i, run in enumerate(runs):
        select(page, "Run", run, nth=i)
        pick(page, page.get_by_role("radiogroup", name="Strength?").nth(i), "Possible")
    number(page, "Minutes available per strength session", "45")
    select(page, "Equipment", "Dumbbells / kettlebells")
    expect(page.get_by_text("All done: your assessment is complete.")).to_be_visible()
    screenshot_screen(page, "journey-1-assessment")

    # What the runner entered, as the app saves it.
    open_save_resume(page)
    saved = download(page, "Download my assessment", tmp_path)
    a = parse_assessment(saved.read_bytes()).assessment
    assert a is not None
    assert (a.history.age, a.history.distance_unit.value, a.history.weekly_distance) == (
        52,
        "mi",
        30,
    )
    assert [r.name for r in a.goals.races] == ["Harbour 10K"]
    assert a.self_tests.hamstring_bridge.left == 9

    see_results(page, a)
    assert why_labels(page)[0].startswith("Why? Posterior chain")  # the weak bridge leads
    no_exception(page)
    screenshot_screen(page, "journey-2-results")

    plan = see_plan(page, a)
    race = a.goals.races[0].date
    expect(page.get_by_text(f"to your A race on {race:%A %d %B %Y}")).to_be_visible()
    assert plan.season.a_race is not None and plan.season.a_race.date == race
    no_exception(page)
    screenshot_screen(page, "journey-3-plan")
    assert console_errors == []


def test_a_runner_downloads_the_schedule_and_calendar_and_they_match_the_plan(
    page, console_errors, tmp_path: Path
):
    name = "trail_ankle_sprains"
    page.goto("/")
    wait_idle(page)
    load_example(page, EXAMPLES[name])
    a = example_for_today(name, date.today())
    plan = see_plan(page, a)
    total, by_phase = shown_sessions(page)

    csv_path = download(page, "Download schedule (CSV)", tmp_path)
    assert csv_path.suffix == ".csv"
    text = csv_path.read_text(encoding="utf-8")
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(df.columns[: len(REQUIRED)]) == REQUIRED
    assert "notes" not in set(df["session"])  # the plan's notes are in the coach CSV
    sessions = df.drop_duplicates(["date", "session"])
    assert len(sessions) == total  # one session per date, as the screen counts them
    main = sessions[sessions["session"] != "R"]  # the phases count main sessions, not rehab days
    assert main["phase"].value_counts().to_dict() == {p: n for p, n in by_phase.items() if n}
    dates = pd.to_datetime(df["date"], format="%Y-%m-%d").dt.date
    assert dates.min() >= plan.season.start and dates.max() < plan.season.a_race.date
    assert len(df) == sum(len(s.items) for s in plan.sessions)
    assert list(df["exercise"]) == [p.name for s in plan.sessions for p in s.items]
    assert text == schedule_csv(plan)  # exactly the core's file for these answers and start
    assert not [c for row in csv_cells(text) for c in row if c.startswith(FORMULA_START)]

    ics_path = download(page, "Download calendar (.ics)", tmp_path)
    assert ics_path.suffix == ".ics"
    cal = icalendar.Calendar.from_ical(ics_path.read_bytes())
    events = [e for e in cal.walk("VEVENT") if str(e["summary"]) != "Retest the self-tests"]
    assert len(events) == total
    assert sorted(e.decoded("dtstart") for e in events) == sorted(
        date.fromisoformat(d) for d in sessions["date"]
    )
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids)
    first = str(events[0]["description"])
    assert plan.sessions[0].items[0].name in first  # the exercises are in the description

    # Downloading again gives the same events, so a calendar app updates instead of duplicating.
    again = download(page, "Download calendar (.ics)", tmp_path / "again")
    assert [str(e["uid"]) for e in icalendar.Calendar.from_ical(again.read_bytes()).walk("VEVENT")]
    assert again.read_bytes() == ics_path.read_bytes()

    # The printable plan and the coach CSV: built on the click, the same sessions.
    pdf_path = download(page, "Download printable plan (PDF)", tmp_path)
    pages = pypdf.PdfReader(pdf_path).pages
    assert len(pages) >= 2 and "Not a diagnosis" in pages[0].extract_text()
    coach = pd.read_csv(download(page, "Download coach CSV (with the reasoning)", tmp_path))
    assert len(coach[coach["session"] != "notes"]) == len(df)
    assert (coach["session"] == "notes").sum() >= len(plan.notes)  # the plan's notes first
    assert console_errors == []


def test_a_runner_resumes_from_a_saved_file_and_goes_on_to_results_and_plan(
    page, console_errors, tmp_path: Path
):
    a = example_for_today("masters_marathoner", date.today())
    saved = tmp_path / "ruth-assessment.json"
    saved.write_text(dump_assessment(a), encoding="utf-8")

    page.goto("/")
    wait_idle(page)
    expect(page.get_by_label("Age (years)", exact=True)).to_have_value("")
    upload(page, saved)
    expect(page.get_by_text("Loaded ruth-assessment.json")).to_be_visible()
    expect(page.get_by_label("Age (years)", exact=True)).to_have_value("58")
    expect(page.get_by_label("Your name or nickname (optional, for coaches)")).to_have_value(
        "Ruth (example)"
    )
    for title in ("Running history", "Injuries and health", "Self-tests", "Goals and week"):
        expect(page.get_by_role("button", name=f"{title} · complete")).to_be_visible()

    see_results(page, a)
    see_plan(page, a)
    race = a.goals.a_race(coming_monday(date.today()))
    assert race is not None
    expect(page.get_by_text(f"to your A race on {race.date:%A %d %B %Y}")).to_be_visible()
    assert console_errors == []


def test_every_screen_draws_without_console_errors_and_is_kept_as_a_screenshot(
    page, console_errors
):
    """Each screen with a complete example, then the referral versions for a red flag."""
    page.goto("/")
    wait_idle(page)
    load_example(page, EXAMPLES["masters_marathoner"])
    for _, title, _, url in SCREENS:
        open_screen(page, title)
        no_exception(page)
        expect(page.get_by_test_id("stSkeleton")).to_have_count(0)
        screenshot_screen(page, f"screen-{url}")
    open_screen(page, "Assessment")
    load_example(page, EXAMPLES["red_flag_bone_stress"])
    for title, url in (("Results", "results"), ("Plan", "plan")):
        open_screen(page, title)
        no_exception(page)
        expect(page.get_by_text("Please see a professional").first).to_be_visible()
        screenshot_screen(page, f"screen-{url}-referral")
    expect(page.get_by_role("button", name="Download schedule (CSV)")).to_have_count(0)
    assert console_errors == []


def test_two_runners_at_once_never_see_each_others_answers_findings_or_plan(
    page, console_errors, browser, browser_context_args
):
    ours, theirs = "road_5k_weak_hamstrings", "masters_marathoner"
    a_ours, a_theirs = (example_for_today(n, date.today()) for n in (ours, theirs))
    assert expected_why(a_ours) != expected_why(a_theirs)  # so a mix-up would show
    other_ctx, other = new_page(browser, browser_context_args["base_url"], console_errors)
    try:
        for p in (page, other):
            p.goto("/")
            wait_idle(p)
        # Interleaved: each step is taken by one runner while the other's session is live.
        load_example(page, EXAMPLES[ours])
        load_example(other, EXAMPLES[theirs])
        name_box = "Your name or nickname (optional, for coaches)"
        expect(page.get_by_label(name_box)).to_have_value("Maya (example)")
        expect(other.get_by_label(name_box)).to_have_value("Ruth (example)")
        expect(page.get_by_label("Age (years)", exact=True)).to_have_value("29")
        expect(other.get_by_label("Age (years)", exact=True)).to_have_value("58")

        see_results(page, a_ours)
        see_results(other, a_theirs)
        with expect_rerun(page):  # a rerun of ours after theirs changed: still ours
            page.locator("body").press("r")
        assert why_labels(page) == expected_why(a_ours)

        see_plan(other, a_theirs)
        see_plan(page, a_ours)
        for p, a in ((page, a_ours), (other, a_theirs)):
            race = a.goals.a_race(coming_monday(date.today()))
            assert race is not None
            expect(p.get_by_text(f"to your A race on {race.date:%A %d %B %Y}")).to_be_visible()
        assert "Ruth" not in main_text(page) and "Maya" not in main_text(other)

        # The compare screen shares its plans between sessions through a cache: each runner
        # still sees their own plan, and one's slider leaves the other's comparison alone.
        for p, a in ((page, a_ours), (other, a_theirs)):
            open_screen(p, "Compare")
            total = str(len(plan_for(a).main_sessions))
            assert compare_totals(p) == (total, total, "0")
        theirs_before = (other.url, compare_totals(other))
        in_season = page.get_by_role("slider", name="Sessions a week in season")
        in_season.focus()
        with expect_rerun(page):
            in_season.press("Home")
        expect(in_season).to_have_value("0")
        ours_a, ours_b, _ = compare_totals(page)
        assert ours_a == str(len(plan_for(a_ours).main_sessions)) and ours_b != ours_a
        with expect_rerun(other):
            other.locator("body").press("r")
        assert (other.url, compare_totals(other)) == theirs_before
        assert "b_sessions_in" not in other.url

        open_screen(other, "Assessment")
        expect(other.get_by_label("Age (years)", exact=True)).to_have_value("58")
        open_screen(page, "Assessment")
        expect(page.get_by_label("Age (years)", exact=True)).to_have_value("29")
    finally:
        other_ctx.close()
    assert console_errors == []
