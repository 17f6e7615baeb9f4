"""Navigation over the screens in pages/. Screens of later work register themselves here."""

from __future__ import annotations

import streamlit as st

# (file, title, icon, url path). Add a screen by adding a line; no empty pages.
SCREENS = [
    ("pages/assessment.py", "Assessment", "📝", "assessment"),
    ("pages/results.py", "Results", "📊", "results"),
    ("pages/plan.py", "Plan", "🗓️", "plan"),
    ("pages/compare.py", "Compare", "⚖️", "compare"),
]


def navigation() -> st.navigation:  # type: ignore[valid-type]
    pages = [
        st.Page(path, title=title, icon=icon, url_path=url, default=(i == 0))
        for i, (path, title, icon, url) in enumerate(SCREENS)
    ]
    return st.navigation(pages, position="sidebar", expanded=True)


def session_tag() -> str:
    """An opaque per-session id for the timing log (never the runner's answers)."""
    ctx = st.runtime.scriptrunner.get_script_run_ctx()
    return ctx.session_id[:8] if ctx is not None else "-"
