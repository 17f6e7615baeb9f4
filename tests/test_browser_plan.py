"""The plan screen in Chromium, with "today" pinned (RUNNER_TODAY) on this module's own server.

For several runners, one of them with running-week choices that cut the sessions a week:
- the dated sessions of the season agenda equal the CSV's and the calendar's;
- the next-session card shows the first session on or after the pinned today, and comes first;
- at 390 px nothing scrolls sideways (the main block's scrollWidth <= clientWidth);
- the visible text of the results and plan screens, collapsed sections opened (the "For coaches"
  detail excepted), holds no internal name (tests/internal_names.py);
- screenshots at 1280 and 390 px are kept under test-artifacts/.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pandas as pd
import pytest
from playwright.sync_api import expect

from assessments.examples import EXAMPLES, example_for_today
from assessments.model import Assessment
from assessments.planner import make_plan
from assessments.scoring import score
from assessments.season import coming_monday
from assessments.storage import dump_assessment
from tests.browser_helpers import download, open_screen, screenshot_screen, upload
from tests.conftest import expect_rerun, run_streamlit, wait_idle
from tests.internal_names import found_in

pytestmark = pytest.mark.browser

PINNED = date(2027, 3, 10)  # a Wednesday
WIDE, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
SESSION = re.compile(
    r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{1,2}) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec): "
    r"(session [A-Z]|light session|protocol work)\b"
)
CUT = "cut_days"  # a runner whose usable days cut the sessions a week
RESULTS_SCANNED = "masters_marathoner"


@pytest.fixture(scope="module")
def plan_server() -> Iterator[str]:
    with run_streamlit(env={"RUNNER_TODAY": PINNED.isoformat()}, log_name="plan-server") as url:
        yield url


@pytest.fixture(scope="module")
def browser_context_args(plan_server: str) -> dict[str, Any]:
    """This module's pages use its own server, a known time zone and a desktop width."""
    return {"base_url": plan_server, "viewport": WIDE, "timezone_id": "Europe/Berlin"}


def cut_days_runner() -> Assessment:
    """New to lifting, a half marathon in 14 weeks, strength possible on three days, two of
    them the day before a hard or long run: one session a week where two are planned."""
    d = example_for_today("road_5k_weak_hamstrings", PINNED).model_dump(mode="python")
    d["history"].update(age=34, strength_experience="none")
    race = {"name": "City Half", "date": PINNED + timedelta(weeks=14), "type": "half_marathon"}
    d["goals"].update(races=[race], offseason_start=None, offseason_end=None)
    week = {"mon": "easy", "tue": "hard", "wed": "easy", "thu": "hard", "fri": "easy"}
    week |= {"sat": "long", "sun": "rest"}
    d["goals"]["week"] = {
        day: {"run": run, "strength_ok": day in ("mon", "thu", "fri")} for day, run in week.items()
    }
    return Assessment.model_validate(d)


# --- what the screen and the files hold ------------------------------------------------------


def label(name: str) -> str:
    """The files' session name ("Strength A", "Light activation", "Protocol work (rehab)") in
    the agenda's words ("session A", "light session", "protocol work")."""
    if name.startswith("Light"):
        return "light session"
    if name.startswith("Protocol"):
        return "protocol work"
    return f"session {name.split()[1]}"


def short(d: date, name: str) -> tuple[str, str, str, str]:
    return (f"{d:%a}", str(d.day), f"{d:%b}", label(name))


def agenda_sessions(page: Any) -> list[tuple[str, str, str, str]]:
    return SESSION.findall(page.locator(".st-key-plan-agenda").inner_text())


def csv_sessions(text: str) -> list[tuple[date, str]]:
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    first = df.drop_duplicates(["date"])
    return [
        (date.fromisoformat(d), k) for d, k in zip(first["date"], first["session"], strict=True)
    ]


def ics_sessions(data: bytes) -> list[tuple[date, str]]:
    out = []
    for e in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        if str(e["summary"]) == "Retest the self-tests":  # a proposed retest day, not a session
            continue
        out.append((e.decoded("dtstart"), str(e["summary"]).split(":")[0]))
    return sorted(out)


def open_expanders(page: Any) -> None:
    """Open every collapsed section of the screen but the "For coaches" detail."""
    closed = page.locator('[data-testid="stMain"] details:not([open]) > summary')
    for i in range(closed.count() - 1, -1, -1):
        summary = closed.nth(i)
        if "For coaches" not in summary.inner_text():
            summary.click()
    wait_idle(page)


def runner_text_names(page: Any) -> list[str]:
    open_expanders(page)
    coaches = page.locator('[data-testid="stExpander"]', has_text="For coaches")
    expect(coaches).to_have_count(1)
    expect(coaches.locator("details")).not_to_have_attribute("open", "")
    return found_in(page.get_by_test_id("stMain").inner_text())


def before_card(page: Any) -> list[str]:
    """Elements drawn above the next-session card, other than headings."""
    return page.evaluate(
        """() => {
          const card = document.querySelector('.st-key-plan-next');
          const top = card.getBoundingClientRect().top;
          return [...document.querySelectorAll(
              '[data-testid="stMain"] [data-testid="stElementContainer"]')]
            .filter(e => !card.contains(e) && !e.querySelector('h1, h2, h3'))
            .filter(e => e.getBoundingClientRect().height > 0)
            .filter(e => e.getBoundingClientRect().bottom <= top)
            .map(e => e.innerText.slice(0, 80));
        }"""
    )


def between_card_and(page: Any, text: str) -> list[str] | str:
    """What is drawn between the next-session card and the message starting with `text`."""
    return page.evaluate(
        """([text]) => {
          const card = document.querySelector('.st-key-plan-next').getBoundingClientRect();
          const alert = [...document.querySelectorAll('[data-testid="stAlert"]')]
            .find(a => a.innerText.includes(text));
          if (!alert) return 'no such message';
          const top = alert.getBoundingClientRect().top;
          if (top < card.bottom) return 'the message is above the card';
          return [...document.querySelectorAll(
              '[data-testid="stMain"] [data-testid="stElementContainer"]')]
            .filter(e => !e.contains(alert))
            .map(e => [e, e.getBoundingClientRect()])
            .filter(([e, r]) => r.height > 0 && r.top >= card.bottom - 1 && r.bottom <= top + 1)
            .map(([e, r]) => e.innerText.slice(0, 60));
        }""",
        [text],
    )


def fits(page: Any) -> dict[str, list[int]]:
    """Wait (charts redraw after a resize) until nothing scrolls sideways; the widths then."""
    try:
        page.wait_for_function(
            """() => ['stMain', 'stMainBlockContainer'].every(id => {
                 const e = document.querySelector(`[data-testid="${id}"]`);
                 return e.scrollWidth <= e.clientWidth;
               })""",
            timeout=10_000,
        )
    except Exception:  # noqa: BLE001 - the assertion below reports what is too wide
        pass
    return sideways(page)


def sideways(page: Any) -> dict[str, list[int]]:
    """scrollWidth and clientWidth of the main area and its block."""
    return page.evaluate(
        """() => Object.fromEntries(['stMain', 'stMainBlockContainer'].map(id => {
             const e = document.querySelector(`[data-testid="${id}"]`);
             return [id, [e.scrollWidth, e.clientWidth]];
           }))"""
    )


def too_wide(page: Any) -> list[str]:
    """The outermost elements that reach past the main area's right edge (for a failure)."""
    return page.evaluate(
        """() => {
          const main = document.querySelector('[data-testid="stMain"]');
          const right = main.getBoundingClientRect().right;
          const wide = e => e && e.getBoundingClientRect().right > right + 1;
          return [...main.querySelectorAll('*')]
            .filter(e => wide(e) && !wide(e.parentElement))
            .slice(0, 5)
            .map(e => `${e.tagName} ${e.getAttribute('data-testid')} ${e.clientWidth}`);
        }"""
    )


# --- the journey ------------------------------------------------------------------------------


@pytest.mark.parametrize("runner", ["masters_marathoner", "trail_ankle_sprains", CUT])
def test_the_plan_screen_shows_the_dated_schedule_first_and_fits_a_phone(
    page, console_errors, tmp_path: Path, runner: str
):
    page.goto("/")
    wait_idle(page)
    if runner == CUT:
        a = cut_days_runner()
        payload = dump_assessment(a).encode()
        upload(page, {"name": "cut.json", "mimeType": "application/json", "buffer": payload})
    else:
        pill = page.get_by_test_id("stMain").get_by_text(EXAMPLES[runner], exact=True)
        with expect_rerun(page):
            pill.click()  # the examples are one click from the first screen
        expect(page.get_by_text("Loaded the example")).to_be_visible()

    if runner == RESULTS_SCANNED:  # (every example's results are scanned in AppTest too)
        open_screen(page, "Results")
        assert runner_text_names(page) == []

    open_screen(page, "Plan")
    expect(page.get_by_role("heading", name="Your next session")).to_be_visible()
    files = csv_sessions(download(page, "Download schedule (CSV)", tmp_path).read_text("utf-8"))
    calendar = ics_sessions(download(page, "Download calendar (.ics)", tmp_path).read_bytes())
    assert files == calendar and files
    assert agenda_sessions(page) == [short(d, k) for d, k in files]
    if runner == CUT:  # one session a week where two were planned, and the screen says why
        weeks = Counter(d.isocalendar()[:2] for d, _ in files)
        assert max(weeks.values()) == 1 and {f"{d:%a}" for d, _ in files} == {"Thu"}
        main = page.get_by_test_id("stMain").inner_text()
        assert "1 session this week instead of 2 planned" in main
        shortfall = make_plan(a, score(a), coming_monday(PINNED)).shortfall
        if shortfall:  # right under the next-session card, nothing in between
            assert between_card_and(page, shortfall[:40]) == []

    nxt, key = min((d, k) for d, k in files if d >= PINNED)
    card = page.locator(".st-key-plan-next").inner_text()
    assert f"{nxt:%A} {nxt.day} {nxt:%B %Y}" in card
    if key.startswith("Strength "):
        assert f"Strength session {key.split()[1]}" in card
    elif key.startswith("Light"):
        assert "Light activation session" in card
    assert before_card(page) == []
    screenshot_screen(page, f"plan-{runner}-1280")

    page.set_viewport_size(PHONE)
    wait_idle(page)
    for name, (scroll, client) in fits(page).items():
        assert scroll <= client, (name, scroll, client, too_wide(page))
    assert before_card(page) == []
    screenshot_screen(page, f"plan-{runner}-390")
    assert runner_text_names(page) == []
    for name, (scroll, client) in fits(page).items():  # opened sections fit too
        assert scroll <= client, (name, scroll, client)
    assert console_errors == []
