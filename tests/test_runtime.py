"""Process settings: the collector's threshold, and what the CLI leaves out of its start-up."""

from __future__ import annotations

import gc
import subprocess
import sys
from datetime import date

from assessments.examples import load_example
from assessments.exports import schedule_ics
from assessments.planner import make_plan
from assessments.runtime import YOUNG_THRESHOLD, tune_gc
from assessments.scoring import score


def test_tune_gc_raises_only_the_young_threshold_and_can_be_called_every_run() -> None:
    before = gc.get_threshold()
    try:
        tune_gc()
        tune_gc()
        assert gc.get_threshold() == (YOUNG_THRESHOLD, before[1], before[2])
    finally:
        gc.set_threshold(*before)


def test_the_cli_starts_without_the_calendar_library_and_still_writes_calendars() -> None:
    code = "import sys, assessments.cli, assessments.exports as e;print('icalendar' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    a = load_example("road_5k_weak_hamstrings")
    text = schedule_ics(make_plan(a, score(a), date(2026, 1, 12))).decode()
    assert text.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in text
