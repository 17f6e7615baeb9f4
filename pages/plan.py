"""The plan screen: season timeline, weekly load, typical weeks, the splits, and downloads."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import available_timezones

import streamlit as st

from assessments.charts_plan import (
    chart_tables,
    load_summary,
    phase_spans_text,
    season_timeline,
    showcase_splits,
    showcase_weeks,
    strength_days_text,
    template_table,
    week_strip,
    weekly_load,
)
from assessments.completeness import not_asked
from assessments.exports import csv_filename, ics_filename
from assessments.library import CATEGORY_TITLES
from assessments.planner import Split
from assessments.season import coming_monday
from ui import followed_view, plan_cache
from ui.charts import altair_chart
from ui.gate import NOT_A_DIAGNOSIS, assessment_or_stop, not_asked_note, plan_or_stop
from ui.shell import require_entry
from ui.widgets import md_escape

CSV_LABEL = "Download schedule (CSV)"
ICS_LABEL = "Download calendar (.ics)"


def _split(sp: Split | None, heading: str) -> None:
    st.subheader(heading)
    if sp is None:
        st.caption("This season has no such phase.")
        return
    r = sp.params
    st.caption(
        f"{sp.block.replace('_', ' ')} block · {sp.target} session(s) a week "
        f"(range {r.sessions_min}-{r.sessions_max}) · main lifts {r.sets} x {r.reps}, "
        f"{r.intensity} · source: {r.sources}"
    )
    for t in sp.sessions:
        st.markdown(f"**Session {t.key}** · about {t.minutes} min")
        st.dataframe(template_table(t.items), hide_index=True, width="stretch")
        with st.expander(f"How to do session {t.key}"):
            for p in t.items:
                cat = CATEGORY_TITLES[p.category]
                st.markdown(f"**{md_escape(p.name)}** ({cat}): {md_escape(p.cues)}")
    for n in sp.notes:
        st.caption(n)


def main() -> None:
    st.title("Your strength plan")
    a = assessment_or_stop("plan")
    start = followed_view.start_input(a, coming_monday(date.today()))
    answers_json = a.model_dump_json(exclude={"earlier"})  # never keyed on the history
    past = plan_cache.past_parts(a) if a.plan is not None and a.plan.start == start else ()
    opts = followed_view.options_json(a, start, answers_json)
    plan = plan_or_stop(lambda: plan_cache.followed(answers_json, start, opts, past))
    followed_view.record(a, start, past)

    season = plan.season
    race = season.a_race
    goal = (
        f"to your A race on {race.date:%A %d %B %Y}"
        if race
        else f"for {season.weeks} weeks of general fitness (no race)"
    )
    st.markdown(
        f"From **{season.start:%d %B %Y}** {md_escape(goal)}: **{len(plan.sessions)} strength "
        f"sessions** over {season.weeks} weeks, {plan.heavy_weeks} weeks of heavy loading."
    )
    for c in plan.clamps:
        st.warning(f"{c.control}: {c.why} (used {c.used}; source: {c.source})")
    for w in plan.warnings:
        st.warning(f"{w.text} (source: {w.source})", icon=":material/warning:")
    not_asked_note(not_asked(a))
    with st.expander("Notes about this plan", expanded=False):
        for n in plan.notes:
            st.markdown(f"- {md_escape(n)}")

    col_chart, col_text = st.columns([3, 1])
    with col_chart:
        altair_chart(season_timeline(plan), width="stretch")
    with col_text:
        st.markdown("\n".join(f"- **{p}**: {span}" for p, span in phase_spans_text(plan)))
    col_chart, col_text = st.columns([3, 1])
    with col_chart:
        altair_chart(weekly_load(plan), width="stretch")
    with col_text:
        lines, most = load_summary(plan)
        st.markdown("\n".join(f"- {line}" for line in lines))
        if most:
            st.markdown(most)

    st.subheader("A typical week")
    cols = st.columns(2)
    for col, (phase, wk) in zip(cols, showcase_weeks(plan), strict=True):
        with col:
            if wk is None:
                st.caption(f"No full {phase.value} week in this season.")
                continue
            label = plan.weeks[wk - 1].phase.value
            altair_chart(week_strip(plan, wk, f"Week {wk} ({label})"), width="stretch")
            st.markdown(strength_days_text(plan, wk))  # content, so not a faint caption
    shown = [wk for _, wk in showcase_weeks(plan) if wk is not None]
    with st.expander("The charts' data as tables"):
        for title, table in chart_tables(plan, shown):
            st.markdown(f"**{title}**")
            st.dataframe(table, hide_index=True)

    off, in_season = showcase_splits(plan)
    left, right = st.columns(2)
    with left:
        _split(off, f"{off.phase.value.capitalize() if off else 'Off-season'} split")
    with right:
        _split(in_season, "In-season split")
    with st.expander("Light activation session (taper and before B/C races)"):
        st.dataframe(template_table(plan.activation.items), hide_index=True, width="stretch")

    followed_view.retests(plan)

    short = [w for w in plan.weeks if w.note]
    if short:
        with st.expander(f"Weeks with fewer sessions ({len(short)})"):
            st.markdown("\n".join(f"- Week {w.week}: {md_escape(w.note)}" for w in short))

    # Deferred downloads, as on the compare screen: the files are built from the cached plan
    # when clicked, not on every view of this screen (a tenth of the server's time under load).
    st.subheader("Download your schedule")
    st.caption("One row per exercise per session; open it in a spreadsheet.")
    st.download_button(
        CSV_LABEL,
        data=lambda: plan_cache.followed_csv(answers_json, start, opts, past),  # when clicked
        file_name=csv_filename(plan),
        mime="text/csv",
        key="plan:download_csv",
        on_click="ignore",
    )
    all_day = st.toggle("All-day calendar events", value=True, key="plan:all_day")
    at: time | None = None
    tz = "UTC"
    if not all_day:
        c1, c2 = st.columns(2)
        at = c1.time_input("Time", value=time(18, 0), key="plan:time")
        zones = sorted(available_timezones())
        tz = c2.selectbox("Time zone", zones, index=zones.index("Europe/London"), key="plan:tz")
    st.download_button(
        ICS_LABEL,
        data=lambda: plan_cache.followed_ics(answers_json, start, at, tz, opts, past),
        file_name=ics_filename(plan),
        mime="text/calendar",
        key="plan:download_ics",
        on_click="ignore",
    )
    st.caption(NOT_A_DIAGNOSIS)


require_entry()
main()
