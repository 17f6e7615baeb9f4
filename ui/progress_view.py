"""Drawing of the progress screen; what it shows is built in assessments/charts_progress.py.

Scores are cached per assessment (its answers as JSON), never on the whole history: adding a
retest scores only the new one.
"""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd
import streamlit as st

from assessments.charts_progress import ProgressView, progress_view
from assessments.completeness import missing
from assessments.findings import Findings
from assessments.history import as_assessment, timeline
from assessments.model import Assessment, EarlierAssessment
from assessments.rules import Rules
from assessments.scoring import score_measures
from ui.charts import altair_chart
from ui.widgets import md_escape

_MEMO = "progress:view"


@st.cache_resource(max_entries=256, show_spinner=False)
def _scored(entry_json: str, _rules: Rules, rules_id: int) -> Findings | None:
    """One assessment's findings (None for a draft), shared and never mutated."""
    a = as_assessment(EarlierAssessment.model_validate_json(entry_json))
    return None if missing(a) else score_measures(a, _rules)


def view(a: Assessment, rules: Rules) -> ProgressView:
    """The progress view of these answers, kept in this session until they change."""
    answers: Any = st.session_state.get("answers")
    memo = st.session_state.get(_MEMO)
    if memo is not None and memo[1] is rules and memo[0] == answers:
        return memo[2]
    entries = timeline(a)
    scored = [(e, _scored(e.model_dump_json(), rules, id(rules))) for e in entries]
    out = progress_view(scored, rules.norms)
    st.session_state[_MEMO] = (copy.deepcopy(answers), rules, out)
    return out


def block(title: str, chart: Any, lines: list[str], table: pd.DataFrame, empty: str) -> None:
    st.subheader(title)
    if table.empty:
        st.info(empty)
        return
    altair_chart(chart, width="stretch")
    if lines:
        st.markdown("\n".join(f"- {md_escape(line)}" for line in lines))
    with st.expander(f"{title}: the data as a table"):
        st.dataframe(table, hide_index=True)
