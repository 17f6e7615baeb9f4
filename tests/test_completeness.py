"""What scoring still needs: drafts list every gap, complete assessments none."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given

from assessments.completeness import is_complete, missing, step_status
from assessments.examples import EXAMPLES, load_example
from assessments.model import (
    BACK_QUESTIONS,
    BONE_HEALTH_QUESTIONS,
    ENERGY_QUESTIONS,
    ENERGY_SIGN_QUESTIONS,
    PARQ_QUESTIONS,
    SIDED_TESTS,
    STEPS,
    WEEKDAYS,
    Assessment,
)
from tests.strategies import SLOW_DRAWS, assessments

ON = date(2026, 1, 5)
COMPLETE = "road_5k_weak_hamstrings"


def paths(a: Assessment) -> list[str]:
    return [m.path for m in missing(a)]


def changed(a: Assessment, step: str, **answers: Any) -> Assessment:
    """`a` with some answers of one step replaced, validated like a loaded file."""
    data = a.model_dump(mode="json")
    data[step] = data[step] | answers
    return Assessment.model_validate(data)


def test_an_empty_draft_misses_every_answer_of_every_step():
    a = Assessment(assessed_on=ON)
    got = paths(a)
    expected = (
        [
            f"history.{f}"
            for f in (
                "age",
                "sex",
                "years_running",
                "weekly_distance",
                "longest_run_last_month",
                "strength_experience",
                "strength_sessions_per_week",
            )
        ]
        + ["health.current_pain"]
        + [
            f"health.{q}"
            for q in PARQ_QUESTIONS
            | BACK_QUESTIONS
            | ENERGY_QUESTIONS
            | ENERGY_SIGN_QUESTIONS
            | BONE_HEALTH_QUESTIONS
        ]
        + ["health.pregnant"]
        + [f"self_tests.{t}.{side}" for t in SIDED_TESTS for side in ("left", "right")]
        + ["self_tests.prone_plank", "goals.races", "goals.aim"]
        + [f"goals.week.{d}.{k}" for d in WEEKDAYS for k in ("run", "strength_ok")]
        + ["goals.minutes_per_session", "goals.equipment"]
    )
    assert got == expected
    assert {m.step for m in missing(a)} == set(STEPS)
    assert all(count > 0 for count in step_status(a).values())
    assert not is_complete(a)


def test_every_missing_answer_has_a_label_and_belongs_to_its_step():
    for m in missing(Assessment(assessed_on=ON)):
        assert m.step in STEPS
        assert m.path.startswith(m.step + ".")
        assert m.label.strip()


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_examples_are_complete(name):
    a = load_example(name)
    assert missing(a) == []
    assert is_complete(a)
    assert step_status(a) == {step: 0 for step in STEPS}


@pytest.mark.parametrize(
    "field",
    [
        "age",
        "sex",
        "years_running",
        "weekly_distance",
        "longest_run_last_month",
        "strength_experience",
        "strength_sessions_per_week",
    ],
)
def test_removing_one_history_answer_makes_just_that_answer_missing(field):
    a = changed(load_example(COMPLETE), "history", **{field: None})
    assert paths(a) == [f"history.{field}"]
    assert step_status(a) == {"history": 1, "health": 0, "self_tests": 0, "goals": 0}


@pytest.mark.parametrize("question", list(PARQ_QUESTIONS | BACK_QUESTIONS | ENERGY_QUESTIONS))
def test_every_screen_question_must_be_answered(question):
    a = changed(load_example(COMPLETE), "health", **{question: None})
    assert paths(a) == [f"health.{question}"]


def test_men_are_not_asked_about_periods_or_pregnancy():
    a = Assessment(assessed_on=ON, history={"sex": "male"})
    assert "health.missed_periods" not in paths(a)
    assert "health.pregnant" not in paths(a)


@pytest.mark.parametrize("sex", ["female", "prefer_not_to_say", None])
def test_everyone_else_is_asked_about_periods_and_pregnancy(sex):
    a = Assessment(assessed_on=ON, history={"sex": sex})
    assert "health.missed_periods" in paths(a)
    assert "health.pregnant" in paths(a)


def test_pain_while_running_needs_where_and_whether_it_settles():
    a = changed(load_example(COMPLETE), "health", current_pain=4)
    assert paths(a) == ["health.pain_areas", "health.pain_settles_by_morning"]
    done = changed(a, "health", pain_areas=["knee"], pain_settles_by_morning=True)
    assert is_complete(done)


def test_no_pain_needs_no_follow_up():
    a = changed(load_example(COMPLETE), "health", current_pain=0, pain_settles_by_morning=None)
    assert is_complete(a)


def test_an_injury_needs_how_long_ago_with_its_index():
    injuries = [
        {"type": "ankle_sprain", "months_since": 4},
        {"type": "it_band_pain", "months_since": None},
    ]
    a = changed(load_example(COMPLETE), "health", injuries=injuries)
    gaps = missing(a)
    assert [m.path for m in gaps] == ["health.injuries.1.months_since"]
    assert "it band pain" in gaps[0].label


@pytest.mark.parametrize("test", SIDED_TESTS)
def test_a_side_is_answered_by_a_result_or_by_not_tested(test):
    a = load_example(COMPLETE)
    blank = changed(a, "self_tests", **{test: {}})
    assert paths(blank) == [f"self_tests.{test}.left", f"self_tests.{test}.right"]
    skipped = changed(a, "self_tests", **{test: {"left_skipped": True, "right_skipped": True}})
    assert is_complete(skipped)


def test_prone_plank_is_answered_by_a_result_or_by_not_tested():
    a = load_example(COMPLETE)
    assert paths(changed(a, "self_tests", prone_plank=None)) == ["self_tests.prone_plank"]
    assert is_complete(changed(a, "self_tests", prone_plank=None, prone_plank_skipped=True))


def test_goals_need_a_race_or_general_fitness():
    a = load_example(COMPLETE)
    no_race = changed(a, "goals", races=[])
    assert paths(no_race) == ["goals.races"]
    assert is_complete(changed(a, "goals", races=[], general_fitness=True))


def test_races_need_a_main_race():
    a = load_example(COMPLETE)
    races = [r | {"priority": "B"} for r in a.model_dump(mode="json")["goals"]["races"]]
    gaps = missing(changed(a, "goals", races=races))
    assert [m.path for m in gaps] == ["goals.races"]
    assert "(A)" in gaps[0].label


def test_every_weekday_needs_its_run_and_strength_answer():
    a = load_example(COMPLETE)
    week = a.model_dump(mode="json")["goals"]["week"] | {"wed": {}}
    assert paths(changed(a, "goals", week=week)) == [
        "goals.week.wed.run",
        "goals.week.wed.strength_ok",
    ]


@SLOW_DRAWS
@given(assessments())
def test_step_status_counts_what_is_missing(a):
    gaps = missing(a)
    counts = step_status(a)
    assert set(counts) == set(STEPS)
    assert sum(counts.values()) == len(gaps)
    for step in STEPS:
        assert counts[step] == sum(1 for m in gaps if m.step == step)
    assert is_complete(a) == (not gaps)
    assert len({m.path for m in gaps if m.path != "goals.races"}) == len(
        [m for m in gaps if m.path != "goals.races"]
    ), "an answer is listed twice"
