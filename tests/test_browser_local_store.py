"""Browser: answers kept in the runner's browser survive a reload, a new tab and a restart.

Each test reads the browser's local storage itself, so "stored" and "nothing stored" are
checked where they happen, and waits on the app's idle state or the storage, never a sleep.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from assessments.examples import EXAMPLES, example_for_today
from benchmarks import serve
from tests.browser_helpers import SAVE_RESUME, new_page, number, open_save_resume, step
from tests.conftest import _RUN_COUNTER, ARTIFACTS, TIMEOUT_MS, expect_rerun, wait_idle
from ui.local_store import KEYS, LOADING, OTHER_TAB_TEXT

pytestmark = pytest.mark.browser

AGE = "Age (years)"
FIRST = next(iter(EXAMPLES))
FIRST_AGE = example_for_today(FIRST, date.today()).history.age
PAIN = "Pain while running now (0 = none, 10 = worst)"
# The answers kept in this browser, as the app wrote them (None when nothing is kept).
KEPT = """([key]) => {
  const record = localStorage.getItem(key);
  return record === null ? null : JSON.parse(JSON.parse(record).answers);
}"""


def kept(page: Any) -> dict[str, Any] | None:
    return page.evaluate(KEPT, [KEYS["answers"]])


def wait_kept(page: Any, path: str, value: Any) -> None:
    """Wait until the kept answers hold `value` at `path` (dotted)."""
    page.wait_for_function(
        """([key, path, value]) => {
          const record = localStorage.getItem(key);
          if (record === null) return false;
          let v = JSON.parse(JSON.parse(record).answers);
          for (const p of path.split(".")) v = v == null ? v : v[p];
          return JSON.stringify(v) === JSON.stringify(value);
        }""",
        arg=[KEYS["answers"], path, value],
        timeout=TIMEOUT_MS,
    )


def fill_two_steps(page: Any) -> None:
    number(page, AGE, "41")
    step(page, "Injuries and health")
    number(page, PAIN, "2")
    wait_kept(page, "health.current_pain", 2)


def tab(context: Any) -> Any:
    """Another tab of the same browser (same local storage), with the run counter."""
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.add_init_script(_RUN_COUNTER)
    return page


def test_answers_survive_a_reload_and_a_new_tab_and_two_tabs_warn_each_other(page, console_errors):
    page.goto("/")
    wait_idle(page)
    assert kept(page) is None
    fill_two_steps(page)
    assert kept(page)["history"]["age"] == 41

    page.reload()
    wait_idle(page)
    expect(page.get_by_text("Continue with the answers kept on this device from")).to_be_visible()
    expect(page.get_by_label(AGE, exact=True)).to_have_value("41")
    step(page, "Injuries and health")
    expect(page.get_by_label(PAIN, exact=True)).to_have_value("2")

    other = tab(page.context)
    other.goto("/")
    wait_idle(other)
    expect(other.get_by_label(AGE, exact=True)).to_have_value("41")
    expect(page.get_by_text(OTHER_TAB_TEXT)).to_have_count(0)  # opening it wrote nothing new

    number(other, AGE, "42")  # the later write wins; the first tab is told
    wait_kept(other, "history.age", 42)
    expect(page.get_by_text(OTHER_TAB_TEXT)).to_be_visible()
    expect(other.get_by_text(OTHER_TAB_TEXT)).to_have_count(0)
    other.close()
    assert console_errors == []


def test_example_over_a_draft_asks_then_undo_forget_and_shared_device(page, console_errors):
    page.goto("/")
    wait_idle(page)
    number(page, AGE, "41")
    wait_kept(page, "history.age", 41)

    # Loading an example over a draft asks first; undo brings the draft back.
    open_save_resume(page)  # the example shown first (no choosing: one less re-render)
    with expect_rerun(page):
        page.get_by_role("button", name="Load this example").click()
    expect(page.get_by_text("This replaces the answers you have entered")).to_be_visible()
    expect(page.get_by_label(AGE, exact=True)).to_have_value("41")
    with expect_rerun(page):
        page.get_by_role("button", name="Replace my answers").click()
    expect(page.get_by_label(AGE, exact=True)).to_have_value(str(FIRST_AGE))
    wait_kept(page, "history.age", FIRST_AGE)
    with expect_rerun(page):
        page.get_by_role("button", name="Undo").click()
    expect(page.get_by_label(AGE, exact=True)).to_have_value("41")
    expect(page.get_by_role("button", name="Undo")).to_have_count(0)
    wait_kept(page, "history.age", 41)

    # "Forget" asks, then empties this device's storage (and this tab).
    sidebar = page.get_by_test_id("stSidebar")
    with expect_rerun(page):
        sidebar.get_by_role("button", name="Forget my answers on this device").click()
    with expect_rerun(page):
        sidebar.get_by_role("button", name="Yes, forget them").click()
    page.wait_for_function("([key]) => localStorage.getItem(key) === null", arg=[KEYS["answers"]])
    expect(page.get_by_label(AGE, exact=True)).to_have_value("")

    # "Shared device": nothing is stored, also after answering, and a reload finds nothing.
    with expect_rerun(page):
        sidebar.get_by_text("Shared device: don't save").click()
    page.wait_for_function("([key]) => localStorage.getItem(key) === '1'", arg=[KEYS["nosave"]])
    number(page, AGE, "37")
    assert kept(page) is None
    page.reload()
    wait_idle(page)
    expect(page.get_by_label(AGE, exact=True)).to_have_value("")
    expect(page.get_by_label("Shared device: don't save")).to_be_checked()
    assert kept(page) is None
    expect(page.get_by_text(SAVE_RESUME)).to_be_visible()
    assert console_errors == []


def test_after_a_server_restart_the_runner_is_told_and_the_answers_come_back(browser):
    """Its own server on its own port, stopped and started again on that port."""
    port = serve._free_port()
    errors: list[str] = []
    log = ARTIFACTS / "restart-server.log"
    ARTIFACTS.mkdir(exist_ok=True)
    log.write_bytes(b"")
    with serve.serve(log=log, port=port) as server:
        context, page = new_page(browser, server.url, errors)
        page.goto("/")
        wait_idle(page)
        number(page, AGE, "41")
        wait_kept(page, "history.age", 41)
    expect(page.get_by_test_id("stApp")).not_to_have_attribute(
        "data-test-connection-state", "CONNECTED"
    )  # the page noticed its server went away
    try:
        with serve.serve(log=log, port=port):
            told = page.get_by_text("Your answers were brought back from this browser.")
            expect(told).to_be_visible(timeout=TIMEOUT_MS)  # a new session: told, restored
            wait_idle(page)
            expect(page.get_by_text(LOADING)).to_have_count(0)
            expect(page.get_by_label(AGE, exact=True)).to_have_value("41")
            assert (kept(page) or {}).get("history", {}).get("age") == 41  # never blanked
    finally:
        context.close()
    assert not [e for e in errors if e.startswith("pageerror")]
