"""Baseline for bench_progress: the progress screen's elements drawn from precomputed data.

Same calls, same order, same charts and tables as pages/progress.py, but no validation,
scoring, table or chart building: the difference in rerun time is our own logic. (The link
goes to an outside address: this page has no navigation to link into.)
"""

from __future__ import annotations

import streamlit as st

from benchmarks.bench_progress import precomputed
from ui.charts import altair_chart

d = precomputed()
st.title("Your progress")
st.markdown(d["summary"])
st.caption(d["caption"])
st.page_link("https://example.org/", label="Retest now, or add an earlier assessment from a file")
for title, chart, bullets, table in d["blocks"]:
    st.subheader(title)
    altair_chart(chart, width="stretch")
    if bullets:
        st.markdown(bullets)
    with st.expander(f"{title}: the data as a table"):
        st.dataframe(table, hide_index=True)
