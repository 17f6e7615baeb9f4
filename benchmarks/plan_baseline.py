"""Baseline for bench_plan_screen: the plan screen drawn from a screen built beforehand.

The same `ui.plan_view.draw()` as pages/plan.py, so the same elements in the same order, but
no validation, planning, card, agenda or chart building: the difference in rerun time is our
own logic. Timed around its body, as app.py times a screen.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from benchmarks.bench_plan_screen import precomputed
from ui import plan_view
from ui.timing import timed


def _start_input() -> None:
    st.date_input("Start the plan on", value=date(2027, 3, 15), key="plan:start")


with timed("page:baseline"):
    st.title("Your strength plan")
    plan_view.draw(precomputed(), _start_input, "UTC")
    # the same element as the screen's next-step link (a page outside navigation is refused)
    st.page_link("https://example.org/compare", label="Next: compare plan variants")
