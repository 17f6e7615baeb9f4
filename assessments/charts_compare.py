"""Charts comparing two plans (the compare screen), and the tables behind them.

Plan A and plan B share one chart each time, in fixed colours, so the eye compares them
directly: weekly load as two lines on one time axis, focus-area coverage as paired bars, and
the two seasons as two timeline rows on one date axis.

A slider move rebuilds these three charts, so each chart's marks and encodings are built
once per pair of plan labels (a template, without data) and each call only attaches the new
data to a shallow copy: building Altair objects costs far more than the data. The copies
share their encodings with the template, so treat a returned chart as read-only (`.copy()`
it before changing it). Templates skip Altair's validation of intermediate objects, as in
charts_results.py; the finished spec is still validated in full by to_dict().
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache, lru_cache
from typing import Any, TypeVar

import altair as alt
import pandas as pd
from altair.utils.schemapi import debug_mode

from .chart_theme import CONFIG, OKABE_ITO, styled
from .charts_plan import FIT_WIDTH, NOT_NICE, PHASE_COLOURS, PHASE_ORDER, present, week_axis
from .compare import frame
from .focus import FOCUS_TITLES, FocusArea
from .planner import Plan

PLAN_COLOURS = [OKABE_ITO["blue"], OKABE_ITO["orange"]]  # plan A, plan B
# Plan A's line is wide and solid, plan B's narrow and dashed on top of it, with other point
# shapes: when the plans are equal, A still shows around B.
PLAN_WIDTHS = [5, 2]
PLAN_DASHES = [[1, 0], [6, 3]]
PLAN_SHAPES = ["circle", "triangle-up"]
DEFAULT_LABELS = ("Plan A", "Plan B")
FOCUS_ORDER = [FOCUS_TITLES[a] for a in FocusArea]
C = TypeVar("C", alt.Chart, alt.LayerChart)


def _with_data(template: C, data: pd.DataFrame) -> C:
    """A shallow copy of a template chart with its data attached."""
    with debug_mode(False):
        chart = template.copy(deep=False)
    chart.data = data
    return chart


def _plan_colour(labels: tuple[str, str], symbol: str = "square") -> alt.Color:
    return alt.Color(
        "plan:N",
        scale=alt.Scale(domain=list(labels), range=PLAN_COLOURS),
        legend=alt.Legend(title=None, orient="top", symbolType=symbol),
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
    mondays = [(first + timedelta(weeks=w)).isoformat() for w in range(weeks)]
    for plan, name in zip((a, b), labels, strict=True):
        totals = plan.week_totals()
        per_week = [totals.get(w, (0, 0)) for w in range(1, weeks + 1)]
        cols["plan"] += [name] * weeks
        cols["week"] += range(1, weeks + 1)
        cols["monday"] += mondays
        cols["sets"] += [sets for _, sets in per_week]
        cols["sessions"] += [n for n, _ in per_week]
    return frame(cols)


def weekly_load_compare(a: Plan, b: Plan, labels: tuple[str, str] = DEFAULT_LABELS) -> alt.Chart:
    """Sets per week of both plans on one time axis, from the earlier plan's first week."""
    chart = _with_data(_weekly_template(labels), weekly_sets_data(a, b, labels))
    first = min(a.season.first_monday, b.season.first_monday)
    weeks = max(a.season.weeks, b.season.weeks)
    with debug_mode(False):
        chart.encoding = chart.encoding.copy(deep=False)  # the template's stays as it was
        chart.encoding.x = week_axis(first, weeks)
    return chart


@cache
def _weekly_template(labels: tuple[str, str]) -> alt.Chart:
    domain = list(labels)
    with debug_mode(False):
        return styled(
            alt.Chart()
            .mark_line(interpolate="step-after", point=alt.OverlayMarkDef(size=40, filled=True))
            .encode(
                x=alt.X("monday:T"),  # replaced per chart: the plans' own weeks (week_axis)
                y=alt.Y("sets:Q", title="Sets per week"),
                color=_plan_colour(labels, symbol="stroke"),
                strokeDash=alt.StrokeDash(
                    "plan:N", scale=alt.Scale(domain=domain, range=PLAN_DASHES)
                ),
                strokeWidth=alt.StrokeWidth(
                    "plan:N", scale=alt.Scale(domain=domain, range=PLAN_WIDTHS)
                ),
                shape=alt.Shape("plan:N", scale=alt.Scale(domain=domain, range=PLAN_SHAPES)),
                order=alt.Order("plan:N", sort="ascending"),  # plan B drawn over plan A
                tooltip=[
                    alt.Tooltip("plan:N", title="Plan"),
                    alt.Tooltip("week:Q", title="Week"),
                    alt.Tooltip("monday:T", title="Starting", format="%d %b %Y"),
                    alt.Tooltip("sessions:Q", title="Sessions"),
                    alt.Tooltip("sets:Q", title="Sets"),
                ],
            )
            .properties(height=220, title="Weekly strength load", autosize=FIT_WIDTH),
            f"Line chart: strength sets per week; {labels[0]} a wide solid line, "
            f"{labels[1]} a narrow dashed line.",
        )


# --- focus-area coverage -------------------------------------------------------------------


def focus_coverage_data(a: Plan, b: Plan, labels: tuple[str, str] = DEFAULT_LABELS) -> pd.DataFrame:
    """Sets over the season per focus area, for both plans (areas neither plan works left out)."""
    per = [a.focus_sets(), b.focus_sets()]
    areas = [area for area in FocusArea if per[0][area] or per[1][area]]
    rows = [
        (name, area.value, FOCUS_TITLES[area], counts[area])
        for area in areas
        for name, counts in zip(labels, per, strict=True)
    ]
    return frame(
        {
            "plan": [r[0] for r in rows],
            "focus": [r[1] for r in rows],
            "focus_title": [r[2] for r in rows],
            "sets": [r[3] for r in rows],
        }
    )


def focus_coverage(a: Plan, b: Plan, labels: tuple[str, str] = DEFAULT_LABELS) -> alt.Chart:
    """Sets per focus area over the season, plan A's bar above plan B's."""
    return _with_data(_focus_template(labels), focus_coverage_data(a, b, labels))


@cache
def _focus_template(labels: tuple[str, str]) -> alt.Chart:
    with debug_mode(False):
        return styled(
            alt.Chart()
            .mark_bar()
            .encode(
                y=alt.Y(
                    "focus_title:N", sort=FOCUS_ORDER, title=None, axis=alt.Axis(labelLimit=320)
                ),
                yOffset=alt.YOffset("plan:N", sort=list(labels)),
                x=alt.X("sets:Q", title="Sets over the season"),
                color=_plan_colour(labels),
                tooltip=[
                    alt.Tooltip("plan:N", title="Plan"),
                    alt.Tooltip("focus_title:N", title="Focus area"),
                    alt.Tooltip("sets:Q", title="Sets"),
                ],
            )
            .properties(title="Focus-area coverage", autosize=FIT_WIDTH),
            f"Bar chart: sets over the season per focus area; in each pair {labels[0]} above "
            f"{labels[1]}.",
        )


# --- the two seasons -----------------------------------------------------------------------


Row = tuple[Any, ...]


def _season_rows(plan: Plan) -> tuple[tuple[Row, ...], tuple[Row, ...]]:
    """A plan's season as plain values: its phases and its races (the charts' rows)."""
    spans = tuple(
        (
            s.phase.value,
            s.start.isoformat(),
            (s.end + timedelta(days=1)).isoformat(),
            s.end.isoformat(),
            round(s.days / 7, 1),
        )
        for s in plan.season.spans
    )
    races = tuple(
        (r.date.isoformat(), r.name or r.type.value.replace("_", " "), r.priority.value)
        for r in plan.season.races
    )
    return spans, races


def timelines_data(a: Plan, b: Plan, labels: tuple[str, str] = DEFAULT_LABELS) -> pd.DataFrame:
    """The phases of both seasons, one row per plan, on the same dates."""
    return _timelines_frame(labels, _season_rows(a)[0], _season_rows(b)[0])


def _timelines_frame(labels: tuple[str, str], *spans: tuple[Row, ...]) -> pd.DataFrame:
    rows = [(name, *row) for name, rows in zip(labels, spans, strict=True) for row in rows]
    return frame(
        {
            "plan": [r[0] for r in rows],
            "phase": [r[1] for r in rows],
            "start": [r[2] for r in rows],
            "end": [r[3] for r in rows],
            "last_day": [r[4] for r in rows],
            "weeks": [r[5] for r in rows],
        }
    )


def _races_data(a: Plan, b: Plan, labels: tuple[str, str]) -> pd.DataFrame:
    return _races_frame(labels, _season_rows(a)[1], _season_rows(b)[1])


def _races_frame(labels: tuple[str, str], *races: tuple[Row, ...]) -> pd.DataFrame:
    rows = [(name, *row) for name, rows in zip(labels, races, strict=True) for row in rows]
    return frame(
        {
            "plan": [r[0] for r in rows],
            "date": [r[1] for r in rows],
            "race": [r[2] for r in rows],
            "priority": [r[3] for r in rows],
        }
    )


def season_timelines(a: Plan, b: Plan, labels: tuple[str, str] = DEFAULT_LABELS) -> alt.LayerChart:
    """Both seasons' phases aligned on one date axis, with the races marked.

    Built once per pair of seasons: every control but the off-season end leaves both seasons
    as they were, so a slider move hands the screen the chart it drew before (read-only, as
    all charts here). Keyed on the seasons' rows themselves; bounded (LRU, 32).
    """
    (spans_a, races_a), (spans_b, races_b) = _season_rows(a), _season_rows(b)
    return _season_timelines(labels, spans_a, spans_b, races_a, races_b)


@lru_cache(maxsize=32)
def _season_timelines(
    labels: tuple[str, str],
    spans_a: tuple[Row, ...],
    spans_b: tuple[Row, ...],
    races_a: tuple[Row, ...],
    races_b: tuple[Row, ...],
) -> alt.LayerChart:
    shown = {row[0] for row in spans_a + spans_b}
    bars, races = _timeline_template(labels, tuple(p for p in PHASE_ORDER if p in shown))
    layers = [
        _with_data(bars, _timelines_frame(labels, spans_a, spans_b)),
        _with_data(races, _races_frame(labels, races_a, races_b)),
    ]
    # Set up as alt.LayerChart(layer=layers, ...) would, minus its merging of parameters, data
    # and sizes across layers (a deep copy of both layers, most of this chart's cost). None
    # applies: the layers have no parameters or sizes, and each has its own data.
    # tests/test_charts_compare.py checks the spec equals alt.layer(...)'s.
    chart = alt.LayerChart.__new__(alt.LayerChart)
    with debug_mode(False):
        alt.TopLevelLayerSpec.__init__(
            chart,
            layer=layers,
            description=f"Timeline: the phases of both seasons ({labels[0]}, {labels[1]}) on "
            "one date axis, with the races marked.",
            **TIMELINE_PROPERTIES,
        )
    return chart


TIMELINE_PROPERTIES: dict[str, Any] = {
    "height": 90,
    "title": "The two seasons",
    "autosize": FIT_WIDTH,
    "config": CONFIG,
}


@cache
def _timeline_template(
    labels: tuple[str, str], phases: tuple[str, ...]
) -> tuple[alt.Chart, alt.Chart]:
    """The two layers; the phase legend lists the phases the seasons have (`phases`)."""
    y = alt.Y("plan:N", sort=list(labels), title=None, axis=alt.Axis(labelAngle=0))
    domain, colours = present(PHASE_ORDER, PHASE_COLOURS, phases)
    with debug_mode(False):
        bars = (
            alt.Chart()
            .mark_bar(height=24)
            .encode(
                x=alt.X("start:T", title=None, axis=alt.Axis(format="%d %b"), scale=NOT_NICE),
                x2=alt.X2("end:T"),
                y=y,
                color=alt.Color(
                    "phase:N",
                    scale=alt.Scale(domain=domain, range=colours),
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
            alt.Chart()
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
    return bars, races


# --- what the charts show, in words and as tables -----------------------------------------


def load_summary(a: Plan, b: Plan, labels: tuple[str, str] = DEFAULT_LABELS) -> str:
    """The weekly load chart in words: sets in all and the heaviest week of each plan."""
    parts = []
    for plan, name in zip((a, b), labels, strict=True):
        totals = plan.week_totals()
        top = max(totals.items(), key=lambda kv: (kv[1][1], -kv[0]), default=None)
        sets = sum(s for _, s in totals.values())
        most = f", at most {top[1][1]} in a week (week {top[0]})" if top else ""
        parts.append(f"{name}: {sets} sets over {plan.season.weeks} weeks{most}.")
    if a.week_totals() == b.week_totals():
        return "Both plans have the same weekly load. " + parts[0].split(": ", 1)[1]
    return " ".join(parts)


def focus_summary(a: Plan, b: Plan, labels: tuple[str, str] = DEFAULT_LABELS) -> str:
    """The focus-area chart in words: the areas whose sets differ."""
    sa, sb = a.focus_sets(), b.focus_sets()
    differ = [
        f"{FOCUS_TITLES[area]} ({sa[area]} and {sb[area]})"
        for area in FocusArea
        if sa[area] != sb[area]
    ]
    if not differ:
        return "Both plans give each focus area the same number of sets."
    return f"Sets differ ({labels[0]} and {labels[1]}) for: " + "; ".join(differ) + "."


def seasons_summary(a: Plan, b: Plan, labels: tuple[str, str] = DEFAULT_LABELS) -> str:
    """The two seasons in words: each phase with its dates."""
    texts = [
        ", ".join(f"{s.phase.value} {s.start:%d %b} – {s.end:%d %b}" for s in p.season.spans)
        for p in (a, b)
    ]
    if texts[0] == texts[1]:
        return f"Both seasons: {texts[0]}."
    return f"{labels[0]}: {texts[0]}. {labels[1]}: {texts[1]}."


TABLE_COLUMNS = {
    "plan": "Plan",
    "week": "Week",
    "monday": "Week starting",
    "sets": "Sets",
    "sessions": "Sessions",
    "focus_title": "Focus area",
    "phase": "Phase",
    "start": "From",
    "last_day": "To",
    "weeks": "Weeks",
}


def chart_table(
    chart: alt.Chart | alt.LayerChart | alt.FacetChart,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """A chart's own data (its first layer's, for a layered chart) and the columns to show
    with their headings. The frame is the chart's, not a copy: a slider move redraws it, and
    selecting and renaming columns here cost more than the three charts' data."""
    data = chart.data
    if not isinstance(data, pd.DataFrame):
        data = getattr(chart, "layer", [chart])[0].data
    assert isinstance(data, pd.DataFrame)
    return data, {c: TABLE_COLUMNS[c] for c in data.columns if c in TABLE_COLUMNS}
