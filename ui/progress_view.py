"""Drawing of the progress screen; what it shows is built in assessments/charts_progress.py.

Scores are cached per assessment (its answers as JSON), never on the whole history: adding a
retest scores only the new one.
"""

from __future__ import annotations

import threading
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
from ui.state import copy_of
from ui.widgets import md_escape

_MEMO = "progress:view"


SCORED_KEPT = 256
_scored_memo: dict[str, tuple[Rules, Findings | None]] = {}
_scored_lock = threading.Lock()


def _scored(entry_json: str, rules: Rules) -> Findings | None:
    """One assessment's findings (None for a draft), shared and never mutated.

    A plain dict shared by the sessions, not st.cache_resource: its lookup (hashing the
    arguments, reading the function's signature) cost more than an assessment's scoring
    per entry, and the screen looks up every assessment of the file after a retest."""
    hit = _scored_memo.get(entry_json)
    if hit is not None and hit[0] is rules:
        return hit[1]
    a = as_assessment(EarlierAssessment.model_validate_json(entry_json))
    found = None if missing(a) else score_measures(a, rules)
    with _scored_lock:
        _scored_memo.pop(entry_json, None)
        _scored_memo[entry_json] = (rules, found)
        while len(_scored_memo) > SCORED_KEPT:
            del _scored_memo[next(iter(_scored_memo))]
    return found


def view(a: Assessment, rules: Rules) -> ProgressView:
    """The progress view of these answers, kept in this session until they change."""
    answers: Any = st.session_state.get("answers")
    memo = st.session_state.get(_MEMO)
    if memo is not None and memo[1] is rules and memo[0] == answers:
        return memo[2]
    entries = timeline(a)
    scored = [(e, _scored(e.model_dump_json(), rules)) for e in entries]
    out = progress_view(scored, rules.norms)
    st.session_state[_MEMO] = (copy_of(answers), rules, out)
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
