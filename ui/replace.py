"""Replacing the runner's answers (an example, a file, starting over): ask first, undo once.

A blank draft is replaced at once. A draft with answers is kept until the runner confirms;
after a replacement the earlier answers can be brought back once, until the new ones change.
"""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st

from assessments.local_copy import answers_text, digest, is_blank
from assessments.model import Assessment
from ui import state

PENDING = "replace:pending"  # (new answers, message once done)
UNDO = "replace:undo"  # (earlier answers, message, hash of the answers that replaced them)
DONE = "replace:done"  # a message shown once


def offer(new: Assessment, done: str) -> None:
    """From a callback: put `new` in place of the answers, asking first if there are any.

    `done` (markdown, user text escaped) says what happened once it has."""
    data = new.model_dump(mode="python")
    st.session_state.pop(UNDO, None)
    if is_blank(state.answers()):
        state.replace_data(data)
        st.session_state[DONE] = done
        st.session_state.pop(PENDING, None)
    else:
        st.session_state[PENDING] = (data, done)


def _confirm() -> None:
    data, done = st.session_state.pop(PENDING)
    earlier = copy.deepcopy(state.answers())
    state.replace_data(data)
    st.session_state[UNDO] = (earlier, done, digest(answers_text(data)))


def _undo() -> None:
    earlier, _, _ = st.session_state.pop(UNDO)
    state.replace_data(earlier)
    st.session_state[DONE] = "Your earlier answers are back."


def _keep() -> None:
    st.session_state.pop(PENDING, None)
    st.session_state[DONE] = "Your answers were kept as they were."


def draw() -> None:
    """The question, the undo offer or the message, above the screen."""
    ss = st.session_state
    pending: tuple[dict[str, Any], str] | None = ss.get(PENDING)
    if pending is not None:
        with st.container(border=True):
            st.warning(
                "This replaces the answers you have entered. Replace them? You can undo this once.",
                icon=":material/swap_horiz:",
            )
            left, right, _ = st.columns([1, 1, 2])
            left.button("Replace my answers", type="primary", on_click=_confirm)
            right.button("Keep my answers", on_click=_keep)
    undo = ss.get(UNDO)
    if undo is not None:
        if digest(answers_text(state.answers())) != undo[2]:
            ss.pop(UNDO)  # the new answers changed: the undo offer has gone
        else:
            left, right = st.columns([4, 1])
            left.success(undo[1])
            right.button("Undo", icon=":material/undo:", on_click=_undo)
    done = ss.pop(DONE, None)
    if done:
        st.success(done)
