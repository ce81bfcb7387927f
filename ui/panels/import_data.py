"""The Import tab: the user's own files, with the import report; a refused file changes nothing.

A file that was read is saved at once, as the person chose before uploading it: as a new
workspace named after the file, or merged into the current one (one write of kind "import").
"""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import networkx as nx
import streamlit as st

from graph.budget import limited
from graph.build import graph_to_dataset
from graph.draw import opening_view
from graph.errors import GraphError
from graph.readers import SUFFIXES, read_upload
from graph.report import ImportReport
from graph.store import open_store
from graph.workspace import author_name, new_workspace_from_dataset
from ui import cache, state, store_mode, workspaces
from ui.safety import LOG
from ui.state import LoadedGraph, Message, PendingSave, UploadOutcome
from ui.text import md

NEW, MERGE = "new", "merge"
CHOICES = {NEW: "a new workspace, named after the file", MERGE: "merged into the current workspace"}


def _read(name: str, files: list, where: str) -> tuple[nx.MultiDiGraph | None, ImportReport] | UploadOutcome:  # type: ignore[type-arg]
    """The upload read under the read_seconds limit (a newer upload or a closed page abandons it);
    an error outcome when reading failed on a fault of ours (logged)."""
    file_ids = [file.file_id for file in files]
    try:
        with limited(cancel=lambda: state.still_wanted("w_upload", file_ids)):
            return read_upload([(file.name, file.getvalue()) for file in files])
    except Exception as error:  # a bug of ours, not the file's: said, logged, and nothing changes
        LOG.exception("Reading the upload %s failed", name)
        return UploadOutcome(
            Message(
                "error",
                f"{name} could not be read ({type(error).__name__}: {error}); {where} is unchanged. This "
                "is a fault of the program, not of your file; the server's log has the details.",
            )
        )


def _as_workspace(name: str, files: list, G: nx.MultiDiGraph, report: ImportReport) -> UploadOutcome:  # type: ignore[type-arg]
    """The upload to show at once, and to save as a new workspace named after its first file at the
    end of this run (:func:`save_upload`)."""
    workspace = workspaces.unique_name(Path(files[0].name).name.split(".")[0])
    # This tab looks at the new workspace; the one new tabs and the command line open stays the
    # one picked in the sidebar or with `workspace open` (another tab's upload does not change it).
    snapshot = G.graph.get("snapshot")
    saving = PendingSave(
        workspace,
        LoadedGraph(nx.freeze(G), f"upload:{uuid.uuid4().hex}", workspace),
        snapshot["spec"] if snapshot else opening_view(G),
        name,
        report.summary(),
        report.format() if report.issues else "",
    )
    text = f"Imported {name}: {saving.summary} Saving it as the new workspace {workspace}…"
    return UploadOutcome(Message("info", text, saving.details), saving=saving)


def _saved(saving: PendingSave) -> UploadOutcome:
    """Write ``saving`` as its new workspace; what to open and say (or why it was not saved).

    No Streamlit call in here: a run asked to stop raises at its next one, and a stop between the
    write and the outcome's record left the upload pending, written a second time by the next run
    ("There is a workspace … already"). Nor any need of a run: the fallback timer calls it too."""
    try:
        workspace = new_workspace_from_dataset(
            saving.name,
            graph_to_dataset(saving.loaded.G),
            author=author_name(),
            note=f"upload {saving.files}",
        )
        store = open_store(workspace.url)
        try:
            version = store.version()
        finally:
            store.close()
    except GraphError as error:
        text = f"{saving.files} could not be saved as a workspace: {error} Nothing was written."
        return UploadOutcome(Message("error", text))
    # Shown as the workspace's graph: its token, layout and drawing are the ones already sent.
    cache.prime(workspace.url, version, saving.loaded)
    text = f"Imported {saving.files} as the new workspace {workspace.name}: {saving.summary}"
    return UploadOutcome(Message("success", text, saving.details), workspace.name, keep_view=True)


# An upload is saved once the browser says it has drawn it (the write would take the processor
# from the drawing: on a 2-core machine a 10,000-node upload's first frame came 0.4 s later, 12 %);
# if no report comes (a closed tab, a browser that failed), after this many seconds all the same.
FALLBACK_SECONDS = 8.0


def _stop_fallback(work: state.UploadWork) -> None:
    """The timer that would save the upload if the browser never reported it drawn is not needed now."""
    if work.fallback is not None:
        work.fallback.cancel()
        work.fallback = None


def _save_pending(work: state.UploadWork) -> None:
    """Save the upload ``work`` holds, if any and no thread is writing it (called with ``work.lock``
    held)."""
    _stop_fallback(work)
    if work.saving is not None and not work.writing:
        work.outcome = _saved(work.saving)  # plain attributes: recorded even if the run is stopped
        work.saving = None


def _write_in_background(work: state.UploadWork) -> None:
    """Save the upload ``work`` holds in a thread of its own (called with ``work.lock`` held): the
    lock is not held while it writes, so a filter or a click made meanwhile runs at once, on the
    upload as shown (the page is read-only until the write ends; a 10,000-node upload's filter
    waited 0.7 s for the write before). The upload stays ``saving`` until its outcome is recorded,
    and no other save starts meanwhile (``writing``)."""
    _stop_fallback(work)
    if work.saving is None or work.writing:
        return
    work.writing = True
    saving = work.saving

    def write() -> None:
        try:
            outcome = _saved(saving)
        except Exception as error:  # a bug of ours: said and logged, and the upload is still shown
            LOG.exception("Saving the upload %s failed", saving.files)
            text = f"{saving.files} could not be saved as a workspace ({type(error).__name__}: {error})."
            outcome = UploadOutcome(Message("error", text))
        with work.lock:
            work.outcome, work.saving, work.writing = outcome, None, False

    threading.Thread(target=write, name=f"save {saving.name}", daemon=True).start()


def _fallback_save(work: state.UploadWork) -> None:
    """The timer's save, outside any run of the page: the session's next run shows what it became."""
    with work.lock:
        work.fallback = None
        _save_pending(work)


def keep_upload(work: state.UploadWork) -> None:
    """Save the upload a stopped run was showing (a click, a closed tab), touching nothing of the
    session's state (a stopped run raises at its next touch): the next run opens it, if any."""
    with work.lock:
        _save_pending(work)


def save_upload() -> None:
    """At the end of each run: save an upload shown for a new workspace once the browser has drawn
    it (its report, the graph view's "drawn" trigger, is a new run), in a thread of its own, and
    open the workspace it became once written (:func:`_open_when_written`); without a browser
    (AppTest), at once, then run again to open it."""
    work = state.upload_work()
    browser = bool(st.context.headers)
    with work.lock:
        saving = work.saving
        if saving is None:
            return
        work.shown += 1
        waiting = work.shown < 2 and browser  # the run that showed it: wait for the report
        if waiting and work.fallback is None:
            work.fallback = threading.Timer(FALLBACK_SECONDS, _fallback_save, (work,))
            work.fallback.daemon = True
            work.fallback.start()
        if not waiting and browser:
            _write_in_background(work)
        elif not waiting:
            with st.spinner(f"Saving {saving.files} as the workspace {saving.name}…"):
                _save_pending(work)
    if browser and waiting:
        _open_when_saved()
    elif browser:
        _open_when_written()
    else:
        st.rerun()


def _open_if_saved() -> None:
    work = state.upload_work()
    if work.saving is None and work.outcome is not None:
        st.rerun()


@st.fragment(run_every=1.0)
def _open_when_saved() -> None:
    """Drawn while an upload waits for the browser's report: every second (not more often: the
    browser is drawing it), if the timer has saved it meanwhile (the report lost, or its rerun taken
    by another event), run the page to open it. The timer saves outside any run, and without this
    the page said "Saving it …" until the next click."""
    _open_if_saved()


@st.fragment(run_every=0.5)
def _open_when_written() -> None:
    """Drawn while an upload is written by its thread: twice a second, once it is written, run the
    page to open the workspace it became. (Each run is cheap only because Streamlit's collection of
    all garbage after every run is off, .streamlit/config.toml: with it, a 300,000-node upload's
    write never ended, the collections holding the interpreter most of the time.)"""
    _open_if_saved()


def _read_and_save(work: state.UploadWork, files: list) -> None:
    """Read the upload and save it as the person chose; the outcome is recorded in ``work``. Called
    with ``work.lock`` held. A run stopped while reading leaves the upload pending; once it is read,
    it is saved exactly once (pending is cleared before anything is written)."""
    name = ", ".join(file.name for file in files)
    source, where = state.source(), store_mode.where()  # read before: a stopped run cannot read them
    merge = source is not None and (not source.workspace or state.widget("w_upload_into", NEW) == MERGE)
    work.pending = [file.file_id for file in files]  # cleared once read; else the next run reads it again
    read = _read(name, files, where)
    work.pending = None
    if isinstance(read, UploadOutcome):
        work.outcome = read
        return
    G, report = read
    if G is None:  # refused: the current graph stays as it was
        text = f"{name} was refused; {where} is unchanged. {report.summary()}"
        work.outcome = UploadOutcome(Message("error", text, report.format() if report.issues else ""))
    elif merge:
        written = store_mode.guarded_write(graph_to_dataset(G), f"upload {name}", "import")
        text = f"Imported {name}: {report.summary()} {written.text}"
        details = written.details or (report.format() if report.issues else "")
        work.outcome = UploadOutcome(Message(written.level, text, details))
    else:
        work.outcome = _as_workspace(name, files, G, report)


def on_upload() -> None:
    """The uploader's callback: read the new files and save them (after waiting for a run that
    a click stopped while it read or saved an upload)."""
    files = state.widget("w_upload") or []
    work = state.upload_work()
    with work.lock:
        if files:
            _read_and_save(work, files)
        else:
            work.pending = None
        state.show_upload_outcome(work)


def finish_upload() -> None:
    """At the start of each run, before any widget is drawn (where a callback runs): wait for a run
    that a click stopped while it read or saved an upload; then show what that run saved, or read
    the upload again if its reading was stopped and the uploader still holds it."""
    work = state.upload_work()
    with work.lock:
        files = state.widget("w_upload") or []
        if work.pending and work.pending == [file.file_id for file in files]:
            with st.spinner(f"Reading {', '.join(file.name for file in files)} again (it was interrupted)…"):
                _read_and_save(work, files)
        state.show_upload_outcome(work)


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
