"""Results: red flags first, then cautions, then what to work on and why.

The page only draws: scoring, tables, charts and summaries come from `assessments`.
Text that comes from the runner or from a rules file is shown with st.text or escaped markdown.
"""

from __future__ import annotations

import copy
import re
from datetime import date

import streamlit as st

from assessments.charts_results import ResultsView, results_view
from assessments.completeness import missing
from assessments.derived import FIELDS
from assessments.examples import EXAMPLES, example_for_today
from assessments.findings import Findings, FocusScore
from assessments.focus import FOCUS_DESCRIPTIONS, FOCUS_TITLES
from assessments.model import STEP_TITLES, Assessment
from assessments.rules import Rules, load_rules
from assessments.scoring import score
from assessments.tables import RulesError
from ui.state import current_assessment, replace_answers

ASSESSMENT_PAGE = "pages/assessment.py"
_MEMO = "results:view"
NOT_A_DIAGNOSIS = (
    "This is training guidance from a questionnaire, not a diagnosis. "
    "A physiotherapist or doctor can assess you in person."
)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def esc(text: str) -> str:
    """Markdown-escape text so that it shows literally."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _load_example() -> None:
    name = st.session_state["results_example"]
    replace_answers(example_for_today(name, date.today()))


def _example_picker() -> None:
    st.selectbox(
        "Or look at an example runner",
        list(EXAMPLES),
        format_func=EXAMPLES.__getitem__,
        key="results_example",
    )
    st.button("Load this example", on_click=_load_example, key="results_load_example")


def _rules_or_stop() -> Rules:
    try:
        return load_rules()
    except RulesError as exc:
        st.error(
            "The rules tables have a problem, so results cannot be shown. "
            "Fix the cells listed below (file:row:column) and reload the page."
        )
        st.code("\n".join(exc.problems), language=None)
        st.stop()
        raise  # st.stop() does not return


def _assessment_or_stop() -> Assessment:
    a, errors = current_assessment()
    if a is None:
        st.warning("Some answers are not valid yet, so they cannot be scored:")
        st.text("\n".join(errors))
        st.page_link(ASSESSMENT_PAGE, label="Fix them in the assessment", icon="📝")
        _example_picker()
        st.stop()
    assert a is not None
    gaps = missing(a)
    if gaps:
        st.info(
            f"Scoring needs a complete assessment: {len(gaps)} answer"
            f"{'s are' if len(gaps) > 1 else ' is'} still missing."
        )
        lines = []
        for step, title in STEP_TITLES.items():
            labels = [m.label for m in gaps if m.step == step]
            if labels:
                lines.append(f"{title}: " + "; ".join(labels[:6]))
                if len(labels) > 6:
                    lines[-1] += f"; and {len(labels) - 6} more"
        st.text("\n".join(lines))
        st.page_link(ASSESSMENT_PAGE, label="Continue the assessment", icon="📝")
        _example_picker()
        st.stop()
    return a


def _referral(f: Findings) -> None:
    with st.container(border=True):
        st.error("**Please see a professional before starting a strength plan.**", icon="🛑")
        st.markdown("Your answers raised:")
        st.markdown("\n".join(f"- {esc(r.message)}" for r in f.red_flags))
        st.markdown(
            "No plan is made until a professional has cleared you. Once they have, tick "
            "“A health professional has cleared me to train” in the assessment (Injuries and "
            "health) and come back: your answers are kept."
        )
        st.caption(NOT_A_DIAGNOSIS)


def _clearance(f: Findings) -> None:
    st.success("A professional has cleared you, so a plan can be made. It carries this note:")
    st.text(f.clearance_note)


def _cautions(f: Findings) -> None:
    st.subheader("Cautions")
    for c in f.cautions:
        text = esc(c.message)
        if c.areas:
            text += "  \nLess load on: " + esc(", ".join(a.replace("_", " ") for a in c.areas))
        if c.slow:
            text += "  \nSlower progression for: " + esc(
                ", ".join(FOCUS_TITLES[s].lower() for s in c.slow)
            )
        st.warning(text, icon="⚠️")


def _chart_block(title: str, chart: object, summary: str, table: object) -> None:
    st.subheader(title)
    left, right = st.columns([3, 2])
    with left:
        st.altair_chart(chart, width="stretch")  # type: ignore[arg-type]
    with right:
        st.markdown(esc(summary))
    with st.expander(f"{title}: the data as a table"):
        st.dataframe(table, hide_index=True)


def _why(fs: FocusScore) -> None:
    with st.expander(f"Why? {FOCUS_TITLES[fs.area]}: {fs.score}"):
        st.caption(esc(FOCUS_DESCRIPTIONS[fs.area]))
        if not fs.rules:
            st.markdown("No rule gave points to this area for your answers.")
            return
        for r in fs.rules:
            values = "; ".join(
                f"{esc(FIELDS[k].label)}: **{esc(v)}**" for k, v in r.values.items() if k in FIELDS
            )
            sources = ", ".join(f"{esc(s.citation)} (grade {esc(s.grade)})" for s in r.sources)
            sign = "+" if r.points >= 0 else "−"
            st.markdown(
                f"**{sign}{abs(r.points):g} points** · {esc(r.message)}  \n"
                f"Your answers: {values}  \nEvidence: {sources}  \nRule: `{r.rule_id}`"
            )


def _view(rules: Rules) -> ResultsView:
    """The scored view of the current answers, memoized per session until the answers change.

    Reruns with unchanged answers (any click elsewhere on the page) then skip validation,
    scoring and chart building. The memo lives in this session's state only.
    """
    answers = st.session_state.get("answers")
    memo = st.session_state.get(_MEMO)
    if memo is not None and memo[1] is rules and memo[0] == answers:
        return memo[2]
    a = _assessment_or_stop()
    view = results_view(a, score(a, rules), rules.norms)
    st.session_state[_MEMO] = (copy.deepcopy(answers), rules, view)
    return view


st.title("Your results")
rules = _rules_or_stop()
view = _view(rules)
findings = view.findings

if findings.red_flags and not findings.cleared:
    _referral(findings)
elif findings.red_flags:
    _clearance(findings)
if findings.cautions:
    _cautions(findings)

st.caption(NOT_A_DIAGNOSIS)
_chart_block("What to work on", view.focus_chart, view.focus_summary, view.focus_table)
st.caption(esc(findings.weights_note))
_chart_block("Left and right", view.sides_chart, view.sides_summary, view.sides_table)
_chart_block("Against the norms", view.norms_chart, view.norms_summary, view.norms_table)

st.subheader("Why these scores?")
for fs in findings.focus:
    _why(fs)
