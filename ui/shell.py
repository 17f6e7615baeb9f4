"""Navigation over the screens in pages/. Screens of later work register themselves here."""

from __future__ import annotations

import threading

import streamlit as st

from ui.timing import timed

_run = threading.local()  # Streamlit runs each session's script in its own thread

# (file, title, icon, url path). Add a screen by adding a line; no empty pages.
SCREENS = [
    ("pages/assessment.py", "Assessment", ":material/edit_note:", "assessment"),
    ("pages/results.py", "Results", ":material/bar_chart:", "results"),
    ("pages/plan.py", "Plan", ":material/calendar_month:", "plan"),
    ("pages/compare.py", "Compare", ":material/compare_arrows:", "compare"),
    ("pages/progress.py", "Progress", ":material/trending_up:", "progress"),
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


def run_page(page: st.Page) -> None:
    """Run the chosen screen; the screens check with `require_entry` that they came this way."""
    _run.entered = True
    try:
        with timed(f"page:{page.url_path or SCREENS[0][3]}", session_tag):
            page.run()
    finally:
        _run.entered = False


def require_entry() -> None:
    """Send a run that skipped app.py back through it.

    A fresh server whose first request is a deep link (e.g. /compare) runs the screen's file
    on its own: Streamlit's old `pages/` mode stays on until st.navigation has been called once
    in the process. Registering the navigation and rerunning puts app.py (page config,
    navigation, timing) back in charge for this and every later session.
    """
    if getattr(_run, "entered", False):
        return
    navigation()
    st.rerun()
