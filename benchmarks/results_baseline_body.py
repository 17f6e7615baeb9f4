"""Baseline for bench_scoring: the results screen's elements drawn from precomputed data.

Same calls, same order, same charts and tables as pages/results.py, but no validation,
scoring, table or chart building: the difference in rerun time is our own logic.
Run through results_baseline.py, as pages/results.py is run through app.py.
"""

from __future__ import annotations

import streamlit as st

from benchmarks.bench_scoring import precomputed
from ui.charts import altair_chart

d = precomputed()
st.title("Your results")
if d["referral"]:
    with st.container(border=True):
        st.error(d["referral"][0], icon="🛑")
        for text in d["referral"][1:]:
            st.markdown(text)
for text in d["cautions"]:
    st.warning(text, icon="⚠️")
st.caption(d["caption"])
for title, chart, summary, table in d["blocks"]:
    st.subheader(title)
    left, right = st.columns([3, 2])
    with left:
        altair_chart(chart, width="stretch")
    with right:
        st.markdown(summary)
    with st.expander(f"{title}: the data as a table"):
        st.dataframe(table, hide_index=True)
st.subheader("Why these scores?")
for label, caption, texts in d["why"]:
    with st.expander(label):
        st.caption(caption)
        for text in texts:
            st.markdown(text)
with st.expander("For coaches"):
    st.caption("The rules rows that fired, with their evidence ids.")
    st.markdown(d["coaches"])
if not d["referral"]:  # the same element as the screen's next-step link
    st.page_link("https://example.org/plan", label="Next: your strength plan")
