"""Altair charts of a plan, and the tables behind them (the text summaries use the same data).

Charts never import streamlit: pages draw what these functions return.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

import altair as alt
import pandas as pd

from .chart_theme import OKABE_ITO, styled
from .focus import FOCUS_TITLES, FocusArea
from .library import PhaseName
from .model import WEEKDAYS
from .planner import Plan

# Okabe–Ito colours (chart_theme); each category keeps its colour whatever else is shown, and
# legends list only the categories a chart shows (`present`).
PHASE_ORDER = [p.value for p in PhaseName]
PHASE_COLOURS = [
    OKABE_ITO["bluish_green"],  # off-season
    OKABE_ITO["sky_blue"],  # pre-season
    OKABE_ITO["orange"],  # in-season
    OKABE_ITO["reddish_purple"],  # taper
]
FOCUS_ORDER = [FOCUS_TITLES[a] for a in FocusArea]
FOCUS_COLOURS = [
    OKABE_ITO[c]
    for c in (
        "blue",
        "orange",
        "bluish_green",
        "reddish_purple",
        "sky_blue",
        "vermillion",
        "yellow",
        "black",
    )
]
RUN_ORDER = ["hard", "long", "easy", "rest", "race"]
RUN_COLOURS = [
    OKABE_ITO["vermillion"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    "#dddddd",  # rest: no run
    OKABE_ITO["black"],
]
# Heights are of the plotting area: legends and axes come on top (Streamlit's default "fit"
# would squeeze the plot to make room for them).
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
NOT_NICE = alt.Scale(nice=False)  # a time axis starts on the season's first day, not before


def present(
    order: list[str], colours: list[str], shown: Iterable[str]
) -> tuple[list[str], list[str]]:
    """The categories a chart shows, in their order, with their fixed colours (a scale whose
    legend lists nothing the chart does not show)."""
    seen = set(shown)
    pairs = [(k, c) for k, c in zip(order, colours, strict=True) if k in seen]
    return [k for k, _ in pairs], [c for _, c in pairs]


@lru_cache(maxsize=64)
def week_axis(first: date, weeks: int, title: str | None = "Week starting") -> alt.X:
    """A time axis from the plan's first Monday, labelled on Mondays (about eight labels).

    Vega's own ticks fall on Sundays or month starts, and a "nice" scale widens the axis to
    the Sunday before the first week. Dates are UTC midnights, as Vega reads the data's ISO
    dates, and labelled in UTC, so no time zone moves a label to the day before. Shared
    (cached): treat it as read-only.
    """
    step = max(1, -(-weeks // 8))
    mondays = [utc_ms(first + timedelta(weeks=w)) for w in range(0, weeks + 1, step)]
    return alt.X(
        "monday:T",
        title=title,
        scale=alt.Scale(domain=[utc_ms(first), utc_ms(first + timedelta(weeks=weeks))], nice=False),
        axis=alt.Axis(
            format="%d %b",
            formatType="utc",
            values=mondays,
            labelOverlap=True,
            description=f"X-axis: weeks from {first:%d %B %Y} to "
            f"{first + timedelta(weeks=weeks - 1):%d %B %Y}",
        ),
    )


def utc_ms(d: date) -> int:
    """A date as Vega's timestamp of its UTC midnight (milliseconds)."""
    return int(datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp() * 1000)


def timeline_data(plan: Plan) -> pd.DataFrame:
    rows = [
        {
            "phase": s.phase.value,
            "start": s.start.isoformat(),
            "end": (s.end + timedelta(days=1)).isoformat(),
            "last_day": s.end.isoformat(),
            "weeks": round(s.days / 7, 1),
            "row": "Season",
        }
        for s in plan.season.spans
    ]
    return pd.DataFrame(rows)


def races_data(plan: Plan) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "date": r.date.isoformat(),
                "race": r.name or r.type.value.replace("_", " "),
                "priority": r.priority.value,
                "row": "Season",
            }
            for r in plan.season.races
        ],
        columns=["date", "race", "priority", "row"],
    )


def season_timeline(plan: Plan) -> alt.LayerChart | alt.FacetChart:
    """The phases from the start to race day, with the races marked."""
    phases, colours = present(PHASE_ORDER, PHASE_COLOURS, (p.value for p in plan.season.phases()))
    bars = (
        alt.Chart(timeline_data(plan))
        .mark_bar(height=30)
        .encode(
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%d %b"), scale=NOT_NICE),
            x2="end:T",
            y=alt.Y("row:N", title=None, axis=None),
            color=alt.Color(
                "phase:N",
                scale=alt.Scale(domain=phases, range=colours),
                legend=alt.Legend(orient="bottom", title="Phase"),
            ),
            tooltip=[
                alt.Tooltip("phase:N", title="Phase"),
                alt.Tooltip("start:T", title="From", format="%a %d %b %Y"),
                alt.Tooltip("last_day:T", title="To", format="%a %d %b %Y"),
                alt.Tooltip("weeks:Q", title="Weeks"),
            ],
        )
    )
    races = (
        alt.Chart(races_data(plan))
        .mark_point(shape="triangle-down", size=160, filled=True, color="black", yOffset=-20)
        .encode(
            x="date:T",
            y=alt.Y("row:N", axis=None),
            tooltip=[
                alt.Tooltip("race:N", title="Race"),
                alt.Tooltip("priority:N", title="Priority"),
                alt.Tooltip("date:T", title="Date", format="%a %d %b %Y"),
            ],
        )
    )
    s = plan.season
    return styled(
        alt.layer(bars, races).properties(height=50, title="Season timeline", autosize=FIT_WIDTH),
        f"Season timeline from {s.start:%d %B %Y} to {s.end:%d %B %Y}: "
        + ", ".join(p.value for p in s.phases())
        + (f", {len(s.races)} race{'s' if len(s.races) != 1 else ''} marked" if s.races else ""),
    )


def weekly_load_data(plan: Plan) -> pd.DataFrame:
    df = pd.DataFrame(plan.weekly_load(), columns=["week", "monday", "focus", "sets"])
    df["focus_title"] = df["focus"].map(lambda v: FOCUS_TITLES[FocusArea(v)])
    # Each week's bar runs from its Monday to the next (the axis starts on the first Monday).
    df["next_monday"] = df["monday"].map(
        lambda d: (d + timedelta(weeks=1)).isoformat() if isinstance(d, date) else d
    )
    df["monday"] = df["monday"].map(lambda d: d.isoformat() if isinstance(d, date) else d)
    return df


def weekly_load(plan: Plan) -> alt.Chart:
    """Strength sets per week, stacked by focus area."""
    df = weekly_load_data(plan)
    areas, colours = present(FOCUS_ORDER, FOCUS_COLOURS, df["focus_title"])
    x = week_axis(plan.season.first_monday, plan.season.weeks)
    return styled(
        alt.Chart(df)
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            x=x,
            x2="next_monday:T",
            y=alt.Y("sum(sets):Q", title="Sets per week"),
            color=alt.Color(
                "focus_title:N",
                sort=areas,
                scale=alt.Scale(domain=areas, range=colours),
                legend=alt.Legend(title="Focus area", orient="bottom", columns=2, labelLimit=130),
            ),
            order=alt.Order("focus:N"),
            tooltip=[
                alt.Tooltip("week:Q", title="Week"),
                alt.Tooltip("monday:T", title="Starting", format="%d %b %Y"),
                alt.Tooltip("focus_title:N", title="Focus"),
                alt.Tooltip("sets:Q", title="Sets"),
            ],
        )
        .properties(height=240, title="Weekly strength load", autosize=FIT_WIDTH),
        f"Bar chart: strength sets in each of the plan's {plan.season.weeks} weeks, from "
        f"{plan.season.first_monday:%d %B %Y}, stacked by focus area.",
    )


def typical_week(plan: Plan, phase: PhaseName) -> int | None:
    """The first full week of a phase with the most sessions: the week strip's example."""
    best: tuple[int, int] | None = None
    for w in plan.weeks:
        if w.phase is not phase:
            continue
        days = [w.monday + timedelta(days=i) for i in range(7)]
        if not all(plan.season.phase_on(d) is phase for d in days):
            continue
        if best is None or w.sessions > best[1]:
            best = (w.week, w.sessions)
    return best[0] if best else None


def _label(key: str) -> str:
    return {"L": "Light", "R": "Rehab"}.get(key, key)


def week_strip_data(plan: Plan, week: int) -> pd.DataFrame:
    return pd.DataFrame(_week_rows(plan, week))


def _week_rows(plan: Plan, week: int) -> list[dict[str, object]]:
    week_of_runs = {r.date: r for r in plan.season.races}
    monday = plan.season.first_monday + timedelta(weeks=week - 1)
    rows = []
    for i, wd in enumerate(WEEKDAYS):
        d = monday + timedelta(days=i)
        s = plan.session_on(d)
        run = "race" if d in week_of_runs else plan.week_runs.get(wd, "rest")
        rows.append(
            {
                "day": wd.title(),
                "date": d.isoformat(),
                "run": run,
                "strength": _label(s.key) if s else "",
                "sets": s.sets if s else 0,
                "placement": s.placement if s else "",
            }
        )
    return rows


def week_strip(plan: Plan, week: int, title: str) -> alt.LayerChart | alt.FacetChart:
    """Seven days: the run type as colour, the strength session as a label."""
    df = week_strip_data(plan, week)
    base = alt.Chart(df).encode(
        x=alt.X(
            "day:N",
            sort=[d.title() for d in WEEKDAYS],
            title=None,
            axis=alt.Axis(labelAngle=0, orient="top"),
        ),
    )
    runs, colours = present(RUN_ORDER, RUN_COLOURS, df["run"])
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "run:N",
            scale=alt.Scale(domain=runs, range=colours),
            legend=alt.Legend(title="Run", orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("date:T", title="Date", format="%a %d %b"),
            alt.Tooltip("run:N", title="Run"),
            alt.Tooltip("strength:N", title="Strength session"),
            alt.Tooltip("placement:N", title="Why this day"),
        ],
    )
    labels = base.mark_text(fontSize=16, fontWeight="bold").encode(text="strength:N")
    return styled(
        alt.layer(cells, labels).properties(height=60, title=title, autosize=FIT_WIDTH),
        f"{title}: each day's run, and the strength session on it. "
        + strength_days_text(plan, week),
    )


# --- what the plan screen says beside its charts ------------------------------------------


def phase_spans_text(plan: Plan) -> list[tuple[str, str]]:
    """(phase, "30 Nov – 07 Feb (70 days)") for the timeline's summary."""
    return [
        (s.phase.value, f"{s.start:%d %b} – {s.end:%d %b} ({s.days} days)")
        for s in plan.season.spans
    ]


def load_summary(plan: Plan) -> tuple[list[str], str]:
    """Sessions per phase and sets in all (lines), and the three most-trained focus areas."""
    lines = [
        f"{p.value}: {n} session{'' if n == 1 else 's'}"
        for p, n in plan.sessions_by_phase().items()
    ]
    sets = plan.focus_sets()
    lines.append(f"{sum(sets.values())} sets in all")
    top = sorted((n, FOCUS_TITLES[a]) for a, n in sets.items() if n)[::-1][:3]
    most = "Most sets: " + ", ".join(f"{title} ({n})" for n, title in top) if top else ""
    return lines, most


def strength_days_text(plan: Plan, week: int) -> str:
    """ "Strength on Wed (hard), Sun (long)." for a week strip."""
    days = [f"{r['day']} ({r['run']})" for r in _week_rows(plan, week) if r["strength"]]
    return "Strength on " + (", ".join(days) if days else "no day") + "."


_READABLE = {
    "phase": "Phase",
    "start": "From",
    "last_day": "To",
    "weeks": "Weeks",
    "week": "Week",
    "monday": "Week starting",
    "focus_title": "Focus area",
    "sets": "Sets",
    "day": "Day",
    "date": "Date",
    "run": "Run",
    "strength": "Strength session",
    "placement": "Why this day",
}


def chart_tables(plan: Plan, weeks: Iterable[int] = ()) -> list[tuple[str, pd.DataFrame]]:
    """The plan screen's charts as tables to read: the season, the weekly load, and the week
    strips of `weeks`."""

    def readable(df: pd.DataFrame) -> pd.DataFrame:
        return df[[c for c in df.columns if c in _READABLE]].rename(columns=_READABLE)

    out = [
        ("Season timeline", readable(timeline_data(plan))),
        ("Weekly strength load", readable(weekly_load_data(plan))),
    ]
    out += [(f"Week {wk}", readable(week_strip_data(plan, wk))) for wk in weeks]
    return out
