"""Calendar text: every property escaped and folded per RFC 5545, whatever the runner typed."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import icalendar
from hypothesis import HealthCheck, given, settings

from assessments.exports import schedule_ics
from assessments.model import Assessment
from assessments.planner import make_plan
from tests.plan_helpers import BASE, findings
from tests.strategies import TEXT


def plan():
    return make_plan(Assessment.model_validate(BASE), findings(), date(2026, 1, 5))


def _calname(cal: icalendar.Calendar) -> str:
    """X-WR-CALNAME unescaped per RFC 5545 (the library returns X- properties as written)."""
    raw = cal["X-WR-CALNAME"].to_ical().decode()
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw)


def _lines_are_rfc5545(raw: bytes) -> None:
    assert raw.endswith(b"\r\n")
    for line in raw[:-2].split(b"\r\n"):
        assert b"\r" not in line and b"\n" not in line
        assert len(line) <= 75, line  # folded at 75 octets
        line.decode("utf-8")  # a fold never splits a character


def test_every_calendar_property_is_escaped_and_folded():
    hostile = "Ann\rX-INJECTED:1\r\nBEGIN:VEVENT\n;a,b\\c\x1b[2J " + "é" * 60
    p = plan()
    s0 = replace(p.sessions[0], placement=hostile, notes=(hostile,))
    p = replace(p, runner_name=hostile, sessions=(s0, *p.sessions[1:]))
    raw = schedule_ics(p)
    _lines_are_rfc5545(raw)
    assert b"\r\nX-INJECTED" not in raw and b"\r\nBEGIN:VEVENT\r\n;" not in raw
    cal = icalendar.Calendar.from_ical(raw)
    clean = hostile.replace("\r\n", "\n").replace("\r", "\n").replace("\x1b", "")
    assert _calname(cal) == f"Strength plan - {clean}"
    events = cal.walk("VEVENT")
    assert len(events) == len(p.sessions) + len(p.retests)
    # The session's notes are in its description (the placement is said in one short line).
    assert clean in str(events[0]["DESCRIPTION"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=TEXT)
def test_any_name_the_model_accepts_survives_the_calendar(name):
    a = Assessment.model_validate(BASE | {"runner_name": name})
    p = replace(_PLAN, runner_name=a.runner_name, sessions=_PLAN.sessions[:2])
    raw = schedule_ics(p)
    _lines_are_rfc5545(raw)
    cal = icalendar.Calendar.from_ical(raw)
    expected = "Strength plan" + (f" - {a.runner_name}" if a.runner_name else "")
    assert _calname(cal) == expected


_PLAN = plan()
