"""The compare charts: their data matches both plans, and their specs are valid Vega-Lite."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import altair as alt

from assessments.charts_compare import (
    PLAN_COLOURS,
    TIMELINE_PROPERTIES,
    focus_coverage,
    focus_coverage_data,
    season_timelines,
    timelines_data,
    weekly_load_compare,
    weekly_sets_data,
)
from assessments.focus import FOCUS_TITLES
from assessments.model import Assessment
from assessments.planner import Plan, make_plan
from tests.plan_helpers import BASE, findings

START = date(2026, 1, 5)
LABELS = ("A: recommended", "B: variant")


@cache
def plans() -> tuple[Plan, Plan]:
    a = Assessment.model_validate(BASE)
    end = a.goals.offseason_end
    assert end is not None
    rec = make_plan(a, findings(), START)
    var = make_plan(
        a,
        findings(),
        START,
        sessions_offseason=2,
        sessions_inseason=0,
        plyometrics=False,
        offseason_end=end + timedelta(weeks=4),
    )
    return rec, var


def test_weekly_sets_cover_every_week_and_sum_to_each_plans_sets():
    a, b = plans()
    df = weekly_sets_data(a, b, LABELS)
    for plan, name in zip((a, b), LABELS, strict=True):
        mine = df[df["plan"] == name]
        assert list(mine["week"]) == list(range(1, a.season.weeks + 1))
        assert mine["sets"].sum() == sum(s.sets for s in plan.sessions)
        assert mine["sessions"].sum() == len(plan.sessions)
    # B's in-season weeks without lifting stay on the chart, as 0
    assert (df[df["plan"] == LABELS[1]]["sets"] == 0).any()
    assert df["monday"].iloc[0] == START.isoformat()


def test_weekly_load_chart_draws_both_plans_in_their_colours():
    a, b = plans()
    spec = weekly_load_compare(a, b, LABELS).to_dict()
    assert spec["mark"]["type"] == "line"
    colour = spec["encoding"]["color"]
    assert colour["scale"] == {"domain": list(LABELS), "range": PLAN_COLOURS}
    assert spec["encoding"]["y"]["field"] == "sets"
    rows = spec["datasets"][spec["data"]["name"]]
    assert {r["plan"] for r in rows} == set(LABELS)


def test_focus_coverage_matches_the_plans_sets_per_area():
    a, b = plans()
    df = focus_coverage_data(a, b, LABELS)
    for plan, name in zip((a, b), LABELS, strict=True):
        got = dict(
            zip(df[df["plan"] == name]["focus"], df[df["plan"] == name]["sets"], strict=True)
        )
        want = {k: v for k, v in plan.summary()["sets_by_focus"].items() if k in got}
        assert got == want
    power = df[df["focus"] == "power"]
    assert list(power["sets"])[1] == 0 and list(power["sets"])[0] > 0  # B has no jumps
    spec = focus_coverage(a, b, LABELS).to_dict()
    assert spec["encoding"]["yOffset"]["field"] == "plan"
    assert spec["encoding"]["y"]["sort"] == list(FOCUS_TITLES.values())  # the usual order


def test_charts_of_different_plans_do_not_share_data():
    a, b = plans()
    first, second = weekly_load_compare(a, b, LABELS), weekly_load_compare(b, a, LABELS)
    one, two = first.to_dict(), second.to_dict()
    assert one["datasets"] != two["datasets"]
    assert first.to_dict() == one  # building the second chart left the first as it was
    t1, t2 = season_timelines(a, b, LABELS).to_dict(), season_timelines(a, a, LABELS).to_dict()
    assert t1["layer"][0]["data"] != t2["layer"][0]["data"]


def test_timelines_align_both_seasons_on_one_axis():
    a, b = plans()
    df = timelines_data(a, b, LABELS)
    for plan, name in zip((a, b), LABELS, strict=True):
        mine = df[df["plan"] == name]
        assert list(mine["phase"]) == [s.phase.value for s in plan.season.spans]
        assert list(mine["start"])[1:] == list(mine["end"])[:-1]  # no gaps, no overlaps
        assert mine["start"].iloc[0] == START.isoformat()
    off = df[df["phase"] == "off-season"]
    assert off["end"].iloc[1] > off["end"].iloc[0]  # B's later off-season end shows
    chart = season_timelines(a, b, LABELS)
    spec = chart.to_dict()
    assert len(spec["layer"]) == 2  # phases and races
    plain = alt.layer(*[layer.copy() for layer in chart.layer]).properties(
        description=chart.description, **TIMELINE_PROPERTIES
    )
    assert plain.to_dict() == spec  # the short cut builds the very same chart
    assert spec["layer"][0]["encoding"]["y"]["sort"] == list(LABELS)
    assert spec["layer"][0]["encoding"]["x2"]["field"] == "end"
