"""Hypothesis strategies for valid assessments (drafts and complete ones), shared by tests.

They build the file's JSON-like dict and validate it with the model, so every cross-field rule
is respected by construction and anything the model rejects is a bug in the strategy or model.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from assessments.model import (
    ENERGY_SIGN_QUESTIONS,
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
    PostpartumTests,
    Priority,
    RaceType,
    RunType,
    Sex,
    Side,
    SquatQuality,
    StrengthExperience,
    Terrain,
)

DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
# Every character the model accepts in a one-line answer: all but controls (Cc), line and
# paragraph separators (Zl, Zp), lone surrogates and the format characters that hide or reorder
# text. ZWJ and ZWNJ (format characters the model keeps) are drawn often on purpose.
HIDDEN = "\u00ad\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_LINE_CHARS = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters=HIDDEN
)
TEXT = st.text(alphabet=_LINE_CHARS | st.sampled_from("\u200c\u200d"), max_size=80)
# A note also keeps line breaks.
NOTE = st.text(alphabet=_LINE_CHARS | st.sampled_from("\u200c\u200d\n"), max_size=120)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def values(enum: type) -> st.SearchStrategy[str]:
    return st.sampled_from([e.value for e in enum])


@st.composite
def history(draw: st.DrawFn) -> dict[str, Any]:
    age = draw(maybe(st.integers(12, 100)))
    top_years = 90.0 if age is None else float(min(age, 90))
    distance = st.floats(0, 400, allow_nan=False)
    return {
        "age": age,
        "sex": draw(maybe(values(Sex))),
        "years_running": draw(maybe(st.floats(0, top_years, allow_nan=False))),
        "distance_unit": draw(values(DistanceUnit)),
        "weekly_distance": draw(maybe(distance)),
        "longest_run_last_month": draw(maybe(distance)),
        "strength_experience": draw(maybe(values(StrengthExperience))),
        "strength_sessions_per_week": draw(maybe(st.integers(0, 14))),
        "other_activities": draw(st.lists(values(Activity), unique=True)),
    }


@st.composite
def injury(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(values(InjuryType))
    bone = draw(values(BoneSite)) if kind == InjuryType.bone_stress_injury else None
    return {
        "type": kind,
        "side": draw(values(Side)),
        "months_since": draw(maybe(st.integers(0, 600))),
        "bone_site": bone,
        "note": draw(TEXT),
    }


SCREEN_FIELDS = (
    "heart_condition",
    "chest_pain",
    "dizziness_or_fainting",
    "condition_limits_activity",
    "back_night_pain",
    "saddle_numbness",
    "bladder_bowel_change",
    "unexplained_weight_loss",
    "fever",
    "progressive_leg_weakness",
    "major_trauma",
    "cancer_history",
    "bone_stress_current",
    "bsi_high_risk_24m",
    "missed_periods",
    "osteoporosis_or_fragility_fracture",
    "pregnant",
)
SIGN_FIELDS = tuple(ENERGY_SIGN_QUESTIONS)  # yes / no / prefer not to say


@st.composite
def health(draw: st.DrawFn) -> dict[str, Any]:
    pain = draw(maybe(st.integers(0, 10)))
    areas = [] if pain == 0 else draw(st.lists(values(BodyArea), unique=True))
    out: dict[str, Any] = {
        "injuries": draw(st.lists(injury(), max_size=4)),
        "current_pain": pain,
        "pain_areas": areas,
        "pain_settles_by_morning": draw(maybe(st.booleans())),
    }
    for name in SCREEN_FIELDS:
        out[name] = draw(maybe(st.booleans()))
    for name in SIGN_FIELDS:
        out[name] = draw(maybe(values(Answer)))
    out["missed_periods_reason"] = (
        draw(maybe(values(PeriodsReason))) if out["missed_periods"] else None
    )
    out["weeks_since_giving_birth"] = None if out["pregnant"] else draw(maybe(st.integers(0, 520)))
    out["postpartum_symptoms"] = (
        None if out["weeks_since_giving_birth"] is None else draw(maybe(st.booleans()))
    )
    out["do_not_load"] = draw(st.lists(values(BodyArea), unique=True))
    cleared = draw(st.booleans())
    out["cleared_by_professional"] = cleared
    out["cleared_on"] = draw(DATES).isoformat() if cleared else None
    out["clearance_note"] = draw(NOTE)
    return out


@st.composite
def sided(
    draw: st.DrawFn, value: st.SearchStrategy[Any], *, answered: bool = False
) -> dict[str, Any]:
    """One self-test's sides: skipped, or a value (missing too, unless `answered`)."""
    out: dict[str, Any] = {}
    for side in ("left", "right"):
        skipped = draw(st.booleans())
        out[f"{side}_skipped"] = skipped
        out[side] = None if skipped else draw(value if answered else maybe(value))
    return out


@st.composite
def self_tests(draw: st.DrawFn) -> dict[str, Any]:
    reps, secs = st.integers(0, 300), st.integers(0, 600)
    plank_skipped = draw(st.booleans())
    return {
        "calf_raise": draw(sided(reps)),
        "hamstring_bridge": draw(sided(reps)),
        "side_plank": draw(sided(secs)),
        "prone_plank": None if plank_skipped else draw(maybe(st.integers(0, 1200))),
        "prone_plank_skipped": plank_skipped,
        "side_lying_leg_lift": draw(sided(reps)),
        "single_leg_balance": draw(sided(st.integers(0, 45))),
        "postpartum": draw(
            st.dictionaries(st.sampled_from(list(PostpartumTests.model_fields)), st.booleans())
        ),
        "single_leg_squat": draw(sided(values(SquatQuality))),
    }


@st.composite
def race(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "name": draw(TEXT),
        "date": draw(DATES).isoformat(),
        "type": draw(values(RaceType)),
        "terrain": draw(values(Terrain)),
        "priority": draw(values(Priority)),
    }


@st.composite
def goals(draw: st.DrawFn) -> dict[str, Any]:
    general = draw(st.booleans())
    races = [] if general else draw(st.lists(race(), max_size=4))
    start = draw(maybe(DATES))
    end = None if start is None else start + timedelta(days=draw(st.integers(1, 365)))
    return {
        "races": races,
        "general_fitness": general,
        "aim": draw(maybe(values(Aim))),
        "offseason_start": None if start is None else start.isoformat(),
        "offseason_end": None if end is None else end.isoformat(),
        "week": {
            d: {"run": draw(maybe(values(RunType))), "strength_ok": draw(maybe(st.booleans()))}
            for d in WEEKDAYS
        },
        "minutes_per_session": draw(maybe(st.integers(10, 180))),
        "equipment": draw(maybe(values(Equipment))),
    }


@st.composite
def assessment_dicts(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "file_id": str(draw(st.uuids())),
        "migrated_from": draw(maybe(st.integers(1, SCHEMA_VERSION - 1))),
        "assessed_on": draw(DATES).isoformat(),
        "runner_name": draw(TEXT),
        "history": draw(history()),
        "health": draw(health()),
        "self_tests": draw(self_tests()),
        "goals": draw(goals()),
    }


# A whole assessment takes tens of milliseconds to draw; on a busy shared two-core machine the
# too_slow health check (10 draws in 1 s) fails by chance, so tests drawing them skip it.
SLOW_DRAWS = settings(suppress_health_check=[HealthCheck.too_slow])


def assessments() -> st.SearchStrategy[Assessment]:
    """Any valid assessment, draft or complete."""
    return assessment_dicts().map(Assessment.model_validate)


# The answers rules/protocols.csv reads, drawn so every protocol's trigger fires often.
PROTOCOL_INJURIES = (
    InjuryType.achilles_tendinopathy,
    InjuryType.hamstring_strain,
    InjuryType.plantar_heel_pain,
    InjuryType.ankle_sprain,
    InjuryType.patellofemoral_pain,
)
PROTOCOL_PAIN_AREAS = (BodyArea.achilles_calf, BodyArea.foot, BodyArea.knee)


@st.composite
def protocol_triggers(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, Any], str, str]:
    """(injuries, health changes, race type, terrain) that trigger any mix of the protocols."""
    injuries = [
        {"type": t.value, "months_since": draw(st.integers(0, 24))}
        for t in draw(st.lists(st.sampled_from(PROTOCOL_INJURIES), max_size=4, unique=True))
    ]
    pain = draw(st.integers(0, 6))
    areas = draw(st.lists(st.sampled_from(PROTOCOL_PAIN_AREAS), min_size=1, unique=True))
    health = {
        "current_pain": pain,
        "pain_areas": [a.value for a in areas] if pain else [],
        "pain_settles_by_morning": draw(st.booleans()) if pain else None,
    }
    race_type = draw(values(RaceType))
    terrain = draw(values(Terrain))
    return injuries, health, race_type, terrain


def with_protocol_triggers(a: Assessment, triggers: Any, every_race: bool) -> Assessment:
    """The assessment with `protocol_triggers`' injuries and pain, and their race type and
    terrain on the A race (or on every race)."""
    injuries, health, race_type, terrain = triggers
    data = a.model_dump(mode="python")
    data["health"] = {**data["health"], **health, "injuries": injuries}
    for r in data["goals"]["races"]:
        if r["priority"] == "A" or every_race:
            r["type"], r["terrain"] = race_type, terrain
    return Assessment.model_validate(data)
