"""The plan screen's record of the plan followed (start in the file) and its retest days."""

from __future__ import annotations

from datetime import date

import streamlit as st

from assessments.compare import decode, plan_options
from assessments.model import Assessment
from assessments.planner import Plan
from assessments.planning.retests import RETEST_HOW
from ui import plan_cache, state


def _record(start: date, variant: str = "") -> None:
    state.answers()["plan"] = {"start": start, "variant": variant}


def follow_variant(start: date, variant: str) -> None:
    """On the compare screen: record plan B (its start and settings) as the plan followed."""
    st.button(
        "Follow plan B: record it in my file",
        key="compare:follow_b",
        on_click=_record,
        args=(start, variant),
        help="The plan screen then shows plan B, and after a retest keeps its season and "
        "progression from this start.",
    )


def options_json(a: Assessment, start: date, answers_json: str) -> str:
    """The recorded variant's plan options ("" for the recommendation or another start)."""
    if a.plan is None or a.plan.start != start or not a.plan.variant:
        return ""
    ctl = plan_cache.plan_controls(answers_json, start)
    chosen = decode(a.plan.variant, ctl)
    return plan_options(ctl.effective(chosen), ctl.recommended).model_dump_json()


def _forget() -> None:
    state.answers()["plan"] = None


def record(a: Assessment, start: date, past: tuple[object, ...]) -> None:
    """Say which plan the file records, with a button to record this one."""
    if a.plan is not None and a.plan.start == start:
        which = "plan B from Compare" if a.plan.variant else "this plan"
        text = f"You follow {which} since {start:%d %B %Y} (recorded in your file)."
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
