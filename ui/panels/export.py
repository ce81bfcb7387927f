"""The Export tab: the current view in every format of the export registry (graph/export/)."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import networkx as nx
import streamlit as st

from graph.draw import needs_aggregation
from graph.errors import InputError
from graph.export import EXPORTERS, export_view
from graph.view import ViewSpec
from ui import cache, state
from ui.safety import LOG
from ui.state import LoadedGraph
from ui.text import md


def guarded_download(export: Callable[[], bytes], what: str, failures: dict[str, str]) -> Callable[[], bytes]:
    """The download button's data: ``export()``, or, when it fails, a short text file that says
    so (Streamlit runs this when the button is pressed, outside the page, so it cannot show a
    message itself). The traceback goes to the log; the Export tab says what failed on its next run."""

    def data() -> bytes:
        try:
            return export()
        except Exception as error:
            LOG.exception("The %s download failed", what)
            reason = f"{type(error).__name__}: {error}"
            failures["last"] = (
                f"The last {what} download failed ({reason}); the file you received holds this message "
                "instead of the export. Try another format or a smaller view."
            )
            return (
                f"Alliance Graph Explorer could not export this view as {what}.\n\nReason: {reason}\n\n"
                "Nothing else went wrong: the graph and the other formats still work. Try another format, "
                "or filter the view and try again. The server's log has the technical details.\n"
            ).encode()

    return data


def export_later(
    loaded: LoadedGraph, spec: ViewSpec, name: str, options: dict[str, Any]
) -> Callable[[], bytes]:
    """The export the button makes when pressed. Streamlit keeps the callable after the page has
    moved on, so it holds an upload only weakly: a replaced upload's graph is not kept alive."""
    held = weakref.ref(loaded)

    def export() -> bytes:
        current = held()
        if current is None:
            raise InputError(
                "the graph of this view was replaced (a newer version, another import); download again"
            )
        view = cache.view_for(current.G, current.token, spec)
        return export_view(current.G, spec, name, cache.positions_for(current, spec, view), options)

    return export


def export_panel(loaded: LoadedGraph, view: nx.MultiDiGraph) -> None:
    st.markdown(
        "Download the current view (filters applied) with the same positions and colours as on screen. "
        "The graph's own **Save PNG** button saves exactly what the canvas shows."
    )
    name = st.selectbox(
        "Format",
        list(EXPORTERS),
        key="w_export_format",
        persist_state="page",  # kept while the tab is closed (ui/side_panel.py)
        format_func=lambda item: f"{EXPORTERS[item].description} (.{EXPORTERS[item].extension})",
    )
    exporter = EXPORTERS[name]
    options: dict[str, Any] = {}
    if name == "png":
        options["scale"] = st.select_slider(
            "Resolution",
            [0.5, 1.0, 1.5, 2.0, 3.0],
            value=1.0,
            key="w_export_scale",
            persist_state="page",
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
    failures = state.download_failures()
    if failure := failures.pop("last", None):
        st.error(md(failure))
    st.download_button(
        f"Download {exporter.name.upper()}",
        data=guarded_download(export_later(loaded, spec, name, options), exporter.name.upper(), failures),
        file_name=f"{stem}.{exporter.extension}",
        mime=exporter.mime,
        key="w_export_download",
        type="primary",
        on_click="ignore",
    )
    st.caption(f"Checked by the test suite with: {exporter.checked_with}.")
