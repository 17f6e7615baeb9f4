"""Which days of the season may hold strength work, and why a session is on its day.

Apart from what a session holds: the day rules (gap_heuristic, taper_heuristic) read only
the goals and the season, so the compare screen's variants share one calendar (`_calendar`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import repeat
from typing import NamedTuple

from ..model import WEEKDAYS, Goals, RunType
from .library import PhaseName
from .plan_model import PlannedSession, Prescription, SessionTemplate
from .season import Season, build_season

LIGHT_BEFORE_BC_RACE = 3  # no heavy work in the 3 days before a B or C race
_RANK_OF_RUN = {"hard": 0, "long": 1, "easy": 2, "rest": 3}


class _Day(NamedTuple):
    """A day of the season (a tuple: a season makes hundreds of them per plan)."""

    d: date
    phase: PhaseName
    run: str
    blocked: str  # why no strength at all ("" = allowed)
    light_only: str  # why only light work ("" = heavy allowed)


_Calendar = tuple[Season, tuple[_Day, ...], tuple[tuple[int, tuple[_Day, ...]], ...]]
_CALENDARS: dict[tuple[str, date, date | None], _Calendar] = {}
_MAX_CALENDARS = 64


def clear_calendars() -> None:
    _CALENDARS.clear()


def _calendar(
    goals_json: str, start: date, offseason_end: date | None, goals: Goals | None = None
) -> _Calendar:
    """The season, its days and the days by week, for goals given as JSON.

    None of it depends on the variant's sessions, minutes, emphasis or equipment, so the
    compare screen's variants share it. Keyed on the goals' full JSON (nothing else is read):
    only the very same goals and dates can hit. `goals`, when the caller has them, are those
    goals (not read back from the JSON). Raises PlanInputError as build_season does.
    """
    key = (goals_json, start, offseason_end)
    hit = _CALENDARS.get(key)
    if hit is None:
        hit = _build_calendar(goals or Goals.model_validate_json(goals_json), start, offseason_end)
        if len(_CALENDARS) >= _MAX_CALENDARS:  # the oldest goes (threads may race: harmless)
            try:
                del _CALENDARS[next(iter(_CALENDARS))]
            except (KeyError, RuntimeError, StopIteration):
                pass
        _CALENDARS[key] = hit
    return hit


def _build_calendar(goals: Goals, start: date, offseason_end: date | None) -> _Calendar:
    season = build_season(goals, start, offseason_end)
    days = _days(goals, season)
    # Week 1 holds the start date (Season.week_of); day i is in week (weekday + i) // 7 + 1.
    first = 7 - season.start.weekday()
    by_week = [(1, tuple(days[:first]))] if days else []
    by_week += [(2 + (j - first) // 7, tuple(days[j : j + 7])) for j in range(first, len(days), 7)]
    return season, tuple(days), tuple(by_week)


def week_pattern(goals: Goals) -> tuple[list[str], list[str]]:
    """Each weekday's run, and why the weekly pattern blocks strength that day ("" = allowed)."""
    week = goals.week
    runs = [(week[wd].run or RunType.rest).value for wd in WEEKDAYS]
    by_pattern: list[str] = []
    for i, wd in enumerate(WEEKDAYS):
        next_run = runs[(i + 1) % 7]
        if not week[wd].strength_ok:
            by_pattern.append("you marked it unavailable for strength")
        elif next_run == "hard":
            by_pattern.append("the day before a hard run")
        elif next_run == "long":
            by_pattern.append("the day before your long run")
        else:
            by_pattern.append("")
    return runs, by_pattern


# Four plain weeks from a Monday (any Monday: only the weekdays matter), for weekly_capacity
_PLAIN_WEEKS = tuple(
    tuple(date.fromordinal(date(2001, 1, 1).toordinal() + 7 * wk + i) for i in range(7))
    for wk in range(4)
)
_OFF_SEASON = (PhaseName.off_season,) * 7
_NONE = ("",) * 7
_DAY_TYPE = (_Day,) * 7


def weekly_capacity(goals: Goals) -> int:
    """The most sessions a full week can hold with the runner's days, as the planner places them.

    The planner's own day picking (`_pick_days`, no two strength days in a row, also across a
    weekend) run over a few plain weeks of the runner's pattern: no races, no taper. A slider
    asking for more than this cannot change the plan.
    """
    runs, blocked = week_pattern(goals)
    most, last = 0, None
    for dates in _PLAIN_WEEKS:  # each week's days built by C-level calls (once per plan)
        rows = zip(dates, _OFF_SEASON, runs, blocked, _NONE, strict=True)
        days = list(map(tuple.__new__, _DAY_TYPE, rows))
        picks = _pick_days(days, 7, last)
        most = max(most, len(picks))
        last = picks[-1].d if picks else last
    return most


def _days(goals: Goals, season: Season) -> list[_Day]:
    runs, by_pattern = week_pattern(goals)  # why the weekly pattern blocks each weekday
    race_on = {r.date: r for r in season.races}
    light_on: dict[date, str] = {}
    for r in season.races:
        if r is season.a_race:
            continue
        for gap in range(LIGHT_BEFORE_BC_RACE, 0, -1):
            label = f"{r.priority.value} race ({r.name or r.type.value}) in {gap} days"
            light_on[r.date - timedelta(days=gap)] = label
    too_close = season.a_race.date - timedelta(days=2) if season.a_race else None
    one = timedelta(days=1)
    # Days a race blocks: a race day's own reason wins over "the day before" another race.
    race_blocks = {d - one: "the day before a race" for d in race_on}
    race_blocks.update({d: f"race day ({r.name or r.type.value})" for d, r in race_on.items()})
    # Every day from the weekly pattern first, then the few days races and the taper change:
    # the days are built by C-level calls (date.fromordinal, tuple.__new__), not one Python
    # call per day, as a season has hundreds of them.
    n = len(season.phase_by_day)
    first = season.start.toordinal()
    dates = list(map(date.fromordinal, range(first, first + n)))
    w = season.start.weekday()
    weeks = n // 7 + 1
    day_runs = ((runs[w:] + runs[:w]) * weeks)[:n]
    blocked = ((by_pattern[w:] + by_pattern[:w]) * weeks)[:n]
    light = [""] * n
    for d, why in race_blocks.items():
        if 0 <= (i := d.toordinal() - first) < n:
            blocked[i] = why
    for d, why in light_on.items():
        if 0 <= (i := d.toordinal() - first) < n:
            light[i] = why
    taper = PhaseName.taper
    phases = season.phase_by_day
    for i in range(n - 1, -1, -1):  # the taper ends the season
        if phases[i] is not taper:
            break
        light[i] = "taper: light activation only"
        if too_close is not None and dates[i] > too_close and not blocked[i]:
            blocked[i] = "too close to your A race"
    rows = zip(dates, phases, day_runs, blocked, light, strict=True)
    return list(map(tuple.__new__, repeat(_Day, n), rows))


def _placement_text(day: _Day, hard_used: Sequence[str]) -> str:
    if day.run == "hard":
        return "Hard-run day: lift after the run (hard days hard, easy days easy)."
    used = ", ".join(hard_used) if hard_used else "none fit"
    what = {
        "long": "Long-run day: lift after the run.",
        "easy": "Easy-run day: lift after the run, keep it controlled.",
        "rest": "Rest day.",
    }[day.run]
    return (
        f"{what} Your hard-run days that fit are used up ({used}), so this is the least bad "
        "other day: it is not the day before a hard run, long run or race."
    )


def _week_phase(normal: Sequence[_Day]) -> PhaseName:
    """The phase of most of a week's non-taper days (the later one on a tie; taper if none)."""
    # Phases change on a Monday (the taper aside, which is not in `normal`) and never come
    # back within a week: a week that starts and ends in one phase is all of it
    if normal and normal[0].phase is normal[-1].phase:
        return normal[0].phase
    if normal:
        common = Counter(x.phase for x in normal).most_common()
        top = max(n for _, n in common)
        return [p for p, n in common if n == top][-1]
    return PhaseName.taper


def _rank(day: _Day) -> int:
    return _RANK_OF_RUN[day.run]


def _pick_days(normal: Sequence[_Day], target: int, last_pick: date | None) -> list[_Day]:
    """Up to `target` allowed days, hard-run days first, never two strength days in a row."""
    if target <= 0:
        return []
    ok = [x for x in normal if not x.blocked]
    ok.sort(key=_rank)  # stable: the days come in date order, so the earlier day first
    picks: list[_Day] = []
    # Days as ordinals: a neighbour check is a set lookup, no date arithmetic per day
    taken = {last_pick.toordinal()} if last_pick is not None else set()
    picked: set[int] = set()
    for x in ok:
        n = x.d.toordinal()
        if n - 1 in taken or n - 1 in picked or n + 1 in picked:
            continue
        picks.append(x)
        if len(picks) >= target:
            break
        picked.add(n)
    picks.sort()  # by date: a day's date comes first and no two picks share one
    return picks


def _session(
    season: Season,
    x: _Day,
    block: str,
    tpl: SessionTemplate,
    items: tuple[Prescription, ...],
    deload: bool,
    placement: str,
    notes: tuple[str, ...],
    week: int = 0,
) -> PlannedSession:
    """The session of a day; `week` its season week when the caller knows it (0: worked out)."""
    d = x.d
    return PlannedSession(
        d,
        week or season.week_of(d),
        x.phase,
        block,
        WEEKDAYS[d.weekday()],
        x.run,
        tpl.key,
        tpl.heavy,
        deload,
        items,
        placement,
        notes,
    )


def _shortfall(
    wdays: Sequence[_Day], normal: Sequence[_Day], n: int, minimum: int, target: int, season: Season
) -> str:
    parts: list[str] = []
    if len(wdays) < 7:
        parts.append(f"only {len(wdays)} days of this week are in the season")
    if len(normal) < len(wdays):
        parts.append("the taper allows one light session at most")
    reasons = Counter(x.blocked for x in normal if x.blocked)
    if reasons:
        parts.append(
            "the other days are "
            + "; ".join(f"{why} ({k}×)" if k > 1 else why for why, k in reasons.most_common())
        )
    if not parts:
        parts.append("strength days need a day between them")
    goal = f"{target} planned" if target >= minimum else f"at least {minimum}"
    return (
        f"{n} session{'s' if n != 1 else ''} this week instead of {goal}: " + "; ".join(parts) + "."
    )
