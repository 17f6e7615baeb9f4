"""Questionnaire widgets bound to answer paths, with their inline error messages."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import streamlit as st
from pydantic import BaseModel

from assessments.questionnaire import bounds, choices, label

from .state import bind

YES_NO = [True, False]


# Markdown specials, plus `:` and `@`: unescaped, "http://..." and "name@host" become links
# (GFM autolinks) and ":word:" an emoji or icon. Each gets a backslash in front.
MD_SPECIAL = "\\`*_{}[]()#+-.!|<>~$&:@"
_MD_ESCAPES = str.maketrans({c: "\\" + c for c in MD_SPECIAL})


def md_escape(text: str) -> str:
    """User text shown through markdown must not become links, HTML or formatting.

    str.translate, not re.sub: a regex replacement runs Python code for every special
    character, and the results screen escapes a few hundred of them per rerun."""
    return str(text).translate(_MD_ESCAPES)


def inline_errors(errors: dict[str, list[str]], path: str) -> None:
    for msg in errors.get(path, []):
        st.error(msg, icon=":material/warning:")


def number(
    text: str,
    path: str,
    model: type[BaseModel],
    errors: dict[str, list[str]],
    *,
    integer: bool = True,
    help: str | None = None,
    step: float | None = None,
) -> Any:
    lo, hi = bounds(model, path.rsplit(".", 1)[-1])
    if integer:
        kwargs: dict[str, Any] = {
            "min_value": int(lo) if lo is not None else None,
            "max_value": int(hi) if hi is not None else None,
            "step": int(step or 1),
        }
    else:
        kwargs = {
            "min_value": float(lo) if lo is not None else None,
            "max_value": float(hi) if hi is not None else None,
            "step": float(step or 1.0),
            "format": "%.1f",
        }
    convert = (
        (lambda v: None if v is None else int(v))
        if integer
        else (lambda v: None if v is None else float(v))
    )
    value = bind(
        st.number_input,
        text,
        path,
        value=None,
        placeholder="not answered",
        help=help,
        to_widget=convert,
        from_widget=convert,
        **kwargs,
    )
    inline_errors(errors, path)
    return value


def choice(
    text: str,
    path: str,
    enum: type[StrEnum],
    errors: dict[str, list[str]],
    *,
    help: str | None = None,
    horizontal: bool = False,
    radio: bool = False,
    label_visibility: str = "visible",
) -> Any:
    opts = choices(enum)
    kwargs: dict[str, Any] = {
        "format_func": lambda v: label(enum, v),
        "index": None,
        "help": help,
        "label_visibility": label_visibility,
    }
    to_widget = _enum_to_str
    if radio:
        value = bind(
            st.radio, text, path, options=opts, horizontal=horizontal, to_widget=to_widget, **kwargs
        )
    else:
        value = bind(
            st.selectbox,
            text,
            path,
            options=opts,
            placeholder="choose…",
            to_widget=to_widget,
            **kwargs,
        )
    inline_errors(errors, path)
    return value


def many(
    text: str,
    path: str,
    enum: type[StrEnum],
    errors: dict[str, list[str]],
    *,
    help: str | None = None,
) -> Any:
    value = bind(
        st.multiselect,
        text,
        path,
        options=choices(enum),
        format_func=lambda v: label(enum, v),
        help=help,
        to_widget=lambda v: [_enum_to_str(x) for x in (v or [])],
        from_widget=list,
    )
    inline_errors(errors, path)
    return value


def yes_no(text: str, path: str, errors: dict[str, list[str]], *, help: str | None = None) -> Any:
    value = bind(
        st.radio,
        text,
        path,
        options=YES_NO,
        index=None,
        horizontal=True,
        format_func=lambda v: "Yes" if v else "No",
        help=help,
    )
    inline_errors(errors, path)
    return value


def day(text: str, path: str, errors: dict[str, list[str]], *, help: str | None = None) -> Any:
    value = bind(st.date_input, text, path, value=None, help=help, format="YYYY-MM-DD")
    inline_errors(errors, path)
    return value


def _enum_to_str(v: Any) -> Any:
    return None if v is None else str(v.value if isinstance(v, StrEnum) else v)
