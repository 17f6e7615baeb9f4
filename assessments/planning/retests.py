"""When to retest the self-tests: dates the plan proposes, placed like a strength session.

A retest comes about every `every_weeks` weeks after the last assessment, in the off- and
pre-season only (in-season and taper weeks keep their energy for running), on a rest or easy
day that may hold strength work (never unavailable, never the day before a hard run, long run
or race), never the day after a strength session, done before any run or lifting that day
(a day without lifting is preferred). All of
this is our own heuristic (rules/plan_settings.csv, `retest_every_weeks`).
"""

from __future__ import annotations

from bisect import bisect_left
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
    good = _allowed(season, runs, blocked, lifting)
    start = season.start

    out: list[Retest] = []
    due = last + timedelta(weeks=every_weeks)
    while due <= season.end:
        lo = (due - start).days - BEFORE_DAYS  # the window's first day, by index
        at = bisect_left(good, max(lo, (last - start).days + 1))  # after `last`
        if at == len(good):  # no allowed day left in the season
            break
        if good[at] >= lo + _WINDOW_DAYS:
            # None in this window: a week at a time (as before), the first window that holds
            # good[at] is this many weeks on; the windows between hold no allowed day.
            due += timedelta(weeks=-((lo + _WINDOW_DAYS - 1 - good[at]) // 7))
            continue
        ok = [start + timedelta(days=i) for i in good[at : bisect_left(good, lo + _WINDOW_DAYS)]]
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
    season: Season, runs: Sequence[str], blocked: Sequence[str], lifting: set[date]
) -> list[int]:
    """The days of the season (by index, days since its start) a retest may go on: off- or
    pre-season, a rest or easy-run day the week does not block for strength, not a race day
    or the day before, not the day after a strength session. Found once for the season (the
    windows around due dates overlap): retest_dates then looks each window up by bisection."""
    phases = season.phase_by_day
    start = season.start
    races = {r.date for r in season.races}
    first = start.weekday()
    days: list[int] = []
    for wd in range(7):
        if not blocked[wd] and runs[wd] in ("rest", "easy"):
            days += range((wd - first) % 7, len(phases), 7)
    out: list[int] = []
    for i in sorted(days):
        if phases[i] not in RETEST_PHASES:
            continue
        d = start + timedelta(days=i)
        if d in races or d + _ONE in races or d - _ONE in lifting:
            continue
        out.append(i)
    return out
