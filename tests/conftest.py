"""Browser-test infrastructure: one Streamlit server and one Chromium for the whole session.

Browser tests (marked `@pytest.mark.browser`) get a fresh context and `page` per test from
pytest-playwright, configured here to drive Debian's Chromium through `executable_path` (never a
downloaded browser) with `base_url` pointing at the session's server, so `page.goto("/")` works.

    @pytest.mark.browser
    def test_something(page, console_errors):
        page.goto("/")
        wait_idle(page)
        with expect_rerun(page):
            page.get_by_role("button", name="Next").click()
        assert console_errors == []

Import the helpers with `from tests.conftest import wait_idle, expect_rerun, screenshot`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from benchmarks import serve
from benchmarks.serve import CHROMIUM_ARGS, IDLE, LOADING, SETTLED

ROOT = Path(__file__).resolve().parent.parent

# The test machine is shared (2 cores, several suites at once): how fast hypothesis draws a whole
# assessment says nothing about the code there, so that health check, and the per-example time
# limit, would only fail at random (speed is measured by benchmarks/, never by a test).
# CI draws the same examples on every run (a red CI is then about the change, not the draw);
# local runs keep drawing new ones, which is where the property tests find new cases.
settings.register_profile(
    "shared",
    suppress_health_check=[HealthCheck.too_slow],
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
)
settings.load_profile("shared")
ARTIFACTS = ROOT / "test-artifacts"


# Counts finished script runs in the page, so a test can wait for the rerun its click caused
# rather than see the idle state from before the click. It reads the websocket itself: a fast
# rerun can go from "notRunning" to "notRunning" in one React commit, leaving no DOM trace, but
# every run ends with a ForwardMsg whose top-level field 6 (script_finished) is present.
_RUN_COUNTER = """
window.__stRunsFinished = 0;
(() => {
  const finished = (buf) => {
    const b = new Uint8Array(buf);
    let i = 0;
    const varint = () => {
      let v = 0, m = 1, x;
      do { x = b[i++]; v += (x & 0x7f) * m; m *= 128; } while (x & 0x80 && i < b.length);
      return v;
    };
    while (i < b.length) {
      const tag = varint(), field = Math.floor(tag / 8), wire = tag & 7;
      if (wire === 0) { const v = varint(); if (field === 6) return v !== 2; }
      else if (wire === 2) { const n = varint(); i += n; }  // not `i += varint()`: JS reads i first
      else if (wire === 1) { i += 8; }
      else if (wire === 5) { i += 4; }
      else { return false; }
    }
    return false;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', async (event) => {
        const data = event.data instanceof Blob ? await event.data.arrayBuffer() : event.data;
        if (data instanceof ArrayBuffer && finished(data)) window.__stRunsFinished += 1;
      });
    }
  };
})();
"""
# Widgets' code loads lazily: until it has, a widget shows as a skeleton even when idle.
TIMEOUT_MS = 30_000


# --- helpers for browser tests ---------------------------------------------------------


def wait_idle(page: Any, timeout: float = TIMEOUT_MS) -> None:
    """Wait until the app is connected, its script has finished and every widget has drawn."""
    page.wait_for_function(SETTLED, arg=[IDLE, LOADING], timeout=timeout)


@contextmanager
def expect_rerun(page: Any, timeout: float = TIMEOUT_MS) -> Iterator[None]:
    """Wait, after the block, for a script run that finished after the block started."""
    before = page.evaluate("window.__stRunsFinished || 0")
    yield
    page.wait_for_function(
        "([n]) => (window.__stRunsFinished || 0) > n", arg=[before], timeout=timeout
    )
    wait_idle(page, timeout)


def click_for_rerun(page: Any, target: Any, timeout: float = TIMEOUT_MS) -> None:
    """Click `target` and wait for the script run it causes, like `expect_rerun`.

    A click the page dropped (seen in CI on the retest button: the app idle and connected, no
    run started, nothing changed) is made once more; a run under way is waited for, never
    clicked again, so a slow or stuck run still fails the test."""
    before = page.evaluate("window.__stRunsFinished || 0")
    target.click()
    ran = "([n]) => (window.__stRunsFinished || 0) > n"
    try:
        page.wait_for_function(ran, arg=[before], timeout=timeout / 3)
    except PlaywrightTimeoutError:
        idle = page.evaluate("(idle) => !!document.querySelector(idle)", IDLE)
        if idle and page.evaluate("window.__stRunsFinished || 0") == before:
            target.click()  # nothing ran and nothing is running: the click was dropped
        page.wait_for_function(ran, arg=[before], timeout=timeout)
    wait_idle(page, timeout)


def screenshot(page: Any, name: str) -> Path:
    """Keep a full-page screenshot as a test artifact (test-artifacts/NAME.png)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def chromium_path() -> str:
    try:
        return serve.chromium_path()
    except SystemExit as exc:
        pytest.fail(str(exc))


# --- the Streamlit server --------------------------------------------------------------


@contextmanager
def run_streamlit(
    *extra_args: str, env: dict[str, str] | None = None, log_name: str = "streamlit-server"
) -> Iterator[str]:
    """Run `streamlit run app.py` on a free port until the block ends; yield its base URL.

    The same launcher as the benchmarks' (benchmarks/serve.py); the log goes to test-artifacts/.
    For a test that needs its own server (other settings or environment), e.g.
    `with run_streamlit(env={"RUNNER_TIMING_LOG": str(path)}) as url: ...`.
    """
    ARTIFACTS.mkdir(exist_ok=True)
    with serve.serve(env=env, log=ARTIFACTS / f"{log_name}.log", extra_args=extra_args) as server:
        yield server.url


@pytest.fixture(scope="session")
def streamlit_server() -> Iterator[str]:
    """One `streamlit run app.py` for the whole session; its base URL."""
    with run_streamlit() as url:
        yield url


@pytest.fixture(scope="session")
def base_url() -> None:
    """Not used: the server's URL reaches contexts through `browser_context_args`. (Overridden
    so that no plugin's session-wide fixture starts the server for a unit-test run.)"""
    return None


@pytest.fixture(scope="session")
def browser_context_args(
    browser_context_args: dict[str, Any], streamlit_server: str
) -> dict[str, Any]:
    """Every context gets the session's server as base URL, so `page.goto("/")` works."""
    return {**browser_context_args, "base_url": streamlit_server}


# --- the browser (pytest-playwright's fixtures, pointed at Debian's Chromium) ----------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "headless": browser_type_launch_args.get("headless", True),
        "args": CHROMIUM_ARGS,
    }


# Opening a screen by its address (/compare?...) makes Streamlit's frontend look for its server
# under that path first (/compare/_stcore/health, /compare/_stcore/host-config), then at the
# root. Those two 404s are Streamlit's own probing, not the app's errors; any other 404 counts.
_PROBE = re.compile(r"/[^/]+/_stcore/(health|host-config)$")


def _probe_404(msg: Any) -> bool:
    url = (msg.location or {}).get("url", "")
    return "status of 404" in msg.text and bool(_PROBE.search(url.split("?")[0]))


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors and uncaught page errors of this test's page (filled by `page`)."""
    return []


@pytest.fixture
def page(page: Any, console_errors: list[str], request: pytest.FixtureRequest) -> Iterator[Any]:
    """pytest-playwright's fresh page, plus console-error capture, the run counter and a
    screenshot under test-artifacts/failures/ when the test fails."""
    page.set_default_timeout(TIMEOUT_MS)
    page.add_init_script(_RUN_COUNTER)
    page.on(
        "console",
        lambda msg: (
            console_errors.append(f"console: {msg.text}")
            if msg.type == "error" and not _probe_404(msg)
            else None
        ),
    )
    page.on("pageerror", lambda exc: console_errors.append(f"pageerror: {exc}"))
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and not page.is_closed():
        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in request.node.name)
        try:
            screenshot(page, f"failures/{name}")
        except Exception as exc:  # noqa: BLE001 - a failed screenshot must not hide the failure
            print(f"could not save a screenshot: {exc}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that drives a browser is a browser test even if its marker was forgotten, so
    `-m "not browser"` (the parallel unit run) never starts a server or a browser."""
    browser_fixtures = {"page", "context", "browser", "streamlit_server"}
    for item in items:
        if browser_fixtures & set(getattr(item, "fixturenames", ())):
            if item.get_closest_marker("browser") is None:
                item.add_marker(pytest.mark.browser)
