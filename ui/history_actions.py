"""Two actions of the assessment screen that grow the file's history.

"Add an earlier assessment from a file" merges the file's assessments into this one by date
(the runner settles same-date conflicts and confirms another runner's file); "Retest now"
starts a new assessment with empty self-tests and every other answer kept. The logic is in
assessments/history.py; this module only draws and asks.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import streamlit as st

from assessments.derived import NUMERIC_SIDED
from assessments.history import Choice, HistoryFull, check_merge, merged, retest
from assessments.model import Assessment, EarlierAssessment
from assessments.storage import MAX_FILE_BYTES, parse_assessment
from ui import state
from ui.widgets import md_escape

FLASH = "assessment_flash"  # the assessment screen's one-time message
PENDING = "history:pending"  # (added assessment, file name) waiting for the runner's say


def _flash(kind: str, message: str, details: list[str] | None = None) -> None:
    st.session_state[FLASH] = (kind, message, details or [])


def _dates(ds: list[date]) -> str:
    return ", ".join(f"{d:%d %b %Y}" for d in ds)


def _apply(current: Assessment, added: Assessment, name: str, choices: dict[date, Choice]) -> None:
    try:
        out = merged(current, added, choices)
    except HistoryFull as exc:
        _flash("error", f"**{name}** was not added: {exc}.")
        return
    check = check_merge(current, added)
    state.replace_answers(out)
    parts = []
    if check.new:
        parts.append(f"added {_dates([e.assessed_on for e in check.new])}")
    if check.duplicates:
        parts.append(f"already here: {_dates(check.duplicates)}")
    taken = [d for d, c in choices.items() if c == "added"]
    if taken:
        parts.append(f"took the file's answers for {_dates(taken)}")
    text = f"Added **{name}** to your history: " + "; ".join(parts) + "."
    if out.assessed_on != current.assessed_on:
        text += (
            f" Its assessment of {out.assessed_on:%d %b %Y} is later than yours, so it is now "
            "the current one; yours is kept in the history."
        )
    _flash("success", text)


def _on_add() -> None:
    upload = st.session_state.get("add_file")
    if upload is None:
        return
    name = md_escape(upload.name)
    current, errors = state.current_assessment()
    if current is None:
        _flash("error", f"Fix the answers marked below before adding **{name}**.", errors[:12])
        return
    result = parse_assessment(upload.getvalue())
    if result.assessment is None:
        _flash(
            "error",
            f"We could not read **{name}**; your answers are unchanged.",
            result.errors[:12],
        )
        return
    check = check_merge(current, result.assessment)
    if check.changes_nothing:
        _flash("info", f"Every assessment in **{name}** is already in your history.")
        return
    if check.conflicts or check.confirm:
        st.session_state[PENDING] = (result.assessment, name)
        return
    _apply(current, result.assessment, name, {})


def _results(e: EarlierAssessment) -> str:
    tests = e.self_tests
    parts = []
    for test, (title, unit) in NUMERIC_SIDED.items():
        r = getattr(tests, test)
        if r.left is not None or r.right is not None:
            parts.append(
                f"{title} L {r.left if r.left is not None else '–'} / "
                f"R {r.right if r.right is not None else '–'} {unit}"
            )
    return "; ".join(parts) or "no self-test results"


def _confirm_pending() -> None:
    pending = st.session_state.pop(PENDING, None)
    current, _ = state.current_assessment()
    if pending is None or current is None:
        return
    added, name = pending
    choices: dict[date, Choice] = {}
    for c in check_merge(current, added).conflicts:
        picked = st.session_state.get(f"history:conflict:{c.on.isoformat()}")
        choices[c.on] = "added" if picked == "The file's" else "kept"
    _apply(current, added, name, choices)


def _cancel_pending() -> None:
    st.session_state.pop(PENDING, None)
    _flash("info", "Nothing was added; your answers are unchanged.")


def pending_merge() -> None:
    """The questions an added file raised, with "Add" and "Cancel" (draw near the top)."""
    pending: Any = st.session_state.get(PENDING)
    current, _ = state.current_assessment()
    if pending is None or current is None:
        return
    added, name = pending
    check = check_merge(current, added)
    with st.container(border=True):
        st.markdown(f"**Adding {name} to your history needs your say**")
        for line in check.confirm:
            st.warning(md_escape(line), icon=":material/person_alert:")
        for c in check.conflicts:
            st.markdown(
                f"Both have an assessment of **{c.on:%d %b %Y}**, with different answers.  \n"
                f"Yours: {md_escape(_results(c.kept))}  \n"
                f"The file's: {md_escape(_results(c.added))}"
            )
            st.radio(
                f"Which to keep for {c.on:%d %b %Y}?",
                ["Yours", "The file's"],
                key=f"history:conflict:{c.on.isoformat()}",
                horizontal=True,
            )
        sure = True
        if check.confirm:
            sure = st.checkbox("Yes, this is the same runner: add it", key="history:same_runner")
        left, right = st.columns(2)
        left.button(
            "Add to my history",
            key="history:add",
            on_click=_confirm_pending,
            disabled=not sure,
            type="primary",
        )
        right.button("Cancel", key="history:cancel", on_click=_cancel_pending)


def add_earlier_from_file() -> None:
    """The uploader of "Add an earlier assessment from a file" (keeps the current answers)."""
    st.markdown("**Add an earlier assessment from a file**")
    st.caption(
        "Adds the file's assessments to your history by date, for the Progress screen; "
        "your answers stay. To carry on from a file instead, use “Upload an assessment file”."
    )
    st.file_uploader(
        "Add an earlier assessment",
        type=["json"],
        key="add_file",
        on_change=_on_add,
        help=f"A .json file saved from this app, at most {MAX_FILE_BYTES // 1024} KB.",
    )
    earlier = state.answers().get("earlier") or []
    if earlier:
        st.caption(
            f"Your history: {len(earlier)} earlier assessment{'s' if len(earlier) > 1 else ''}, "
            f"from {earlier[0]['assessed_on']:%d %b %Y}."
        )


def _on_retest(current: Assessment) -> None:
    on = st.session_state.get("history:retest_on")
    if not isinstance(on, date):
        return
    try:
        state.replace_answers(retest(current, on))
    except (ValueError, HistoryFull) as exc:
        _flash("error", f"No retest: {exc}.")
        return
    _flash(
        "success",
        f"Retest started for {on:%d %b %Y}: enter your new self-test results below. Your "
        "other answers are kept, and the earlier results are on the Progress screen.",
    )


def retest_now(today: date) -> None:
    """ "Retest now": a new assessment with empty self-tests, every other answer kept."""
    current, _ = state.current_assessment()
    with st.expander("Retest now (every 6 weeks or so)", icon=":material/replay:"):
        if current is None:
            st.caption("Fix the answers marked on this screen first.")
            return
        earliest = current.assessed_on + timedelta(days=1)
        st.caption(
            f"Your current results (from {current.assessed_on:%d %b %Y}) move into your "
            "history; you enter new ones. Test in the same conditions as last time."
        )
        st.date_input(
            "Date of the retest",
            value=max(today, earliest),
            min_value=earliest,
            key="history:retest_on",
            format="DD/MM/YYYY",
        )
        st.button(
            "Retest now",
            key="history:retest",
            on_click=_on_retest,
            args=(current,),
            icon=":material/replay:",
        )
