"""The plan screen's record of the plan followed (start in the file) and its retest days."""

from __future__ import annotations

from datetime import date

import streamlit as st

from assessments.model import Assessment
from assessments.planner import Plan
from assessments.planning.retests import RETEST_HOW
from ui import state


def start_input(a: Assessment, default: date) -> date:
    """The plan's start: the recorded one when the file has it."""
    value = a.plan.start if a.plan is not None else default
    return st.date_input("Start the plan on", value=value, key="plan:start")


def _record(start: date) -> None:
    state.answers()["plan"] = {"start": start, "variant": ""}


def _forget() -> None:
    state.answers()["plan"] = None


def record(a: Assessment, start: date, past: tuple[object, ...]) -> None:
    """Say which plan the file records, with a button to record this one."""
    if a.plan is not None and a.plan.start == start:
        text = f"You follow this plan since {start:%d %B %Y} (recorded in your file)."
        if past:
            text += (
                " Weeks before your latest retest keep the exercises they had; from the week "
                "after it, the exercises follow your new results."
            )
        st.caption(text)
        st.button("Stop following this plan", key="plan:forget", on_click=_forget)
        return
    st.button(
        "Follow this plan: record its start in my file",
        key="plan:record",
        on_click=_record,
        args=(start,),
        help="After a retest, the plan keeps its season and progression from this start and "
        "changes only the exercises, from the week after the retest.",
    )


def retests(plan: Plan) -> None:
    if not plan.retests:
        return
    with st.expander(f"Retest days ({len(plan.retests)}): redo the self-tests"):
        st.markdown("\n".join(f"- **{r.date:%a %d %b %Y}**: {r.why}" for r in plan.retests))
        st.caption(RETEST_HOW + " They are in the calendar download too.")
