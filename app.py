"""Alliance Graph Explorer: the Streamlit front end. It only wires widgets to ``graph`` calls."""

from __future__ import annotations

import networkx as nx
import streamlit as st

import graph


@st.cache_resource
def bundled_graph() -> nx.MultiDiGraph:
    """The bundled NATO dataset, built once and frozen: every session shares it read-only."""
    return nx.freeze(graph.load_graph())


def main() -> None:
    st.set_page_config(page_title="Alliance Graph Explorer", layout="wide")
    st.title("Alliance Graph Explorer")
    G = bundled_graph()
    st.caption(f"{G.number_of_nodes()} entities, {G.number_of_edges()} sourced relations")
    query = st.text_input("Search entities", key="search")
    for match in graph.search(G, query, limit=20) if query else []:
        st.write(f"**{match.label}** · {match.type} · `{match.id}`")


main()
