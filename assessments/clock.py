"""Today's date in the runner's time zone, with one seam for tests.

The plan screen's "next session" depends on today. Tests (and the browser tests' server) pin it
with the environment variable RUNNER_TODAY=YYYY-MM-DD, so no test reads the wall clock.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

ENV = "RUNNER_TODAY"
DEFAULT_ZONE = "UTC"


def today(tz: str = DEFAULT_ZONE) -> date:
    """RUNNER_TODAY when set (a bad value is an error, not a silent fallback), else the
    date now in the IANA zone `tz` (UTC when `tz` is not a known zone)."""
    pinned = os.environ.get(ENV, "").strip()
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError as exc:
            raise ValueError(f"{ENV} must be a date as YYYY-MM-DD, not {pinned!r}") from exc
    return datetime.now(ZoneInfo(tz if valid_zone(tz) else DEFAULT_ZONE)).date()


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def valid_zone(tz: str | None) -> bool:
    """Whether `tz` is a key of zoneinfo.available_timezones() (what a browser reports)."""
    return bool(tz) and tz in _zones()


def zones() -> list[str]:
    """Every known zone, sorted: the choices of a time zone picker."""
    return sorted(_zones())
