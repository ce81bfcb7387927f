"""The path finder: how two entities connect, as readable steps, each with its sources."""

from __future__ import annotations

import streamlit as st

import graph
from graph.details import step_citations, step_text
from ui import state, store_mode
from ui.sidebar import entity_picker
from ui.state import LoadedGraph
from ui.text import citation_lines, md


def path_finder(loaded: LoadedGraph) -> None:
    first, second = st.columns(2)
    source = entity_picker(first, "From", "w_path_from", loaded, default=state.spec().selected)
    target = entity_picker(second, "To", "w_path_to", loaded)
    if not source or not target:
        st.caption("Choose two entities to see how they are connected, step by step, with sources.")
        return
    found = store_mode.paths(source, target)  # a claims store: the paths through all of it
    G, paths = (
        (found.graph, found.paths)
        if found
        else (loaded.G, graph.shortest_paths(loaded.G, source, target, limit=3))
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
    for number, path in enumerate(paths, 1):
        st.markdown(f"**Path {number}** ({len(path)} step{'s' if len(path) != 1 else ''})")
        for step in path:
            st.markdown(f"1. {md(step_text(G, step))}\n\n" + citation_lines(step_citations(G, step)))
