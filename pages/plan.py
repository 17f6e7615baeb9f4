"""The plan screen: the next session first, the weeks ahead, the season week by week, files.

Everything on it is drawn from the plan's dated sessions, the same as the CSV and the calendar.
Which session is next and the words are decided in assessments/schedule.py; ui/plan_view.py
builds the screen once per plan and day and draws it. A rerun with the same answers, start and
day (a click on a date, a section or a download) reuses this session's built screen.
When the file records a plan followed (ui/followed_view.py), the screen and the files show
that plan: the recorded variant, each past week from the assessment then in force.
"""

from __future__ import annotations

import copy
from datetime import date

import streamlit as st

from assessments import clock
from assessments.completeness import Missing, not_asked
from assessments.model import Assessment
from assessments.planner import Plan
from assessments.season import PlanInputError, coming_monday
from ui import followed_view, plan_cache, plan_view
from ui.gate import assessment_or_stop, not_asked_note, plan_or_stop, rules_or_stop
from ui.shell import require_entry

START = "plan:start"
_MEMO = "plan:screen"
COMPARE_PAGE = "pages/compare.py"
NEXT_STEP = "Next: compare plan variants"


def _start_input(default: date) -> None:
    st.date_input("Start the plan on", value=default, key=START)


def _recorded_start() -> date | None:
    """The start of the plan the file records (its default start), read without validating."""
    rec = (st.session_state.get("answers") or {}).get("plan")
    value = rec.get("start") if isinstance(rec, dict) else None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, date) else None


def _plan(
    answers_json: str, start: date, default_start: date, opts: str, past: plan_cache.Past
) -> Plan:
    """The plan followed; when its dates are impossible, the start stays on screen to fix."""
    try:
        return plan_cache.followed(answers_json, start, opts, past)
    except PlanInputError:
        _start_input(default_start)
        raise


def _screen(
    start: date, today: date, default_start: date
) -> tuple[plan_view.PlanScreen, list[Missing], Assessment]:
    """This session's built screen, rebuilt only when the answers, start, day or rules change.
    The memo lives in this session's state only; the plan in it is the shared cached one."""
    rules = rules_or_stop()
    answers = st.session_state.get("answers")
    memo = st.session_state.get(_MEMO)
    if memo is not None and memo[0] == (start, today) and memo[1] is rules and memo[2] == answers:
        return memo[3], memo[4], memo[5]
    a = assessment_or_stop("plan")
    answers_json = a.model_dump_json(exclude={"earlier"})  # never keyed on the history
    past = plan_cache.past_parts(a) if a.plan is not None and a.plan.start == start else ()
    opts = followed_view.options_json(a, start, answers_json)
    plan = plan_or_stop(lambda: _plan(answers_json, start, default_start, opts, past))
    screen = plan_view.build(plan, answers_json, start, today, rules, opts, past)
    unasked = not_asked(a)
    st.session_state[_MEMO] = ((start, today), rules, copy.deepcopy(answers), screen, unasked, a)
    return screen, unasked, a


def main() -> None:
    st.title("Your strength plan")
    zone = plan_view.runner_zone()
    today = clock.today(zone)
    default_start = _recorded_start() or coming_monday(today)
    start: date = st.session_state.get(START) or default_start
    screen, unasked, a = _screen(start, today, default_start)
    not_asked_note(unasked)  # questions added since the runner's file was made

    def start_and_record() -> None:
        _start_input(default_start)
        followed_view.record(a, start, screen.past)

    plan_view.draw(
        screen, start_and_record, zone, after_weeks=lambda: followed_view.retests(screen.plan)
    )
    st.page_link(COMPARE_PAGE, label=NEXT_STEP, icon=":material/compare_arrows:")


require_entry()
main()
