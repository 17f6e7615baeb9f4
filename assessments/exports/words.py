"""The plan's codes in the words a runner reads: weekdays, runs, sessions, focus areas, doses.

One place for these words so the CSV, the calendar and the PDF say the same thing.
"""

from __future__ import annotations

from ..focus import FOCUS_TITLES, FocusArea
from ..planning.plan_model import PlannedSession, Prescription
from .cells import range_words

WEEKDAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
RUN_WORDS = {"rest": "rest day", "easy": "easy run", "hard": "hard run", "long": "long run"}
MAX_TITLE_EXERCISES = 2


def weekday_name(code: str) -> str:
    return WEEKDAY_NAMES.get(code, code)


def run_words(code: str) -> str:
    return RUN_WORDS.get(code, code)


def focus_name(area: FocusArea) -> str:
    return FOCUS_TITLES[area]


def session_name(key: str) -> str:
    """ "Strength A" for a template's key; "Light activation" for the taper's short session."""
    if key == "R":
        return "Protocol work (rehab)"
    return "Light activation" if key == "L" else f"Strength {key}"


def dose(p: Prescription) -> str:
    """`3 × 6 to 8` (sets × reps)."""
    return f"{p.sets} × {range_words(p.reps)}"


def _lower_first(name: str) -> str:
    """ "Pogo hops" -> "pogo hops", but "RDL" stays "RDL"."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def session_title(s: PlannedSession) -> str:
    """ "Strength A: Romanian deadlift, pogo hops +2": the session and its main content."""
    names = [p.name for p in s.items]
    shown = names[:MAX_TITLE_EXERCISES]
    text = ", ".join([shown[0], *(_lower_first(n) for n in shown[1:])]) if shown else ""
    more = len(names) - len(shown)
    title = session_name(s.key)
    if text:
        title += f": {text}"
    return title + (f" +{more}" if more else "")


def where_line(s: PlannedSession) -> str:
    """One short line on where the session sits in the runner's week."""
    day = weekday_name(s.weekday)
    if s.run == "rest":
        return f"{day}: a rest day from running."
    return f"{day}: after your {run_words(s.run)}."
