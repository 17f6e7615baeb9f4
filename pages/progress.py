"""Progress: each self-test per side, the left/right gap and the focus scores over time."""

from __future__ import annotations

import streamlit as st

from assessments.findings import NOT_A_DIAGNOSIS
from ui import progress_view
from ui.gate import ASSESSMENT_PAGE, rules_or_stop
from ui.shell import require_entry
from ui.state import current_assessment
from ui.widgets import md_escape

require_entry()
st.title("Your progress")
a, errors = current_assessment()
if a is None:
    st.warning("Some answers are not valid yet, so progress cannot be shown:")
    st.text("\n".join(errors))
    st.page_link(ASSESSMENT_PAGE, label="Fix them in the assessment", icon=":material/edit_note:")
    st.stop()
assert a is not None
rules = rules_or_stop()
view = progress_view.view(a, rules)

st.markdown(md_escape(view.summary))
st.caption(
    "Retest in the same conditions each time: the same time of day, rested, warmed up the "
    "same way, before any run or lifting that day. " + NOT_A_DIAGNOSIS
)
st.page_link(
    ASSESSMENT_PAGE,
    label="Retest now, or add an earlier assessment from a file",
    icon=":material/edit_note:",
)
progress_view.block(
    "Self-tests over time",
    view.tests_chart,
    view.tests_summaries,
    view.tests_table,
    "No self-test results yet.",
)
progress_view.block(
    "Left and right over time",
    view.gap_chart,
    [],
    view.gap_table,
    "No self-test measured on both sides yet.",
)
progress_view.block(
    "Focus areas over time",
    view.scores_chart,
    view.scores_summaries,
    view.scores_table,
    "No complete assessment to score yet.",
)
if view.unscored:
    st.caption(
        "Not scored (answers missing): " + ", ".join(f"{d:%d %b %Y}" for d in view.unscored) + "."
    )
