"""Streamlit front-end pieces (the graph view component and small display helpers)."""
