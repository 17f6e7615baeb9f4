"""The plan screen: season timeline, weekly load, typical weeks, the splits, and downloads."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import available_timezones

import pandas as pd
import streamlit as st

from assessments.charts_plan import (
    season_timeline,
    typical_week,
    week_strip,
    week_strip_data,
    weekly_load,
    weekly_load_data,
)
from assessments.completeness import missing
from assessments.examples import EXAMPLES, example_for_today
from assessments.exports import csv_filename, schedule_csv, schedule_ics
from assessments.focus import FOCUS_TITLES
from assessments.library import CATEGORY_TITLES, PhaseName
from assessments.model import STEP_TITLES, Assessment
from assessments.planner import Plan, PlanNotAllowed, SessionTemplate, Split, make_plan
from assessments.scoring import score
from assessments.season import PlanInputError, coming_monday
from assessments.tables import RulesError
from ui.state import current_assessment, replace_answers
from ui.widgets import md_escape

ASSESSMENT_PAGE = "pages/assessment.py"
NOT_A_DIAGNOSIS = (
    "This plan is training guidance from a questionnaire, not a diagnosis. "
    "A physiotherapist or doctor can assess you in person."
)
CSV_LABEL = "Download schedule (CSV)"
ICS_LABEL = "Download calendar (.ics)"


def _load_example() -> None:
    replace_answers(example_for_today(st.session_state["plan:example"], date.today()))


def _example_picker() -> None:
    st.selectbox(
        "Or look at an example runner",
        list(EXAMPLES),
        format_func=EXAMPLES.__getitem__,
        key="plan:example",
    )
    st.button("Load this example", on_click=_load_example, key="plan:load_example")


def _assessment_or_stop() -> Assessment:
    a, errors = current_assessment()
    if a is None:
        st.warning("Some answers are not valid yet, so there is no plan:")
        st.text("\n".join(errors))
        st.page_link(ASSESSMENT_PAGE, label="Fix them in the assessment", icon="📝")
        _example_picker()
        st.stop()
    assert a is not None
    gaps = missing(a)
    if gaps:
        st.info(
            f"A plan needs a complete assessment: {len(gaps)} answer"
            f"{'s are' if len(gaps) > 1 else ' is'} still missing."
        )
        lines = []
        for step, title in STEP_TITLES.items():
            labels = [m.label for m in gaps if m.step == step]
            if labels:
                more = f"; and {len(labels) - 6} more" if len(labels) > 6 else ""
                lines.append(f"{title}: " + "; ".join(labels[:6]) + more)
        st.text("\n".join(lines))
        st.page_link(ASSESSMENT_PAGE, label="Continue the assessment", icon="📝")
        _example_picker()
        st.stop()
    return a


@st.cache_data(max_entries=64, show_spinner=False)
def _plan(answers_json: str, start: date) -> Plan:
    a = Assessment.model_validate_json(answers_json)
    return make_plan(a, score(a), start)


@st.cache_data(max_entries=64, show_spinner=False)
def _csv(answers_json: str, start: date) -> bytes:
    return schedule_csv(_plan(answers_json, start)).encode("utf-8")


@st.cache_data(max_entries=64, show_spinner=False)
def _ics(answers_json: str, start: date, at: time | None, tz: str) -> bytes:
    return schedule_ics(_plan(answers_json, start), at=at, tz=tz)


def _template_table(t: SessionTemplate) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "exercise": p.name,
                "sets": p.sets,
                "reps": p.reps,
                "intensity": p.intensity,
                "rest (s)": p.rest_s,
                "focus": FOCUS_TITLES[p.focus],
                "why": p.reason + (f" — {p.note}" if p.note else ""),
                "rule / source": f"{p.rule} · {p.source}",
            }
            for p in t.items
        ]
    )


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
        st.dataframe(_template_table(t), hide_index=True, width="stretch")
        with st.expander(f"How to do session {t.key}"):
            for p in t.items:
                cat = CATEGORY_TITLES[p.category]
                st.markdown(f"**{md_escape(p.name)}** ({cat}): {md_escape(p.cues)}")
    for n in sp.notes:
        st.caption(n)


def main() -> None:
    st.title("Your strength plan")
    a = _assessment_or_stop()
    start = st.date_input("Start the plan on", value=coming_monday(date.today()), key="plan:start")
    answers_json = a.model_dump_json()
    try:
        plan = _plan(answers_json, start)
    except PlanNotAllowed as exc:
        st.error("**Please see a professional before starting a strength plan.**", icon="🛑")
        st.markdown("\n".join(f"- {md_escape(r.message)}" for r in exc.findings.red_flags))
        st.markdown(
            "When a professional has cleared you, record it in the assessment "
            "(Injuries and health) and the plan appears here."
        )
        st.page_link(ASSESSMENT_PAGE, label="Back to the assessment", icon="📝")
        st.caption(NOT_A_DIAGNOSIS)
        st.stop()
    except PlanInputError as exc:
        st.error(f"No plan for these dates: {exc.message}.")
        st.caption(f"Answer: {exc.field}")
        st.page_link(ASSESSMENT_PAGE, label="Change your goals and dates", icon="📝")
        st.stop()
    except RulesError as exc:
        st.error("The rules tables have a problem (file:row:column):")
        st.code("\n".join(exc.problems), language=None)
        st.stop()

    season = plan.season
    race = season.a_race
    goal = (
        f"to your A race on {race.date:%A %d %B %Y}"
        if race
        else "for 52 weeks of general fitness (no race)"
    )
    st.markdown(
        f"From **{season.start:%d %B %Y}** {md_escape(goal)}: **{len(plan.sessions)} strength "
        f"sessions** over {season.weeks} weeks, {plan.heavy_weeks} weeks of heavy loading."
    )
    for c in plan.clamps:
        st.warning(f"{c.control}: {c.why} (used {c.used}; source: {c.source})")
    for w in plan.warnings:
        st.warning(f"{w.text} (source: {w.source})", icon="⚠️")
    with st.expander("Notes about this plan", expanded=False):
        for n in plan.notes:
            st.markdown(f"- {md_escape(n)}")

    col_chart, col_text = st.columns([3, 1])
    with col_chart:
        st.altair_chart(season_timeline(plan), width="stretch")
    with col_text:
        st.markdown(
            "\n".join(
                f"- **{s.phase.value}**: {s.start:%d %b} – {s.end:%d %b} ({s.days} days)"
                for s in season.spans
            )
        )
    col_chart, col_text = st.columns([3, 1])
    load = weekly_load_data(plan)
    with col_chart:
        st.altair_chart(weekly_load(plan), width="stretch")
    with col_text:
        by_phase = plan.sessions_by_phase()
        st.markdown(
            "\n".join(
                f"- {p.value}: {n} session{'' if n == 1 else 's'}" for p, n in by_phase.items()
            )
            + f"\n- {int(load['sets'].sum()) if len(load) else 0} sets in all"
        )
        if len(load):
            top = load.groupby("focus_title")["sets"].sum().sort_values(ascending=False)
            st.caption("Most sets: " + ", ".join(f"{k} ({v})" for k, v in top.head(3).items()))

    st.subheader("A typical week")
    cols = st.columns(2)
    for col, phase in zip(cols, (PhaseName.off_season, PhaseName.in_season), strict=True):
        with col:
            wk = typical_week(plan, phase) or typical_week(plan, PhaseName.pre_season)
            if wk is None:
                st.caption(f"No full {phase.value} week in this season.")
                continue
            label = plan.weeks[wk - 1].phase.value
            st.altair_chart(week_strip(plan, wk, f"Week {wk} ({label})"), width="stretch")
            df = week_strip_data(plan, wk)
            days = [f"{r.day} ({r.run})" for r in df.itertuples() if r.strength]
            st.caption("Strength on " + (", ".join(days) if days else "no day") + ".")

    left, right = st.columns(2)
    with left:
        off = plan.split(PhaseName.off_season) or plan.split(PhaseName.pre_season)
        _split(off, f"{off.phase.value.capitalize() if off else 'Off-season'} split")
    with right:
        _split(plan.split(PhaseName.in_season), "In-season split")
    with st.expander("Light activation session (taper and before B/C races)"):
        st.dataframe(_template_table(plan.activation), hide_index=True, width="stretch")

    short = [w for w in plan.weeks if w.note]
    if short:
        with st.expander(f"Weeks with fewer sessions ({len(short)})"):
            st.markdown("\n".join(f"- Week {w.week}: {md_escape(w.note)}" for w in short))

    st.subheader("Download your schedule")
    st.caption("One row per exercise per session; open it in a spreadsheet.")
    st.download_button(
        CSV_LABEL,
        data=_csv(answers_json, start),
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
        data=_ics(answers_json, start, at, tz),
        file_name=csv_filename(plan).removesuffix(".csv") + ".ics",
        mime="text/calendar",
        key="plan:download_ics",
        on_click="ignore",
    )
    st.caption(NOT_A_DIAGNOSIS)


main()
