"""Shared Playwright helpers for Streamlit widgets, screens and extra browser contexts.

Streamlit re-renders widgets after every run, and a click that lands during a re-render can be
lost; the helpers retry until the widget shows the result. Each helper that changes an answer
waits for the rerun it caused (`expect_rerun`), so the next step sees the new state.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.conftest import _RUN_COUNTER, TIMEOUT_MS, expect_rerun, screenshot, wait_idle

SAVE_RESUME = "Save, resume or try an example"
RESUME_UPLOADER = "Upload an assessment file"
ADD_UPLOADER = "Add an earlier assessment"
REPLACE = "Replace my answers"


# --- questionnaire widgets ---------------------------------------------------------------


def number(page: Any, label: str, value: str, nth: int = 0) -> None:
    box = page.get_by_label(label, exact=True).nth(nth)
    with expect_rerun(page):
        box.fill(value)
        box.press("Enter")


def select(page: Any, label: str, option: str, nth: int = 0) -> None:
    choice = page.get_by_role("option", name=option, exact=True)
    retry(lambda: page.get_by_label(label, exact=True).nth(nth).click(), choice.first)
    with expect_rerun(page):
        choice.click()


def retry(action: Any, visible: Any, attempts: int = 3) -> None:
    """Do `action` until `visible` shows: a click can be lost while a widget re-renders."""
    for _ in range(attempts - 1):
        action()
        try:
            expect(visible).to_be_visible(timeout=3000)
            return
        except AssertionError:
            continue
    action()
    expect(visible).to_be_visible()


def radio(page: Any, question: str, answer: str) -> None:
    pick(page, page.get_by_role("radiogroup", name=question, exact=True), answer)


def pick(page: Any, group: Any, answer: str) -> None:
    """Click a radio's label until its input is checked: a click can be lost to a re-render."""
    option = group.get_by_role("radio", name=answer, exact=True)
    before = page.evaluate("window.__stRunsFinished || 0")
    for _ in range(3):
        group.get_by_text(answer, exact=True).click()
        try:
            expect(option).to_be_checked(timeout=3000)
            break
        except AssertionError:
            continue
    expect(option).to_be_checked()
    page.wait_for_function("([n]) => (window.__stRunsFinished || 0) > n", arg=[before])
    wait_idle(page)


def click(page: Any, name: str) -> None:
    with expect_rerun(page):
        page.get_by_role("button", name=name).first.click()


def step(page: Any, title: str) -> None:
    with expect_rerun(page):
        page.get_by_role("button", name=title).first.click()


# --- screens, examples and files ---------------------------------------------------------


def open_screen(page: Any, title: str) -> None:
    """Go to a screen through the sidebar, as a runner does (a client-side page switch)."""
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title)
    with expect_rerun(page):
        link.click()
    expect(page.get_by_test_id("stSidebarNavLink").filter(has_text=title)).to_have_attribute(
        "aria-current", "page"
    )


def open_save_resume(page: Any) -> None:
    """Open the assessment's "Save, resume or try an example" expander (if it is closed)."""
    summary = page.get_by_text(SAVE_RESUME, exact=True)
    uploader = uploader_input(page, RESUME_UPLOADER)
    if not uploader.is_visible():
        retry(summary.click, page.get_by_role("button", name="Load this example"))


def load_example(page: Any, title: str) -> None:
    """On the assessment screen: pick an example runner by its title and load it."""
    open_save_resume(page)
    shown = page.get_by_label("Example runner", exact=True).input_value()
    if shown != title:  # choosing the option already chosen causes no rerun
        select(page, "Example runner", title)
    loaded = page.get_by_text("Loaded the example")
    ask = page.get_by_role("button", name=REPLACE)
    retry(page.get_by_role("button", name="Load this example").click, loaded.or_(ask).first)
    wait_idle(page)
    confirm_replace(page)
    expect(loaded.first).to_be_visible()


def confirm_replace(page: Any) -> None:
    """Over a draft with answers, the app asks before replacing them: say yes (if it asked)."""
    ask = page.get_by_role("button", name=REPLACE)
    if ask.count():
        with expect_rerun(page):
            ask.click()


def upload(page: Any, file: Path | dict[str, Any]) -> None:
    """Resume from a file (a path, or a Playwright file payload {name, mimeType, buffer})."""
    open_save_resume(page)
    with expect_rerun(page):
        uploader_input(page, RESUME_UPLOADER).set_input_files(
            file if isinstance(file, dict) else str(file)
        )
    confirm_replace(page)


def uploader_input(page: Any, label: str) -> Any:
    """The file input of the uploader with this label (the screen has more than one)."""
    return (
        page.get_by_test_id("stFileUploader")
        .filter(has=page.get_by_text(label, exact=True))
        .get_by_test_id("stFileUploaderDropzoneInput")
    )


def download(page: Any, button: str, folder: Path) -> Path:
    """Click a download button and save the file under `folder`; return its path."""
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def csv_cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def new_page(browser: Any, base_url: str, console_errors: list[str]) -> tuple[Any, Any]:
    """A second, independent browser context (another runner), with the run counter and its
    console errors collected like the `page` fixture's. Close the context when done."""
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.add_init_script(_RUN_COUNTER)
    page.on(
        "console",
        lambda msg: console_errors.append(f"console: {msg.text}") if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: console_errors.append(f"pageerror: {exc}"))
    return context, page


def screenshot_screen(page: Any, name: str, max_height: int = 6000) -> Path:
    """A screenshot of the whole screen. Streamlit scrolls inside its main container, so a
    full-page screenshot stops at the window; the window is made as tall as the content."""
    size = page.viewport_size or {"width": 1280, "height": 720}
    height = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll('[data-testid="stMain"] *, '
             + '[data-testid="stMain"]')].slice(0, 50).map(e => e.scrollHeight))"""
    )
    page.set_viewport_size({"width": size["width"], "height": min(max(height, 720), max_height)})
    try:
        page.wait_for_timeout(300)  # charts redraw at the new size
        wait_idle(page)
        return screenshot(page, name)
    finally:
        page.set_viewport_size(size)
