"""The Import tab: the user's own files, with the import report; a refused file changes nothing.

A file that was read is saved at once, as the person chose before uploading it: as a new
workspace named after the file, or merged into the current one (one write of kind "import").
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import streamlit as st

from graph.budget import limited
from graph.build import graph_to_dataset
from graph.draw import opening_view
from graph.errors import GraphError
from graph.readers import SUFFIXES, read_upload
from graph.report import ImportReport
from graph.workspace import author_name, new_workspace_from_dataset
from ui import state, store_mode, workspaces
from ui.safety import LOG
from ui.state import Message
from ui.text import md

NEW, MERGE = "new", "merge"
CHOICES = {NEW: "a new workspace, named after the file", MERGE: "merged into the current workspace"}


def _read(name: str, files: list) -> tuple[nx.MultiDiGraph | None, ImportReport] | None:  # type: ignore[type-arg]
    """The upload read under the read_seconds limit (a newer upload or a closed page abandons it);
    None when reading failed on a fault of ours (said, logged)."""
    file_ids = [file.file_id for file in files]
    state.set_pending_upload(file_ids)  # cleared once read; else the next run reads it again
    try:
        with limited(cancel=lambda: state.still_wanted("w_upload", file_ids)):
            return read_upload([(file.name, file.getvalue()) for file in files])
    except Exception as error:  # a bug of ours, not the file's: said, logged, and nothing changes
        LOG.exception("Reading the upload %s failed", name)
        state.set_message(
            "import",
            Message(
                "error",
                f"{name} could not be read ({type(error).__name__}: {error}); {store_mode.where()} is "
                "unchanged. This is a fault of the program, not of your file; the server's log has the "
                "details.",
            ),
        )
        return None
    finally:
        state.set_pending_upload(None)


def on_upload() -> None:
    files = state.widget("w_upload") or []
    if not files:
        state.set_pending_upload(None)
        return
    name = ", ".join(file.name for file in files)
    read = _read(name, files)
    if read is None:
        return
    G, report = read
    if G is None:
        state.set_message(
            "import",
            Message(
                "error",
                f"{name} was refused; {store_mode.where()} is unchanged. {report.summary()}",
                report.format() if report.issues else "",
            ),
        )
        return  # refused: the current graph stays as it was
    details = report.format() if report.issues else ""
    source = state.source()
    if source is not None and (not source.workspace or state.widget("w_upload_into", NEW) == MERGE):
        written = store_mode.guarded_write(graph_to_dataset(G), f"upload {name}", "import")
        text = f"Imported {name}: {report.summary()} {written.text}"
        state.set_message("import", Message(written.level, text, written.details or details))
        return
    try:
        workspace = new_workspace_from_dataset(
            workspaces.unique_name(Path(files[0].name).name.split(".")[0]),
            graph_to_dataset(G),
            author=author_name(),
            note=f"upload {name}",
        )
    except GraphError as error:
        state.set_message("import", Message("error", f"{name} could not be saved as a workspace: {error}"))
        return
    # This tab looks at the new workspace; the one new tabs and the command line open stays the
    # one picked in the sidebar or with `workspace open` (another tab's upload does not change it).
    snapshot = G.graph.get("snapshot")
    state.open_workspace(workspace.name, snapshot["spec"] if snapshot else opening_view(G))
    state.set_message(
        "import",
        Message(
            "success", f"Imported {name} as the new workspace {workspace.name}: {report.summary()}", details
        ),
    )


def read_interrupted_upload() -> None:
    """Read again an upload whose reading a newer request of the page stopped (a click while it
    was read), if the uploader still holds it; then draw the page again with its result."""
    pending = state.pending_upload()
    files = state.widget("w_upload") or []
    if pending and pending == [file.file_id for file in files]:
        with st.spinner(f"Reading {', '.join(file.name for file in files)} again (it was interrupted)…"):
            on_upload()
        st.rerun()


def _choice(read_only: bool) -> None:
    st.radio(
        "Open an upload as",
        list(CHOICES),
        format_func=CHOICES.get,
        key="w_upload_into",
        horizontal=True,
        help="Either is saved at once. A merge is one write in the History tab, and can be undone there.",
    )
    if read_only and state.widget("w_upload_into") == MERGE:
        st.caption("This workspace is read-only: an upload can only become a new workspace.")


def import_panel() -> None:
    read_interrupted_upload()
    st.markdown(
        "Import your own data: our three CSV tables (entities.csv, claims.csv, sources.csv, or a zip of "
        "them), GraphML, GEXF, node-link JSON, or a snapshot bundle (.agx.json) that reopens a saved view. "
        "It is saved at once; a refused file changes nothing."
    )
    source = state.source()
    if source is None or not source.workspace:
        st.caption(f"An upload is merged into {store_mode.where()}.")
    else:
        _choice(source.read_only)
    st.file_uploader(
        "Files",
        type=[suffix.lstrip(".") for suffix in SUFFIXES],
        accept_multiple_files=True,
        key="w_upload",
        on_change=on_upload,
    )
    message = state.message("import")
    if message is not None:
        (st.success if message.level == "success" else st.error)(md(message.text))
        if message.details:
            st.code(message.details, language=None, wrap_lines=True)
