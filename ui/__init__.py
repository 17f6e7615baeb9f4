"""The thin Streamlit shell shared by the pages: session state, navigation, errors."""
