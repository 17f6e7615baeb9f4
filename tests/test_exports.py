"""Schedule CSVs (people and coach) and .ics calendar downloads."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime, time

import icalendar
import pandas as pd

from assessments.exports import CSV_COLUMNS, coach_csv, safe_cell, schedule_csv, schedule_ics
from assessments.model import Assessment
from assessments.planner import make_plan
from assessments.planning.plan_model import PlanOptions
from tests.plan_helpers import BASE, findings

START = date(2026, 1, 5)
REQUIRED = [
    "date", "week", "phase", "weekday", "run", "session", "exercise",
    "sets", "reps", "intensity", "rest_s", "focus", "notes",
]  # fmt: skip


def plan():
    return make_plan(Assessment.model_validate(BASE), findings(), START)


def test_csv_round_trips_through_pandas_with_the_required_columns():
    p = plan()
    df = pd.read_csv(io.StringIO(schedule_csv(p)), dtype=str, keep_default_na=False)
    assert list(df.columns[: len(REQUIRED)]) == REQUIRED
    assert list(df.columns) == list(CSV_COLUMNS)
    assert "notes" not in set(df["session"])  # the plan's notes are in the coach CSV
    assert len(df) == sum(len(s.items) for s in p.sessions)
    assert list(df["date"]) == [s.date.isoformat() for s in p.sessions for _ in s.items]
    assert list(df["exercise"]) == [i.name for s in p.sessions for i in s.items]
    assert list(df["sets"].astype(int)) == [i.sets for s in p.sessions for i in s.items]
    assert set(df["phase"]) <= {"off-season", "pre-season", "in-season", "taper"}
    pd.to_datetime(df["date"], format="%Y-%m-%d")  # ISO dates


def test_formula_cells_are_neutralised():
    for bad in ("=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"):
        assert safe_cell(bad) == "'" + bad
    assert safe_cell("Back squat") == "Back squat"
    assert safe_cell(3) == 3
    p = plan()
    first = p.sessions[0]
    evil = replace(first, items=(replace(first.items[0], name='=HYPERLINK("x")', note="@x"),))
    text = coach_csv(replace(p, sessions=(evil,), notes=("=cmd()",)))
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert df["notes"][0] == "'=cmd()"  # the plan's notes are neutralised too
    df = df[df["session"] != "notes"].reset_index()
    assert df["exercise"][0] == '\'=HYPERLINK("x")'
    assert df["notes"][0].startswith("'@x")


def test_csv_is_utf8_with_a_header():
    text = schedule_csv(plan())
    assert text.splitlines()[0].startswith("date,week,phase,weekday,run,session,exercise")
    text.encode("utf-8")


def test_ics_has_one_event_per_session_and_stable_uids():
    p = plan()
    cal = icalendar.Calendar.from_ical(schedule_ics(p))
    events = cal.walk("VEVENT")
    assert len(events) == len(p.sessions) + len(p.retests)  # retests: events, not sessions
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    again = icalendar.Calendar.from_ical(schedule_ics(plan()))
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == uids
    first = events[0]
    assert first.decoded("DTSTART") == p.sessions[0].date  # all-day by default
    assert p.sessions[0].items[0].name in str(first["DESCRIPTION"])


def test_ics_at_a_time_in_a_time_zone():
    p = plan()
    raw = schedule_ics(p, at=time(18, 30), tz="Europe/Berlin", stamp=datetime(2026, 1, 1))
    cal = icalendar.Calendar.from_ical(raw)
    assert cal.walk("VTIMEZONE")
    ev = cal.walk("VEVENT")[0]
    start = ev.decoded("DTSTART")
    assert start.hour == 18 and start.minute == 30
    assert str(start.tzinfo) == "Europe/Berlin"
    assert (ev.decoded("DTEND") - start).total_seconds() == p.minutes * 60
    assert b"TZID=Europe/Berlin" in raw


def test_fast_csv_matches_the_csv_module():
    import csv

    from assessments.exports import schedule_rows

    p = plan()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(schedule_rows(p, safe=True))
    assert schedule_csv(p) == out.getvalue()


def test_fast_coach_csv_matches_the_csv_module():
    import csv

    from assessments.exports import COACH_COLUMNS, coach_csv, schedule_rows

    p = plan()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COACH_COLUMNS)
    writer.writerows(schedule_rows(p, coach=True))
    assert coach_csv(p) == out.getvalue()


def test_csv_from_cold_keeps_only_the_rules_librarys_texts():
    """`clear_caches` forgets every text of a runner; the library's texts, encoded once, stay
    and are the same whoever's plan is exported (they depend on the rules alone)."""
    import csv

    from assessments.exports import schedule_rows, table

    p = plan()
    other = make_plan(
        Assessment.model_validate(BASE), findings(), START, options=PlanOptions(minutes=25)
    )
    table.clear_caches()
    first = schedule_csv(p)
    kept = table._library_texts
    assert kept is not None and kept.lib is not None
    texts = (dict(kept.cells), dict(kept.doses))
    assert any(x.name in texts[0] for s in p.sessions for x in s.items)  # names are among them
    notes = {x.note for s in p.sessions for x in s.items if x.note}
    assert notes and not notes & (texts[0].keys() | texts[1].keys())  # the runner's are not
    schedule_csv(other)
    table.clear_caches()
    assert not table._CELLS and not table._DOSE_CELLS and not table._NOTES
    assert table._library_texts is kept and (kept.cells, kept.doses) == texts
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(schedule_rows(p, safe=True))
    assert schedule_csv(p) == first == out.getvalue()
