"""The compare screen's drawing, apart from its logic: plan B's controls and the comparison.

`build_view()` turns two plans into everything the screen shows (words, table, charts,
download buttons); `draw()` only draws a view. The screen does both on each rerun of its
fragment; benchmarks/bench_compare.py draws a precomputed view with the same `draw()`, so
the time between the two is our own logic, on exactly the same elements.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from assessments.charts_compare import (
    chart_table,
    focus_coverage,
    focus_summary,
    load_summary,
    season_timelines,
    seasons_summary,
    weekly_load_compare,
)
from assessments.compare import (
    CONTROL_TITLES,
    EMPHASIS_WORDS,
    Controls,
    Settings,
    departures,
    difference_table,
    notices,
)
from assessments.exports import csv_filename, ics_filename
from assessments.library import PhaseName
from assessments.model import Equipment
from assessments.planner import Plan
from assessments.questionnaire import label
from ui.charts import altair_chart
from ui.downloads import Download
from ui.downloads import draw as draw_download
from ui.widgets import md_escape

# Plan B's controls: widget key (= URL query parameter) per Settings field.
B_KEYS = {
    "sessions_offseason": "b_sessions_off",
    "sessions_inseason": "b_sessions_in",
    "minutes": "b_minutes",
    "offseason_end": "b_offseason_end",
    "emphasis": "b_emphasis",
    "plyometrics": "b_plyometrics",
    "equipment": "b_equipment",
}
SWAP = "Swap A and B"
RESET = "Reset B to the recommendation"
LABELS = ("Plan A", "Plan B")
CHART_TITLES = ("Weekly strength load", "Focus-area coverage", "The two seasons")


@dataclass(frozen=True)
class Panel:
    """One plan's column: heading, summary, what changed, clamps and warnings, downloads."""

    heading: str
    summary: str  # markdown
    captions: tuple[str, ...]  # markdown, escaped
    clamps: tuple[str, ...]  # markdown, escaped
    warnings: tuple[str, ...]  # markdown, escaped
    downloads: tuple[Download, Download]


@dataclass(frozen=True)
class View:
    a: Panel
    b: Panel
    table: pd.DataFrame
    load_chart: alt.Chart
    focus_chart: alt.Chart
    timeline_chart: alt.LayerChart | alt.FacetChart
    summaries: tuple[str, str, str]  # each chart in words (load, focus, seasons), markdown
    # Each chart's data: (title, its frame, {column: heading} of the columns to show).
    tables: tuple[tuple[str, pd.DataFrame, dict[str, str]], ...]


def _panel(
    plan: Plan,
    name: str,
    s: Settings,
    ctl: Controls,
    csv: Callable[[], bytes],
    ics: Callable[[], bytes],
) -> Panel:
    changed = departures(ctl.effective(s), ctl.recommended)
    captions = [
        "Changed: " + "; ".join(md_escape(c) for c in changed) + "."
        if changed
        else "Built from your answers as the rules recommend."
    ]
    if PhaseName.off_season not in plan.season.phases():
        captions.append("This season has no off-season, so the off-season sessions do not apply.")
    clamps, warnings = [], []
    for n in notices(plan, asked=s, ctl=ctl):
        text = f"{md_escape(n.text)}  \nSource: {md_escape(n.source)}"
        if n.kind == "days":
            clamps.append(f"**What your days allow.** {text}")
        elif n.kind == "clamp":
            clamps.append(f"**Safety limit.** {text}")
        else:
            warnings.append(f"**Outside the evidence.** {text}")
    letter = name[-1].lower()
    variant = f"plan-{letter}"
    return Panel(
        heading=f"{name}: {'the recommendation' if not changed else 'a variant'}",
        summary=(
            f"**{len(plan.main_sessions)} sessions** over {plan.season.weeks} weeks · "
            f"{plan.heavy_weeks} weeks of heavy loading · about {plan.minutes} min a session"
        ),
        captions=tuple(captions),
        clamps=tuple(clamps),
        warnings=tuple(warnings),
        downloads=(
            Download(
                f"{name} schedule (CSV)",
                csv,
                csv_filename(plan, variant),
                "text/csv",
                f"compare:csv_{letter}",
            ),
            Download(
                f"{name} calendar (.ics)",
                ics,
                ics_filename(plan, variant),
                "text/calendar",
                f"compare:ics_{letter}",
            ),
        ),
    )


def build_view(
    plans: tuple[Plan, Plan],
    settings: tuple[Settings, Settings],
    ctl: Controls,
    files: tuple[tuple[Callable[[], bytes], Callable[[], bytes]], ...],
) -> View:
    """Everything the comparison shows, for plans A and B; `files` = ((csv, ics) of A, of B)."""
    a, b = plans
    charts: tuple[alt.Chart, alt.Chart, alt.LayerChart] = (
        weekly_load_compare(a, b, LABELS),
        focus_coverage(a, b, LABELS),
        season_timelines(a, b, LABELS),
    )
    return View(
        a=_panel(a, LABELS[0], settings[0], ctl, *files[0]),
        b=_panel(b, LABELS[1], settings[1], ctl, *files[1]),
        table=difference_table(a, b),
        load_chart=charts[0],
        focus_chart=charts[1],
        timeline_chart=charts[2],
        summaries=(
            md_escape(load_summary(a, b, LABELS)),
            md_escape(focus_summary(a, b, LABELS)),
            md_escape(seasons_summary(a, b, LABELS)),
        ),
        tables=(
            (CHART_TITLES[0], *chart_table(charts[0])),
            (CHART_TITLES[1], *chart_table(charts[1])),
            (CHART_TITLES[2], *chart_table(charts[2])),
        ),
    )


# --- drawing -------------------------------------------------------------------------------


def draw_controls(
    ctl: Controls, on_swap: Callable[..., None], on_reset: Callable[..., None]
) -> Settings:
    """Plan B's controls, bound to the URL; their defaults are the recommendation's values."""
    rec = ctl.recommended
    end_key = B_KEYS["offseason_end"]
    lo, hi = ctl.offseason_end
    held = st.session_state.get(end_key)
    if isinstance(held, date) and not lo <= held <= hi:  # from another assessment or start
        st.session_state[end_key] = rec.offseason_end
    bind: Any = "query-params"
    with st.container(border=True):
        st.markdown("**Plan B: try a variant.** Moving a control changes plan B at once.")
        c1, c2, c3 = st.columns(3)
        with c2:  # drawn first: the off-season end decides whether the off-season slider applies
            m_lo, m_hi, m_step = ctl.minutes
            minutes = st.slider(
                CONTROL_TITLES["minutes"],
                m_lo,
                m_hi,
                value=rec.minutes,
                step=m_step,
                key=B_KEYS["minutes"],
                bind=bind,
            )
            end = st.date_input(
                CONTROL_TITLES["offseason_end"],
                value=rec.offseason_end,
                min_value=lo,
                max_value=hi,
                format="YYYY-MM-DD",
                help="Moves the boundary between the off-season and the build before racing. "
                "Left empty, the off-season is as in your answers.",
                key=end_key,
                bind=bind,
            )
            # None cannot mean "no off-season": the planner reads it as the answers' own.
            end = end if isinstance(end, date) else rec.offseason_end
        sessions = {}
        with c1:
            for name in ("sessions_offseason", "sessions_inseason"):
                reason = ctl.disabled_reason(name, end)
                sessions[name] = st.slider(
                    CONTROL_TITLES[name],
                    *ctl.sessions,
                    value=getattr(rec, name),
                    key=B_KEYS[name],
                    bind=bind,
                    disabled=bool(reason),
                )
                if reason:  # content, so regular text rather than a faint caption
                    st.markdown(md_escape(reason))
            if note := ctl.sessions_note():
                st.markdown(md_escape(note))
        with c3:
            emphasis = st.select_slider(
                CONTROL_TITLES["emphasis"],
                options=list(ctl.emphasis),
                value=rec.emphasis,
                format_func=lambda v: EMPHASIS_WORDS[v],
                help="From performance (heavy lifting and jumps first) to injury resilience "
                "(stability, endurance and your weak areas first).",
                key=B_KEYS["emphasis"],
                bind=bind,
            )
            equipment = st.selectbox(
                CONTROL_TITLES["equipment"],
                options=list(ctl.equipment),
                index=list(ctl.equipment).index(rec.equipment),
                format_func=lambda v: label(Equipment, v),
                key=B_KEYS["equipment"],
                bind=bind,
            )
            plyometrics = st.toggle(
                CONTROL_TITLES["plyometrics"],
                value=rec.plyometrics,
                key=B_KEYS["plyometrics"],
                bind=bind,
            )
        with st.container(horizontal=True):
            st.button(
                SWAP,
                on_click=on_swap,
                args=(ctl,),
                key="compare:swap",
                help="Plan A becomes this variant and plan B the other plan: keep one variant "
                "and try another.",
            )
            st.button(RESET, on_click=on_reset, args=(ctl,), key="compare:reset")
    return ctl.clamp(
        Settings(
            sessions_offseason=sessions["sessions_offseason"],
            sessions_inseason=sessions["sessions_inseason"],
            minutes=minutes,
            offseason_end=end,
            emphasis=emphasis,
            plyometrics=plyometrics,
            equipment=Equipment(equipment),
        )
    )


def _draw_panel(p: Panel) -> None:
    st.subheader(p.heading)
    st.markdown(p.summary)
    for text in p.captions:
        st.caption(text)
    for text in p.clamps:
        st.warning(text, icon=":material/lock:")
    for text in p.warnings:
        st.warning(text, icon=":material/warning:")
    for col, d in zip(st.columns(2), p.downloads, strict=True):
        draw_download(d, col)


def draw(view: View) -> None:
    left, right = st.columns(2)
    with left:
        _draw_panel(view.a)
    with right:
        _draw_panel(view.b)
    st.subheader("The differences")
    # A static table: a real HTML table that screen readers and find-in-page can read.
    st.table(view.table, hide_index=True, border="horizontal")
    _chart(view.load_chart, view.summaries[0])
    c1, c2 = st.columns(2)
    with c1:
        _chart(view.focus_chart, view.summaries[1])
    with c2:
        _chart(view.timeline_chart, view.summaries[2])
    # Drawn only while open (a lazy expander: opening it reruns the comparison), so a slider
    # move does not send three tables nobody is reading.
    tables = st.expander("The charts' data as tables", key="compare:tables", on_change="rerun")
    with tables:
        if not tables.open:
            return
        for title, table, columns in view.tables:
            st.markdown(f"**{title}**")
            st.dataframe(
                table,
                hide_index=True,
                column_order=list(columns),
                column_config=dict(columns.items()),
            )


def _chart(chart: alt.Chart | alt.LayerChart | alt.FacetChart, summary: str) -> None:
    """A chart, named for screen readers by its own description (Vega makes it the chart's
    aria-label; Streamlit's alt= would say the same and log a warning), and its words."""
    altair_chart(chart, width="stretch")
    st.markdown(summary)
