"""The season: the dates a plan covers and the phase of every day. Defined here, once.

- The season runs from the start date (default: the coming Monday) to the A race (race day is
  the last day), or for 52 weeks when there is no race.
- `off-season`: the weeks of the runner's off-season window inside the season (a week belongs
  to it when its Thursday lies in the window, so the phase changes on a Monday).
- `taper`: race day -7 to race day (no heavy work from race day -7 to -1; taper_heuristic).
- `in-season`: racing. It starts on the Monday of the week of the first B race after the
  off-season, or 6 weeks (heuristic) before the A race, whichever is earlier. Weeks before the
  runner's off-season window are also in-season: the end of the current racing season.
- `pre-season`: the build between off-season and racing (every other day). Without a race,
  weeks after the off-season are pre-season.
So a season that starts close to the race simply has no off-season (nor pre-season).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from ..model import Goals, Priority, Race
from .library import PhaseName

TAPER_DAYS = 7  # taper_heuristic: no heavy work from race day -7
IN_SEASON_WEEKS = 6  # heuristic: racing-specific weeks before the A race at the latest
NO_RACE_WEEKS = 52
MAX_SEASON_DAYS = 2 * 365  # an A race further away than this is not a season


class PlanInputError(ValueError):
    """The answers cannot give a plan (impossible dates, missing answers). Names the field."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def coming_monday(today: date) -> date:
    """The default start: today if it is a Monday, else the next Monday."""
    return today + timedelta(days=(7 - today.weekday()) % 7)


def monday_of(d: date) -> date:
    return d - timedelta(days=d.weekday())


def week_spans(weeks: Iterable[int], dash: str = "-") -> str:
    """Season weeks in short: [1, 2, 3, 5] -> "1-3, 5" (the printout says "1 to 3, 5")."""
    parts: list[str] = []
    run: list[int] = []
    for w in sorted(set(weeks)):
        if run and w != run[-1] + 1:
            parts.append(f"{run[0]}{dash}{run[-1]}" if len(run) > 1 else str(run[0]))
            run = []
        run.append(w)
    if run:
        parts.append(f"{run[0]}{dash}{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(parts)


@dataclass(frozen=True)
class Span:
    phase: PhaseName
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Season:
    start: date
    end: date  # inclusive: race day, or the last day of the 52 weeks
    a_race: Race | None
    races: tuple[Race, ...]  # every race inside the season, by date (the A race included)
    spans: tuple[Span, ...]  # consecutive, covering start..end
    phase_by_day: tuple[PhaseName, ...]  # index = days since start
    notes: tuple[str, ...]

    @cached_property
    def first_monday(self) -> date:
        return monday_of(self.start)

    @cached_property
    def _first_ordinal(self) -> int:
        return self.first_monday.toordinal()

    @property
    def weeks(self) -> int:
        return self.week_of(self.end)

    def week_of(self, d: date) -> int:
        """Week 1 is the calendar week (Monday to Sunday) that holds the start date."""
        return (d.toordinal() - self._first_ordinal) // 7 + 1

    def phase_on(self, d: date) -> PhaseName | None:
        i = (d - self.start).days
        return self.phase_by_day[i] if 0 <= i < len(self.phase_by_day) else None

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(len(self.phase_by_day))]

    def phases(self) -> list[PhaseName]:
        """The phases present, in season order."""
        return list(dict.fromkeys(s.phase for s in self.spans))


def build_season(goals: Goals, start: date, offseason_end: date | None = None) -> Season:
    """The season for these goals from `start`; `offseason_end` overrides the window's end.

    Raises PlanInputError for impossible dates: an A race before the start, an off-season
    that ends after the A race, a race more than two years away.
    """
    notes: list[str] = []
    a_races = [r for r in goals.races if r.priority is Priority.A]
    a_race = goals.a_race(on_or_after=start + timedelta(days=1))
    if a_races and a_race is None:
        last = max(r.date for r in a_races)
        raise PlanInputError(
            "goals.races",
            f"your A race ({last.isoformat()}) is not after the plan start "
            f"({start.isoformat()}); add your next A race or choose an earlier start",
        )
    if a_race is not None:
        if (a_race.date - start).days > MAX_SEASON_DAYS:
            raise PlanInputError(
                "goals.races",
                f"your A race ({a_race.date.isoformat()}) is more than two years after the "
                "plan start; start the plan later",
            )
        end = a_race.date
    else:
        end = start + timedelta(days=NO_RACE_WEEKS * 7 - 1)

    window: tuple[date, date] | None = None
    if goals.offseason_start is not None and goals.offseason_end is not None:
        window = (goals.offseason_start, goals.offseason_end)
    if offseason_end is not None:
        window = (window[0] if window else start, offseason_end)
    if window is not None and a_race is not None and window[1] >= a_race.date:
        raise PlanInputError(
            "goals.offseason_end",
            f"your off-season ends on {window[1].isoformat()}, on or after your A race "
            f"({a_race.date.isoformat()}); end it before the race",
        )

    taper_start = a_race.date - timedelta(days=TAPER_DAYS) if a_race else None
    n_days = (end - start).days + 1
    # Days are handled by index (day i is start + i): each phase rule below is a threshold or
    # a range of days, so the season is a few runs of one phase, built without a loop by day.
    taper_at = n_days if taper_start is None else max(0, min(n_days, (taper_start - start).days))

    off_from = off_to = 0  # off-season days: indices [off_from, off_to)
    if window is not None:
        # a day is off-season when its week's Thursday lies in the window (and before the taper)
        monday0 = start.toordinal() - start.weekday()
        w_lo = -((monday0 + 3 - window[0].toordinal()) // 7)  # first week, Thursday >= start
        w_hi = (window[1].toordinal() - monday0 - 3) // 7  # last week, Thursday <= end
        off_from = max(0, 7 * w_lo - start.weekday())
        off_to = min(taper_at, 7 * (w_hi + 1) - start.weekday())
        if off_to <= off_from:
            off_from = off_to = 0
    first_off = start + timedelta(days=off_from) if off_to else None
    last_off = start + timedelta(days=off_to - 1) if off_to else None
    if window is not None and not off_to:
        notes.append(
            "Your off-season window lies outside this season's weeks, so the plan has no "
            "off-season."
        )

    in_start: date | None = None
    if a_race is not None:
        candidates = [a_race.date - timedelta(weeks=IN_SEASON_WEEKS)]
        after = last_off or start
        candidates += [
            r.date for r in goals.races if r.priority is Priority.B and after < r.date < a_race.date
        ]
        in_start = monday_of(min(candidates))
    in_at = n_days if in_start is None else max(0, min(n_days, (in_start - start).days))

    def phase_at(i: int) -> PhaseName:
        if i >= taper_at:
            return PhaseName.taper
        if off_from <= i < off_to:
            return PhaseName.off_season
        if off_to and i < off_from:
            return PhaseName.in_season
        if in_start is not None and i >= in_at:
            return PhaseName.in_season
        return PhaseName.pre_season

    cuts = sorted({0, n_days, taper_at, off_from, off_to, in_at})  # each clamped to [0, n_days]
    spans: list[Span] = []
    phase_by_day: list[PhaseName] = []
    for lo_i, hi_i in zip(cuts, cuts[1:], strict=False):
        phase = phase_at(lo_i)
        phase_by_day += [phase] * (hi_i - lo_i)
        begin, last = start + timedelta(days=lo_i), start + timedelta(days=hi_i - 1)
        if spans and spans[-1].phase is phase:
            spans[-1] = Span(phase, spans[-1].start, last)
        else:
            spans.append(Span(phase, begin, last))

    if first_off is not None and first_off > start:
        notes.append(
            "The weeks before your off-season are in-season: the end of your current racing "
            "season, with short maintenance sessions."
        )
    if a_race is not None and not off_to and window is None:
        notes.append("No off-season window was given, so the season starts with the build.")

    races = tuple(sorted((r for r in goals.races if start <= r.date <= end), key=lambda r: r.date))
    return Season(
        start=start,
        end=end,
        a_race=a_race,
        races=races,
        spans=tuple(spans),
        phase_by_day=tuple(phase_by_day),
        notes=tuple(notes),
    )
