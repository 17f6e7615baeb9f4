"""Entry point: page config and navigation, on every run (also when an error screen shows)."""

import streamlit as st

from ui.shell import navigation, run_page

st.set_page_config(
    page_title="Strength for runners",
    page_icon="🏃",  # an emoji favicon is drawn locally; a material one comes from a CDN
    layout="wide",
    initial_sidebar_state="auto",
)

run_page(navigation())
