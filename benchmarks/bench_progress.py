"""The progress screen's rerun against a page drawing the same elements from precomputed data.

The history is two years of retests every 6 weeks (18 assessments, the file-size worst case's
length) of an example runner whose calf raises and side plank change over time. Both pages are
timed by the app's own timing log (benchmarks/screen_pair.py), interleaved run by run.
`fresh` drops the screen's per-session memo before each run, as right after a retest: the
assessments' scores then come from the per-assessment cache, the tables and charts are built
again.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "masters_marathoner"
RETESTS = 18


def history(name: str = EXAMPLE, count: int = RETESTS) -> Any:
    """An example with `count` assessments 6 weeks apart, the last one today."""
    from assessments.examples import example_for_today
    from assessments.history import snapshot, with_timeline
    from assessments.model import Assessment

    entries = []
    for i in range(count):
        day = date.today() - timedelta(weeks=6 * (count - 1 - i))
        data = example_for_today(name, day).model_dump(mode="python")
        data["self_tests"]["calf_raise"] |= {"left": 14 + i, "right": 30}
        data["self_tests"]["side_plank"] |= {"left": 40 + 2 * i, "right": 75}
        entries.append(Assessment.model_validate(data))
    return with_timeline(entries[-1], [snapshot(e) for e in entries])


@cache
def precomputed() -> dict[str, Any]:
    """Everything pages/progress.py draws, computed once (for the baseline page)."""
    from assessments.charts_progress import progress_view
    from assessments.completeness import missing
    from assessments.findings import NOT_A_DIAGNOSIS
    from assessments.history import as_assessment, timeline
    from assessments.rules import load_rules
    from assessments.scoring import score
    from ui.widgets import md_escape

    rules = load_rules()
    scored = [
        (e, None if missing(as_assessment(e)) else score(as_assessment(e), rules))
        for e in timeline(history())
    ]
    v = progress_view(scored, rules.norms)

    def bullets(lines: list[str]) -> str:
        return "\n".join(f"- {md_escape(line)}" for line in lines)

    return {
        "summary": md_escape(v.summary),
        "caption": NOT_A_DIAGNOSIS,
        "blocks": [
            ("Self-tests over time", v.tests_chart, bullets(v.tests_summaries), v.tests_table),
            ("Left and right over time", v.gap_chart, "", v.gap_table),
            ("Focus areas over time", v.scores_chart, bullets(v.scores_summaries), v.scores_table),
        ],
    }


def bench(runs: int, fresh: bool = False) -> tuple[float, float]:
    """Median page-body times (progress page, baseline) in ms."""
    from benchmarks.screen_pair import alternate, screen_and_baseline

    answers = history().model_dump(mode="python")
    with screen_and_baseline("pages/progress.py", "progress_baseline.py", answers) as (
        page,
        base,
        start_counting,
        records,
    ):
        memo = "progress:view" if fresh else None  # fresh: as after an edit, nothing memoized
        return alternate(page, base, start_counting, records, runs, "page:progress", memo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    print(f"Progress screen rerun ({RETESTS} assessments), page body only, median of {args.runs}:")
    for label, fresh in (("answers unchanged", False), ("right after a retest", True)):
        page, base = bench(args.runs, fresh)
        print(
            f"  {label:<22} progress page {page:7.1f}   same-element page {base:7.1f}   "
            f"our logic adds {100 * (page - base) / base:5.1f}%"
        )


if __name__ == "__main__":
    main()
