"""Altair charts drawn without Altair checking their whole spec again on every rerun.

`st.altair_chart` turns a chart into its Vega-Lite spec with `chart.to_dict()`, which validates
the finished spec against Vega-Lite's JSON schema (jsonschema) every time it is drawn. Under
load that was about a sixth of the server's time (benchmarks/load.py, profiled with py-spy):
2-4x the cost of building the spec itself. The chart builders' specs are validated in full by
the unit tests (tests/test_charts_*.py call `to_dict()`), so the screens skip the check; the
spec is otherwise exactly the one `st.altair_chart` would send (tests/test_charts_draw.py).
"""

from __future__ import annotations

from functools import partial
from typing import Any

import altair as alt
import streamlit as st

Chart = alt.Chart | alt.LayerChart | alt.FacetChart | alt.HConcatChart | alt.VConcatChart


def unvalidated(chart: Chart) -> Chart:
    """The same chart, whose `to_dict()` skips validation. Charts may be shared (cached), so
    this only adds an instance attribute, set with object.__setattr__ (Altair's own __setattr__
    would store it as a chart property); doing it twice is harmless."""
    cls: Any = type(chart)  # the class's to_dict, never an earlier partial (no chain grows)
    object.__setattr__(chart, "to_dict", partial(cls.to_dict, chart, validate=False))
    return chart


def altair_chart(chart: Any, **kwargs: Any) -> None:
    """`st.altair_chart(chart, **kwargs)` without the schema check on each rerun."""
    st.altair_chart(unvalidated(chart), **kwargs)
