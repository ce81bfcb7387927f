"""The Import tab: the user's own files, with the import report; a refused file changes nothing."""

from __future__ import annotations

import uuid

import networkx as nx
import streamlit as st

from graph.budget import limited
from graph.draw import opening_view
from graph.readers import SUFFIXES, read_upload
from ui import state
from ui.safety import LOG
from ui.state import LoadedGraph, Message
from ui.text import md


def on_upload() -> None:
    files = state.widget("w_upload") or []
    if not files:
        state.set_pending_upload(None)
        return
    name = ", ".join(file.name for file in files)
    current = state.loaded()
    file_ids = [file.file_id for file in files]
    state.set_pending_upload(file_ids)  # cleared once read; else the next run reads it again
    try:
        # Under the read_seconds limit; a newer upload or a closed page abandons the work.
        with limited(cancel=lambda: state.still_wanted("w_upload", file_ids)):
            G, report = read_upload([(file.name, file.getvalue()) for file in files])
    except Exception as error:  # a bug of ours, not the file's: said, logged, and nothing changes
        LOG.exception("Reading the upload %s failed", name)
        state.set_pending_upload(None)
        state.set_message(
            "import",
            Message(
                "error",
                f"{name} could not be read ({type(error).__name__}: {error}); the current graph "
                f"({current.name if current else 'NATO (bundled)'}) is unchanged. This is a fault of the "
                "program, not of your file; the server's log has the details.",
            ),
        )
        return
    state.set_pending_upload(None)
    if G is None:
        state.set_message(
            "import",
            Message(
                "error",
                f"{name} was refused; the current graph "
                f"({current.name if current else 'NATO (bundled)'}) is unchanged. {report.summary()}",
                report.format() if report.issues else "",
            ),
        )
        return  # refused: the current graph stays as it was
    state.set_message(
        "import",
        Message("success", f"Imported {name}: {report.summary()}", report.format() if report.issues else ""),
    )
    snapshot = G.graph.get("snapshot")
    token = f"upload:{name}:{uuid.uuid4().hex}"  # never reused, unlike id(G): see cache.settle
    state.open_graph(
        LoadedGraph(nx.freeze(G), token, name), snapshot["spec"] if snapshot else opening_view(G)
    )


def back_to_bundled() -> None:
    state.set_message("import", None)
    state.open_graph(None)


def read_interrupted_upload() -> None:
    """Read again an upload whose reading a newer request of the page stopped (a click while it
    was read), if the uploader still holds it; then draw the page again with its result."""
    pending = state.pending_upload()
    files = state.widget("w_upload") or []
    if pending and pending == [file.file_id for file in files]:
        with st.spinner(f"Reading {', '.join(file.name for file in files)} again (it was interrupted)…"):
            on_upload()
        st.rerun()


def import_panel() -> None:
    read_interrupted_upload()
    st.markdown(
        "Import your own data: our three CSV tables (entities.csv, claims.csv, sources.csv, or a zip of "
        "them), GraphML, GEXF, node-link JSON, or a snapshot bundle (.agx.json) that reopens a saved view. "
        "A refused file leaves the current graph as it is."
    )
    st.file_uploader(
        "Files",
        type=[suffix.lstrip(".") for suffix in SUFFIXES],
        accept_multiple_files=True,
        key="w_upload",
        on_change=on_upload,
    )
    if state.loaded() is not None:
        st.button("Back to the bundled NATO dataset", on_click=back_to_bundled)
    message = state.message("import")
    if message is not None:
        (st.success if message.level == "success" else st.error)(md(message.text))
        if message.details:
            st.code(message.details, language=None, wrap_lines=True)
