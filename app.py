"""Entry point: page config, navigation and the answers kept in the browser, on every run."""

import streamlit as st

from assessments.runtime import tune_gc
from ui import local_store, replace
from ui.shell import navigation, run_page, session_tag
from ui.timing import timed

tune_gc()  # once per run is cheap; see assessments/runtime.py
st.set_page_config(
    page_title="Strength for runners",
    page_icon="🏃",  # an emoji favicon is drawn locally; a material one comes from a CDN
    layout="wide",
    initial_sidebar_state="auto",
)

page = navigation()
with timed("autosave", session_tag):
    local_store.autosave()  # a session's first run stops here until the browser has answered
local_store.privacy_controls()
local_store.banners()
replace.draw()
run_page(page)
