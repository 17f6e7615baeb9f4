"""Concurrent runners on one real server: server-side rerun times and memory per session.

    .venv/bin/python -m benchmarks.concurrency [--sessions 5] [--moves 8]

A script, not a test. It starts `streamlit run app.py` on loopback with the app's timing log
on (RUNNER_TIMING_LOG, ui/timing.py), then N browser sessions (separate Chromium contexts, at
least 5) go through the compare journey at the same time: open the app, open the compare
screen, load an example there (a different one per session where there are enough), then
move plan B's sliders M times (minutes per session up and down, in-season sessions to the
ends), waiting after each move until the app has rerun and is idle again.

Rerun times are the app's own records of its server-side work, not browser timings, so the
browsers' cost on shared cores is not in them (though they share the CPU with the server, as
real users' requests would share it with each other): `page:<screen>` for a whole-page run,
`fragment:compare` for a slider move (the comparison fragment alone). p50 and p95 are over
the N sessions' journeys only; a warm-up session runs the same journey first, alone, so
module imports and the first plans are not counted, and its slider moves are printed as the
uncontended reference (one server process runs every session's reruns under one GIL).

Memory: the server's resident set (VmRSS in /proc/<pid>/status) after the warm-up and again
after the N journeys, with every session still connected; the difference divided by N is the
memory one more runner costs. Streamlit keeps a session for `server.disconnectedSessionTTL`
after its browser leaves, so this is also what a runner costs until then.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.serve import IDLE, LOADING, SETTLED, launch_args, serve  # noqa: E402
from tests.conftest import _RUN_COUNTER  # noqa: E402 - counts finished script runs

EXAMPLES = [  # titles as the example picker shows them; no red flag (it has no plan)
    "Road 5 km runner with weak hamstrings",
    "Trail runner with a history of ankle sprains",
    "Masters marathoner (58) new to lifting",
    "Ultra-trail runner with low-back pain",
    "Runner cleared by a physio after a bone stress injury",
]
TIMEOUT_MS = 120_000  # generous: N browsers and the server share two cores
MOVES = [  # (slider, key): each press changes plan B, so each is a real fragment rerun
    ("Minutes per session", "ArrowRight"),
    ("Sessions a week in season", "Home"),
    ("Minutes per session", "ArrowLeft"),
    ("Sessions a week in season", "End"),
]


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0-100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


async def _idle(page: Any) -> None:
    await page.wait_for_function(SETTLED, arg=[IDLE, LOADING], timeout=TIMEOUT_MS)


async def _rerun(page: Any, action: Any) -> None:
    """Do `action`, then wait for a script run that finished after it, and for idle."""
    before = await page.evaluate("window.__stRunsFinished || 0")
    await action()
    await page.wait_for_function(
        "([n]) => (window.__stRunsFinished || 0) > n", arg=[before], timeout=TIMEOUT_MS
    )
    await _idle(page)


async def journey(browser: Any, url: str, example: str, moves: int) -> float:
    """One runner's compare journey in its own context; returns its wall time (s).
    The context stays open (the session connected) until the caller closes the browser."""
    context = await browser.new_context(base_url=url, viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    await page.add_init_script(_RUN_COUNTER)
    t0 = time.perf_counter()
    await page.goto("/")
    await _idle(page)
    nav = page.get_by_test_id("stSidebarNav").get_by_role("link", name="Compare")
    await _rerun(page, nav.click)
    picker = page.get_by_label("Or look at an example runner", exact=True)
    if await picker.input_value() != example:
        await picker.click()
        await _rerun(page, page.get_by_role("option", name=example, exact=True).click)
    await _rerun(page, page.get_by_role("button", name="Load this example").click)
    await page.get_by_role("heading", name="The differences").wait_for()
    for i in range(moves):
        name, key = MOVES[i % len(MOVES)]
        slider = page.get_by_role("slider", name=name)
        await slider.focus()
        await _rerun(page, lambda s=slider, k=key: s.press(k))
    return time.perf_counter() - t0


SLIDER = "fragment:compare"
INSIDE = "fragment:compare, in a page run"


def _kind(r: dict[str, Any], records: list[dict[str, Any]]) -> str:
    """A whole-page run of the compare screen runs the fragment too (its own record, inside
    the page's); only a fragment record outside any page run of its session is a slider move.
    Records carry their end time `t` (s) and duration `ms`."""
    if r["what"] != SLIDER:
        return str(r["what"])
    inside = any(
        p["what"].startswith("page:")
        and p.get("session") == r.get("session")
        and p["t"] - p["ms"] / 1000 <= r["t"] <= p["t"]
        for p in records
    )
    return INSIDE if inside else SLIDER


def _records(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


async def run(sessions: int, moves: int) -> None:
    from playwright.async_api import async_playwright

    load_before = _load()
    log = Path(tempfile.mkstemp(prefix="timing-", suffix=".jsonl")[1])
    server_log = Path(tempfile.mkstemp(prefix="streamlit-", suffix=".log")[1])
    try:
        with serve("app.py", env={"RUNNER_TIMING_LOG": str(log)}, log=server_log) as server:
            rss_start = server.rss_kb()
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(**launch_args())
                try:
                    warm = await journey(browser, server.url, EXAMPLES[0], moves)
                    rss_warm = server.rss_kb()
                    counted = len(_records(log))
                    t0 = time.perf_counter()
                    walls = await asyncio.wait_for(
                        asyncio.gather(
                            *(
                                journey(browser, server.url, EXAMPLES[i % len(EXAMPLES)], moves)
                                for i in range(sessions)
                            )
                        ),
                        timeout=900,
                    )
                    elapsed = time.perf_counter() - t0
                    await asyncio.sleep(1)  # let the last records and allocations settle
                    rss_after = server.rss_kb()
                    peak = server.peak_kb()
                finally:
                    await browser.close()
        everything = _records(log)
        alone, records = everything[:counted], everything[counted:]
    finally:
        log.unlink(missing_ok=True)
        server_log.unlink(missing_ok=True)

    print(f"Load average before / after: {load_before} / {_load()}")
    print(
        f"Compare journey: {sessions} concurrent sessions, {moves} slider moves each, "
        f"one server (streamlit run app.py on 127.0.0.1), Debian's Chromium"
    )
    print(
        f"  wall time: warm-up session {warm:.1f} s; {sessions} sessions together "
        f"{elapsed:.1f} s (each {min(walls):.1f}-{max(walls):.1f} s)"
    )
    print("Server-side time per run, from the app's timing log (ms):")
    groups: dict[str, list[float]] = {}
    for r in records:
        groups.setdefault(_kind(r, records), []).append(r["ms"])
    # Every run the server did for a browser: page runs and slider moves (not the fragment
    # records nested in page runs, which are part of those).
    groups["all reruns"] = [r["ms"] for r in records if _kind(r, records) != INSIDE]
    for what in sorted(groups, key=lambda w: (w == "all reruns", w)):
        ms = groups[what]
        print(
            f"  {what:<32} n={len(ms):<4} p50 {percentile(ms, 50):7.1f}   "
            f"p95 {percentile(ms, 95):7.1f}   max {max(ms):7.1f}   mean {statistics.mean(ms):7.1f}"
        )
    solo = [r["ms"] for r in alone if _kind(r, alone) == SLIDER]
    if solo:
        print(
            f"  for reference, the warm-up session alone: {SLIDER} n={len(solo)} "
            f"p50 {percentile(solo, 50):.1f}   p95 {percentile(solo, 95):.1f}"
        )
    slider = groups.get(SLIDER, [])
    expected = sessions * moves
    if len(slider) != expected:
        print(f"  note: {len(slider)} slider moves recorded, {expected} expected")
    per = (rss_after - rss_warm) / sessions
    print("Server memory (VmRSS, MiB):")
    print(
        f"  fresh server {rss_start / 1024:.0f}   after the warm-up session "
        f"{rss_warm / 1024:.0f}   after {sessions} more sessions {rss_after / 1024:.0f}   "
        f"(peak {peak / 1024:.0f})"
    )
    print(f"  per session: {per / 1024:.1f} MiB   (after - after warm-up) / {sessions}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=5, help="concurrent sessions (>= 5)")
    parser.add_argument("--moves", type=int, default=8, help="slider moves per session")
    args = parser.parse_args()
    if args.sessions < 5:
        parser.error("--sessions must be at least 5")
    if not 1 <= args.moves <= 100:
        parser.error("--moves must be between 1 and 100")
    asyncio.run(run(args.sessions, args.moves))


if __name__ == "__main__":
    main()
