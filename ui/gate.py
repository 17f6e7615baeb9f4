"""What the results, plan and compare screens show instead, and then stop.

No complete assessment: what is missing, a link to the assessment and an example picker.
A red flag without clearance: the referral, links to the results and the assessment.
Impossible dates or a broken rules file: the message, naming the answer or file:row:column.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn

import streamlit as st

from assessments import clock
from assessments import rules as rule_tables
from assessments.completeness import NOT_ASKED_INTRO, Missing, missing, missing_by_step
from assessments.examples import EXAMPLES, example_for_today
from assessments.findings import NOT_A_DIAGNOSIS
from assessments.model import Assessment
from assessments.planner import Plan, PlanNotAllowed
from assessments.rules import Rules
from assessments.season import PlanInputError
from assessments.tables import RulesError
from ui import replace
from ui.state import current_assessment
from ui.widgets import md_escape

ASSESSMENT_PAGE = "pages/assessment.py"
RESULTS_PAGE = "pages/results.py"


def _load_example(prefix: str) -> None:
    name = st.session_state[f"{prefix}:example"]
    today = clock.today(st.context.timezone or "UTC")
    replace.offer(example_for_today(name, today), f"Loaded the example “{EXAMPLES[name]}”.")


def example_picker(prefix: str) -> None:
    st.selectbox(
        "Or look at an example runner",
        list(EXAMPLES),
        format_func=EXAMPLES.__getitem__,
        key=f"{prefix}:example",
    )
    st.button(
        "Load this example", on_click=_load_example, args=(prefix,), key=f"{prefix}:load_example"
    )


def assessment_or_stop(prefix: str, what: str = "plan") -> Assessment:
    """The complete assessment, or a plain message of what is missing and st.stop()."""
    a, errors = current_assessment()
    if a is None:
        st.warning(f"Some answers are not valid yet, so there is no {what}:")
        st.text("\n".join(errors))
        st.page_link(
            ASSESSMENT_PAGE, label="Fix them in the assessment", icon=":material/edit_note:"
        )
        example_picker(prefix)
        st.stop()
    assert a is not None
    gaps = missing(a)
    if gaps:
        st.info(
            f"A {what} needs a complete assessment: {len(gaps)} answer"
            f"{'s are' if len(gaps) > 1 else ' is'} still missing."
        )
        st.text("\n".join(missing_by_step(gaps)))
        st.page_link(ASSESSMENT_PAGE, label="Continue the assessment", icon=":material/edit_note:")
        example_picker(prefix)
        st.stop()
    return a


def not_asked_note(gaps: list[Missing]) -> None:
    """The questions an older file was never asked: listed, but they do not stop anything."""
    if not gaps:
        return
    with st.container(border=True):
        st.info(NOT_ASKED_INTRO, icon=":material/help:")
        st.markdown("\n".join(f"- {md_escape(m.label)}" for m in gaps))
        st.page_link(ASSESSMENT_PAGE, label="Answer them now", icon=":material/edit_note:")


def _stop() -> NoReturn:
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises; this keeps type checkers honest


def rules_or_stop() -> Rules:
    """The rules tables, or their problems (file:row:column) on screen and st.stop()."""
    try:
        return rule_tables.load_rules()  # looked up on call, so tests can swap the tables
    except RulesError as exc:
        _rules_problem(exc)


def _rules_problem(exc: RulesError) -> NoReturn:
    st.error(
        "The rules tables have a problem, so this screen cannot be shown. "
        "Fix the cells listed below (file:row:column) and reload the page."
    )
    st.code("\n".join(exc.problems), language=None)
    _stop()


def plan_or_stop(make: Callable[[], Plan]) -> Plan:
    """`make()`'s plan, or the referral / dates / rules message and st.stop()."""
    try:
        return make()
    except PlanNotAllowed as exc:
        st.error(
            "**Please see a professional before starting a strength plan.**",
            icon=":material/medical_services:",
        )
        st.markdown("\n".join(f"- {md_escape(r.message)}" for r in exc.findings.red_flags))
        st.markdown(
            "When a professional has cleared you, record it in the assessment "
            "(Injuries and health) and the plan appears here."
        )
        st.page_link(RESULTS_PAGE, label="See your results", icon=":material/bar_chart:")
        st.page_link(ASSESSMENT_PAGE, label="Back to the assessment", icon=":material/edit_note:")
        st.caption(NOT_A_DIAGNOSIS)
        _stop()
    except PlanInputError as exc:
        st.error(f"No plan for these dates: {exc.message}.")
        with st.expander("For coaches"):
            st.caption(f"Answer: {exc.field}")  # a field path: not runner text
        st.page_link(
            ASSESSMENT_PAGE, label="Change your goals and dates", icon=":material/edit_note:"
        )
        _stop()
    except RulesError as exc:
        _rules_problem(exc)
