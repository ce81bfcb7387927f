"""Alliance Graph Explorer: the page. It lays out the graph and the panels; ui/ holds the rest.

``ui.state`` holds the session's state, ``ui.cache`` what is computed once and shared,
``ui.sidebar`` the filters, and ``ui/panels/`` one module per panel. Every piece of logic
is a function of the library (``graph/``).
"""

from __future__ import annotations

import streamlit as st

from graph.lod import LINKS_PREFIX, group_index
from ui import cache, state
from ui.graph_view import graph_view
from ui.panels.build_from_text import ingest_panel
from ui.panels.details import details_panel
from ui.panels.export import export_panel
from ui.panels.import_data import import_panel
from ui.panels.path_finder import path_finder
from ui.panels.tables import tables
from ui.runtime import tune_gc
from ui.safety import guarded
from ui.sidebar import heading, sidebar
from ui.state import LoadedGraph
from ui.text import md


def on_graph_click() -> None:
    event = state.graph_event("click")
    if not event:
        return
    if event.get("kind") == "node" and (index := group_index(event["id"])) is not None:
        state.select("group", index)
    elif event.get("kind") == "node":
        state.select("node", event["id"])
    elif event.get("kind") == "edge" and not str(event["id"]).startswith(LINKS_PREFIX):
        state.select("edge", event["id"])


def on_graph_double_click() -> None:
    event = state.graph_event("dblclick")
    if event and event.get("kind") == "node" and (index := group_index(event["id"])) is not None:
        state.expand_group(index)
    elif event and event.get("kind") == "node":
        state.focus_on(event["id"])


def on_graph_drawn() -> None:
    """The browser has drawn the first frame: the rerun this causes sends the full page."""


def draw_graph(loaded: LoadedGraph) -> None:
    graph_view(
        cache.payload_for(loaded, loaded.token, state.spec()),
        key=state.GRAPH_KEY,
        on_click=on_graph_click,
        on_dblclick=on_graph_double_click,
        on_drawn=on_graph_drawn,
    )


def first_paint() -> bool:
    """True on the first run of a browser session: only the title and the graph are sent.

    The browser then draws the graph before it builds the sidebar, tabs and panels (about
    0.5 s sooner on a 2-core machine), and the component's first frame, or a 3-second
    fallback, asks for the full page (on_graph_drawn). Every later run sends the full page
    whatever caused it: Streamlit merges a component's queued events, so a click that
    arrives before the "drawn" rerun starts replaces that event, and the page must not
    wait for a report that will never come. AppTest has no browser (no request headers)
    and gets the full page at once.
    """
    return state.first_run() and bool(st.context.headers)


def main() -> None:
    st.set_page_config(page_title="Alliance Graph Explorer", layout="wide", page_icon="🕸")
    tune_gc()  # the server process collects less often: reading and filtering large graphs
    cache.configure_limits()
    cache.static_assets()
    loaded = state.loaded() or cache.bundled()
    state.init(st.query_params.to_dict(), loaded.G)
    if error := state.take_url_error():
        st.warning(md(error))

    spec = state.spec()
    view = cache.view_for(loaded.G, loaded.token, spec)
    st.query_params.from_dict(spec.to_query_params())

    st.title("Alliance Graph Explorer", anchor=False)
    entities, relations = cache.view_size_for(loaded.G, loaded.token, spec)
    total = cache.catalogue_for(loaded.G, loaded.token)
    st.caption(
        f"{entities:,} entities and {relations:,} relations in view, as of {spec.as_of or 'any date'} · "
        f"{md(loaded.name)}: {loaded.G.number_of_nodes():,} entities, {total.edges:,} sourced relations. "
        "Click a node for its details, double-click to focus on it, hover for a summary."
    )
    graph_column, details_column = st.columns([3, 2], gap="medium")
    with graph_column:
        guarded("graph view", draw_graph, loaded)
    if first_paint():
        heading(loaded.name)  # the sidebar's widgets, the tabs and the details follow the first frame
        return
    sidebar(loaded)
    with graph_column:
        # Tables are built only while their tab is open (on a large view they are the slowest
        # part of a rerun); the other tabs always render, so what one typed there is kept.
        path_tab, table_tab, export_tab, import_tab, ingest_tab = st.tabs(
            ["Path finder", "Tables", "Export", "Import data", "Build from text"],
            key="w_tab",
            on_change="rerun",
        )
        with path_tab:
            guarded("path finder", path_finder, loaded)
        with table_tab:
            if table_tab.open:
                guarded("tables", tables, loaded, view)
        with export_tab:
            guarded("export panel", export_panel, loaded, view)
        with import_tab:
            guarded("import panel", import_panel)
        with ingest_tab:
            guarded("article builder", ingest_panel, loaded)
    with details_column:
        guarded("details panel", details_panel, loaded, view)


main()
