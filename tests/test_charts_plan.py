"""The plan charts: they build, and their data matches the plan."""

from __future__ import annotations

from datetime import date

from assessments.charts_plan import (
    season_timeline,
    timeline_data,
    typical_week,
    week_strip,
    week_strip_data,
    weekly_load,
    weekly_load_data,
)
from assessments.library import PhaseName
from assessments.model import Assessment
from assessments.planner import make_plan
from tests.plan_helpers import BASE, findings

START = date(2026, 1, 5)


def plan():
    return make_plan(Assessment.model_validate(BASE), findings(), START)


def test_timeline_covers_the_season_in_phase_order():
    p = plan()
    df = timeline_data(p)
    assert list(df["phase"]) == [s.phase.value for s in p.season.spans]
    assert df["start"].iloc[0] == START.isoformat()
    spec = season_timeline(p).to_dict()
    assert len(spec["layer"]) == 2  # phases and races


def test_weekly_load_sums_to_the_plan_sets():
    p = plan()
    df = weekly_load_data(p)
    assert df["sets"].sum() == sum(s.sets for s in p.sessions)
    assert set(df["focus"]) == {i.focus.value for s in p.sessions for i in s.items}
    assert weekly_load(p).to_dict()["mark"]["type"] == "bar"


def test_week_strip_shows_runs_and_strength_days():
    p = plan()
    wk = typical_week(p, PhaseName.off_season)
    assert wk is not None
    df = week_strip_data(p, wk)
    assert list(df["day"]) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert list(df["run"]) == [BASE["goals"]["week"][d]["run"] for d in BASE["goals"]["week"]]
    strength_days = [r.day for r in df.itertuples() if r.strength]
    assert strength_days == [s.weekday.title() for s in p.sessions if s.week == wk]
    assert week_strip(p, wk, "x").to_dict()["title"] == "x"
