"""The runner's answers in session state, and widgets bound to them.

The canonical answers live in one place, `st.session_state["answers"]` (a python-mode dict of
the Assessment). Widgets are views of it: each widget's key (`q:<path>`) is filled from the
answers before it is drawn if Streamlit dropped it (it does for widgets not on screen), and an
on_change callback writes the widget's value back. Loading a file or an example replaces the
answers and drops every `q:` key, so the widgets redraw from the new answers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st
from pydantic import ValidationError

from assessments.model import Assessment, new_file_id
from assessments.storage import format_errors

ANSWERS = "answers"
WIDGET_PREFIX = "q:"


def answers() -> dict[str, Any]:
    if ANSWERS not in st.session_state:
        st.session_state[ANSWERS] = blank()
    return st.session_state[ANSWERS]


def current_answers(data: Any) -> Any:
    """The answers without the history of earlier assessments: what results and plans are
    keyed on (a retest or an added file changes the history, not the current answers)."""
    if isinstance(data, dict) and data.get("earlier"):
        return {k: v for k, v in data.items() if k != "earlier"}
    return data


def copy_of(data: Any) -> Any:
    """A deep copy of python-mode answers, for a screen's memo to compare later runs with.

    Only the containers are copied (dicts, lists, tuples); the leaves of python-mode answers
    (text, numbers, dates, enums, ids) cannot change in place. About 2.5x quicker than
    copy.deepcopy on a file with two years of retests, with no pickle (nothing is ever
    unpickled here)."""
    kind = type(data)
    if kind is dict:
        return {k: copy_of(v) if type(v) in _CONTAINERS else v for k, v in data.items()}
    if kind is list or kind is tuple:
        items = [copy_of(v) if type(v) in _CONTAINERS else v for v in data]
        return items if kind is list else tuple(items)
    return data


_CONTAINERS = frozenset({dict, list, tuple})


def new_draft() -> Assessment:
    """An empty assessment with its own random file id (kept through every save)."""
    return Assessment(assessed_on=date.today(), file_id=new_file_id())


def blank() -> dict[str, Any]:
    """A new, empty draft (python-mode), with its own file id."""
    return new_draft().model_dump(mode="python")


def replace_answers(a: Assessment) -> None:
    """Swap in a whole assessment (file, example, reset). Call from a callback or before drawing."""
    replace_data(a.model_dump(mode="python"))


def replace_data(data: dict[str, Any]) -> None:
    """Swap in python-mode answers, possibly a draft that fails a check (the screen marks it)."""
    st.session_state[ANSWERS] = data
    drop_widget_keys()


def drop_widget_keys(prefix: str = WIDGET_PREFIX) -> None:
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[key]


def get_path(data: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(data, list):
            idx = int(part)
            data = data[idx] if idx < len(data) else None
        elif isinstance(data, dict):
            data = data.get(part)
        else:
            return None
        if data is None:
            return None
    return data


def set_path(data: Any, path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        data = data[int(part)] if isinstance(data, list) else data.setdefault(part, {})
    last = parts[-1]
    if isinstance(data, list):
        data[int(last)] = value
    else:
        data[last] = value


def validate(data: dict[str, Any] | None = None) -> tuple[Assessment | None, dict[str, list[str]]]:
    """The answers as an Assessment, or the errors keyed by field path ("" for the whole file)."""
    try:
        return Assessment.model_validate(data if data is not None else answers()), {}
    except ValidationError as exc:
        errors: dict[str, list[str]] = {}
        for line in format_errors(exc):
            path, _, msg = line.partition(": ")
            errors.setdefault(path, []).append(msg)
        return None, errors


def current_assessment() -> tuple[Assessment | None, list[str]]:
    """What the other screens use: the valid assessment, or plain messages of what is wrong."""
    a, errors = validate()
    return a, [f"{path}: {m}" for path, msgs in errors.items() for m in msgs]


def _sync(
    path: str, key: str, convert: Callable[[Any], Any], then: Callable[[], None] | None
) -> None:
    set_path(answers(), path, convert(st.session_state[key]))
    if then is not None:
        then()


def clear_answer(path: str) -> None:
    """Forget one answer and its widget's state (e.g. a result when its test is skipped)."""
    set_path(answers(), path, None)
    st.session_state.pop(WIDGET_PREFIX + path, None)


def bind(
    widget: Callable[..., Any],
    label: str,
    path: str,
    *,
    to_widget: Callable[[Any], Any] = lambda v: v,
    from_widget: Callable[[Any], Any] = lambda v: v,
    then: Callable[[], None] | None = None,
    **kwargs: Any,
) -> Any:
    """Draw `widget` as a view of the answer at `path`; `then` runs after each change."""
    key = WIDGET_PREFIX + path
    if key not in st.session_state:
        st.session_state[key] = to_widget(get_path(answers(), path))
    return widget(label, key=key, on_change=_sync, args=(path, key, from_widget, then), **kwargs)
