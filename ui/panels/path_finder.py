"""The path finder: how two entities connect, as readable steps, each with its sources."""

from __future__ import annotations

import streamlit as st

import graph
from graph.details import step_citations, step_text
from graph.query import PATH_LIMIT
from ui import state, store_mode
from ui.sidebar import entity_picker
from ui.state import LoadedGraph
from ui.text import citation_lines, md


def on_ends() -> None:
    """Both ends chosen: the graph draws the path and the URL keeps it (``?path=FROM,TO``)."""
    source, target = state.widget("w_path_from"), state.widget("w_path_to")
    state.show_path((source, target) if source and target and source != target else None)


def clear_path() -> None:
    state.set_widgets(w_path_to=None)
    state.show_path(None)


def path_finder(loaded: LoadedGraph) -> None:
    ends = state.spec().path  # a link's path (?path=FROM,TO) fills in the two pickers
    first, second = st.columns(2)
    source = entity_picker(
        first,
        "From",
        "w_path_from",
        loaded,
        default=ends[0] if ends else state.spec().selected,
        on_change=on_ends,
        persist_state="page",  # kept while the tab is closed (ui/side_panel.py)
    )
    target = entity_picker(
        second,
        "To",
        "w_path_to",
        loaded,
        default=ends[1] if ends else None,
        on_change=on_ends,
        persist_state="page",
    )
    if not source or not target:
        st.caption("Choose two entities to see how they are connected, step by step, with sources.")
        return
    found = store_mode.paths(source, target)  # a claims store: the paths through all of it
    G, paths = (
        (found.graph, found.paths)
        if found
        else (loaded.G, graph.shortest_paths(loaded.G, source, target, limit=PATH_LIMIT))
    )
    if not paths:
        st.warning("These two entities are not connected in this dataset.")
        return
    if found is not None and any(node not in loaded.G for node in found.graph):
        st.button(
            "Add these paths to the graph",
            on_click=store_mode.add_path_graph,
            args=(found.graph,),
            key="store_add_paths",
        )
    if state.spec().path == (source, target):
        st.button("Clear the path from the graph", on_click=clear_path, key="clear_path")
    for number, path in enumerate(paths, 1):
        st.markdown(f"**Path {number}** ({len(path)} step{'s' if len(path) != 1 else ''})")
        for index, step in enumerate(path, 1):
            # Each step is its own list, so it says its number ("2."): a list starts where it is told.
            st.markdown(f"{index}. {md(step_text(G, step))}\n\n" + citation_lines(step_citations(G, step)))
