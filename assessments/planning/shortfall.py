"""One message when the runner's own day choices cut sessions below the phase minimum.

What happened, and the one change that fixes it: the unavailable days to mark as possible,
hard-run days first (lifting after a hard run is the preferred slot). The change is checked by
placing the affected weeks again with it, so the message never promises what it cannot give.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..model import WEEKDAYS, Assessment, RunType, Weekday
from .library import PhaseName
from .placement import _calendar, _pick_days
from .plan_model import WeekSummary

UNAVAILABLE = "you marked it unavailable for strength"


def _sessions_in(goals_json: str, start: date, off_end: date | None, weeks: dict[int, int]) -> int:
    """Sessions the placement gives in these weeks (week -> target) with these goals."""
    _, _, by_week = _calendar(goals_json, start, off_end)
    total = 0
    for wk, wdays in by_week:
        if wk in weeks:
            normal = [x for x in wdays if x.phase is not PhaseName.taper]
            total += len(_pick_days(normal, weeks[wk], None))
    return total


def shortfall(
    a: Assessment,
    weeks: Sequence[WeekSummary],
    start: date,
    off_end: date | None,
) -> tuple[str | None, tuple[str, ...]]:
    """(message, weekdays to mark as possible) for the weeks below the phase minimum."""
    short = {
        w.week: w.target
        for w in weeks
        if w.sessions < w.minimum and w.phase is not PhaseName.taper and UNAVAILABLE in w.note
    }
    if not short:
        return None, ()
    week = a.goals.week
    hard = [d for d in WEEKDAYS if week[d].run is RunType.hard]
    closed = [d for d in WEEKDAYS if not week[d].strength_ok]
    n = len(short)
    lead = (
        f"{n} week{'s' if n != 1 else ''} ha{'ve' if n != 1 else 's'} fewer strength sessions "
        "than the phase's minimum"
    )
    if not hard:
        lead += ": you have no hard-run days, the preferred slot for lifting"
    if not closed:
        return (
            lead + ". The days left are the days before a hard run, long run or race, or the "
            "days next to another strength day; no day choice of yours would add one.",
            (),
        )
    base_json = a.goals.model_dump_json()
    before = _sessions_in(base_json, start, off_end, short)
    order = sorted(closed, key=lambda d: (0 if d in hard else 1, WEEKDAYS.index(d)))
    tries: list[list[Weekday]] = [[d for d in order if d in hard]] if hard else []
    tries += [[d] for d in order]
    for days in tries:
        if not days:
            continue
        goals = a.goals.model_copy(deep=True)
        for d in days:
            goals.week[d].strength_ok = True
        if _sessions_in(goals.model_dump_json(), start, off_end, short) > before:
            names = " and ".join(d.title() for d in days)
            why = (
                "lifting after a hard run is the preferred slot"
                if all(d in hard for d in days)
                else f"{names} is the day that fits"
            )
            return (
                f"{lead}, because of the days you marked unavailable: {why}; "
                f"mark {names} as possible.",
                tuple(days),
            )
    return (
        lead + ": the days you left open are next to hard runs, long runs, races or other "
        "strength days; marking one more day as possible would not add a session.",
        (),
    )
