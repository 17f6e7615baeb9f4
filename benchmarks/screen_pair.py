"""A screen and its same-element baseline page, side by side in AppTest, with the timing log on.

Both screen benchmarks (results, compare) run the screen through app.py, as a runner's browser
does, next to a page that draws the same elements from precomputed data; the app's own timing
log gives each run's server time, so the difference is our own logic.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def screen_and_baseline(
    screen: str, baseline: str, answers: dict[str, Any]
) -> Iterator[tuple[Any, Any, Callable[[], None], Callable[[], list[dict[str, Any]]]]]:
    """Yield (screen, baseline, start_counting, records), both warmed up.

    `screen` is a page path (e.g. "pages/results.py"), `baseline` a script in benchmarks/.
    Runs before `start_counting()` are not in `records()`.
    """
    from streamlit.testing.v1 import AppTest

    log = Path(tempfile.mkstemp(suffix=".jsonl")[1])
    os.environ["RUNNER_TIMING_LOG"] = str(log)
    try:
        from ui.local_store import report_state

        page = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in report_state("none").items():  # as if the browser kept nothing
            page.session_state[key] = value
        page.session_state["answers"] = answers
        page.run()
        page.switch_page(screen)
        base = AppTest.from_file(str(ROOT / "benchmarks" / baseline), default_timeout=60)
        for at in (page, base, page, base):  # warm-up runs, not counted
            at.run()
            assert not at.exception, at.exception

        def records() -> list[dict[str, Any]]:
            return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]

        yield page, base, lambda: log.write_text(""), records
    finally:
        os.environ.pop("RUNNER_TIMING_LOG", None)
        log.unlink(missing_ok=True)


def clock() -> str:
    """The timing-log field the figures use: "ms" (wall clock, the default) or, with
    BENCH_CLOCK=cpu, "cpu_ms" (the script thread's CPU time, which moves far less with the
    load of other processes on a shared machine)."""
    return "cpu_ms" if os.environ.get("BENCH_CLOCK") == "cpu" else "ms"


def medians(
    records: list[dict[str, Any]], screen: str, baseline: str, runs: int
) -> tuple[float, float]:
    """Median ms of the screen's and the baseline's timing records (`what` names)."""
    field = clock()
    times = {what: [r[field] for r in records if r["what"] == what] for what in (screen, baseline)}
    assert len(times[screen]) == len(times[baseline]) == runs, times
    return statistics.median(times[screen]), statistics.median(times[baseline])


def alternate(
    page: Any,
    base: Any,
    start_counting: Callable[[], None],
    records: Callable[[], list[dict[str, Any]]],
    runs: int,
    screen: str,
    memo: str | None = None,
) -> tuple[float, float]:
    """Run the screen and its baseline in turn `runs` times; their median ms. With `memo`, that
    per-session memo is dropped before each screen run, as right after the answers changed."""
    start_counting()
    for _ in range(runs):
        if memo is not None:
            page.session_state[memo] = None
        page.run()
        base.run()
    return medians(records(), screen, "page:baseline", runs)
