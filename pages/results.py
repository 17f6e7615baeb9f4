"""Results: red flags first, then cautions, then what to work on and why.

The page only draws: scoring, tables, charts and summaries come from `assessments`.
Text that comes from the runner or from a rules file is shown with st.text or escaped markdown.
"""

from __future__ import annotations

import streamlit as st

from assessments.charts_results import ResultsView, results_view
from assessments.completeness import Missing, not_asked
from assessments.findings import Findings
from assessments.rules import Rules
from assessments.scoring import score
from assessments.wording import short_names
from ui import results_text
from ui.charts import altair_chart
from ui.gate import NOT_A_DIAGNOSIS, assessment_or_stop, not_asked_note, rules_or_stop
from ui.shell import require_entry
from ui.state import copy_of, current_answers
from ui.widgets import md_escape

_MEMO = "results:view"
PLAN_PAGE = "pages/plan.py"


def _referral(f: Findings) -> None:
    with st.container(border=True):
        st.error(
            "**Please see a professional before starting a strength plan.**",
            icon=":material/medical_services:",
        )
        st.markdown("Your answers raised:")
        st.markdown("\n".join(f"- {md_escape(r.message)}" for r in f.red_flags))
        st.markdown(
            "No plan is made until a professional has cleared you. Once they have, tick "
            "“A health professional has cleared me to train” in the assessment (Injuries and "
            "health) and come back: your answers are kept."
        )
        st.caption(NOT_A_DIAGNOSIS)


def _clearance(f: Findings) -> None:
    st.success("A professional has cleared you, so a plan can be made. It carries this note:")
    st.text(f.clearance_note)


def _cautions(texts: tuple[str, ...]) -> None:
    st.subheader("Cautions")
    for text in texts:
        st.warning(text, icon=":material/warning:")


def _chart_block(title: str, chart: object, summary: str, table: object) -> None:
    st.subheader(title)
    left, right = st.columns([3, 2])
    with left:
        altair_chart(chart, width="stretch")
    with right:
        st.markdown(md_escape(summary))
    with st.expander(f"{title}: the data as a table"):
        st.dataframe(table, hide_index=True)


def _for_coaches(text: str) -> None:
    """The rule ids behind the results, in one collapsed detail (the runner reads words)."""
    with st.expander("For coaches"):
        st.caption("The rules rows that fired, with their evidence ids.")
        st.markdown(text)


def _view(rules: Rules) -> tuple[ResultsView, list[Missing], results_text.Texts]:
    """The scored view of the current answers, memoized per session until the answers change.

    Reruns with unchanged answers (any click elsewhere on the page) then skip validation,
    scoring, chart building and wording. The memo lives in this session's state only.
    """
    answers = current_answers(st.session_state.get("answers"))  # never the earlier ones
    memo = st.session_state.get(_MEMO)
    if memo is not None and memo[1] is rules and memo[0] == answers:
        return memo[2], memo[3], memo[4]
    a = assessment_or_stop("results", "result")
    f = score(a, rules)
    view = results_view(a, f, rules.norms, short_names(rules.sources))
    unasked = not_asked(a)
    texts = results_text.texts(f, rules)
    st.session_state[_MEMO] = (copy_of(answers), rules, view, unasked, texts)
    return view, unasked, texts


require_entry()
st.title("Your results")
rules = rules_or_stop()
view, unasked, texts = _view(rules)
findings = view.findings

if findings.red_flags and not findings.cleared:
    _referral(findings)
elif findings.red_flags:
    _clearance(findings)
if texts.cautions:
    _cautions(texts.cautions)
not_asked_note(unasked)

st.caption(NOT_A_DIAGNOSIS)
_chart_block("What to work on", view.focus_chart, view.focus_summary, view.focus_table)
st.caption(md_escape(findings.weights_note))
_chart_block("Left and right", view.sides_chart, view.sides_summary, view.sides_table)
_chart_block("Against the norms", view.norms_chart, view.norms_summary, view.norms_table)

st.subheader("Why these scores?")
for label, caption, lines in texts.why:
    with st.expander(label):
        st.caption(caption)
        for text in lines:
            st.markdown(text)
_for_coaches(texts.coaches)
if findings.plan_allowed:
    st.page_link(PLAN_PAGE, label="Next: your strength plan", icon=":material/calendar_month:")
