"""Helpers for the scoring tests: a neutral complete assessment, complete-only strategy."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from assessments.model import (
    SCHEMA_VERSION,
    WEEKDAYS,
    Activity,
    Aim,
    Answer,
    Assessment,
    BodyArea,
    BoneSite,
    DistanceUnit,
    Equipment,
    InjuryType,
    PeriodsReason,
    Priority,
    RaceType,
    RunType,
    Sex,
    Side,
    SquatQuality,
    StrengthExperience,
    Terrain,
)
from tests.strategies import SCREEN_FIELDS, SIGN_FIELDS, sided, values

_NEUTRAL: dict[str, Any] = {
    "schema_version": SCHEMA_VERSION,
    "assessed_on": "2026-01-05",
    "history": {
        "age": 30,
        "sex": "male",
        "years_running": 5,
        "weekly_distance": 30,
        "longest_run_last_month": 12,
        "strength_experience": "6_to_24_months",
        "strength_sessions_per_week": 1,
    },
    "health": {
        "current_pain": 0,
        **{name: False for name in SCREEN_FIELDS},
        **{name: "no" for name in SIGN_FIELDS},
    },
    "self_tests": {
        "calf_raise": {"left": 35, "right": 35},
        "hamstring_bridge": {"left": 30, "right": 30},
        "side_plank": {"left": 90, "right": 90},
        "prone_plank": 150,
        "side_lying_leg_lift": {"left": 25, "right": 25},
        "single_leg_balance": {"left": 20, "right": 20},
        "single_leg_squat": {"left": "good", "right": "good"},
    },
    "goals": {
        "general_fitness": True,
        "aim": "performance",
        "week": {d: {"run": "easy", "strength_ok": True} for d in WEEKDAYS},
        "minutes_per_session": 40,
        "equipment": "gym",
    },
}


def neutral_dict() -> dict[str, Any]:
    """A complete assessment of a fit 30-year-old without injuries, as a dict to tweak."""
    return copy.deepcopy(_NEUTRAL)


def build(**changes: Any) -> Assessment:
    """The neutral assessment with dotted-path changes, e.g. build(**{"history.age": 55})."""
    data = neutral_dict()
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = data
        for p in parents:
            node = node.setdefault(p, {})
        node[last] = value
    return Assessment.model_validate(data)


@st.composite
def complete_assessments(draw: st.DrawFn) -> Assessment:
    """Any complete assessment: every answer scoring needs is given (or a test is skipped)."""
    age = draw(st.integers(12, 100))
    sex = draw(values(Sex))
    pain = draw(st.integers(0, 10))
    injuries = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(values(InjuryType))
        injuries.append(
            {
                "type": kind,
                "side": draw(values(Side)),
                "months_since": draw(st.integers(0, 600)),
                "bone_site": draw(values(BoneSite)) if kind == "bone_stress_injury" else None,
            }
        )
    health: dict[str, Any] = {
        "injuries": injuries,
        "current_pain": pain,
        "pain_areas": []
        if pain == 0
        else draw(st.lists(values(BodyArea), min_size=1, unique=True)),
        "pain_settles_by_morning": None if pain == 0 else draw(st.booleans()),
        **{name: draw(st.booleans()) for name in SCREEN_FIELDS},
        **{name: draw(values(Answer)) for name in SIGN_FIELDS},
        "do_not_load": draw(st.lists(values(BodyArea), unique=True, max_size=3)),
    }
    if health["missed_periods"]:
        health["missed_periods_reason"] = draw(values(PeriodsReason))
    if health["pregnant"]:
        health["weeks_since_giving_birth"] = None
    else:
        health["weeks_since_giving_birth"] = draw(st.none() | st.integers(0, 520))
    if health["weeks_since_giving_birth"] is not None:
        health["postpartum_symptoms"] = draw(st.booleans())
    if draw(st.booleans()):
        health |= {"cleared_by_professional": True, "cleared_on": "2025-12-01"}
    general = draw(st.booleans())
    today = date(2026, 1, 5)
    races = []
    if not general:
        for i in range(draw(st.integers(1, 3))):
            races.append(
                {
                    "date": (today + timedelta(days=draw(st.integers(1, 300)))).isoformat(),
                    "type": draw(values(RaceType)),
                    "terrain": draw(values(Terrain)),
                    "priority": "A" if i == 0 else draw(values(Priority)),
                }
            )
    reps, secs = st.integers(0, 300), st.integers(0, 600)
    plank_skipped = draw(st.booleans())
    data = {
        "schema_version": SCHEMA_VERSION,
        "assessed_on": today.isoformat(),
        "history": {
            "age": age,
            "sex": sex,
            "years_running": draw(st.floats(0, min(age, 90), allow_nan=False)),
            "distance_unit": draw(values(DistanceUnit)),
            "weekly_distance": draw(st.floats(0, 400, allow_nan=False)),
            "longest_run_last_month": draw(st.floats(0, 400, allow_nan=False)),
            "strength_experience": draw(values(StrengthExperience)),
            "strength_sessions_per_week": draw(st.integers(0, 14)),
            "other_activities": draw(st.lists(values(Activity), unique=True)),
        },
        "health": health,
        "self_tests": {
            "calf_raise": draw(sided(reps, answered=True)),
            "hamstring_bridge": draw(sided(reps, answered=True)),
            "side_plank": draw(sided(secs, answered=True)),
            "prone_plank": None if plank_skipped else draw(st.integers(0, 1200)),
            "prone_plank_skipped": plank_skipped,
            "side_lying_leg_lift": draw(sided(reps, answered=True)),
            "single_leg_balance": draw(sided(st.integers(0, 45), answered=True)),
            "single_leg_squat": draw(sided(values(SquatQuality), answered=True)),
        },
        "goals": {
            "races": races,
            "general_fitness": general,
            "aim": draw(values(Aim)),
            "week": {
                d: {"run": draw(values(RunType)), "strength_ok": draw(st.booleans())}
                for d in WEEKDAYS
            },
            "minutes_per_session": draw(st.integers(10, 180)),
            "equipment": draw(values(Equipment)),
        },
    }
    if sex == "male":
        data["health"]["missed_periods"] = None
        data["health"]["missed_periods_reason"] = None
        data["health"]["pregnant"] = draw(st.none() | st.booleans())
        if data["health"]["pregnant"]:
            data["health"]["weeks_since_giving_birth"] = None
            data["health"]["postpartum_symptoms"] = None
    return Assessment.model_validate(data)
