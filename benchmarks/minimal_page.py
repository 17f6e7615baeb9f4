"""The minimal Streamlit page that the app's first load is measured against (first_load.py)."""

import streamlit as st

st.set_page_config(page_title="Minimal page", layout="wide")
st.title("Minimal page")
st.write("A title and one line of text: what any Streamlit page costs to load.")
