"""The Tables tab: the view's nodes, relations and sources — a route to every entity without the canvas."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import streamlit as st

from graph.details import EDGE_COLUMNS, NODE_COLUMNS, SOURCE_COLUMNS, view_tables
from ui.state import LoadedGraph
from ui.text import safe_url


def tables(loaded: LoadedGraph, view: nx.MultiDiGraph) -> None:
    rows = view_tables(loaded.G, view)
    nodes = pd.DataFrame(rows["nodes"], columns=list(NODE_COLUMNS))
    edges = pd.DataFrame(rows["edges"], columns=list(EDGE_COLUMNS))
    sources = pd.DataFrame(
        [{**row, "url": safe_url(row["url"])} for row in rows["sources"]], columns=list(SOURCE_COLUMNS)
    )
    node_tab, edge_tab, source_tab = st.tabs(
        [f"Nodes ({len(nodes)})", f"Edges ({len(edges)})", f"Sources ({len(sources)})"]
    )
    node_tab.dataframe(nodes, hide_index=True, width="stretch", key="w_nodes_table")
    edge_tab.dataframe(edges, hide_index=True, width="stretch")
    source_tab.dataframe(
        sources, hide_index=True, width="stretch", column_config={"url": st.column_config.LinkColumn("url")}
    )
