"""The shipped example assessments, and the date shift that keeps their races in the future."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

from .model import Assessment, new_file_id
from .storage import parse_assessment

EXAMPLES = {
    "road_5k_weak_hamstrings": "Road 5 km runner with weak hamstrings",
    "trail_ankle_sprains": "Trail runner with a history of ankle sprains",
    "masters_marathoner": "Masters marathoner (58) new to lifting",
    "ultra_low_back_pain": "Ultra-trail runner with low-back pain",
    "red_flag_bone_stress": "Runner with a suspected bone stress injury (red flag)",
    "cleared_after_bone_stress": "Runner cleared by a physio after a bone stress injury",
}


@cache
def _raw(name: str) -> bytes:
    if name not in EXAMPLES:
        raise KeyError(f"no example called {name!r}")
    return resources.files(__package__).joinpath("examples", f"{name}.json").read_bytes()


def load_example(name: str) -> Assessment:
    """The example exactly as shipped."""
    result = parse_assessment(_raw(name))
    if result.assessment is None:  # pragma: no cover - guarded by tests
        raise ValueError(f"example {name} is invalid: {result.errors}")
    return result.assessment


def shift_dates(a: Assessment, today: date) -> Assessment:
    """Move every date so that it lies as far from `today` as it did from `assessed_on`."""
    delta = today - a.assessed_on
    data = a.model_dump(mode="python")
    return Assessment.model_validate(_shift(data, delta))


def _shift(value: Any, delta: timedelta) -> Any:
    if isinstance(value, date):
        return value + delta
    if isinstance(value, dict):
        return {k: _shift(v, delta) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, delta) for v in value]
    return value


def example_for_today(name: str, today: date) -> Assessment:
    """The example as a new draft: dates moved to `today` and a new random file id, so two
    runners who start from the same example never share calendar event ids."""
    return shift_dates(load_example(name), today).model_copy(update={"file_id": new_file_id()})
