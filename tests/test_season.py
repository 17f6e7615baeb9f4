"""The season: dates and phases from the goals and a start date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from assessments.library import PhaseName
from assessments.season import TAPER_DAYS, PlanInputError, build_season, coming_monday
from tests.plan_helpers import with_goals

START = date(2026, 1, 5)  # a Monday


def race(d: date, priority: str = "A", kind: str = "marathon") -> dict:
    return {"date": d, "type": kind, "priority": priority}


def test_coming_monday():
    assert coming_monday(date(2026, 1, 5)) == date(2026, 1, 5)
    assert coming_monday(date(2026, 1, 6)) == date(2026, 1, 12)
    assert coming_monday(date(2026, 1, 11)) == date(2026, 1, 12)


def test_no_race_gives_52_weeks_without_taper():
    a = with_goals(races=[], general_fitness=True, offseason_start=None, offseason_end=None)
    s = build_season(a.goals, START)
    assert s.end == START + timedelta(weeks=52) - timedelta(days=1)
    assert s.weeks == 52
    assert PhaseName.taper not in s.phases()
    assert s.a_race is None


def test_phases_in_order_up_to_the_a_race():
    a = with_goals(
        races=[race(date(2026, 9, 20)), race(date(2026, 7, 12), "B", "road_10k")],
        offseason_start=date(2025, 12, 1),
        offseason_end=date(2026, 3, 1),
    )
    s = build_season(a.goals, START)
    assert s.phases() == [
        PhaseName.off_season,
        PhaseName.pre_season,
        PhaseName.in_season,
        PhaseName.taper,
    ]
    assert s.end == date(2026, 9, 20)
    spans = {sp.phase: sp for sp in s.spans}
    assert spans[PhaseName.off_season].end == date(2026, 3, 1)
    assert spans[PhaseName.pre_season].start.weekday() == 0  # phases change on a Monday
    # in-season starts with the week of the B race (earlier than 6 weeks before the A race)
    assert spans[PhaseName.in_season].start == date(2026, 7, 6)
    assert spans[PhaseName.taper].start == date(2026, 9, 20) - timedelta(days=TAPER_DAYS)
    # spans are consecutive and cover the season
    for a_span, b_span in zip(s.spans, s.spans[1:], strict=False):
        assert b_span.start == a_span.end + timedelta(days=1)
    assert s.spans[0].start == START and s.spans[-1].end == s.end


def test_close_to_the_race_there_is_no_off_season():
    a = with_goals(
        races=[race(START + timedelta(days=20))],
        offseason_start=date(2025, 10, 1),
        offseason_end=date(2025, 12, 20),
    )
    s = build_season(a.goals, START)
    assert PhaseName.off_season not in s.phases()
    assert s.phases()[-1] is PhaseName.taper


def test_race_before_start_is_a_clear_error():
    a = with_goals(
        races=[race(START - timedelta(days=3))], offseason_start=None, offseason_end=None
    )
    with pytest.raises(PlanInputError) as exc:
        build_season(a.goals, START)
    assert exc.value.field == "goals.races"
    assert "before" in exc.value.message or "not after" in exc.value.message


def test_off_season_ending_after_the_a_race_is_a_clear_error():
    a = with_goals(
        races=[race(date(2026, 3, 1))],
        offseason_start=date(2026, 1, 1),
        offseason_end=date(2026, 3, 10),
    )
    with pytest.raises(PlanInputError) as exc:
        build_season(a.goals, START)
    assert exc.value.field == "goals.offseason_end"


def test_weeks_before_the_off_season_are_in_season():
    a = with_goals(
        races=[],
        general_fitness=True,
        offseason_start=date(2026, 3, 2),
        offseason_end=date(2026, 5, 31),
    )
    s = build_season(a.goals, START)
    assert s.phase_on(START) is PhaseName.in_season
    assert s.phase_on(date(2026, 4, 1)) is PhaseName.off_season
    assert s.phase_on(date(2026, 7, 1)) is PhaseName.pre_season
    assert s.notes


def test_override_moves_the_off_season_end():
    a = with_goals()
    s1 = build_season(a.goals, START)
    s2 = build_season(a.goals, START, offseason_end=date(2026, 2, 1))
    off1 = next(sp for sp in s1.spans if sp.phase is PhaseName.off_season)
    off2 = next(sp for sp in s2.spans if sp.phase is PhaseName.off_season)
    assert off2.end < off1.end
    assert off2.end == date(2026, 2, 1)


def test_week_numbers_start_on_the_monday_of_the_start_week():
    a = with_goals()
    s = build_season(a.goals, date(2026, 1, 7))  # a Wednesday
    assert s.week_of(date(2026, 1, 7)) == 1
    assert s.week_of(date(2026, 1, 11)) == 1
    assert s.week_of(date(2026, 1, 12)) == 2
