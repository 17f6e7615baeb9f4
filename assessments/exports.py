"""Schedule downloads: a CSV with one row per exercise per dated session, and an .ics calendar.

The CSV opens in a spreadsheet, so text cells that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) get a leading apostrophe. Calendar event
UIDs are derived from the runner, the season and the date, so downloading the same plan
again updates the events in a calendar app instead of duplicating them.
"""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from .focus import FOCUS_TITLES
from .planner import Plan, PlannedSession

CSV_COLUMNS = (
    "date",
    "week",
    "phase",
    "weekday",
    "run",
    "session",
    "exercise",
    "sets",
    "reps",
    "intensity",
    "rest_s",
    "focus",
    "notes",
    # more may follow the required ones
    "exercise_id",
    "category",
    "block",
    "placement",
    "reason",
    "rule",
    "source",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PRODID = "-//runner-strength//strength plan//EN"


def safe_cell(value: object) -> object:
    """Neutralise a text cell a spreadsheet would treat as a formula; numbers pass through."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def schedule_rows(plan: Plan) -> list[tuple[object, ...]]:
    """The CSV's rows (without the header), raw values, in date then exercise order."""
    rows: list[tuple[object, ...]] = []
    for s in plan.sessions:
        day = s.date.isoformat()
        session_notes = " ".join(s.notes)
        for p in s.items:
            notes = "; ".join(n for n in (p.note, session_notes) if n)
            rows.append(
                (
                    day,
                    s.week,
                    s.phase.value,
                    s.weekday,
                    s.run,
                    s.key,
                    p.name,
                    p.sets,
                    p.reps,
                    p.intensity,
                    p.rest_s,
                    p.focus.value,
                    notes,
                    p.exercise_id,
                    p.category.value,
                    s.block,
                    s.placement,
                    p.reason,
                    p.rule,
                    p.source,
                )
            )
    return rows


def schedule_csv(plan: Plan) -> str:
    """The schedule as CSV text (UTF-8 when encoded; a header row; ISO dates)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(tuple(safe_cell(v) for v in row) for row in schedule_rows(plan))
    return out.getvalue()


def _uid(plan: Plan, s: PlannedSession) -> str:
    """Stable per runner, assessment date, season end and session date."""
    key = f"{plan.runner_name}|{plan.assessed_on.isoformat()}|{plan.season.end.isoformat()}|"
    key += s.date.isoformat()
    return hashlib.sha256(key.encode()).hexdigest()[:24] + "@runner-strength"


def _description(s: PlannedSession) -> str:
    lines = [s.placement, ""]
    for p in s.items:
        lines.append(f"- {p.name}: {p.sets} x {p.reps}, {p.intensity}, rest {p.rest_s} s")
        lines.append(f"  ({FOCUS_TITLES[p.focus]}; {p.reason})")
    lines += ["", *s.notes]
    return "\n".join(lines).strip()


def schedule_ics(
    plan: Plan,
    *,
    at: time | None = None,
    tz: str = "UTC",
    stamp: datetime | None = None,
) -> bytes:
    """The plan as an RFC 5545 calendar: one event per strength session.

    All-day events by default; with `at`, timed events of the plan's session length in the
    IANA time zone `tz`. `stamp` (DTSTAMP) defaults to the assessment date, so the same plan
    gives the same file.
    """
    zone = ZoneInfo(tz)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add(
        "x-wr-calname", "Strength plan" + (f" - {plan.runner_name}" if plan.runner_name else "")
    )
    dtstamp = stamp or datetime.combine(plan.assessed_on, time(0, 0), tzinfo=UTC)
    for s in plan.sessions:
        ev = Event()
        ev.add("uid", _uid(plan, s))
        ev.add("dtstamp", dtstamp)
        title = "Light activation" if s.key == "L" else f"Strength {s.key}"
        ev.add("summary", f"{title} ({s.phase.value})")
        if at is None:
            ev.add("dtstart", s.date)
            ev.add("dtend", s.date + timedelta(days=1))
        else:
            begin = datetime.combine(s.date, at, tzinfo=zone)
            minutes = 30 if s.key == "L" else plan.minutes
            ev.add("dtstart", begin)
            ev.add("dtend", begin + timedelta(minutes=minutes))
        ev.add("description", _description(s))
        ev.add("categories", ["Strength training"])
        cal.add_component(ev)
    if at is not None:
        cal.add_missing_timezones(
            plan.season.start - timedelta(days=366), plan.season.end + timedelta(days=366)
        )
    return cal.to_ical()


def csv_filename(plan: Plan, today: date | None = None) -> str:
    name = "".join(c if c.isalnum() else "-" for c in plan.runner_name.lower()).strip("-")
    return f"strength-plan{'-' + name if name else ''}-{plan.season.start.isoformat()}.csv"
