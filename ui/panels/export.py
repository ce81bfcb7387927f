"""The Export tab: the current view in every format of the export registry (graph/export/)."""

from __future__ import annotations

import networkx as nx
import streamlit as st

from graph.export import EXPORTERS, export_view
from graph.lod import needs_aggregation
from ui import cache, state
from ui.state import LoadedGraph


def export_panel(loaded: LoadedGraph, view: nx.MultiDiGraph) -> None:
    st.markdown(
        "Download the current view (filters applied) with the same positions and colours as on screen. "
        "The graph's own **Save PNG** button saves exactly what the canvas shows."
    )
    name = st.selectbox(
        "Format",
        list(EXPORTERS),
        key="w_export_format",
        format_func=lambda item: f"{EXPORTERS[item].description} (.{EXPORTERS[item].extension})",
    )
    exporter = EXPORTERS[name]
    options = {}
    if name == "png":
        options["scale"] = st.select_slider(
            "Resolution",
            [0.5, 1.0, 1.5, 2.0, 3.0],
            value=1.0,
            key="w_export_scale",
            format_func=lambda value: f"{value}× ({int(1600 * value)} px wide)",
        )
    spec = state.spec()
    if needs_aggregation(view, cache.groups_for(loaded.G, loaded.token)):
        entities, relations = cache.view_size_for(loaded.G, loaded.token, spec)
        st.info(
            f"The graph shows this view as groups (level of detail); a download holds all its "
            f"{entities:,} entities and {relations:,} relations, each at its "
            "place inside its group. Save PNG under the graph saves the groups as shown."
        )
    stem = "-".join(
        part for part in (loaded.name.split(" ")[0].split(".")[0].lower(), spec.preset or "view") if part
    )
    st.download_button(
        f"Download {exporter.name.upper()}",
        data=lambda: export_view(loaded.G, spec, name, cache.positions_for(loaded, spec, view), options),
        file_name=f"{stem}.{exporter.extension}",
        mime=exporter.mime,
        key="w_export_download",
        type="primary",
        on_click="ignore",
    )
    st.caption(f"Checked by the test suite with: {exporter.checked_with}.")
