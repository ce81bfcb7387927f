"""The side panel: its tabs, each drawn only while it is open (or while it has work under way).

A tab that is not drawn costs its rerun nothing: on the NATO dataset the Time, Paths and Export
tabs drawn on every rerun were about a third of a filter change's time. What a person typed or
chose in a closed tab is kept (``persist_state="page"`` on those widgets, Streamlit 1.67), and
a tab with work under way is drawn whether open or not (a timeline playing: its ticker steps it).
Two are always drawn: Import (its uploader holds a file being read) and Build's article form
(a pasted article, and the review table's ticks, which live only in its widgets: in a browser
test on a loaded machine, one time in three the article was empty after a return to the tab
when the form was drawn only while open; the cause was not found, so the form stays drawn).
"""

from __future__ import annotations

import networkx as nx
import streamlit as st

from ui import state
from ui.panels.build_from_text import ingest_panel
from ui.panels.details import details_panel
from ui.panels.duplicates import duplicates_panel
from ui.panels.export import export_panel
from ui.panels.history import history_panel
from ui.panels.import_data import import_panel
from ui.panels.path_finder import path_finder
from ui.panels.tables import tables
from ui.panels.time import time_panel
from ui.safety import guarded
from ui.state import LoadedGraph

TABS = ["Details", "Time", "Paths", "Tables", "Export", "Import", "Build", "History"]


def side_panel(loaded: LoadedGraph, view: nx.MultiDiGraph) -> None:  # type: ignore[type-arg]
    """The tabs beside the graph. Import is always drawn: its uploader holds a file being read,
    and a run that a click stopped reads it again from there (ui/panels/import_data.py)."""
    details, time, paths, table, export, upload, ingest, log = st.tabs(TABS, key="w_tab", on_change="rerun")
    with details:
        guarded("details panel", details_panel, loaded, view)
    with time:
        if time.open or state.playing():
            guarded("time panel", time_panel, loaded)
    with paths:
        if paths.open:
            guarded("path finder", path_finder, loaded)
    with table:
        if table.open:  # on a large view the slowest part of a rerun
            guarded("tables", tables, loaded, view)
    with export:
        if export.open:
            guarded("export panel", export_panel, loaded, view)
    with upload:
        guarded("import panel", import_panel)
    with ingest:
        article, duplicates = st.tabs(["From an article", "Duplicates"], key="w_build_tab", on_change="rerun")
        with article:  # always drawn: an article pasted there must never depend on persist_state
            guarded("article builder", ingest_panel, loaded)
        with duplicates:
            if ingest.open and duplicates.open:  # the queue is computed only when asked for
                guarded("duplicates", duplicates_panel, loaded)
    with log:
        if log.open:
            guarded("history", history_panel)
