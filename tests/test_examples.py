"""The shipped examples: valid, complete, distinct, and shifted so their races stay ahead."""

from __future__ import annotations

from datetime import date, timedelta
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.completeness import is_complete, missing
from assessments.examples import EXAMPLES, example_for_today, load_example, shift_dates
from assessments.model import Assessment, RaceType
from assessments.storage import parse_assessment

TODAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 12, 31))


def test_at_least_four_examples_ship():
    assert len(EXAMPLES) >= 4
    assert all(title.strip() for title in EXAMPLES.values())


def test_every_example_file_is_listed_and_every_listed_example_has_a_file():
    files = {
        p.name.removesuffix(".json")
        for p in resources.files("assessments").joinpath("examples").iterdir()
        if p.name.endswith(".json")
    }
    assert files == set(EXAMPLES)


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_each_example_is_a_valid_complete_file(name):
    raw = resources.files("assessments").joinpath("examples", f"{name}.json").read_bytes()
    result = parse_assessment(raw)
    assert result.ok, result.errors
    assert missing(result.assessment) == []
    assert load_example(name) == result.assessment


def test_examples_are_different_runners():
    examples = [load_example(n) for n in EXAMPLES]
    assert len({a.runner_name for a in examples}) == len(examples)
    assert len({a.model_dump_json(exclude={"runner_name"}) for a in examples}) == len(examples)


def test_examples_cover_road_trail_marathon_and_ultra():
    types = {r.type for n in EXAMPLES for r in load_example(n).goals.races}
    assert {RaceType.road_5k, RaceType.marathon, RaceType.ultra_trail} <= types
    assert types & {RaceType.trail, RaceType.ultra_trail}


def test_examples_have_a_race_ahead_of_assessed_on():
    for name in EXAMPLES:
        a = load_example(name)
        if not a.goals.general_fitness:
            assert a.goals.a_race(on_or_after=a.assessed_on) is not None, name


def test_an_unknown_example_is_a_key_error():
    with pytest.raises(KeyError):
        load_example("no_such_runner")
    with pytest.raises(KeyError):
        load_example("../pyproject")


def all_dates(a: Assessment) -> list[date]:
    out = [a.assessed_on]
    out += [r.date for r in a.goals.races]
    out += [d for d in (a.goals.offseason_start, a.goals.offseason_end) if d]
    out += [a.health.cleared_on] if a.health.cleared_on else []
    return out


@given(name=st.sampled_from(list(EXAMPLES)), today=TODAYS)
def test_shift_keeps_every_race_as_far_from_today_as_from_assessed_on(name, today):
    a = load_example(name)
    shifted = shift_dates(a, today)
    assert shifted.assessed_on == today
    assert len(shifted.goals.races) == len(a.goals.races)
    for before, after in zip(a.goals.races, shifted.goals.races, strict=True):
        assert after.date - today == before.date - a.assessed_on
        assert (after.name, after.type, after.priority) == (
            before.name,
            before.type,
            before.priority,
        )
    # Every other date moves by the same amount, so intervals are unchanged.
    delta = today - a.assessed_on
    assert all_dates(shifted) == [d + delta for d in all_dates(a)]
    assert is_complete(shifted)


@given(name=st.sampled_from(list(EXAMPLES)), today=TODAYS)
def test_shift_changes_nothing_but_dates_and_can_be_undone(name, today):
    a = load_example(name)
    shifted = shift_dates(a, today)
    assert shift_dates(shifted, a.assessed_on) == a
    same = shifted.model_copy(
        update={
            "assessed_on": a.assessed_on,
            "goals": a.goals,
            "health": shifted.health.model_copy(update={"cleared_on": a.health.cleared_on}),
        }
    )
    assert same == a


def test_shifting_to_the_same_day_changes_nothing():
    a = load_example("masters_marathoner")
    assert shift_dates(a, a.assessed_on) == a


def test_example_for_today_puts_races_ahead_of_today():
    today = date(2031, 7, 14)
    for name in EXAMPLES:
        a, shifted = load_example(name), example_for_today(name, today)
        assert shifted.assessed_on == today
        if a.goals.races:
            first = min(r.date for r in shifted.goals.races)
            assert first - today == min(r.date for r in a.goals.races) - a.assessed_on
            assert shifted.goals.a_race(on_or_after=today) is not None


def test_shift_works_across_a_leap_day():
    a = load_example("road_5k_weak_hamstrings")
    today = date(2028, 2, 29)
    shifted = shift_dates(a, today)
    assert [r.date - today for r in shifted.goals.races] == [
        r.date - a.assessed_on for r in a.goals.races
    ]
    assert shifted.goals.offseason_end - shifted.goals.offseason_start == timedelta(
        days=(a.goals.offseason_end - a.goals.offseason_start).days
    )
