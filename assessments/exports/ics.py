"""The plan as an RFC 5545 calendar (.ics): one event per dated strength session.

Each event's title names the session's main content and its description is the session card:
every exercise with sets × reps, load cue and cues, then the cautions and plan-level notes,
and one short line on where the session sits. Event UIDs are a hash of (file id, plan
variant, date, event kind, session key): downloading the same file's plan again updates the
events in a calendar app instead of duplicating them, and two runners' plans, or plans A and
B, never share one. Every text property goes through `ics_text` (escaped per RFC 5545).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # icalendar is imported on first use: it is a tenth of the CLI's start-up
    from icalendar import Event

from ..ics_text import ics_text
from ..planning.fit_minutes import session_minutes
from ..planning.plan_model import Plan, PlannedSession, Retest
from ..planning.retests import RETEST_HOW
from .cells import range_words
from .notes import plan_notes
from .words import dose, session_title, where_line

PRODID = "-//runner-strength//strength plan//EN"
UID_DOMAIN = "runner-strength"
REMINDER_CHOICES = (0, 15, 30, 60, 120, 24 * 60)  # minutes before; 0 = none


def event_kind(s: PlannedSession) -> str:
    return "activation" if s.key == "L" else "strength"


def plan_variant(plan: Plan) -> str:
    """The variant's identity: its options (the recommendation's are all unset)."""
    return plan.options.model_dump_json()


def event_uid(plan: Plan, s: PlannedSession, variant: str | None = None) -> str:
    """Hash of (file id, plan variant, date, event kind, session key)."""
    parts = (
        plan.file_id or f"{plan.runner_name}|{plan.assessed_on.isoformat()}",
        plan_variant(plan) if variant is None else variant,
        s.date.isoformat(),
        event_kind(s),
        s.key,
    )
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"{digest}@{UID_DOMAIN}"


def retest_uid(plan: Plan, r: Retest, variant: str | None = None) -> str:
    """Hash of (file id, plan variant, date, "retest"), like a session's: plan B's calendar
    imported beside plan A's replaces none of its events."""
    parts = (
        plan.file_id or f"{plan.runner_name}|{plan.assessed_on.isoformat()}",
        plan_variant(plan) if variant is None else variant,
        "retest",
        r.date.isoformat(),
    )
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"{digest}@{UID_DOMAIN}"


def retest_event(plan: Plan, r: Retest, dtstamp: datetime, variant: str | None = None) -> Event:
    """A proposed retest: an all-day event (done before any run or lifting that day)."""
    from icalendar import Event

    ev = Event()
    ev.add("uid", retest_uid(plan, r, variant))
    ev.add("dtstamp", dtstamp)
    ev.add("summary", ics_text("Retest the self-tests"))
    ev.add("dtstart", r.date)
    ev.add("dtend", r.date + timedelta(days=1))
    ev.add("description", ics_text(f"{r.why}\n\n{RETEST_HOW}"))
    ev.add("categories", ["Self-test"])
    return ev


def description(plan: Plan, s: PlannedSession) -> str:
    """The session card as plain text: where, every exercise, cautions and notes."""
    lines = [where_line(s), ""]
    for i, p in enumerate(s.items, 1):
        lines.append(f"{i}. {p.name}: {dose(p)}, {range_words(p.intensity)}, rest {p.rest_s} s")
        if p.load_cue:
            lines.append(f"   Load: {range_words(p.load_cue)}")
        if p.note:
            lines.append(f"   Note: {range_words(p.note)}")
        if p.cues:
            lines.append(f"   How: {p.cues}")
    for n in s.notes:
        lines.append(range_words(n))
    if plan.cautions:
        lines += ["", "Cautions:", *(f"- {c}" for c in plan.cautions)]
    notes = plan_notes(plan)
    if notes:
        lines += ["", "About this plan:", *(f"- {range_words(n)}" for n in notes)]
    return "\n".join(lines).strip()


def schedule_ics(
    plan: Plan,
    *,
    at: time | None = None,
    tz: str = "UTC",
    stamp: datetime | None = None,
    reminder_min: int = 0,
    variant: str | None = None,
) -> bytes:
    """The plan as an RFC 5545 calendar: one event per strength session, then one all-day
    event per proposed retest day.

    All-day events by default; with `at`, timed events of the plan's session length in the
    IANA time zone `tz`. `reminder_min` > 0 adds a reminder (VALARM) that many minutes before
    (before midnight for all-day events). `stamp` (DTSTAMP) defaults to the assessment date,
    so the same plan gives the same file. `variant` overrides the plan's own variant key.
    """
    from icalendar import Alarm, Calendar, Event

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
        ev.add("uid", event_uid(plan, s, variant))
        ev.add("dtstamp", dtstamp)
        title = ics_text(session_title(s))
        ev.add("summary", title)
        if at is None:
            ev.add("dtstart", s.date)
            ev.add("dtend", s.date + timedelta(days=1))
        else:
            begin = datetime.combine(s.date, at, tzinfo=zone)
            minutes = session_minutes(plan.minutes, s)
            ev.add("dtstart", begin)
            ev.add("dtend", begin + timedelta(minutes=minutes))
        ev.add("description", ics_text(description(plan, s)))
        ev.add("categories", ["Strength training"])
        if reminder_min > 0:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", title)
            alarm.add("trigger", timedelta(minutes=-reminder_min))
            ev.add_component(alarm)
        cal.add_component(ev)
    for r in plan.retests:  # proposed retest days: all-day events after the sessions
        cal.add_component(retest_event(plan, r, dtstamp, variant))
    if at is not None:
        cal.add_missing_timezones(
            plan.season.start - timedelta(days=366), plan.season.end + timedelta(days=366)
        )
    return cal.to_ical()
