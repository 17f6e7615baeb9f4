"""The downhill-running bouts before a race with descents, on the runner's own dates.

protocols.md §6 (maeo2017): a first short downhill bout at least 6 weeks before the race,
repeated every 1-2 weeks, the last hard one at least 10 days before it. The figures are
plan_settings.csv rows (downhill_first_weeks, downhill_every_weeks, downhill_last_days); the
bout itself (minutes, slope) is described by the descents protocol's plan note.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, timedelta

from ..model import Priority, Race
from .protocol_table import Protocol
from .season import Season

PROTOCOL = "descents"  # rules/protocols.csv: the protocol whose races get the dates


# The names strftime's %A and %B give, read once: strftime itself is slow, and this runs per plan.
_WEEKDAYS = tuple(calendar.day_name)
_MONTHS = tuple(calendar.month_name)  # "" first: index by month number


def _day(d: date) -> str:
    return f"{_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month]} {d.year}"


def _race(p: Protocol, season: Season) -> Race | None:
    """The race the descents are for: the A race if it triggers the protocol, else the first
    B race that does."""
    wanted = {(t.kind, t.what) for t in p.trigger if t.kind in ("race", "terrain")}

    def hits(r: Race) -> bool:
        return ("race", r.type.value) in wanted or ("terrain", r.terrain.value) in wanted

    a = season.a_race
    if a is not None and hits(a):
        return a
    return next(
        (r for r in season.races if r.priority is Priority.B and r.date > season.start and hits(r)),
        None,
    )


def downhill_note(p: Protocol, season: Season, settings: Mapping[str, float]) -> str | None:
    """When to run the downhill bouts, as dates counted back from the race; None without one."""
    race = _race(p, season)
    if race is None:
        return None
    first_weeks = int(settings["downhill_first_weeks"])
    every = int(settings["downhill_every_weeks"])
    last_days = int(settings["downhill_last_days"])
    which = "A race" if race.priority is Priority.A else "B race"
    first_by = race.date - timedelta(weeks=first_weeks)
    last_by = race.date - timedelta(days=last_days)
    today = season.start
    out = (race.date - today).days
    if last_by < today:
        return (
            f"Downhill running: your {which} on {_day(race.date)} is {out} days away, less than "
            f"the {last_days} days a hard downhill bout needs before a race: keep your "
            "downhill running easy until then (maeo2017)."
        )
    if first_by < today:
        return (
            f"Downhill running: your {which} on {_day(race.date)} is under {first_weeks} weeks "
            f"away ({out} days), so the first short downhill bout cannot come {first_weeks} "
            "weeks before it, as the evidence suggests. One soon still helps more than none: "
            f"run it this week, repeat at most {every} weeks apart, and make "
            f"{_day(last_by)} the last hard one ({last_days} days before the race) (maeo2017)."
        )
    return (
        f"Downhill running, your dates for the {which} on {_day(race.date)}: the first short "
        f"downhill bout by {_day(first_by)} ({first_weeks} weeks before), then one at most "
        f"{every} weeks apart, the last hard one by {_day(last_by)} ({last_days} days before) "
        "(maeo2017)."
    )
