"""Entry point: page config and navigation, on every run (also when an error screen shows)."""

import streamlit as st

from ui.shell import navigation, session_tag
from ui.timing import timed

st.set_page_config(
    page_title="Strength for runners",
    page_icon="🏃",
    layout="wide",
    initial_sidebar_state="auto",
)

page = navigation()
with timed(f"page:{page.url_path or 'assessment'}", session_tag):
    page.run()
