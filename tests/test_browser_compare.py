"""Browser: a runner compares plans with a slider, reloads, and downloads plan B's schedule.

These tests run their own server with the app's timing log switched on, so they can check on
the server's side that a slider move reran only the comparison (a `fragment:compare` record
and no new `page:compare` record).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from assessments.compare import controls, plan_options
from assessments.examples import EXAMPLES, example_for_today
from assessments.exports import CSV_COLUMNS
from assessments.planner import make_plan
from assessments.scoring import score
from assessments.season import coming_monday
from tests.browser_helpers import open_screen, upload
from tests.conftest import expect_rerun, run_streamlit, screenshot, wait_idle

pytestmark = pytest.mark.browser

EXAMPLE = next(iter(EXAMPLES))  # the example the screen offers first
IN_SEASON = "Sessions a week in season"


@pytest.fixture(scope="module")
def compare_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    log = tmp_path_factory.mktemp("timing") / "timing.jsonl"
    env = {"RUNNER_TIMING_LOG": str(log)}
    with run_streamlit(env=env, log_name="compare-server") as url:
        yield url, log


@pytest.fixture(scope="module")
def browser_context_args(compare_server: tuple[str, Path]) -> dict[str, Any]:
    """This module's pages use its own server (overrides conftest's for this module)."""
    return {"base_url": compare_server[0], "viewport": {"width": 1400, "height": 1000}}


def watch_404s(page: Any) -> list[str]:
    """URLs answered with 404. Opening a screen by its URL (/compare?...) makes Streamlit's
    frontend first look for its server under that path (/compare/_stcore/health and
    host-config) before it falls back to the root; those two 404s are expected."""
    found: list[str] = []
    page.on("response", lambda r: found.append(r.url) if r.status == 404 else None)
    return found


def assert_no_console_errors(console_errors: list[str], not_found: list[str]) -> None:
    """conftest leaves out Streamlit's own probing 404s; check those were the only 404s."""
    expected = [u for u in not_found if re.search(r"/compare/_stcore/(health|host-config)$", u)]
    assert expected == not_found, not_found
    assert console_errors == []


def records(log: Path) -> list[str]:
    """The runs in the timing log (page and fragment runs; not the autosave inside them)."""
    whats = [json.loads(line)["what"] for line in log.read_text().splitlines() if line.strip()]
    return [w for w in whats if not w.startswith("autosave")]


def open_compare_with_example(page: Any, query: str = "") -> None:
    """Open the compare screen (with settings in the URL) and load the first example there."""
    page.goto("/compare" + query)
    wait_idle(page)
    expect(page.get_by_text("comparison needs a complete assessment")).to_be_visible()
    with expect_rerun(page):
        page.get_by_role("button", name="Load this example").click()
    expect(page.get_by_role("heading", name="The differences")).to_be_visible()


def difference_table(page: Any) -> dict[str, tuple[str, str, str]]:
    table = page.get_by_test_id("stTable")
    rows = table.locator("tbody tr")
    expect(rows.first).to_be_visible()
    out = {}
    for i in range(rows.count()):
        cells = [c.strip() for c in rows.nth(i).locator("td, th").all_inner_texts()]
        out[cells[0]] = (cells[1], cells[2], cells[3])
    return out


def plan_b(sessions_inseason: int):
    a = example_for_today(EXAMPLE, date.today())
    start = coming_monday(date.today())
    rec = make_plan(a, score(a), start)
    ctl = controls(a, start, rec)
    s = replace(ctl.recommended, sessions_inseason=sessions_inseason)
    return rec, make_plan(a, score(a), start, options=plan_options(s, ctl.recommended)), ctl


def test_slider_changes_plan_b_reruns_only_the_comparison_and_survives_a_reload(
    page, console_errors, compare_server, tmp_path
):
    _, log = compare_server
    not_found = watch_404s(page)
    page.goto("/")  # the app's entry first, as a runner arriving at the app does
    wait_idle(page)
    open_compare_with_example(page)
    rec, variant, ctl = plan_b(0)
    before = difference_table(page)
    assert before["Strength sessions in all"] == (str(len(rec.main_sessions)),) * 2 + ("0",)
    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.scroll_into_view_if_needed()
    chart_before = chart.screenshot()
    slider = page.get_by_role("slider", name=IN_SEASON)
    assert slider.input_value() == str(ctl.recommended.sessions_inseason)
    seen = records(log)

    slider.focus()
    with expect_rerun(page):
        slider.press("Home")  # the lowest value: no in-season sessions
    expect(slider).to_have_value("0")
    after = difference_table(page)
    assert after != before
    assert after["Strength sessions in all"] == (
        str(len(rec.main_sessions)),
        str(len(variant.main_sessions)),
        f"−{len(rec.sessions) - len(variant.sessions)}",
    )
    assert after["Sessions in the in-season"][1] == "0"
    expect(page.get_by_text("Outside the evidence.").last).to_be_visible()
    page.wait_for_timeout(500)  # let Vega finish drawing the new data
    assert chart.screenshot() != chart_before
    new = records(log)[len(seen) :]
    assert new == ["fragment:compare"]  # the comparison reran, the page did not
    assert "b_sessions_in=0" in page.url
    screenshot(page, "compare-variant")

    # A reload is a new session: the answers come back from this browser, the comparison from
    # the URL.
    url = page.url
    page.reload()
    wait_idle(page)
    assert page.url == url
    expect(page.get_by_text("Continue with Maya (example)’s answers")).to_be_visible()
    expect(page.get_by_role("slider", name=IN_SEASON)).to_have_value("0")
    assert difference_table(page) == after

    # Plan B's schedule: downloading it reruns nothing, and its rows are plan B's.
    seen = records(log)
    with page.expect_download() as info:
        page.get_by_role("button", name="Plan B schedule (CSV)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name.endswith("-plan-b.csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert tuple(rows[0][: len(CSV_COLUMNS)]) == CSV_COLUMNS
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert len(body) == sum(len(s.items) for s in variant.sessions)
    assert [r["date"] for r in body] == [
        s.date.isoformat() for s in variant.sessions for _ in s.items
    ]
    assert not [r for r in body if r["phase"] == "in-season"]
    assert [r["exercise"] for r in body] == [p.name for s in variant.sessions for p in s.items]
    page.wait_for_timeout(500)
    assert records(log) == seen  # no rerun for a download
    assert_no_console_errors(console_errors, not_found)


def test_swap_and_reset_rerun_the_comparison_and_keep_the_url_in_step(
    page, console_errors, compare_server
):
    _, log = compare_server
    not_found = watch_404s(page)
    page.goto("/")
    wait_idle(page)
    open_compare_with_example(page, "?b_sessions_in=0")
    slider = page.get_by_role("slider", name=IN_SEASON)
    expect(slider).to_have_value("0")
    expect(page.get_by_role("heading", name="Plan B: a variant")).to_be_visible()
    seen = records(log)
    with expect_rerun(page):
        page.get_by_role("button", name="Swap A and B").click()
    expect(page.get_by_role("heading", name="Plan A: a variant")).to_be_visible()
    assert records(log)[len(seen) :] == ["fragment:compare"]
    expect(page.get_by_role("heading", name="Plan B: the recommendation")).to_be_visible()
    assert "plan_a=in0" in page.url and "b_sessions_in" not in page.url
    with expect_rerun(page):
        page.get_by_role("button", name="Swap A and B").click()
    expect(slider).to_have_value("0")
    assert "plan_a" not in page.url and "b_sessions_in=0" in page.url
    with expect_rerun(page):
        page.get_by_role("button", name="Reset B to the recommendation").click()
    expect(page.get_by_role("heading", name="Plan B: the recommendation")).to_be_visible()
    assert "b_sessions_in" not in page.url
    screenshot(page, "compare-reset")
    assert_no_console_errors(console_errors, not_found)


TWO_DAYS = {
    d: {"run": run, "strength_ok": d in ("tue", "thu")}
    for d, run in zip(
        ("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
        ["easy", "hard", "easy", "hard", "rest", "long", "rest"],
        strict=True,
    )
}


def test_a_runner_with_two_usable_days_and_no_offseason_sees_what_the_sliders_can_do(
    page, console_errors, compare_server
):
    """The sliders say what the runner's days allow before anything moves; the off-season one
    is off, with its reason; after a move the table and the message hold the plans' counts."""
    a = example_for_today(EXAMPLE, date.today())
    a = a.model_copy(
        update={
            "goals": a.goals.model_copy(
                update={
                    "offseason_start": None,
                    "offseason_end": None,
                    "week": type(a.goals).model_validate({"week": TWO_DAYS}).week,
                }
            )
        }
    )
    page.goto("/")
    wait_idle(page)
    upload(
        page,
        {
            "name": "runner.json",
            "mimeType": "application/json",
            "buffer": a.model_dump_json().encode(),
        },
    )
    open_screen(page, "Compare")
    expect(page.get_by_role("heading", name="The differences")).to_be_visible()
    expect(
        page.get_by_text("Your usable days (Tue, Thu) allow at most 2 sessions a week.")
    ).to_be_visible()
    expect(
        page.get_by_text("This season has no off-season, so this setting does not apply.")
    ).to_be_visible()
    off = page.get_by_role("slider", name="Sessions a week in the off-season")
    expect(off).to_be_disabled()

    slider = page.get_by_role("slider", name=IN_SEASON)
    slider.focus()
    with expect_rerun(page):
        slider.press("End")  # 7 a week
    expect(slider).to_have_value("7")
    start = coming_monday(date.today())
    rec = make_plan(a, score(a), start)
    ctl = controls(a, start, rec)
    asked = replace(ctl.recommended, sessions_inseason=7)
    b = make_plan(a, score(a), start, options=plan_options(ctl.effective(asked), ctl.recommended))
    table = difference_table(page)
    assert table["Strength sessions in all"][:2] == (
        str(len(rec.main_sessions)),
        str(len(b.main_sessions)),
    )
    n_in = sum(s.phase.value == "in-season" for s in b.sessions)
    assert table["Sessions in the in-season"][1] == str(n_in)
    message = page.get_by_text("you asked for 7, but your usable days (Tue, Thu) allow at most 2")
    expect(message).to_be_visible()
    expect(message).to_contain_text(f"({n_in} sessions in the in-season)")
    expect(page.get_by_text("the plan uses 5")).to_have_count(0)
    with expect_rerun(page):  # the charts' tables are drawn when their expander opens
        page.get_by_text("The charts' data as tables").click()
    expect(page.get_by_test_id("stDataFrame")).to_have_count(3)
    screenshot(page, "compare-two-usable-days")
    assert [e for e in console_errors if "ERR_NAME_NOT_RESOLVED" not in e] == []
