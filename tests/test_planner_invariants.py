"""Hypothesis invariants of the planner over any complete assessment and start date."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from hypothesis import HealthCheck, given, settings

from assessments.library import Category, PhaseName, library
from assessments.model import WEEKDAYS, Priority, RunType
from assessments.planner import INJURY_RECENT_MONTHS, LEVEL_BY_EXPERIENCE, make_plan
from assessments.season import PlanInputError
from tests.plan_helpers import plan_cases

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _plan(case):
    a, f, start = case
    try:
        return a, make_plan(a, f, start)
    except PlanInputError:
        return a, None


@SETTINGS
@given(plan_cases())
def test_sessions_per_week_within_phase_range_or_explained(case):
    a, plan = _plan(case)
    if plan is None:
        return
    lib = library()
    exp = a.history.strength_experience
    counts = defaultdict(int)
    for s in plan.sessions:
        # main sessions only: protocol (rehab) days and jump-only bone days are extra
        counts[s.week] += not s.rehab and s.block != "bone jumps"
    for w in plan.weeks:
        assert counts[w.week] == w.sessions
        assert w.sessions <= w.maximum
        rows = lib.blocks(w.phase, exp)
        assert w.maximum == max(r.sessions_max for r in rows)
        if w.sessions < w.minimum:
            assert w.note, f"week {w.week} below minimum without a reason"


@SETTINGS
@given(plan_cases())
def test_no_heavy_work_before_races(case):
    a, plan = _plan(case)
    if plan is None:
        return
    season = plan.season
    if season.a_race is not None:
        race = season.a_race.date
        taper = [s for s in plan.sessions if s.date >= race - timedelta(days=7)]
        assert all(not s.heavy for s in taper)
        assert len([s for s in taper if not s.rehab]) <= 1  # protocol days are not sessions
        assert all(s.date <= race - timedelta(days=2) for s in taper)
    for r in season.races:
        for s in plan.sessions:
            gap = (r.date - s.date).days
            assert gap != 0 and gap != 1, "strength on a race day or the day before"
            if r.priority is not Priority.A and 0 < gap <= 3:
                assert not s.heavy


@SETTINGS
@given(plan_cases())
def test_placement_respects_the_running_week(case):
    a, plan = _plan(case)
    if plan is None:
        return
    week = a.goals.week
    dates = [s.date for s in plan.sessions]
    assert len(dates) == len(set(dates))
    for s in plan.sessions:
        assert plan.season.start <= s.date <= plan.season.end
        day = week[WEEKDAYS[s.date.weekday()]]
        assert day.strength_ok, f"{s.date} is marked unavailable"
        nxt = week[WEEKDAYS[(s.date + timedelta(days=1)).weekday()]]
        assert nxt.run not in (RunType.hard, RunType.long), f"{s.date} is before a key run"
        assert s.run == day.run.value
        assert s.phase is plan.season.phase_on(s.date)


@SETTINGS
@given(plan_cases())
def test_allowed_hard_days_come_first(case):
    a, plan = _plan(case)
    if plan is None:
        return
    week = a.goals.week
    race_days = {r.date for r in plan.season.races}
    by_week = defaultdict(set)
    for s in plan.sessions:  # "hard days first": main sessions, not rehab or bone jump days
        if s.phase is not PhaseName.taper and not s.rehab and s.block != "bone jumps":
            by_week[s.week].add(s.date)
    for wk, used in by_week.items():
        if all(week[WEEKDAYS[d.weekday()]].run is RunType.hard for d in used):
            continue
        monday = plan.season.first_monday + timedelta(weeks=wk - 1)
        for i in range(7):
            d = monday + timedelta(days=i)
            nxt = d + timedelta(days=1)
            if not plan.season.contains(d) or plan.season.phase_on(d) is PhaseName.taper:
                continue
            day, nday = week[WEEKDAYS[d.weekday()]], week[WEEKDAYS[nxt.weekday()]]
            usable = (
                day.run is RunType.hard
                and day.strength_ok
                and nday.run not in (RunType.hard, RunType.long)
                and d not in race_days
                and nxt not in race_days
            )
            if usable:
                assert d in used, f"hard day {d} unused while another day was used"


@SETTINGS
@given(plan_cases())
def test_exercises_respect_equipment_contraindications_and_areas(case):
    a, plan = _plan(case)
    if plan is None:
        return
    lib = library()
    recent = {i.type for i in a.health.injuries if (i.months_since or 0) <= INJURY_RECENT_MONTHS}
    level = LEVEL_BY_EXPERIENCE[a.history.strength_experience]
    for s in plan.sessions:
        for p in s.items:
            ex = lib.exercises[p.exercise_id]
            assert ex.equipment.level <= a.goals.equipment.level
            assert ex.level <= level or p.protocol  # a protocol overrides the level filter
            assert not set(ex.loads) & set(a.health.do_not_load)
            assert not set(ex.contraindications) & recent
            assert p.reason and p.rule and p.source
            if not s.heavy and not s.rehab:
                assert ex.equipment.value == "none"
            if s.phase is PhaseName.taper:
                assert ex.category is not Category.heavy_strength or ex.equipment.value == "none"
