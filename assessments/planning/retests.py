"""When to retest the self-tests: dates the plan proposes, placed like a strength session.

A retest comes about every `every_weeks` weeks after the last assessment, in the off- and
pre-season only (in-season and taper weeks keep their energy for running), on a rest or easy
day that may hold strength work (never unavailable, never the day before a hard run, long run
or race), never the day after a strength session, done before any run or lifting that day
(a day without lifting is preferred). All of
this is our own heuristic (rules/plan_settings.csv, `retest_every_weeks`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from ..model import Goals
from .library import PhaseName
from .placement import week_pattern
from .plan_model import Retest
from .season import Season

RETEST_PHASES = (PhaseName.off_season, PhaseName.pre_season)
SEARCH_DAYS = 10  # how far past the due date a retest day is looked for
BEFORE_DAYS = 3  # how far before the due date
_WINDOW_DAYS = BEFORE_DAYS + 1 + SEARCH_DAYS  # the days around a due date looked at
_ONE = timedelta(days=1)
RETEST_HOW = (
    "Redo the self-tests as last time: same time of day, rested (no hard run the day before), "
    "warmed up the same way, before any run or lifting that day."
)


def retest_dates(
    season: Season,
    goals: Goals,
    strength_days: Iterable[date],
    last: date,
    every_weeks: int,
) -> tuple[Retest, ...]:
    """The proposed retest days of a season, every `every_weeks` after `last` (the current
    assessment's date), each on the best allowed day near its due date."""
    if every_weeks <= 0:
        return ()
    lifting = set(strength_days)
    runs, blocked = week_pattern(goals)
    races = {r.date for r in season.races}

    out: list[Retest] = []
    due = last + timedelta(weeks=every_weeks)
    phases = season.phase_by_day
    while due <= season.end:
        # A window without one off- or pre-season day has no retest day (_allowed's phase
        # check): in-season weeks are stepped over without checking each day.
        lo = (due - season.start).days - BEFORE_DAYS  # the window's first day, by index
        span = phases[max(lo, 0) : max(lo + _WINDOW_DAYS, 0)]
        if not any(map(RETEST_PHASES.__contains__, span)):
            due += timedelta(weeks=1)
            continue
        ok = _allowed(lo, season, last, runs, blocked, races, lifting)
        if not ok:
            due += timedelta(weeks=1)
            continue
        best = min(
            ok,
            key=lambda d: (d in lifting, runs[d.weekday()] != "rest", abs((d - due).days), d),
        )
        kind = "a rest day" if runs[best.weekday()] == "rest" else "an easy-run day"
        first = " Test before your strength session." if best in lifting else ""
        if runs[best.weekday()] == "easy":
            first = " Test before your run" + (" and strength session." if first else ".")
        out.append(Retest(best, f"{every_weeks} weeks after the last test, on {kind}.{first}"))
        last = best
        due = best + timedelta(weeks=every_weeks)
    return tuple(out)


def _allowed(
    lo: int,
    season: Season,
    last: date,
    runs: Sequence[str],
    blocked: Sequence[str],
    races: set[date],
    lifting: set[date],
) -> list[date]:
    """The days of the window from index `lo` (days since the season's start) a retest may go
    on: in the season and after `last`, off- or pre-season, not unavailable, not a race day or
    the day before, a rest or easy-run day, not the day after a strength session. By index
    into the season's days, the cheap checks first: most windows are checked in full."""
    phases = season.phase_by_day
    first = max(lo, (last - season.start).days + 1, 0)
    end = min(lo + _WINDOW_DAYS, len(phases))  # one phase a day of the season
    weekday = season.start.weekday()
    out: list[date] = []
    for i in range(first, end):
        wd = (weekday + i) % 7
        if blocked[wd] or runs[wd] not in ("rest", "easy") or phases[i] not in RETEST_PHASES:
            continue
        d = season.start + timedelta(days=i)
        if d in races or d + _ONE in races or d - _ONE in lifting:
            continue
        out.append(d)
    return out
