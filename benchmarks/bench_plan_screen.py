"""The plan screen's rerun against a same-element page and a minimal Streamlit page.

    .venv/bin/python -m benchmarks.bench_plan_screen [--runs N]

Three AppTest sessions in this process, run one after the other for each step so that load
from other processes on the shared cores hits all three alike, each timed around its page body
by the app's own timing log (ui/timing.py):
- `page:plan`: pages/plan.py through app.py, with the answers unchanged (a rerun: a click on a
  date, an expander or a download button), the plan and its agenda from the caches;
- `page:baseline`: benchmarks/plan_baseline.py, the same elements in the same order from
  precomputed data (the difference is our own logic);
- `page:minimal`: benchmarks/minimal_widgets.py, a slider, one Altair chart and a download:
  what any interactive Streamlit page costs (the yardstick for the screen's weight).
"Today" is pinned (RUNNER_TODAY) so the next-session card is the same on every run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "masters_marathoner"  # a 40-week season: the largest plans of the examples
TODAY = date(2027, 3, 10)


@cache
def precomputed() -> Any:
    """The plan screen of the example, built once (for the baseline page)."""
    from assessments.examples import example_for_today
    from assessments.rules import load_rules
    from assessments.season import coming_monday
    from ui import plan_cache, plan_view

    a = example_for_today(EXAMPLE, TODAY)
    answers_json, start = a.model_dump_json(), coming_monday(TODAY)
    plan = plan_cache.plan(answers_json, start)
    return plan_view.build(plan, answers_json, start, TODAY, load_rules())


def bench(runs: int) -> dict[str, float]:
    """Median page-body ms of the plan screen, its same-element page and the minimal page."""
    from streamlit.testing.v1 import AppTest

    from assessments.examples import example_for_today
    from benchmarks.screen_pair import screen_and_baseline

    os.environ["RUNNER_TODAY"] = TODAY.isoformat()
    answers = example_for_today(EXAMPLE, TODAY).model_dump(mode="python")
    precomputed()
    minimal = AppTest.from_file(str(ROOT / "benchmarks" / "minimal_widgets.py"))
    try:
        with screen_and_baseline("pages/plan.py", "plan_baseline.py", answers) as (
            page,
            base,
            start_counting,
            records,
        ):
            minimal.run()
            minimal.run()
            start_counting()
            for _ in range(runs):
                page.run()
                base.run()
                minimal.run()
                for at in (page, base, minimal):
                    assert not at.exception, at.exception
            times: dict[str, list[float]] = {}
            for r in records():
                times.setdefault(r["what"], []).append(r["ms"])
    finally:
        os.environ.pop("RUNNER_TODAY", None)
    out = {k: statistics.median(times[f"page:{k}"]) for k in ("plan", "baseline", "minimal")}
    assert all(len(times[f"page:{k}"]) == runs for k in out), {k: len(v) for k, v in times.items()}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    print(f"Load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    r = bench(args.runs)
    print(f"Plan screen rerun, page body only, median of {args.runs} runs (ms), {EXAMPLE}:")
    print(
        f"  plan screen {r['plan']:7.1f}   same-element page {r['baseline']:7.1f} "
        f"({100 * (r['plan'] - r['baseline']) / r['baseline']:+.0f}%)   minimal page "
        f"{r['minimal']:6.1f}   plan / minimal x{r['plan'] / r['minimal']:.1f}"
    )
    print(f"Load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
