"""Schedule downloads: a CSV with one row per exercise per dated session, and an .ics calendar.

The CSV opens in a spreadsheet, so text cells that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) get a leading apostrophe. Calendar event
UIDs are derived from the runner, the season and the date, so downloading the same plan
again updates the events in a calendar app instead of duplicating them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from .focus import FOCUS_TITLES
from .ics_text import ics_text
from .planner import Plan, PlannedSession
from .planning.plan_model import Retest
from .planning.retests import RETEST_HOW

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


def schedule_rows(plan: Plan, *, safe: bool = False) -> list[tuple[object, ...]]:
    """The CSV's rows (without the header), in date then exercise order.

    A prescription is shared by many sessions, so its cells are built (and neutralised)
    once per plan, not once per row.
    """
    clean = safe_cell if safe else _same
    rows: list[tuple[object, ...]] = []
    item_cells: dict[int, tuple[tuple[object, ...], tuple[object, ...], str]] = {}
    for s in plan.sessions:
        head = (s.date.isoformat(), s.week, s.phase.value, s.weekday, s.run, s.key)
        session_notes = " ".join(s.notes)
        tail = (clean(s.block), clean(s.placement))
        for p in s.items:
            cells = item_cells.get(id(p))
            if cells is None:
                cells = item_cells[id(p)] = (
                    (
                        clean(p.name),
                        p.sets,
                        clean(p.reps),
                        clean(p.intensity),
                        p.rest_s,
                        p.focus.value,
                    ),
                    (clean(p.exercise_id), p.category.value),
                    p.note,
                )
            middle, ident, note = cells
            notes = f"{note}; {session_notes}" if note and session_notes else note or session_notes
            rows.append(
                (
                    *head,
                    *middle,
                    clean(notes),
                    *ident,
                    *tail,
                    clean(p.reason),
                    clean(p.rule),
                    clean(p.source),
                )
            )
    return rows


def _same(value: object) -> object:
    return value


def _field(value: object) -> str:
    """One CSV field, quoted as the csv module's QUOTE_MINIMAL would (RFC 4180)."""
    text = value if isinstance(value, str) else str(value)
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _fields(values: Iterable[object]) -> str:
    return ",".join(_field(safe_cell(v)) for v in values)


def schedule_csv(plan: Plan) -> str:
    """The schedule as CSV text (UTF-8 when encoded; a header row; ISO dates).

    Same output as csv.writer over `schedule_rows(plan, safe=True)`, but a session's and a
    prescription's cells are encoded once each, which keeps a 52-week plan well under 1 ms.
    """
    lines = [_fields(CSV_COLUMNS)]
    items: dict[int, tuple[str, str, str, str]] = {}
    notes_memo: dict[tuple[str, str], str] = {}
    memo: dict[tuple[str, ...], str] = {}
    for s in plan.sessions:
        k1 = (s.phase.value, s.weekday, s.run, s.key)
        k2 = (s.block, s.placement)
        h = memo.get(k1) or memo.setdefault(k1, _fields(k1))
        tail = memo.get(k2) or memo.setdefault(k2, _fields(k2))
        head = f"{s.date.isoformat()},{s.week},{h}"  # digits and dashes: nothing to quote
        session_notes = " ".join(s.notes)
        for p in s.items:
            cached = items.get(id(p))
            if cached is None:
                cached = items[id(p)] = (
                    _fields((p.name, p.sets, p.reps, p.intensity, p.rest_s, p.focus.value)),
                    _fields((p.exercise_id, p.category.value)),
                    _fields((p.reason, p.rule, p.source)),
                    p.note,
                )
            middle, ident, why, note = cached
            key = (note, session_notes)
            notes = notes_memo.get(key)
            if notes is None:
                joined = (
                    f"{note}; {session_notes}" if note and session_notes else note or session_notes
                )
                notes = notes_memo[key] = _fields((joined,))
            lines.append(f"{head},{middle},{notes},{ident},{tail},{why}")
    lines.append("")
    return "\n".join(lines)


def _uid(plan: Plan, s: PlannedSession) -> str:
    """Stable per runner, assessment date, season end and session date."""
    key = f"{plan.runner_name}|{plan.assessed_on.isoformat()}|{plan.season.end.isoformat()}|"
    key += s.date.isoformat()
    return hashlib.sha256(key.encode()).hexdigest()[:24] + "@runner-strength"


def _retest_event(plan: Plan, r: Retest, dtstamp: datetime) -> Event:
    """A proposed retest: an all-day event (done before any run or lifting that day)."""
    ev = Event()
    key = f"{plan.runner_name}|{plan.assessed_on.isoformat()}|retest|{r.date.isoformat()}"
    ev.add("uid", hashlib.sha256(key.encode()).hexdigest()[:24] + "@runner-strength")
    ev.add("dtstamp", dtstamp)
    ev.add("summary", ics_text("Retest the self-tests"))
    ev.add("dtstart", r.date)
    ev.add("dtend", r.date + timedelta(days=1))
    ev.add("description", ics_text(f"{r.why}\n\n{RETEST_HOW}"))
    ev.add("categories", ["Self-test"])
    return ev


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
        "x-wr-calname",
        ics_text("Strength plan" + (f" - {plan.runner_name}" if plan.runner_name else "")),
    )
    dtstamp = stamp or datetime.combine(plan.assessed_on, time(0, 0), tzinfo=UTC)
    for s in plan.sessions:
        ev = Event()
        ev.add("uid", _uid(plan, s))
        ev.add("dtstamp", dtstamp)
        title = "Light activation" if s.key == "L" else f"Strength {s.key}"
        ev.add("summary", ics_text(f"{title} ({s.phase.value})"))
        if at is None:
            ev.add("dtstart", s.date)
            ev.add("dtend", s.date + timedelta(days=1))
        else:
            begin = datetime.combine(s.date, at, tzinfo=zone)
            minutes = 30 if s.key == "L" else plan.minutes
            ev.add("dtstart", begin)
            ev.add("dtend", begin + timedelta(minutes=minutes))
        ev.add("description", ics_text(_description(s)))
        ev.add("categories", ["Strength training"])
        cal.add_component(ev)
    for r in plan.retests:
        cal.add_component(_retest_event(plan, r, dtstamp))
    if at is not None:
        cal.add_missing_timezones(
            plan.season.start - timedelta(days=366), plan.season.end + timedelta(days=366)
        )
    return cal.to_ical()


def file_stem(plan: Plan, variant: str = "") -> str:
    """`strength-plan[-runner]-START[-variant]`: one name for a plan's CSV and calendar files."""
    name = "".join(c if c.isalnum() else "-" for c in plan.runner_name.lower()).strip("-")
    parts = ["strength-plan", name, plan.season.start.isoformat(), variant]
    return "-".join(p for p in parts if p)


def csv_filename(plan: Plan, variant: str = "") -> str:
    return file_stem(plan, variant) + ".csv"


def ics_filename(plan: Plan, variant: str = "") -> str:
    return file_stem(plan, variant) + ".ics"
