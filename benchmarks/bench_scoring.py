"""Scoring speed and the results screen's server rerun time against a precomputed baseline.

    .venv/bin/python -m benchmarks.bench_scoring [--runs N]

Targets (issue 3): scoring one assessment <= 1 ms median in-process; the results screen's
rerun time adds <= 25% over a page drawing the same elements from precomputed data
(benchmarks/results_baseline.py). Both pages run under AppTest in this process and are timed
around the page body only (app.py times pages/results.py so, in ui/shell.run_page),
with the app's own timing log (ui/timing.py), so the harness's time is not counted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from assessments.findings import NOT_A_DIAGNOSIS
from ui.widgets import md_escape

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "masters_marathoner"  # no red flag: the full page with cautions
RED = "red_flag_bone_stress"


def bench_scoring(runs: int) -> dict[str, float]:
    from assessments.examples import EXAMPLES, load_example
    from assessments.rules import load_rules
    from assessments.scoring import score

    rules = load_rules()
    out = {}
    for name in EXAMPLES:
        a = load_example(name)
        score(a, rules)
        samples = []
        for _ in range(runs):
            t0 = time.perf_counter()
            score(a, rules)
            samples.append((time.perf_counter() - t0) * 1000)
        out[name] = statistics.median(samples)
    t0 = time.perf_counter()
    from assessments.rules import load_rules_from
    from assessments.tables import RULES_DIR

    load_rules_from(RULES_DIR)
    out["(loading all rules files once)"] = (time.perf_counter() - t0) * 1000
    return out


# The page's own escaping and disclaimer, so the baseline draws the very same text.
esc = md_escape


@cache
def precomputed(name: str = EXAMPLE) -> dict[str, Any]:
    """Everything pages/results.py computes, computed once (for the baseline page)."""
    from assessments import charts_results as c
    from assessments.coach import results_lines
    from assessments.derived import FIELDS
    from assessments.examples import example_for_today
    from assessments.focus import FOCUS_DESCRIPTIONS, FOCUS_TITLES
    from assessments.rules import load_rules
    from assessments.scoring import score
    from assessments.wording import evidence_lines, short_names

    name = os.environ.get("BENCH_EXAMPLE", name)
    rules = load_rules()
    a = example_for_today(name, date.today())
    f = score(a, rules)
    referral = []
    if f.red_flags and not f.cleared:
        referral = [
            "**Please see a professional before starting a strength plan.**",
            "Your answers raised:",
            "\n".join(f"- {esc(r.message)}" for r in f.red_flags),
            "No plan is made until a professional has cleared you.",
            NOT_A_DIAGNOSIS,
        ]
    v = c.results_view(a, f, rules.norms, short_names(rules.sources))
    why = []
    for fs in f.focus:
        texts = [
            f"**+{r.points:g} points** · {esc(r.message)}  \nYour answers: "
            + "; ".join(f"{esc(FIELDS[k].label)}: **{esc(v)}**" for k, v in r.values.items())
            + "  \nEvidence:  \n"
            + "  \n".join(
                esc(e) for e in evidence_lines(";".join(s.id for s in r.sources), rules.sources)
            )
            for r in fs.rules
        ] or ["No rule gave points to this area for your answers."]
        why.append(
            (f"Why? {FOCUS_TITLES[fs.area]}: {fs.score}", esc(FOCUS_DESCRIPTIONS[fs.area]), texts)
        )
    return {
        "referral": referral,
        "cautions": [esc(x.message) for x in f.cautions],
        "caption": NOT_A_DIAGNOSIS,
        "blocks": [
            ("What to work on", v.focus_chart, esc(v.focus_summary), v.focus_table),
            ("Left and right", v.sides_chart, esc(v.sides_summary), v.sides_table),
            ("Against the norms", v.norms_chart, esc(v.norms_summary), v.norms_table),
        ],
        "why": why,
        "coaches": "\n".join(f"- {esc(line)}" for line in results_lines(f)),
    }


def bench_page(name: str, runs: int, fresh: bool = False) -> tuple[float, float]:
    """Median page-body times (results page, baseline), the two reruns interleaved one by one
    so that load from other processes on the shared cores hits both alike. `fresh` drops the
    page's per-session memo before each run, as when the answers have just changed."""
    from assessments.examples import example_for_today
    from benchmarks.screen_pair import alternate, screen_and_baseline

    os.environ["BENCH_EXAMPLE"] = name
    precomputed.cache_clear()
    answers = example_for_today(name, date.today()).model_dump(mode="python")
    with screen_and_baseline("pages/results.py", "results_baseline.py", answers) as (
        page,
        base,
        start_counting,
        records,
    ):
        memo = "results:view" if fresh else None  # fresh: as after an edit, nothing memoized
        return alternate(page, base, start_counting, records, runs, "page:results", memo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args([]) if __name__ != "__main__" else parser.parse_args()
    sys.path.insert(0, str(ROOT))
    print("Scoring one assessment, median of", max(200, args.runs * 10), "runs (ms):")
    for name, ms in bench_scoring(max(200, args.runs * 10)).items():
        print(f"  {name:<32} {ms:8.3f}")
    print(f"Results screen rerun, page body only, median of {args.runs} runs (ms):")
    for name, fresh in ((EXAMPLE, False), (RED, False), (EXAMPLE, True)):
        page, base = bench_page(name, args.runs, fresh)
        label = name + (" (answers changed)" if fresh else "")
        print(
            f"  {label:<40} results page {page:7.1f}   baseline {base:7.1f}   "
            f"our logic adds {100 * (page - base) / base:5.1f}%"
        )


if __name__ == "__main__":
    main()
