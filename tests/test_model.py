"""The assessment model: ranges, cross-field checks, drafts and derived values."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from assessments.model import (
    HIGH_RISK_BONE_SITES,
    KM_PER_MILE,
    SCHEMA_VERSION,
    SIDED_TESTS,
    WEEKDAYS,
    Assessment,
    BoneSite,
    Day,
    DistanceUnit,
    Equipment,
    Goals,
    Priority,
    Race,
    RaceType,
    RunningHistory,
    RunType,
)
from tests.strategies import SLOW_DRAWS, assessments

ON = date(2026, 1, 5)


def base() -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "assessed_on": ON.isoformat()}


def with_value(path: str, value: Any, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """An empty draft plus `data`, with the dotted `path` set to `value`."""
    out = base() | copy.deepcopy(data or {})
    node: Any = out
    keys = path.split(".")
    for key in keys[:-1]:
        node = node[int(key)] if isinstance(node, list) else node.setdefault(key, {})
    node[keys[-1]] = value
    return out


def errors_of(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        Assessment.model_validate(data)
    return [(".".join(str(p) for p in e["loc"]), e["msg"]) for e in info.value.errors()]


def assert_invalid_at(data: dict[str, Any], path: str, fragment: str = "") -> None:
    errors = errors_of(data)
    hits = [msg for loc, msg in errors if loc == path]
    assert hits, f"expected an error at {path}, got {errors}"
    assert any(fragment in m for m in hits), f"expected {fragment!r} in {hits}"


INJURY = {"type": "ankle_sprain", "side": "left", "months_since": 3}
RACE = {"date": "2026-05-10", "type": "road_10k"}

# (path, lowest valid, highest valid, below, above, data to put the value into)
RANGES = [
    ("history.age", 12, 100, 11, 101, None),
    ("history.years_running", 0, 90, -0.5, 90.5, None),
    ("history.weekly_distance", 0, 400, -1, 400.1, None),
    ("history.longest_run_last_month", 0, 400, -1, 401, None),
    ("history.strength_sessions_per_week", 0, 14, -1, 15, None),
    ("health.current_pain", 0, 10, -1, 11, None),
    ("health.weeks_since_giving_birth", 0, 520, -1, 521, None),
    ("health.injuries.0.months_since", 0, 600, -1, 601, {"health": {"injuries": [INJURY]}}),
    ("self_tests.prone_plank", 0, 1200, -1, 1201, None),
    ("goals.minutes_per_session", 10, 180, 9, 181, None),
] + [
    (f"self_tests.{test}.{side}", 0, top, -1, top + 1, None)
    for test, top in [
        ("calf_raise", 300),
        ("hamstring_bridge", 300),
        ("side_lying_leg_lift", 300),
        ("side_plank", 600),
        ("single_leg_balance", 45),  # springer2007's 45 s cap
    ]
    for side in ("left", "right")
]


@pytest.mark.parametrize(("path", "low", "high", "below", "above", "data"), RANGES)
def test_numeric_ranges_accept_their_bounds_and_refuse_beyond(path, low, high, below, above, data):
    for ok in (low, high):
        a = Assessment.model_validate(with_value(path, ok, data))
        node: Any = a
        for key in path.split("."):
            node = node[int(key)] if key.isdigit() else getattr(node, key)
        assert node == ok
    assert_invalid_at(with_value(path, below, data), path, "greater than or equal")
    assert_invalid_at(with_value(path, above, data), path, "less than or equal")


@pytest.mark.parametrize(
    ("path", "limit", "data"),
    [
        ("runner_name", 80, None),
        ("health.clearance_note", 500, None),
        ("health.injuries.0.note", 80, {"health": {"injuries": [INJURY]}}),
        ("goals.races.0.name", 80, {"goals": {"races": [RACE]}}),
    ],
)
def test_text_lengths(path, limit, data):
    Assessment.model_validate(with_value(path, "x" * limit, data))
    assert_invalid_at(with_value(path, "x" * (limit + 1), data), path, "at most")


def test_text_is_stripped_of_surrounding_whitespace():
    a = Assessment.model_validate(with_value("runner_name", "  Maya  "))
    assert a.runner_name == "Maya"


@pytest.mark.parametrize(
    ("path", "value", "limit"),
    [
        ("health.injuries", [INJURY], 30),
        ("goals.races", [RACE], 20),
    ],
)
def test_list_lengths(path, value, limit):
    Assessment.model_validate(with_value(path, value * limit))
    assert_invalid_at(with_value(path, value * (limit + 1)), path, "at most")


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("history.sex", "other"),
        ("history.distance_unit", "furlong"),
        ("history.strength_experience", "lots"),
        ("history.other_activities", ["rowing"]),
        ("health.pain_areas", ["elbow"]),
        ("health.do_not_load", ["spleen"]),
        ("goals.aim", "fun"),
        ("goals.equipment", "barbell"),
        ("goals.week.mon.run", "tempo"),
        ("self_tests.single_leg_squat.left", "excellent"),
    ],
)
def test_choices_outside_the_list_are_refused(path, value):
    errors = errors_of(with_value(path, value))
    assert any(loc.startswith(path) for loc, _ in errors), errors


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("history.shoe_size", 42),
        ("goals.week.funday", {"run": "easy"}),
        ("surprise", True),
    ],
)
def test_unknown_fields_are_refused(path, value):
    errors = errors_of(with_value(path, value))
    assert any(loc.startswith(path) for loc, _ in errors), errors


# (data, path of the error, words of the message)
CROSS_FIELD = [
    pytest.param(
        {"history": {"age": 30, "years_running": 31}},
        "history",
        "years running cannot be more than your age",
        id="years-running-over-age",
    ),
    pytest.param(
        {"history": {"other_activities": ["climbing", "climbing"]}},
        "history",
        "listed twice",
        id="activity-twice",
    ),
    pytest.param(
        {"health": {"injuries": [{"type": "bone_stress_injury"}]}},
        "health.injuries.0",
        "needs its site",
        id="bone-stress-without-site",
    ),
    pytest.param(
        {"health": {"injuries": [{"type": "shin_pain", "bone_site": "fibula"}]}},
        "health.injuries.0",
        "only goes with a bone stress injury",
        id="site-without-bone-stress",
    ),
    pytest.param(
        {"health": {"current_pain": 0, "pain_areas": ["knee"]}},
        "health",
        "pain while running is 0",
        id="areas-with-no-pain",
    ),
    pytest.param(
        {"health": {"cleared_by_professional": True}},
        "health",
        "give the date",
        id="cleared-without-date",
    ),
    pytest.param(
        {"health": {"cleared_on": "2025-12-01"}},
        "health",
        "clearance is not ticked",
        id="date-without-clearance",
    ),
    pytest.param(
        {"health": {"pregnant": True, "weeks_since_giving_birth": 10}},
        "health",
        "does not go with being pregnant",
        id="pregnant-and-postpartum",
    ),
    pytest.param(
        {"self_tests": {"prone_plank": 60, "prone_plank_skipped": True}},
        "self_tests",
        "also marked not tested",
        id="plank-result-and-skipped",
    ),
    pytest.param(
        {"goals": {"general_fitness": True, "races": [RACE]}},
        "goals",
        "general fitness",
        id="races-and-general-fitness",
    ),
    pytest.param(
        {"goals": {"offseason_start": "2026-11-01"}},
        "goals",
        "start and the end",
        id="offseason-start-only",
    ),
    pytest.param(
        {"goals": {"offseason_end": "2027-02-28"}},
        "goals",
        "start and the end",
        id="offseason-end-only",
    ),
    pytest.param(
        {"goals": {"offseason_start": "2026-11-01", "offseason_end": "2026-11-01"}},
        "goals",
        "must end after it starts",
        id="offseason-ends-when-it-starts",
    ),
    pytest.param(
        {"goals": {"offseason_start": "2026-11-01", "offseason_end": "2026-10-01"}},
        "goals",
        "must end after it starts",
        id="offseason-ends-before-it-starts",
    ),
    pytest.param(
        {"goals": {"offseason_start": "2026-11-01", "offseason_end": "2027-11-02"}},
        "goals",
        "longer than a year",
        id="offseason-over-a-year",
    ),
] + [
    pytest.param(
        {"self_tests": {test: {side: value, f"{side}_skipped": True}}},
        f"self_tests.{test}",
        f"{side} side has a result and is also marked not tested",
        id=f"{test}-{side}-result-and-skipped",
    )
    for test in SIDED_TESTS
    for side in ("left", "right")
    for value in ["good" if test == "single_leg_squat" else 10]
]


@pytest.mark.parametrize(("data", "path", "words"), CROSS_FIELD)
def test_cross_field_errors(data, path, words):
    assert_invalid_at(base() | data, path, words)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"history": {"age": 30, "years_running": 30}}, id="years-equal-age"),
        pytest.param({"health": {"current_pain": 3, "pain_areas": ["knee"]}}, id="pain-areas"),
        pytest.param(
            {"health": {"cleared_by_professional": True, "cleared_on": "2025-12-01"}},
            id="cleared-with-date",
        ),
        pytest.param(
            {"health": {"pregnant": False, "weeks_since_giving_birth": 10}}, id="postpartum"
        ),
        pytest.param(
            {"goals": {"offseason_start": "2026-11-01", "offseason_end": "2027-11-01"}},
            id="offseason-exactly-a-year",
        ),
        pytest.param(
            {"health": {"injuries": [{"type": "bone_stress_injury", "bone_site": "sacrum"}]}},
            id="bone-stress-with-site",
        ),
        pytest.param(
            {"self_tests": {"calf_raise": {"left_skipped": True, "right": 20}}},
            id="one-side-skipped",
        ),
        pytest.param({"goals": {"races": [RACE | {"date": "1999-01-01"}]}}, id="race-in-past"),
    ],
)
def test_consistent_answers_near_the_edges_are_accepted(data):
    Assessment.model_validate(base() | data)


def test_validation_does_not_depend_on_today():
    """A race long past and an assessment far in the future are both still valid files."""
    Assessment.model_validate(
        base() | {"assessed_on": "2090-01-01", "goals": {"races": [RACE | {"date": "2001-01-01"}]}}
    )


def test_control_characters_are_refused_on_the_field_that_has_them():
    assert_invalid_at(with_value("runner_name", "Ma\x00ya"), "runner_name", "control characters")
    assert_invalid_at(
        with_value("goals.races.0.name", "Race\x1b[31m", {"goals": {"races": [RACE]}}),
        "goals.races.0.name",
        "control characters",
    )


def test_newlines_in_notes_are_kept_but_not_in_one_line_fields():
    a = Assessment.model_validate(with_value("health.clearance_note", "line one\nline two"))
    assert a.health.clearance_note == "line one\nline two"
    assert_invalid_at(with_value("runner_name", "Maya\nX"), "runner_name", "line break")


def test_schema_version_must_be_the_current_one():
    for version in (1, 2, SCHEMA_VERSION - 1, SCHEMA_VERSION + 1, str(SCHEMA_VERSION)):
        assert_invalid_at(base() | {"schema_version": version}, "schema_version")


def test_assessed_on_is_required():
    assert_invalid_at({"schema_version": SCHEMA_VERSION}, "assessed_on", "required")


# --- drafts ----------------------------------------------------------------------------


def test_an_empty_draft_is_valid_with_every_answer_missing():
    a = Assessment(assessed_on=ON)
    assert a.schema_version == SCHEMA_VERSION
    assert a.history.age is None and a.history.distance_unit is DistanceUnit.km
    assert a.health.injuries == [] and a.health.current_pain is None
    assert a.self_tests.calf_raise.left is None and not a.self_tests.calf_raise.left_skipped
    assert set(a.goals.week) == set(WEEKDAYS)
    assert all(d.run is None and d.strength_ok is None for d in a.goals.week.values())


def test_a_partly_given_week_is_filled_with_unanswered_days():
    g = Goals.model_validate({"week": {"tue": {"run": "hard", "strength_ok": True}}})
    assert list(sorted(g.week)) == sorted(WEEKDAYS)
    assert g.week["tue"].run is RunType.hard
    assert g.week["mon"] == Day()


@SLOW_DRAWS
@given(assessments())
def test_any_valid_assessment_validates_again_from_its_own_dump(a):
    assert Assessment.model_validate(a.model_dump()) == a


# --- derived values --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "factor"), [(DistanceUnit.km, 1.0), (DistanceUnit.mi, KM_PER_MILE)]
)
def test_distances_in_km(unit, factor):
    h = RunningHistory(distance_unit=unit, weekly_distance=30, longest_run_last_month=10)
    assert h.weekly_km == pytest.approx(30 * factor)
    assert h.longest_run_km == pytest.approx(10 * factor)
    assert RunningHistory(distance_unit=unit).weekly_km is None


def test_runs_per_week_counts_days_with_a_run():
    week = {
        d: {"run": r}
        for d, r in zip(
            WEEKDAYS, ["easy", "hard", "rest", "long", None, "easy", "rest"], strict=True
        )
    }
    assert Goals.model_validate({"week": week}).runs_per_week == 4
    assert Goals().runs_per_week == 0


def test_a_race_is_the_first_a_race_on_or_after_a_date():
    def r(day: str, priority: str) -> Race:
        return Race(
            date=date.fromisoformat(day), type=RaceType.marathon, priority=Priority(priority)
        )

    early_a, b_race, late_a = r("2026-04-01", "A"), r("2026-03-01", "B"), r("2026-10-01", "A")
    g = Goals(races=[late_a, b_race, early_a])
    assert g.a_race() == early_a
    assert g.a_race(on_or_after=date(2026, 4, 1)) == early_a
    assert g.a_race(on_or_after=date(2026, 4, 2)) == late_a
    assert g.a_race(on_or_after=date(2026, 10, 2)) is None
    assert Goals(races=[b_race]).a_race() is None


def test_equipment_levels_are_ordered_least_to_most():
    levels = [
        e.level for e in (Equipment.none, Equipment.bands, Equipment.dumbbells, Equipment.gym)
    ]
    assert levels == sorted(levels) and len(set(levels)) == 4


def test_high_risk_bone_sites_are_the_documented_ones():
    """evidence.md §6: femoral neck, anterior tibia, navicular, 5th metatarsal base,
    medial malleolus, talus, sacrum, pelvis are high risk; the others are not."""
    assert {s.value for s in HIGH_RISK_BONE_SITES} == {
        "femoral_neck",
        "anterior_tibia",
        "navicular",
        "fifth_metatarsal_base",
        "medial_malleolus",
        "talus",
        "sacrum",
        "pelvis",
    }
    assert BoneSite.posteromedial_tibia not in HIGH_RISK_BONE_SITES


@given(st.sampled_from(list(BoneSite)))
def test_every_bone_site_is_accepted_with_a_bone_stress_injury(site):
    data = base() | {"health": {"injuries": [{"type": "bone_stress_injury", "bone_site": site}]}}
    assert Assessment.model_validate(data).health.injuries[0].bone_site is site


def _strict_models() -> list[type[Any]]:
    """Every model class of the assessment file, found from Assessment's field types."""
    import typing

    from pydantic import BaseModel

    seen: list[type[Any]] = []
    todo: list[Any] = [Assessment]
    while todo:
        t = todo.pop()
        if isinstance(t, type) and issubclass(t, BaseModel):
            if t not in seen:
                seen.append(t)
                todo += [f.annotation for f in t.model_fields.values()]
        else:
            todo += typing.get_args(t)
    return seen


def test_the_number_check_covers_every_number_field() -> None:
    """The bool/NaN check runs on the listed names only: a new number field must be listed."""
    from assessments import model

    models = _strict_models()
    assert len(models) > 10
    for cls in models:
        assert model._number_fields(cls) <= set(model.NUMBER_FIELD_NAMES), cls.__name__


@pytest.mark.parametrize("field", ["age", "weekly_distance", "years_running"])
def test_a_number_field_still_refuses_true(field: str) -> None:
    from assessments.storage import parse_assessment

    data = {"schema_version": SCHEMA_VERSION, "history": {field: True}}
    errors = parse_assessment(json.dumps(data)).errors
    assert f"history.{field}: expected a number, not true" in errors
