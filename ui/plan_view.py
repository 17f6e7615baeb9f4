"""Drawing of the plan screen: session cards, the weeks ahead, the season agenda, downloads.

The decisions (which session is next, what a week holds, the words) are in
assessments/schedule.py; this module turns them into markdown, escaped, and draws it.
Markdown (not st.dataframe) so that nothing scrolls sideways on a phone.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, time, timedelta

import streamlit as st

from assessments import clock
from assessments.exports import csv_filename, ics_filename
from assessments.planner import Plan
from assessments.rules import SourceRow, load_rules
from assessments.schedule import (
    AgendaPhase,
    SessionCard,
    next_session,
    season_agenda,
    session_card,
    session_short,
    split_columns,
    weeks_ahead,
)
from assessments.season import monday_of
from assessments.wording import rule_ids
from ui import plan_cache
from ui.widgets import md_escape

CSV_LABEL = "Download schedule (CSV)"
ICS_LABEL = "Download calendar (.ics)"


ZONE_KEY = "plan:zone"


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


@st.cache_data(max_entries=64, show_spinner=False)
def season_md(answers_json: str, start: date) -> tuple[str, str]:
    """The season agenda as markdown, off-season side and in-season side: built once per plan."""
    plan = plan_cache.plan(answers_json, start)
    off, in_season = split_columns(season_agenda(plan, rule_ids(load_rules())))
    return agenda_md(off), agenda_md(in_season)


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
            text += "  \n*Evidence:* " + "; ".join(md_escape(e) for e in x.evidence)
        parts.append(text)
    if card.dose_evidence:
        parts.append(
            "*Evidence for the sets, reps and rest:* "
            + "; ".join(md_escape(e) for e in card.dose_evidence)
        )
    return "\n\n".join(parts)


def card_head_md(card: SessionCard) -> str:
    return (
        f"**{md_escape(card.when)}** · {md_escape(card.title)}  \n"
        f"{md_escape(card.run.capitalize())} · about {card.minutes} min"
    )


def draw_card(card: SessionCard) -> None:
    """The next session: when, which run it follows, each exercise, how-to one click away."""
    with st.container(border=True, key="plan-next"):
        st.markdown(card_head_md(card))
        st.markdown(exercises_md(card))
        notes = [card.why_day, *card.notes]
        st.caption(md_escape(" ".join(n for n in notes if n)))
        with st.expander("How to do these exercises, and why"):
            st.markdown(howto_md(card))


def draw_week(title: str, cards: list[tuple[str, SessionCard]], has_next: bool) -> None:
    """A short list of sessions, each opening to its exercises. `has_next`: the next session
    (shown above) falls in this week."""
    st.markdown(f"**{title}**")
    if not cards:
        st.caption("Only the next session, above." if has_next else "No strength session.")
    for label, card in cards:
        with st.expander(f"{label} · {card.run}"):
            st.markdown(card_head_md(card) + "\n\n" + exercises_md(card))


def draw_weeks_ahead(
    plan: Plan, today: date, sources: Mapping[str, SourceRow], ids: Collection[str]
) -> None:
    """The rest of this week and the next week, beside each other (stacked on a phone)."""
    nxt = next_session(plan, today)
    rest, coming = weeks_ahead(plan, today)
    next_week = monday_of(today) + timedelta(days=7)
    left, right = st.columns(2)
    for col, title, sessions, has_next in (
        (left, "The rest of this week", rest, nxt is not None and nxt.date < next_week),
        (right, "Next week", coming, nxt is not None and nxt.date >= next_week),
    ):
        with col:
            cards = [(session_short(s), session_card(plan, s, sources, ids)) for s in sessions]
            draw_week(title, cards, has_next)


def agenda_md(phases: tuple[AgendaPhase, ...]) -> str:
    """Phases as headings, each week one line: sessions by day, lighter weeks, races."""
    parts = []
    for ph in phases:
        parts.append(f"**{md_escape(ph.heading)}**")
        parts.append(
            "\n".join(f"- **{md_escape(w.label)}**: {md_escape(w.text())}" for w in ph.weeks)
        )
    return "\n\n".join(parts) if parts else "No weeks in this part of the season."


def downloads(plan: Plan, answers_json: str, start: object, zone: str) -> None:
    """The schedule's files. One function, so the download helpers can change in one place."""
    st.subheader("Download your schedule")
    st.caption("One row per exercise per session; open it in a spreadsheet.")
    st.download_button(
        CSV_LABEL,
        data=plan_cache.csv(answers_json, start),  # type: ignore[arg-type]
        file_name=csv_filename(plan),
        mime="text/csv",
        key="plan:download_csv",
        on_click="ignore",
    )
    all_day = st.toggle("All-day calendar events", value=True, key="plan:all_day")
    at: time | None = None
    tz = zone
    if not all_day:
        c1, c2 = st.columns(2)
        at = c1.time_input("Time", value=time(18, 0), key="plan:time")
        zones = clock.zones()
        tz = c2.selectbox("Time zone", zones, index=zones.index(zone), key="plan:tz")
    st.download_button(
        ICS_LABEL,
        data=plan_cache.ics(answers_json, start, at, tz),  # type: ignore[arg-type]
        file_name=ics_filename(plan),
        mime="text/calendar",
        key="plan:download_ics",
        on_click="ignore",
    )
