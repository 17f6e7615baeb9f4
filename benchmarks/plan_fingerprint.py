"""A digest of everything the plans of a fixed set of runners carry, one line per runner.

For speed work that must not change a plan: run it before and after the change and compare.

    .venv/bin/python -m benchmarks.plan_fingerprint > before.json   # on the old commit
    .venv/bin/python -m benchmarks.plan_fingerprint > after.json
    diff before.json after.json && echo "same plans"

The runners are the 52-week benchmark case and the batch benchmark's coach group (every example
with varied dates, minutes, equipment and self-tests; bench_plan._write_files). Each digest
covers the coach CSV, the people CSV, the week summaries, notes, splits, left-out areas,
retest days and the shortfall message. Prints JSON; asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from datetime import date
from pathlib import Path

from assessments.exports import coach_csv, schedule_csv
from assessments.planner import clear_memos, make_plan
from assessments.scoring import score
from assessments.storage import load_file
from benchmarks.bench_plan import START, _write_files, season_52_weeks

BATCH_START = date(2026, 1, 12)


def digest(a, start: date) -> str:
    clear_memos()
    try:
        p = make_plan(a, score(a), start)
    except Exception as exc:  # a runner the planner refuses: its refusal is the fingerprint
        return type(exc).__name__
    parts = (
        coach_csv(p),
        schedule_csv(p),
        repr(p.weeks),
        repr(p.notes),
        repr(p.splits),
        repr(p.left_out),
        repr(p.retests),
        repr(p.shortfall),
    )
    return hashlib.sha1("\x00".join(parts).encode()).hexdigest()[:16]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runners", type=int, default=120, help="size of the coach group")
    n = ap.parse_args().runners
    out = {"season52": digest(season_52_weeks(), START)}
    with tempfile.TemporaryDirectory() as tmp:
        for name in _write_files(Path(tmp), n):
            loaded = load_file(name)
            if loaded.assessment is not None:
                out[Path(name).stem] = digest(loaded.assessment, BATCH_START)
    print(json.dumps(out, indent=0, sort_keys=True))


if __name__ == "__main__":
    main()
