"""Every speed figure of the project in one run: `python -m benchmarks [--quick]` (`make bench`).

Each figure's method is in the docstring of the function that measures it:
- scoring one assessment, in-process: bench_scoring.bench_scoring (median per example);
- score + plan + CSV for a 52-week season, in-process: bench_plan.bench_in_process;
- batch CLI throughput, one process on one core, file reading and writing included:
  bench_plan.bench_cli;
- the results screen's server time on rerun against a page drawing the same elements from
  precomputed data, both timed by the app's own timing log in the same run:
  bench_scoring.bench_page;
- the compare screen's slider change against a same-element page: bench_compare.bench
  (when benchmarks/bench_compare.py exists);
- the plan screen's rerun against a same-element page and a minimal interactive page (a
  slider, one Altair chart, a download), all three in the same run: bench_plan_screen.bench;
- the progress screen's rerun (two years of retests) against a same-element page:
  bench_progress.bench;
- first load in Chromium against a minimal Streamlit page: first_load.measure.
Prints figures and asserts nothing; the CPU is usually shared, so the load average is printed
before and after. `--quick` uses fewer repetitions (a smoke run, noisier figures).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def quiet_streamlit() -> None:
    """AppTest and the page caches, used outside a server, warn "missing ScriptRunContext"
    on every call; the figures are easier to read without them."""
    import logging

    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").disabled = True


# Repetitions: (full, --quick).
REPS = {
    "scoring": (1000, 100),
    "plan": (300, 50),
    "cli_files": (300, 150),  # fewer and the process start-up dominates the figure
    "page_runs": (30, 8),
    "first_loads": (10, 3),
}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import streamlit

    return (
        f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, Streamlit {streamlit.__version__}"
    )


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def has_compare_bench() -> bool:
    return importlib.util.find_spec("benchmarks.bench_compare") is not None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args(argv)
    n = {k: v[1] if args.quick else v[0] for k, v in REPS.items()}
    quiet_streamlit()
    print(f"Machine: {machine()}")
    print(f"Load average at start: {load()}{'   (--quick)' if args.quick else ''}")
    summary: list[tuple[str, str, str]] = []  # figure, value, target
    failed: list[str] = []

    def section(title: str, run: Callable[[], None]) -> None:
        print(f"\n== {title}")
        t0 = time.perf_counter()
        try:
            run()
        except Exception:  # noqa: BLE001 - report it and go on to the other figures
            traceback.print_exc()
            failed.append(title)
        print(f"   ({time.perf_counter() - t0:.0f} s)")

    def scoring() -> None:
        from benchmarks.bench_scoring import bench_scoring

        medians = bench_scoring(n["scoring"])
        print(f"Scoring one assessment, median of {n['scoring']} runs (ms):")
        for name, ms in medians.items():
            print(f"  {name:<32} {ms:8.3f}")
        worst = max(ms for name, ms in medians.items() if not name.startswith("("))
        summary.append(("scoring one assessment (slowest example)", f"{worst:.3f} ms", "<= 1 ms"))

    def plan() -> None:
        from benchmarks.bench_plan import bench_in_process

        r = bench_in_process(n["plan"])
        summary.append(
            (
                "score + plan + CSV, 52-week season",
                f"{r['total']:.2f} ms (yardstick {r['yardstick']:.2f} ms)",
                "<= 5 ms",
            )
        )

    def files() -> None:
        from benchmarks.bench_plan import bench_files

        r = bench_files(n["plan"])
        summary.append(
            (
                "printable PDF, 52-week plan (built on download only)",
                f"{r['PDF']:.0f} ms vs people CSV {r['people CSV']:.2f} ms",
                "—",
            )
        )

    def cli() -> None:
        from benchmarks.bench_plan import bench_cli

        r = bench_cli(n["cli_files"])
        summary.append(("batch CLI, one core", f"{r['per_s']:.0f} assessments/s", ">= 150/s"))

    def results() -> None:
        from benchmarks.bench_scoring import EXAMPLE, bench_page

        runs = n["page_runs"]
        print(f"Results screen rerun, page body only, median of {runs} runs (ms):")
        for label, fresh in (("answers unchanged", False), ("answers changed", True)):
            page, base = bench_page(EXAMPLE, runs, fresh)
            extra = 100 * (page - base) / base
            print(
                f"  {label:<18} results page {page:7.1f}   same-element page {base:7.1f}   "
                f"our logic adds {extra:5.1f}%"
            )
            summary.append(
                (
                    f"results rerun ({label}) vs same-element page",
                    f"{page:.1f} vs {base:.1f} ms ({extra:+.0f}%)",
                    "<= +25%",
                )
            )

    def compare() -> None:
        from benchmarks.bench_compare import EXAMPLE, bench_with_autosave

        runs = n["page_runs"]
        print(f"Compare screen slider change, fragment body only, median of {runs} runs (ms):")
        print(f"  example {EXAMPLE}")
        for label, fresh in (("new value", True), ("value seen before", False)):
            page, base, save = bench_with_autosave(runs, fresh)
            extra = 100 * (page - base) / base
            print(
                f"  {label:<18} compare screen {page:7.1f}   same-element page {base:7.1f}   "
                f"ratio {page / base:4.2f}   our logic adds {extra:5.1f}%   "
                f"of which autosave {save:5.2f}"
            )
            summary.append(
                (
                    f"compare slider ({label}) vs same-element page",
                    f"{page:.1f} vs {base:.1f} ms ({extra:+.0f}%; autosave {save:.2f} ms)",
                    "<= +25%",
                )
            )

    def plan_screen() -> None:
        from benchmarks.bench_plan_screen import EXAMPLE, bench

        runs = n["page_runs"]
        r = bench(runs)
        extra = 100 * (r["plan"] - r["baseline"]) / r["baseline"]
        ratio = r["plan"] / r["minimal"]
        print(f"Plan screen rerun, page body only, median of {runs} runs (ms), {EXAMPLE}:")
        print(
            f"  plan screen {r['plan']:7.1f}   same-element page {r['baseline']:7.1f} "
            f"({extra:+.0f}%)   minimal page {r['minimal']:6.1f}   x{ratio:.1f}"
        )
        summary.append(
            (
                "plan rerun vs same-element page",
                f"{r['plan']:.1f} vs {r['baseline']:.1f} ms ({extra:+.0f}%)",
                "<= +25%",
            )
        )
        summary.append(
            (
                "plan rerun vs minimal page (slider, chart, download)",
                f"{r['plan']:.1f} vs {r['minimal']:.1f} ms (x{ratio:.1f})",
                "<= x4",
            )
        )

    def progress() -> None:
        from benchmarks.bench_progress import RETESTS, bench

        runs = n["page_runs"]
        print(f"Progress screen rerun, {RETESTS} assessments, page body only, median of {runs}:")
        for label, fresh in (("answers unchanged", False), ("right after a retest", True)):
            page, base = bench(runs, fresh)
            extra = 100 * (page - base) / base
            print(
                f"  {label:<22} progress page {page:7.1f}   same-element page {base:7.1f}   "
                f"our logic adds {extra:5.1f}%"
            )
            summary.append(
                (
                    f"progress rerun ({label}) vs same-element page",
                    f"{page:.1f} vs {base:.1f} ms ({extra:+.0f}%)",
                    "<= +25%",
                )
            )

    def first_load() -> None:
        from benchmarks.first_load import measure, report

        r = measure(n["first_loads"])
        report(r)
        summary.append(
            (
                "first load in Chromium vs minimal page",
                f"{r.app:.0f} vs {r.minimal:.0f} ms (x{r.app / r.minimal:.2f})",
                "-",
            )
        )

    section("Scoring", scoring)
    section("Score + plan + CSV", plan)
    section("Downloads (CSV, calendar, PDF)", files)
    section("Batch CLI", cli)
    section("Results screen rerun", results)
    if has_compare_bench():
        section("Compare screen slider change", compare)
    else:
        print("\n== Compare screen: not measured (benchmarks/bench_compare.py is not there yet)")
    section("Progress screen rerun", progress)
    section("Plan screen rerun", plan_screen)
    section("First load in Chromium", first_load)

    print(f"\nLoad average at end: {load()}")
    print("\nSummary (medians):")
    width = max(len(f) for f, _, _ in summary) if summary else 0
    for figure, value, target in summary:
        print(f"  {figure:<{width}}  {value:<34} target {target}")
    if failed:
        print(f"\nNot measured (see the errors above): {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
