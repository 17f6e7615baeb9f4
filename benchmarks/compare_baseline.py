"""Baseline for bench_compare: the compare screen's comparison drawn from precomputed data.

The same controls and the same `ui.compare_view.draw()` as pages/compare.py's fragment, timed
the same way, but the view (plans, table, charts, words, files) is built once beforehand: the
difference in time is our own logic (plans, difference table, notices, chart building).
"""

from __future__ import annotations

import streamlit as st

from benchmarks.bench_compare import precomputed
from ui.compare_view import draw, draw_controls
from ui.timing import timed


def _noop(*_: object) -> None:
    return None


ctl, view = precomputed()
st.title("Compare two plans")
with timed("fragment:baseline"):
    draw_controls(ctl, _noop, _noop)
    draw(view)
