"""First load in Chromium: the app's first screen against a minimal Streamlit page.

    .venv/bin/python -m benchmarks.first_load [--loads N]

Method: two real `streamlit run` servers on loopback, the app (app.py) and a minimal page
(benchmarks/minimal_page.py), started with the same flags; Debian's Chromium, headless. Each
load is a new browser context (an empty cache and a new Streamlit session, like a runner's
first visit) and is timed from `page.goto()` until the app is idle: connected, its script
finished and no widget still a skeleton (the state the browser tests wait for). The loads of
the two servers alternate, so load from other processes on shared cores hits both alike.
The first load of each server is reported on its own ("cold": the server imports the page's
modules then); the medians are over the loads that follow ("warm").
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass
from typing import Any

from benchmarks.serve import IDLE, LOADING, SETTLED, launch_args, serve


@dataclass
class FirstLoad:
    app_cold: float
    minimal_cold: float
    app: float  # medians, ms
    minimal: float
    loads: int


def _load(browser: Any, url: str) -> float:
    context = browser.new_context()
    try:
        page = context.new_page()
        t0 = time.perf_counter()
        page.goto(url, timeout=60_000)
        page.wait_for_function(SETTLED, arg=[IDLE, LOADING], timeout=60_000)
        return (time.perf_counter() - t0) * 1000
    finally:
        context.close()


def measure(loads: int) -> FirstLoad:
    from playwright.sync_api import sync_playwright

    with (
        serve("app.py") as app,
        serve("benchmarks/minimal_page.py") as minimal,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(**launch_args())
        try:
            app_cold = _load(browser, app.url)
            minimal_cold = _load(browser, minimal.url)
            times: dict[str, list[float]] = {"app": [], "minimal": []}
            for _ in range(loads):
                times["app"].append(_load(browser, app.url))
                times["minimal"].append(_load(browser, minimal.url))
        finally:
            browser.close()
    return FirstLoad(
        app_cold,
        minimal_cold,
        statistics.median(times["app"]),
        statistics.median(times["minimal"]),
        loads,
    )


def report(r: FirstLoad) -> None:
    print(f"First load in Chromium to the idle state, median of {r.loads} loads (ms):")
    print(
        f"  app (assessment screen) {r.app:7.0f}   minimal page {r.minimal:7.0f}   "
        f"ratio {r.app / r.minimal:4.2f}   (+{r.app - r.minimal:.0f} ms)"
    )
    print(
        f"  cold (a server's first session): app {r.app_cold:.0f}   "
        f"minimal page {r.minimal_cold:.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--loads", type=int, default=10)
    report(measure(parser.parse_args().loads))


if __name__ == "__main__":
    main()
