"""The plan screen: the next session first, the weeks ahead, the season week by week, files.

Everything on it is drawn from the plan's dated sessions, the same as the CSV and the calendar.
Drawing helpers are in ui/plan_view.py; which session is next and the words are in
assessments/schedule.py.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from assessments import clock
from assessments.charts_plan import load_summary, phase_spans_text, season_timeline, weekly_load
from assessments.coach import plan_lines
from assessments.planner import Plan
from assessments.schedule import (
    next_session,
    season_summary,
    session_card,
    warning_texts,
)
from assessments.season import PlanInputError, coming_monday
from assessments.wording import rule_ids, without_ids
from ui import plan_cache
from ui.gate import NOT_A_DIAGNOSIS, assessment_or_stop, plan_or_stop, rules_or_stop
from ui.plan_view import downloads, draw_card, draw_weeks_ahead, runner_zone, season_md
from ui.shell import require_entry
from ui.widgets import md_escape

START = "plan:start"
COMPARE_PAGE = "pages/compare.py"


def _start_input(default: date) -> None:
    st.date_input("Start the plan on", value=default, key=START)


def _plan(answers_json: str, start: date, default_start: date) -> Plan:
    """The plan; when its dates are impossible, the start date stays on screen to fix them."""
    try:
        return plan_cache.plan(answers_json, start)
    except PlanInputError:
        _start_input(default_start)
        raise


def main() -> None:
    st.title("Your strength plan")
    a = assessment_or_stop("plan")
    rules = rules_or_stop()
    sources, ids = rules.sources, rule_ids(rules)
    zone = runner_zone()
    today = clock.today(zone)
    default_start = coming_monday(today)
    start: date = st.session_state.get(START) or default_start
    answers_json = a.model_dump_json()
    plan = plan_or_stop(lambda: _plan(answers_json, start, default_start))

    # The next session first: what exactly to do, and when.
    nxt = next_session(plan, today)
    st.subheader("Your next session")
    if nxt is None:
        st.info("No strength session is left in this plan: the season has ended.")
    else:
        draw_card(session_card(plan, nxt, sources, ids))
    if plan.shortfall:
        st.warning(md_escape(without_ids(plan.shortfall, ids)), icon=":material/event_busy:")
    draw_weeks_ahead(plan, today, sources, ids)
    for text in warning_texts(plan, ids):
        st.warning(md_escape(text), icon=":material/lightbulb:")

    # The season: when each phase runs and what every week holds.
    st.subheader("Your season")
    st.markdown(md_escape(season_summary(plan)))
    _start_input(default_start)
    col_chart, col_text = st.columns([3, 1])
    with col_chart:
        st.altair_chart(season_timeline(plan), width="stretch")
    with col_text:
        st.markdown("\n".join(f"- **{p}**: {span}" for p, span in phase_spans_text(plan)))
    col_chart, col_text = st.columns([3, 1])
    with col_chart:
        st.altair_chart(weekly_load(plan), width="stretch")
    with col_text:
        lines, most = load_summary(plan)
        st.markdown("\n".join(f"- {line}" for line in lines))
        if most:
            st.caption(most)

    st.subheader("Week by week")
    off_md, in_md = season_md(answers_json, start)
    with st.container(key="plan-agenda"):
        off_col, in_col = st.columns(2)
        off_col.markdown(off_md)
        in_col.markdown(in_md)

    with st.expander("Notes about this plan"):
        st.markdown("\n".join(f"- {md_escape(without_ids(n, ids))}" for n in plan.notes))
    with st.expander("For coaches"):
        st.caption("The rules rows and evidence ids behind this plan.")
        st.markdown("\n".join(f"- {md_escape(line)}" for line in plan_lines(plan, nxt)))

    downloads(plan, answers_json, start, zone)
    st.caption(NOT_A_DIAGNOSIS)
    st.page_link(
        COMPARE_PAGE, label="Next: compare plan variants", icon=":material/compare_arrows:"
    )


require_entry()
main()
