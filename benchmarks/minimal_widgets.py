"""A minimal interactive Streamlit page: a slider, one Altair chart and a download.

The yardstick of the plan screen's weight (bench_plan_screen.py): what any page with a widget,
a chart and a file costs to rerun. Timed around its body, as app.py times a screen.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from ui.timing import timed

with timed("page:minimal"):
    weeks = st.slider("Weeks", 4, 52, 16)
    data = pd.DataFrame({"week": range(1, weeks + 1), "sets": [12 + w % 4 for w in range(weeks)]})
    st.altair_chart(alt.Chart(data).mark_bar().encode(x="week:O", y="sets:Q"), width="stretch")
    st.download_button("Download", data=data.to_csv(index=False), file_name="weeks.csv")
