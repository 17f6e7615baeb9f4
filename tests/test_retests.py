"""Retest dates: every few weeks in the off- and pre-season, placed like a strength session."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings

from assessments.library import PhaseName
from assessments.planner import make_plan
from assessments.planning.retests import RETEST_PHASES, retest_dates
from tests.plan_helpers import findings, plan_cases, with_goals

WEEK = {
    "mon": {"run": "rest", "strength_ok": True},
    "tue": {"run": "hard", "strength_ok": True},
    "wed": {"run": "easy", "strength_ok": True},
    "thu": {"run": "rest", "strength_ok": True},
    "fri": {"run": "rest", "strength_ok": False},
    "sat": {"run": "long", "strength_ok": True},
    "sun": {"run": "easy", "strength_ok": True},
}


def _retests(a, start, every=6):
    plan = make_plan(a, findings(), start)
    lifting = [s.date for s in plan.sessions]
    return plan, retest_dates(plan.season, a.goals, lifting, a.assessed_on, every)


def test_a_general_fitness_year_gets_a_retest_about_every_six_weeks_on_a_rest_or_easy_day():
    a = with_goals(races=[], general_fitness=True, week=WEEK)
    plan, retests = _retests(a, a.assessed_on + timedelta(days=1))
    assert len(retests) >= 6
    lifting = {s.date for s in plan.sessions}
    previous = a.assessed_on
    for r in retests:
        assert 6 * 7 - 3 <= (r.date - previous).days <= 6 * 7 + 10
        wd = r.date.strftime("%a").lower()
        assert WEEK[wd]["run"] in ("rest", "easy") and WEEK[wd]["strength_ok"]
        nxt = (r.date + timedelta(days=1)).strftime("%a").lower()
        assert WEEK[nxt]["run"] not in ("hard", "long")
        assert r.date - timedelta(days=1) not in lifting
        assert ("before your strength session" in r.why or "and strength" in r.why) is (
            r.date in lifting
        )
        previous = r.date
    assert any("rest day" in r.why for r in retests)


def test_no_retest_in_season_or_in_the_taper():
    a = with_goals(week=WEEK)  # the example's A race: the season ends in-season and taper
    plan, retests = _retests(a, a.assessed_on + timedelta(days=1))
    assert all(plan.season.phase_on(r.date) in RETEST_PHASES for r in retests)
    assert plan.season.phase_on(plan.season.end) is PhaseName.taper or not plan.season.a_race


def test_a_week_with_no_allowed_day_gets_no_retest():
    closed = {d: {"run": "easy", "strength_ok": False} for d in WEEK}
    a = with_goals(races=[], general_fitness=True, week=closed)
    assert _retests(a, a.assessed_on)[1] == ()


@settings(max_examples=40, deadline=None)
@given(plan_cases())
def test_retests_never_break_the_placement_rules(case):
    a, f, start = case
    plan = make_plan(a, f, start)
    lifting = {s.date for s in plan.sessions}
    races = {r.date for r in plan.season.races}
    retests = retest_dates(plan.season, a.goals, lifting, a.assessed_on, 6)
    for r in retests:
        day = a.goals.week[r.date.strftime("%a").lower()]
        nxt = a.goals.week[(r.date + timedelta(days=1)).strftime("%a").lower()]
        assert day.strength_ok and (day.run is None or day.run.value in ("rest", "easy"))
        assert nxt.run is None or nxt.run.value not in ("hard", "long")
        assert r.date not in races and r.date + timedelta(days=1) not in races
        assert r.date - timedelta(days=1) not in lifting
        assert plan.season.phase_on(r.date) in RETEST_PHASES
    dates = [r.date for r in retests]
    assert dates == sorted(dates)
    assert all((b - a_).days >= 6 * 7 - 3 for a_, b in zip(dates, dates[1:], strict=False))


def test_the_plan_carries_its_retests_and_the_calendar_has_an_event_for_each():
    from icalendar import Calendar

    from assessments.exports import schedule_ics

    a = with_goals(races=[], general_fitness=True, week=WEEK)
    plan, expected = _retests(a, a.assessed_on + timedelta(days=1))
    assert plan.retests == expected and expected
    cal = Calendar.from_ical(schedule_ics(plan))
    events = [e for e in cal.walk("VEVENT") if str(e["summary"]) == "Retest the self-tests"]
    assert [e.decoded("dtstart") for e in events] == [r.date for r in expected]
    assert all("same time of day" in str(e["description"]) for e in events)
    sessions = [e for e in cal.walk("VEVENT") if str(e["summary"]).startswith("Strength")]
    assert len(sessions) == sum(1 for s in plan.sessions if s.key != "L")
