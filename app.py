"""Alliance Graph Explorer: the page. It lays out the graph and the panels; ui/ holds the rest.

Canvas first: a compact header (title, counts, search, presets), the graph filling the
window's height, and beside it the panels as tabs that scroll on their own; the filters are in
the collapsible sidebar. ``ui.state`` holds the session's state, ``ui.cache`` what is computed
once and shared, and ``ui/panels/`` one module per panel. Every piece of logic is a function of
the library (``graph/``).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from graph.draw import LINKS_PREFIX, group_index
from ui import cache, sidebar, state, store_mode, workspaces
from ui.graph_view import graph_view, with_marks, with_report
from ui.header import header, notices
from ui.panels.import_data import finish_upload, keep_upload, save_upload
from ui.panels.time import MARK_COLOURS, time_marks
from ui.runtime import tune_gc
from ui.safety import guarded
from ui.side_panel import side_panel
from ui.state import LoadedGraph

PAGE_STYLE = Path(__file__).resolve().parent / "ui" / "page.css"
# The graph and the side panel keep their widths whichever tab is open (a tab that changed the
# panel's width moved the whole canvas); the side panel's tab strip wraps (ui/page.css).
COLUMNS = [0.75, 0.25]


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
    elif event.get("kind") == "none":  # Escape on the canvas
        state.clear_selection()


def on_graph_double_click() -> None:
    event = state.graph_event("dblclick")
    if event and event.get("kind") == "node" and (index := group_index(event["id"])) is not None:
        state.expand_group(index)
    elif event and event.get("kind") == "node" and store_mode.url():
        store_mode.expand([event["id"]], select=event["id"])  # a store: fetch its neighbours
    elif event and event.get("kind") == "node":
        state.focus_on(event["id"])


def draw_graph(loaded: LoadedGraph, work: DeltaGenerator) -> None:
    """The graph view, its payload made in ``work`` (a container above it), where slow work's spinners
    show: in the graph's place, one would make the browser draw it again from nothing (test_app_spinners)."""
    with work:
        payload = cache.payload_for(loaded, loaded.token, state.spec())
        payload = with_marks(payload, time_marks(loaded), MARK_COLOURS)
    if (saving := state.saving_upload()) is not None and saving.loaded.token == loaded.token:
        payload = with_report(payload, loaded.token)
    graph_view(
        payload,
        key=state.GRAPH_KEY,
        on_click=on_graph_click,
        on_dblclick=on_graph_double_click,
        on_drawn=lambda: None,  # the "drawn" report's rerun: the full page, or an upload's save (save_upload)
    )


def first_paint() -> bool:
    """True on the first run of a browser session: only the header and the graph are sent.

    The browser then draws the graph before it builds the sidebar, tabs and panels (about
    0.5 s sooner on a 2-core machine), and the component's first frame, or a 3-second
    fallback, asks for the full page (its "drawn" report). Every later run sends the full page
    whatever caused it: Streamlit merges a component's queued events, so a click that
    arrives before the "drawn" rerun starts replaces that event, and the page must not
    wait for a report that will never come. AppTest has no browser (no request headers)
    and gets the full page at once.
    """
    return state.first_run() and bool(st.context.headers)


def opened() -> LoadedGraph | None:
    """The session's graph: the whole workspace when it fits the in-memory budget, else what has
    been fetched from it (or from --store) by search and expand (ui/store_mode.py); None when the
    workspace or store cannot be used."""
    if (saving := state.saving_upload()) is not None:  # an upload, saved at the end of this run
        return saving.loaded
    source = store_mode.resolve()
    if source is None:
        return None
    state.set_source(source)
    if source.whole:
        if state.loaded() is not None:  # the workspace fits again (or another was opened)
            state.show_graph(None)
        loaded = cache.whole(source.url, source.version, source.name)
        state.init(st.query_params.to_dict(), loaded.G)
        return loaded
    state.init(st.query_params.to_dict(), store_mode.Ids(source.url))
    if state.loaded() is None:
        state.show_graph(store_mode.start(source.url, state.spec()))
    return state.loaded() or store_mode.start(source.url, state.spec())


def page() -> None:
    st.set_page_config(
        page_title="Alliance Graph Explorer", layout="wide", page_icon="🕸", initial_sidebar_state="collapsed"
    )
    st.html(PAGE_STYLE)
    tune_gc()  # the server process collects less often: reading and filtering large graphs
    cache.configure_limits()
    cache.static_assets()
    # Before any widget is drawn, as in a callback: an upload a click interrupted is read again
    # here, and what it became (a new workspace) is opened; spinners in a place of their own.
    with st.container(key="agx_page_work"):
        guarded("upload", finish_upload)
        loaded = opened()
    if loaded is None:  # a page said what is wrong and what to do; the picker can open another
        guarded("workspace picker", workspaces.picker)
        return
    cache.settle(loaded)  # a replaced upload's cached views and groups go, and their memory
    sidebar.sync(loaded)
    notices()
    spec = state.spec()
    st.query_params.from_dict(spec.to_query_params())

    paint_only = first_paint()
    header(loaded, full=not paint_only)
    graph_column, side_column = st.columns(COLUMNS, gap="small")
    with graph_column:
        guarded("graph view", draw_graph, loaded, st.container(key="agx_graph_work"))
    if paint_only:
        sidebar.heading(loaded)  # the filters, the tabs and the details follow the first frame
        return
    workspaces.read_only_banner()
    sidebar.sidebar(loaded)
    guarded("workspace picker", workspaces.picker)  # under the filters
    view = cache.view_for(loaded.G, loaded.token, spec)
    with side_column.container(key="agx_side"):
        side_panel(loaded, view)


def main() -> None:
    """The page; then an upload it showed is saved as its new workspace (once its graph is drawn).
    A run stopped on the way (a click, a closed tab) saves it too, before it ends."""
    work = state.upload_work()  # a plain object: usable while a stopped run unwinds
    try:
        page()
    except BaseException:
        keep_upload(work)
        raise
    guarded("upload", save_upload)


main()
