"""The Tables tab: the view's nodes, relations and sources — a route to every entity without the canvas.

A click on a row of the nodes or relations table selects that entity or relation (the Details tab
then shows it), as a click on the canvas does.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd
import streamlit as st

from graph.details import EDGE_COLUMNS, NODE_COLUMNS, SOURCE_COLUMNS, view_tables
from graph.draw.items import edge_id
from ui import state
from ui.state import LoadedGraph
from ui.text import safe_url


def on_row(kind: str) -> None:
    """A row of the nodes (kind "node") or relations ("edge") table was clicked: select it."""
    table = state.widget(f"w_{kind}s_table")
    rows = table.selection.rows if table else []
    ids = state.table_ids(kind)
    if rows and rows[0] < len(ids):
        state.select("node" if kind == "node" else "edge", ids[rows[0]])


def tables(loaded: LoadedGraph, view: nx.MultiDiGraph) -> None:
    rows = view_tables(loaded.G, view)
    nodes = pd.DataFrame(rows["nodes"], columns=list(NODE_COLUMNS))
    edges = pd.DataFrame(rows["edges"], columns=list(EDGE_COLUMNS))
    sources = pd.DataFrame(
        [{**row, "url": safe_url(row["url"])} for row in rows["sources"]], columns=list(SOURCE_COLUMNS)
    )
    # The rows' ids, in the tables' order (a sorted table still reports rows by this position).
    state.set_table_ids("node", [row["id"] for row in rows["nodes"]])
    state.set_table_ids("edge", [edge_id(*edge) for edge in view.edges(keys=True)])
    node_tab, edge_tab, source_tab = st.tabs(
        [f"Nodes ({len(nodes)})", f"Edges ({len(edges)})", f"Sources ({len(sources)})"]
    )
    node_tab.caption(
        "Click a row to select the entity. Degree counts distinct neighbours; links count every "
        "relation, parallel ones separately."
    )
    node_tab.dataframe(
        nodes,
        hide_index=True,
        width="stretch",
        key="w_nodes_table",
        on_select=lambda: on_row("node"),
        selection_mode="single-row",
    )
    edge_tab.caption("Click a row to select the relation and see its sources.")
    edge_tab.dataframe(
        edges,
        hide_index=True,
        width="stretch",
        key="w_edges_table",
        on_select=lambda: on_row("edge"),
        selection_mode="single-row",
    )
    source_tab.dataframe(
        sources, hide_index=True, width="stretch", column_config={"url": st.column_config.LinkColumn("url")}
    )
