"""Charts comparing two plans (the compare screen), and the tables behind them.

Plan A and plan B share one chart each time, in fixed colours, so the eye compares them
directly: weekly load as two lines on one time axis, focus-area coverage as paired bars, and
the two seasons as two timeline rows on one date axis. Builders skip Altair's validation of
every intermediate object (the finished spec is validated by to_dict(), as in
charts_results.py): a slider move rebuilds these three charts.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import altair as alt
import pandas as pd
from altair.utils.schemapi import debug_mode

from .charts_plan import FIT_WIDTH, PHASE_COLOURS, PHASE_ORDER
from .focus import FOCUS_TITLES, FocusArea
from .planner import Plan

PLAN_COLOURS = ["#4c78a8", "#f58518"]  # plan A, plan B
DEFAULT_LABELS = ("Plan A", "Plan B")


def _plan_colour(labels: tuple[str, str]) -> alt.Color:
    return alt.Color(
        "plan:N",
        scale=alt.Scale(domain=list(labels), range=PLAN_COLOURS),
        legend=alt.Legend(title=None, orient="top"),
    )


# --- weekly load ---------------------------------------------------------------------------


def weekly_sets_data(a: Plan, b: Plan, labels: tuple[str, str] = DEFAULT_LABELS) -> pd.DataFrame:
    """Sets and sessions per week for both plans, every week of the longer season (0s kept)."""
    first = min(a.season.first_monday, b.season.first_monday)
    weeks = max(a.season.weeks, b.season.weeks)
    cols: dict[str, list[object]] = {
        "plan": [],
        "week": [],
        "monday": [],
        "sets": [],
        "sessions": [],
    }
    for plan, name in zip((a, b), labels, strict=True):
        sets: Counter[int] = Counter()
        sessions: Counter[int] = Counter()
        for s in plan.sessions:
            sets[s.week] += s.sets
            sessions[s.week] += 1
        for w in range(1, weeks + 1):
            cols["plan"].append(name)
            cols["week"].append(w)
            cols["monday"].append((first + timedelta(weeks=w - 1)).isoformat())
            cols["sets"].append(sets[w])
            cols["sessions"].append(sessions[w])
    return pd.DataFrame(cols)


def weekly_load_compare(a: Plan, b: Plan, labels: tuple[str, str] = DEFAULT_LABELS) -> alt.Chart:
    """Sets per week of both plans on one time axis."""
    with debug_mode(False):
        return (
            alt.Chart(weekly_sets_data(a, b, labels))
            .mark_line(interpolate="step-after", point=alt.OverlayMarkDef(size=25))
            .encode(
                x=alt.X("monday:T", title="Week starting", axis=alt.Axis(format="%d %b")),
                y=alt.Y("sets:Q", title="Sets per week"),
                color=_plan_colour(labels),
                strokeDash=alt.StrokeDash(
                    "plan:N", scale=alt.Scale(domain=list(labels), range=[[1, 0], [6, 3]])
                ),
                tooltip=[
                    alt.Tooltip("plan:N", title="Plan"),
                    alt.Tooltip("week:Q", title="Week"),
                    alt.Tooltip("monday:T", title="Starting", format="%d %b %Y"),
                    alt.Tooltip("sessions:Q", title="Sessions"),
                    alt.Tooltip("sets:Q", title="Sets"),
                ],
            )
            .properties(height=220, title="Weekly strength load", autosize=FIT_WIDTH)
        )


# --- focus-area coverage -------------------------------------------------------------------


def focus_coverage_data(a: Plan, b: Plan, labels: tuple[str, str] = DEFAULT_LABELS) -> pd.DataFrame:
    """Sets over the season per focus area, for both plans (areas neither plan works left out)."""
    per: list[Counter[FocusArea]] = []
    for plan in (a, b):
        n: Counter[FocusArea] = Counter()
        for s in plan.sessions:
            for p in s.items:
                n[p.focus] += p.sets
        per.append(n)
    areas = [area for area in FocusArea if per[0][area] or per[1][area]]
    rows = [
        (name, area.value, FOCUS_TITLES[area], counts[area])
        for area in areas
        for name, counts in zip(labels, per, strict=True)
    ]
    return pd.DataFrame(
        {
            "plan": [r[0] for r in rows],
            "focus": [r[1] for r in rows],
            "focus_title": [r[2] for r in rows],
            "sets": [r[3] for r in rows],
        }
    )


def focus_coverage(a: Plan, b: Plan, labels: tuple[str, str] = DEFAULT_LABELS) -> alt.Chart:
    """Sets per focus area over the season, plan A's bar above plan B's."""
    data = focus_coverage_data(a, b, labels)
    order = [FOCUS_TITLES[x] for x in FocusArea if FOCUS_TITLES[x] in set(data["focus_title"])]
    with debug_mode(False):
        return (
            alt.Chart(data)
            .mark_bar()
            .encode(
                y=alt.Y("focus_title:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
                yOffset=alt.YOffset("plan:N", sort=list(labels)),
                x=alt.X("sets:Q", title="Sets over the season"),
                color=_plan_colour(labels),
                tooltip=[
                    alt.Tooltip("plan:N", title="Plan"),
                    alt.Tooltip("focus_title:N", title="Focus area"),
                    alt.Tooltip("sets:Q", title="Sets"),
                ],
            )
            .properties(title="Focus-area coverage", autosize=FIT_WIDTH)
        )


# --- the two seasons -----------------------------------------------------------------------


def timelines_data(a: Plan, b: Plan, labels: tuple[str, str] = DEFAULT_LABELS) -> pd.DataFrame:
    """The phases of both seasons, one row per plan, on the same dates."""
    rows = [
        (name, s.phase.value, s.start, s.end, round(s.days / 7, 1))
        for plan, name in zip((a, b), labels, strict=True)
        for s in plan.season.spans
    ]
    return pd.DataFrame(
        {
            "plan": [r[0] for r in rows],
            "phase": [r[1] for r in rows],
            "start": [r[2].isoformat() for r in rows],
            "end": [(r[3] + timedelta(days=1)).isoformat() for r in rows],
            "last_day": [r[3].isoformat() for r in rows],
            "weeks": [r[4] for r in rows],
        }
    )


def _races_data(a: Plan, b: Plan, labels: tuple[str, str]) -> pd.DataFrame:
    rows = [
        (name, r.date.isoformat(), r.name or r.type.value.replace("_", " "), r.priority.value)
        for plan, name in zip((a, b), labels, strict=True)
        for r in plan.season.races
    ]
    return pd.DataFrame(
        {
            "plan": [r[0] for r in rows],
            "date": [r[1] for r in rows],
            "race": [r[2] for r in rows],
            "priority": [r[3] for r in rows],
        },
        columns=["plan", "date", "race", "priority"],
    )


def season_timelines(
    a: Plan, b: Plan, labels: tuple[str, str] = DEFAULT_LABELS
) -> alt.LayerChart | alt.FacetChart:
    """Both seasons' phases aligned on one date axis, with the races marked."""
    y = alt.Y("plan:N", sort=list(labels), title=None, axis=alt.Axis(labelAngle=0))
    with debug_mode(False):
        bars = (
            alt.Chart(timelines_data(a, b, labels))
            .mark_bar(height=24)
            .encode(
                x=alt.X("start:T", title=None, axis=alt.Axis(format="%d %b")),
                x2=alt.X2("end:T"),
                y=y,
                color=alt.Color(
                    "phase:N",
                    scale=alt.Scale(domain=PHASE_ORDER, range=PHASE_COLOURS),
                    legend=alt.Legend(orient="bottom", title="Phase"),
                ),
                tooltip=[
                    alt.Tooltip("plan:N", title="Plan"),
                    alt.Tooltip("phase:N", title="Phase"),
                    alt.Tooltip("start:T", title="From", format="%a %d %b %Y"),
                    alt.Tooltip("last_day:T", title="To", format="%a %d %b %Y"),
                    alt.Tooltip("weeks:Q", title="Weeks"),
                ],
            )
        )
        races = (
            alt.Chart(_races_data(a, b, labels))
            .mark_point(shape="triangle-down", size=120, filled=True, color="black", yOffset=-14)
            .encode(
                x=alt.X("date:T"),
                y=y,
                tooltip=[
                    alt.Tooltip("race:N", title="Race"),
                    alt.Tooltip("priority:N", title="Priority"),
                    alt.Tooltip("date:T", title="Date", format="%a %d %b %Y"),
                ],
            )
        )
        return alt.layer(bars, races).properties(
            height=90, title="The two seasons", autosize=FIT_WIDTH
        )
