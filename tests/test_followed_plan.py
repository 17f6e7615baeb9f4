"""Re-planning after a retest keeps the past weeks and the season, changes exercises after."""

from __future__ import annotations

from datetime import date, timedelta

from assessments.focus import FocusArea
from assessments.planner import make_plan
from assessments.planning.followed import in_force_from, parts, stitched
from tests.plan_helpers import findings, with_goals

START = date(2026, 1, 5)  # a Monday


def test_a_retest_is_in_force_from_the_monday_after_its_week():
    assert in_force_from(date(2026, 2, 11)) == date(2026, 2, 16)  # a Wednesday
    assert in_force_from(date(2026, 2, 16)) == date(2026, 2, 23)  # a Monday: the next one


def test_parts_take_the_assessment_in_force_at_the_start_then_each_retest():
    got = parts(
        [(date(2025, 11, 1), "old"), (date(2026, 1, 2), "at start"), (date(2026, 2, 11), "retest")],
        START,
    )
    assert got == [(START, "at start"), (date(2026, 2, 16), "retest")]
    assert parts([(date(2026, 3, 4), "later only")], START) == [(START, "later only")]
    assert parts([], START) == []


def test_replanning_keeps_past_weeks_season_and_progression_and_changes_exercises_after():
    a = with_goals(races=[], general_fitness=True)
    before = make_plan(a, findings({FocusArea.posterior_chain: 80, FocusArea.hip: 10}), START)
    after = make_plan(a, findings({FocusArea.calf_foot: 80, FocusArea.balance_ankle: 60}), START)
    assert [s.items for s in before.sessions] != [s.items for s in after.sessions]
    switch = in_force_from(date(2026, 2, 11))
    plan = stitched([(START, before), (switch, after)])
    assert plan.season == before.season == after.season
    assert [s for s in plan.sessions if s.date < switch] == [
        s for s in before.sessions if s.date < switch
    ]
    assert [s for s in plan.sessions if s.date >= switch] == [
        s for s in after.sessions if s.date >= switch
    ]
    # Blocks and progression counts run on from the recorded start, as in either plan.
    assert [(s.date, s.week, s.block, s.heavy, s.deload) for s in plan.sessions] == [
        (s.date, s.week, s.block, s.heavy, s.deload) for s in before.sessions
    ]
    assert [w.week for w in plan.weeks] == [w.week for w in before.weeks]
    assert plan.focus == after.focus
    first_after = next(s for s in plan.sessions if s.date >= switch)
    assert plan.session_on(first_after.date) == first_after  # no stale lookup from a part


def test_one_part_is_the_plan_itself():
    p = make_plan(with_goals(), findings(), START)
    assert stitched([(START, p)]) is p
    assert stitched([(START, p), (START + timedelta(weeks=60), p)]).sessions == p.sessions
