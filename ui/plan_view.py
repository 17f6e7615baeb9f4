"""Drawing of the plan screen: session cards, the weeks ahead, the season agenda, downloads.

The decisions (which session is next, what a week holds, the words) are in
assessments/schedule.py; `build()` turns them into escaped markdown and charts once per
plan and day (pages/plan.py keeps the result per session), and `draw()` only draws it.
Markdown (not st.dataframe) so that nothing scrolls sideways on a phone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import streamlit as st

from assessments import clock
from assessments.charts_plan import (
    chart_tables,
    load_summary,
    phase_spans_text,
    season_timeline,
    weekly_load,
)
from assessments.coach import plan_lines
from assessments.planner import Plan
from assessments.rules import Rules
from assessments.schedule import (
    AgendaPhase,
    SessionCard,
    next_session,
    season_agenda,
    season_summary,
    session_card,
    session_short,
    split_columns,
    warning_texts,
    weeks_ahead,
)
from assessments.season import monday_of
from assessments.wording import rule_ids, without_ids
from ui.charts import altair_chart
from ui.downloads import draw_plan_downloads
from ui.gate import NOT_A_DIAGNOSIS
from ui.widgets import md_escape

ZONE_KEY = "plan:zone"
TABLES_KEY = "plan:tables"

Week = list[tuple[str, SessionCard]]


def runner_zone() -> str:
    """The browser's time zone when it is a known one; else UTC, a note and a picker."""
    tz = st.context.timezone
    if clock.valid_zone(tz):
        assert tz is not None
        return tz
    st.caption(
        "Your browser did not tell us its time zone, so “today” is taken in UTC. "
        "If that is not your date, pick your time zone here."
    )
    zones = clock.zones()
    return str(
        st.selectbox("Your time zone", zones, index=zones.index(clock.DEFAULT_ZONE), key=ZONE_KEY)
    )


# --- what the screen shows, built once per plan and day -------------------------------------


@dataclass(frozen=True)
class PlanScreen:
    plan: Plan
    answers_json: str
    start: date
    card: SessionCard | None
    shortfall: str
    rest: Week
    coming: Week
    next_in: str  # "rest" or "coming": the week the next session falls in
    warnings: list[str]
    summary: str
    timeline: Any
    spans: str
    load: Any
    load_lines: str
    most: str
    chart_tables: list[tuple[str, Any]]  # the charts' data as tables to read
    agenda: tuple[str, str]
    notes: str
    coaches: str
    opts: str = ""  # the recorded variant's options ("" = the recommendation)
    past: tuple[tuple[date, str], ...] = ()  # earlier assessments' parts of a followed plan


def build(
    plan: Plan,
    answers_json: str,
    start: date,
    today: date,
    rules: Rules,
    opts: str = "",
    past: tuple[tuple[date, str], ...] = (),
) -> PlanScreen:
    ids, sources = rule_ids(rules), rules.sources
    nxt = next_session(plan, today)
    rest, coming = weeks_ahead(plan, today)
    off, in_season = split_columns(season_agenda(plan, ids))
    lines, most = load_summary(plan)

    def week(sessions: tuple[Any, ...]) -> Week:
        return [(session_short(s), session_card(plan, s, sources, ids)) for s in sessions]

    return PlanScreen(
        plan=plan,
        answers_json=answers_json,
        start=start,
        card=session_card(plan, nxt, sources, ids) if nxt else None,
        shortfall=md_escape(without_ids(plan.shortfall, ids)) if plan.shortfall else "",
        rest=week(rest),
        coming=week(coming),
        next_in="rest" if nxt and nxt.date < monday_of(today) + timedelta(days=7) else "coming",
        warnings=[md_escape(t) for t in warning_texts(plan, ids)],
        summary=md_escape(season_summary(plan)),
        timeline=season_timeline(plan),
        spans="\n".join(f"- **{p}**: {span}" for p, span in phase_spans_text(plan)),
        load=weekly_load(plan),
        load_lines="\n".join(f"- {line}" for line in lines),
        most=most,
        chart_tables=chart_tables(plan),
        agenda=(agenda_md(off), agenda_md(in_season)),
        notes="\n".join(f"- {md_escape(without_ids(n, ids))}" for n in plan.notes),
        coaches="\n".join(f"- {md_escape(line)}" for line in plan_lines(plan, nxt)),
        opts=opts,
        past=past,
    )


def exercises_md(card: SessionCard) -> str:
    """The card's exercises, numbered: dose and rest, then the load cue, then any note."""
    lines = []
    for i, x in enumerate(card.exercises, 1):
        lines.append(f"{i}. **{md_escape(x.name)}**: {md_escape(x.dose)}, {md_escape(x.rest)}  ")
        lines.append(f"   Load: {md_escape(x.load)}" + ("  " if x.note else ""))
        if x.note:
            lines.append(f"   *{md_escape(x.note)}*")
    return "\n".join(lines)


def howto_md(card: SessionCard) -> str:
    """How to do each exercise, why it is there and the evidence, with grades in words."""
    parts = []
    for x in card.exercises:
        text = f"**{md_escape(x.name)}**: {md_escape(x.cues)}  \n*Why:* {md_escape(x.why)}"
        if x.evidence:
            text += "  \n*Evidence:*  \n" + "  \n".join(md_escape(e) for e in x.evidence)
        parts.append(text)
    if card.dose_evidence:
        parts.append(
            "*Evidence for the sets, reps and rest:*  \n"
            + "  \n".join(md_escape(e) for e in card.dose_evidence)
        )
    return "\n\n".join(parts)


def card_head_md(card: SessionCard) -> str:
    return (
        f"**{md_escape(card.when)}** · {md_escape(card.title)}  \n"
        f"{md_escape(card.run.capitalize())} · about {card.minutes} min"
    )


def agenda_md(phases: tuple[AgendaPhase, ...]) -> str:
    """Phases as headings, each week one line: sessions by day, lighter weeks, races."""
    parts = []
    for ph in phases:
        parts.append(f"**{md_escape(ph.heading)}**")
        parts.append(
            "\n".join(f"- **{md_escape(w.label)}**: {md_escape(w.text())}" for w in ph.weeks)
        )
    return "\n\n".join(parts) if parts else "No weeks in this part of the season."


# --- drawing ---------------------------------------------------------------------------------


def draw_card(card: SessionCard) -> None:
    """The next session: when, which run it follows, each exercise, how-to one click away."""
    with st.container(border=True, key="plan-next"):
        st.markdown(card_head_md(card))
        st.markdown(exercises_md(card))
        notes = [card.why_day, *card.notes]
        st.caption(md_escape(" ".join(n for n in notes if n)))
        with st.expander("How to do these exercises, and why"):
            st.markdown(howto_md(card))


def draw_week(title: str, cards: Week, has_next: bool) -> None:
    """A short list of sessions, each opening to its exercises. `has_next`: the next session
    (shown above) falls in this week."""
    st.markdown(f"**{title}**")
    if not cards:
        st.caption("Only the next session, above." if has_next else "No strength session.")
    for label, card in cards:
        with st.expander(f"{label} · {card.run}"):
            st.markdown(card_head_md(card) + "\n\n" + exercises_md(card))


def draw(
    v: PlanScreen,
    start_input: Callable[[], None],
    zone: str,
    after_weeks: Callable[[], None] | None = None,
) -> None:
    """The whole screen below its title, in order: the next session first; the page adds its
    next-step link. `start_input` draws the start (and the followed-plan record) under the
    season summary; `after_weeks` what follows the week-by-week agenda (retest days)."""
    st.subheader("Your next session")
    if v.card is None:
        st.info("No strength session is left in this plan: the season has ended.")
    else:
        draw_card(v.card)
    if v.shortfall:
        st.warning(v.shortfall, icon=":material/event_busy:")
    left, right = st.columns(2)
    with left:
        draw_week("The rest of this week", v.rest, v.card is not None and v.next_in == "rest")
    with right:
        draw_week("Next week", v.coming, v.card is not None and v.next_in == "coming")
    for text in v.warnings:
        st.warning(text, icon=":material/lightbulb:")

    st.subheader("Your season")
    st.markdown(v.summary)
    start_input()
    col_chart, col_text = st.columns([3, 1])
    with col_chart:
        altair_chart(v.timeline, width="stretch")
    col_text.markdown(v.spans)
    col_chart, col_text = st.columns([3, 1])
    with col_chart:
        altair_chart(v.load, width="stretch")
    col_text.markdown(v.load_lines)
    if v.most:
        col_text.markdown(v.most)  # content, so not a faint caption
    # Drawn only while open (a lazy expander: opening it reruns the screen), so a rerun does
    # not send a 200-row table nobody is reading.
    tables = st.expander("The charts' data as tables", key=TABLES_KEY, on_change="rerun")
    with tables:
        for title, table in v.chart_tables if tables.open else ():
            st.markdown(f"**{title}**")
            st.dataframe(table, hide_index=True)  # scrolls inside itself, not the page

    st.subheader("Week by week")
    with st.container(key="plan-agenda"):
        off_col, in_col = st.columns(2)
        off_col.markdown(v.agenda[0])
        in_col.markdown(v.agenda[1])
    if after_weeks is not None:
        after_weeks()
    with st.expander("Notes about this plan"):
        st.markdown(v.notes)
    with st.expander("For coaches"):
        st.caption("The rules rows and evidence ids behind this plan.")
        st.markdown(v.coaches)

    downloads(v, zone)
    st.caption(NOT_A_DIAGNOSIS)


def downloads(v: PlanScreen, zone: str) -> None:
    """The schedule's files (ui/downloads.py, shared with the compare screen). Deferred: built
    from the cached plan when clicked, not on every view of this screen."""
    st.subheader("Download your schedule")
    st.caption(
        "The CSV has one row per exercise per session; the PDF is a printable plan with a box "
        "to tick per session."
    )
    draw_plan_downloads(v.answers_json, v.start, v.plan, "plan", zone, v.opts, v.past)
