"""The compare screen's server time for a slider change, against a same-element baseline.

    .venv/bin/python -m benchmarks.bench_compare [--runs N]

Target (issue 5): our own logic adds no more than 25% to the server time of a slider change,
compared with a page drawing the same elements (controls, two plan columns with their
warnings and download buttons, the difference table, three charts) from precomputed data.

Method: two AppTest sessions in this process, run one after the other for each step so
that load from other processes on the shared cores hits both alike. Each step moves plan B's
"minutes per session" slider (and, past 34 steps, also its in-season sessions) to a value not
seen before, so plan B is really made each time (a cache miss; plan A and scoring come from
the cache, as they do on the screen). A second pass moves between two values seen before
(plan B from the cache). A browser reruns only the comparison fragment on a slider change;
AppTest always runs the whole page, so both sides are timed around the fragment's body
only, by the app's own timing log (ui/timing.py): `fragment:compare` in pages/compare.py and
`fragment:baseline` in benchmarks/compare_baseline.py, which calls the same
`ui.compare_view.draw_controls()` and `draw()` with a view built once beforehand.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from datetime import date
from functools import cache
from itertools import product
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "masters_marathoner"  # a 40-week season: the largest plans of the examples


def _answers() -> Any:
    from assessments.examples import example_for_today

    return example_for_today(os.environ.get("BENCH_EXAMPLE", EXAMPLE), date.today())


@cache
def precomputed() -> tuple[Any, Any]:
    """The controls and the whole view of one comparison, computed once (for the baseline)."""
    from assessments.compare import controls, plan_options
    from assessments.exports import schedule_csv, schedule_ics
    from assessments.planner import make_plan
    from assessments.scoring import score
    from assessments.season import coming_monday
    from ui.compare_view import build_view

    a = _answers()
    start = coming_monday(date.today())
    f = score(a)
    rec = make_plan(a, f, start)
    ctl = controls(a, start, rec)
    s_b = replace(ctl.recommended, minutes=30)
    var = make_plan(a, f, start, options=plan_options(s_b, ctl.recommended))
    files = tuple(
        (
            lambda p=p: schedule_csv(p).encode("utf-8"),
            lambda p=p: schedule_ics(p),
        )
        for p in (rec, var)
    )
    return ctl, build_view((rec, var), (ctl.recommended, s_b), ctl, files)


def _steps(ctl: Any, runs: int, fresh: bool) -> list[tuple[int, int]]:
    """(minutes, in-season sessions) per step: all new, or two values in turn."""
    lo, hi, step = ctl.minutes
    rec = (ctl.recommended.minutes, ctl.recommended.sessions_inseason)
    if not fresh:
        return [(lo, rec[1]), (hi, rec[1])] * (runs // 2 + 1)
    combos = [
        (m, n)
        for n, m in product(
            [rec[1], *[x for x in range(ctl.sessions[0], 4) if x != rec[1]]],
            range(lo, hi + 1, step),
        )
        if (m, n) != rec
    ]
    assert len(combos) >= runs, f"at most {len(combos)} runs with new values"
    return combos[:runs]


def bench(runs: int, fresh: bool) -> tuple[float, float]:
    """Median fragment-body times (compare screen, baseline) in ms over `runs` slider moves."""
    page, base, _ = bench_with_autosave(runs, fresh)
    return page, base


def bench_with_autosave(runs: int, fresh: bool) -> tuple[float, float, float]:
    """As `bench`, plus the median cost of keeping the settings in the browser on each move
    (`autosave:compare`: the storage component mounted in the fragment, with its record and
    hash); that cost is inside the compare screen's figure, which the baseline has not."""
    import statistics

    from benchmarks.screen_pair import clock, medians, screen_and_baseline

    precomputed.cache_clear()
    ctl, _ = precomputed()
    answers = _answers().model_dump(mode="python")
    with screen_and_baseline("pages/compare.py", "compare_baseline.py", answers) as (
        page,
        base,
        start_counting,
        records,
    ):
        # Warm the cache of plan B for the "seen before" pass (the values it moves between).
        steps = _steps(ctl, runs, fresh)
        if not fresh:
            for minutes, n_in in steps[:2]:
                page.slider(key="b_minutes").set_value(minutes)
                page.slider(key="b_sessions_in").set_value(n_in)
                page.run()
        start_counting()
        for minutes, n_in in steps[:runs]:
            for at in (page, base):
                at.slider(key="b_minutes").set_value(minutes)
                at.slider(key="b_sessions_in").set_value(n_in)
                at.run()
                assert not at.exception, at.exception
        got = records()
        page_ms, base_ms = medians(got, "fragment:compare", "fragment:baseline", runs)
        saves = [r[clock()] for r in got if r["what"] == "autosave:compare"]
        assert len(saves) == runs, saves
        return page_ms, base_ms, statistics.median(saves)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args([]) if __name__ != "__main__" else parser.parse_args()
    sys.path.insert(0, str(ROOT))
    print(
        f"Compare screen, slider change, fragment body only, median of {args.runs} runs "
        f"({os.cpu_count()} CPUs; example {EXAMPLE}) (ms):"
    )
    for label, fresh in (("new value: plan B made", True), ("value seen before: cached", False)):
        page, base, save = bench_with_autosave(args.runs, fresh)
        print(
            f"  {label:<28} compare screen {page:7.1f}   baseline {base:7.1f}   "
            f"ratio {page / base:5.2f}   our logic adds {100 * (page - base) / base:5.1f}%   "
            f"of which autosave {save:5.2f}"
        )


if __name__ == "__main__":
    main()
