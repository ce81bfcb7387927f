"""Where the session's data lives: the workspace, or a claims store explored by what is fetched.

With no ``--store`` (``AGX_STORE``) the app opens the current workspace (graph/workspace.py), an
embedded store in ``$AGX_HOME``; with one, that store (DuckDB, PostgreSQL, SQLite). Either way,
within the in-memory budget (``max_elements``) it is shown whole, built once per version of the
store; above it, the app does not read the whole dataset. It starts from a search, a preset or a
link's focus, and fetches more on demand: a search result with its neighbours, a double-click
(or "Expand" in the details panel) with the node's neighbours, a path with its steps. Filters, dates, details,
paths and exports then work on what has been fetched, as on any graph in memory. Every merge
of an article's claims, decision about duplicates and upload is written to the store at once,
each in one transaction with a log entry, and can be undone.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

import networkx as nx
import streamlit as st

from graph.errors import DatasetError, GraphError, WriteConflictError
from graph.model import Dataset
from graph.settings import limit
from graph.store import PathResult, WriteResult, combine, redact_url
from graph.store.same_ids import only_same_ids
from graph.view import ViewSpec
from graph.workspace import Workspace, author_name, current_workspace, list_workspaces
from ui import cache, state
from ui.state import LoadedGraph, Message, Source
from ui.text import md


def url() -> str | None:
    """The store explored by search and expand; None when the whole workspace is in memory."""
    source = state.source()
    return source.url if source is not None and not source.whole else None


def target() -> str | None:
    """The store this session reads and writes (the workspace, or --store)."""
    source = state.source()
    return source.url if source is not None else None


def read_only() -> bool:
    """True when the session's store can only be read: every button that writes is disabled (also
    while an upload shown is being saved as a new workspace, for the moment that takes)."""
    source = state.source()
    return state.saving_upload() is not None or (source is not None and source.read_only)


def shown() -> LoadedGraph:
    """The graph this session shows: what was fetched from a store, or the whole workspace."""
    fetched, source = state.loaded(), state.source()
    if fetched is not None or source is None:
        assert fetched is not None, "the page has run once before any callback"
        return fetched
    return cache.whole(source.url, source.version, source.name)


def session_workspace() -> Workspace:
    """The workspace this session looks at: the current one on its first run (created from the
    bundled dataset on first use); if another session deleted or renamed it, the current one again."""
    name = state.workspace_name()
    if name is None:  # the session's first run: the view comes from the link (state.init)
        workspace = current_workspace()
        state.set_workspace_name(workspace.name)
        return workspace
    for workspace in list_workspaces():
        if workspace.name == name:
            return workspace
    workspace = current_workspace()
    state.open_workspace(workspace.name)
    state.set_message(
        "workspace",
        Message("warning", f"The workspace {name} is gone (deleted or renamed); this is {workspace.name}."),
    )
    return workspace


def resolve() -> Source | None:
    """Find this run's source (the workspace or --store), check that it can be used, and say whether
    it is held whole; None when it cannot be used (a page then says what is wrong and what to do)."""
    explicit = cache.store_url()
    if explicit is None:
        try:
            workspace = session_workspace()
        except GraphError as error:  # AGX_HOME unwritable, an unreadable "current" file…
            st.error(f"**The workspace cannot be opened.**\n\n{md(str(error))}")
            st.markdown(WORKSPACE_ADVICE)
            return None
        store_url, name = workspace.url, workspace.name
    else:
        store_url, name = explicit, redact_url(explicit)
    if not available(store_url, workspace=explicit is None):
        return None
    store = cache.store_for(store_url)
    version = store.version()
    whole = cache.fits_in_memory(store_url, version, limit("max_elements"))  # a workspace or --store alike
    read_only_file = bool(getattr(store, "read_only", False))
    return Source(store_url, name, version, whole, read_only_file, explicit is None)


# What to do, by why the store could not be used (graph.errors.UNAVAILABLE_REASONS).
ADVICE = {
    "missing": "Load data into it first (`python -m graph store load PATH --store URL`), or start the "
    "app without a store.",
    "locked": "Another process has the file open: close it (another app, a `python -m graph` command "
    "still running), then try again.",
    "damaged": "The file is damaged: restore it from a backup, or load the data again into a new file.",
    "refused": "Check that the server runs and accepts connections, and the URL; then try again.",
    "timeout": "The server did not answer in time: check that it runs and is reachable; then try again.",
    "gone": "The server went away (a restart?): try again when it is back.",
    "url": "Correct the store URL (`--store` after `scripts/run.sh --`, or the AGX_STORE variable) "
    "and restart the app.",
}
WORKSPACE_ADVICE = (
    "Open another workspace or make a new one (in the sidebar, or `python -m graph workspace "
    "list|new|open`); restore this one from a backup with `python -m graph workspace import "
    "FILE.zip`; or set AGX_HOME to a folder you can write and restart the app."
)


def available(store_url: str, workspace: bool = False) -> bool:
    """True when the store can be used now; else a page says what is wrong and what to do, with a
    button that tries again (a stale pooled connection is replaced without showing anything)."""
    try:
        cache.store_for(store_url).has("")  # a cheap query: is it still there?
        return True
    except GraphError as error:
        reason = getattr(error, "reason", "")
        what = (
            f"The workspace {state.workspace_name()}"
            if workspace
            else f"The claims store {redact_url(store_url)}"
        )
        st.error(f"**{what} cannot be used.**\n\n{md(str(error))}")
        advice = ADVICE.get(reason, "Correct what the message says, then try again.")
        st.markdown(WORKSPACE_ADVICE if workspace and reason not in ("locked",) else advice)
        st.button("Try again", key="store_retry", type="primary", on_click=cache.store_for.clear)
        return False


class Ids:
    """A store's entity ids, for ``in`` (a link's focus is checked against the store, not against
    what has been fetched)."""

    def __init__(self, store_url: str) -> None:
        self.store = cache.store_for(store_url)

    def __contains__(self, entity_id: object) -> bool:
        return isinstance(entity_id, str) and self.store.has(entity_id)


def _fetched(G: nx.MultiDiGraph, store_url: str, previous: LoadedGraph | None = None) -> LoadedGraph:
    """What has been fetched, as the session's graph; laid out from ``previous``'s layout (what was
    on screen before), so the entities already seen stay about where they were."""
    loaded = LoadedGraph(nx.freeze(G), f"store:{uuid.uuid4().hex}", f"store {redact_url(store_url)}")
    cache.grown_from(loaded, previous, state.spec())
    return loaded


def fetched_note(loaded: LoadedGraph) -> str | None:
    """On a store, what a panel that counts the graph (the Time tab) leaves out, and how to get the
    rest; None when the whole dataset is in memory."""
    store_url = url()
    if store_url is None:
        return None
    summary = cache.store_summary_for(store_url)
    fetched = loaded.G.number_of_nodes()
    if fetched >= summary.entities:
        return None
    return (
        f"On the claims store, this tab counts the {fetched:,} entities fetched so far, not all "
        f"{summary.entities:,} in the store. Fetch more (search, Expand), or compute over the whole "
        "store with `python -m graph diff --from D1 --to D2` and `python -m graph chart -o FILE` "
        "(with --store)."
    )


def start(store_url: str, spec: ViewSpec) -> LoadedGraph:
    """The first graph of a session: what a link's focus, framework or preset selects (cut to the
    level-of-detail budget), else nothing yet (the header's search starts)."""
    if spec.focus or spec.framework or spec.preset:
        found = cache.store_for(store_url).view(spec.with_changes(selected=None), limit("lod_nodes"))
        G = found.graph
        if found.truncated:
            state.set_message(
                "store",
                Message("info", f"The view holds {found.total:,} entities; the nearest were fetched."),
            )
    else:
        G = nx.MultiDiGraph(name=store_url)
        G.graph["sources"] = {}
    return _fetched(G, store_url)


def expand(ids: Iterable[str], depth: int = 1, select: str | None = None) -> None:
    """Add the neighbours of ``ids`` (under the view's filters) to what is on screen."""
    store_url, current = url(), state.loaded()
    if store_url is None or current is None:
        return
    wanted = list(ids)
    found = cache.store_for(store_url).neighbours(wanted, depth, state.spec(), limit("lod_nodes"))
    state.show_graph(_fetched(combine(current.G, found.graph), store_url, current))
    if found.truncated:
        state.set_message(
            "store",
            Message(
                "info",
                f"{found.total:,} entities are that close; the {limit('lod_nodes'):,} nearest were fetched.",
            ),
        )
    if select is not None:
        state.select("node", select)


def add_path_graph(G: nx.MultiDiGraph) -> None:
    """Add the entities and steps of a path found in the store to what is on screen."""
    store_url, current = url(), state.loaded()
    if store_url is not None and current is not None:
        state.show_graph(_fetched(combine(current.G, G), store_url, current))


def refetch(ids: Iterable[str]) -> None:
    """Fetch again what is on screen (after a write or an undo), plus ``ids``' neighbours."""
    store_url, current = url(), state.loaded()
    if store_url is None or current is None:
        return
    store = cache.store_for(store_url)
    shown = [node for node in current.G if store.has(node)]
    again = store.neighbours(shown, 0, None, max(len(shown), 1)).graph if shown else nx.MultiDiGraph()
    more = store.neighbours(list(ids), 1, None, limit("lod_nodes")).graph if ids else nx.MultiDiGraph()
    state.show_graph(_fetched(combine(again, more), store_url, current))
    cache.store_summary_for.clear()


def where() -> str:
    """The session's store, in a message: "the workspace NAME" or "the store"."""
    source = state.source()
    return f"the workspace {source.name}" if source is not None and source.workspace else "the store"


def write(addition: Dataset, note: str, kind: str, on_conflict: str = "refuse") -> Message:
    """Write ``addition`` (accepted claims, decisions, an upload) to the session's store in one
    transaction with a log entry of its ``kind`` and the author; the view then shows it."""
    store_url = target()
    assert store_url is not None
    result = cache.store_for(store_url).write(
        addition, author=author_name(), note=note, kind=kind, on_conflict=on_conflict
    )
    if result.batch is None:
        return Message("info", f"{where().capitalize()} already holds all of it; nothing was written.")
    if result.stamp is not None:
        state.push_store_batch(result.stamp)
    if url() is not None:  # explored by search and expand: fetch again what is on screen
        refetch({claim.subject for claim in addition.claims} | {d.left for d in addition.decisions})
    return written(result)


def written(result: WriteResult) -> Message:
    conflicts = (
        f"; {len(result.new_conflicts)} disagree with earlier sources (kept)" if result.new_conflicts else ""
    )
    return Message(
        "success",
        f"Written to {where()} as write {result.batch}: {result.claims} claims, {result.entities} entities, "
        f"{result.decisions} decisions{conflicts}. It can be undone.",
        result.report.format() if result.report.warnings else "",  # ids kept apart, field by field
    )


def undo() -> Message:
    """Take back this session's last write, and no other: the store refuses, naming who wrote what
    since, when it is not the last write or not the one this session made; the session still
    remembers it then."""
    store_url, stamp = target(), state.last_store_batch()
    if store_url is None or stamp is None:
        return Message("info", "Nothing to undo.")
    try:
        result = cache.store_for(store_url).undo(stamp, author=author_name())
    except WriteConflictError as error:
        return Message("error", f"The undo was refused; nothing changed. {error}")
    except GraphError as error:
        return Message("error", f"The undo failed; nothing changed. {error}")
    state.pop_store_batch()
    refetch(())
    if result is None:
        return Message("info", "Nothing to undo.")
    return Message(
        "success",
        f"Write {result.batch} was undone: {result.claims} claims removed. The History tab can redo it.",
    )


def on_search() -> None:
    """The header's search on a store: the best match is fetched with its neighbours and selected;
    the next best are named, to refine the search."""
    store_url = url()
    text = str(state.widget("w_store_search") or "").strip()
    if store_url is None or not text:
        return
    matches = cache.store_for(store_url).search(text, limit=6)
    if not matches:
        state.set_message("store", Message("warning", f"Nothing in the store matches '{text}'."))
        return
    expand([matches[0].id], select=matches[0].id)
    others = ", ".join(f"{match.label} ({match.id})" for match in matches[1:])
    state.set_message(
        "store",
        Message(
            "info",
            f"Added {matches[0].label} and its neighbours."
            + (f" Also matching: {others}." if others else ""),
        ),
    )


def entity_graph(node: str) -> nx.MultiDiGraph | None:
    """On a store, the entity with every claim about it (for the details panel); else None."""
    store_url = url()
    if store_url is None or not cache.store_for(store_url).has(node):
        return None
    return cache.store_for(store_url).entity(node).graph


def paths(source: str, target: str) -> PathResult | None:
    """On a store, the shortest paths through all of it under the view's filters; else None."""
    store_url = url()
    if store_url is None:
        return None
    return cache.store_for(store_url).paths(source, target, state.spec(), limit=3)


REFUSED = {"article merge": "The merge", "decision": "The decision", "import": "The import"}


def guarded_write(addition: Dataset, note: str, kind: str) -> Message:
    """:func:`write`, with a refused write said (the store is unchanged) rather than raised."""
    state.set_pending_write(None)
    if read_only():
        return Message("error", f"{where().capitalize()} can only be read; nothing was written.")
    try:
        return write(addition, note, kind)
    except DatasetError as error:
        if only_same_ids(error.report):  # the user is asked: keep them apart under new ids?
            state.set_pending_write((addition, note, kind))
            return Message(
                "error",
                f"{where().capitalize()} holds some of these ids with other content (below); nothing "
                "changed. Keep them apart under new ids, or correct them and merge again.",
                error.report.format(),
            )
        return Message(
            "error", f"{REFUSED.get(kind, 'The write')} was refused; nothing changed.", error.report.format()
        )
    except GraphError as error:  # a full disk, a file made read-only, a conflicting write…
        return Message("error", f"{REFUSED.get(kind, 'The write')} was refused; nothing changed. {error}")


def write_renamed() -> Message:
    """The refused write the user chose to keep apart: each id stored with other content gets a
    new one (ID-2), and the report says which, field by field."""
    pending = state.pending_write()
    state.set_pending_write(None)
    if pending is None:
        return Message("info", "Nothing is waiting to be written.")
    addition, note, kind = pending
    try:
        message = write(addition, note, kind, on_conflict="rename")
    except DatasetError as error:
        return Message("error", "The store refused the write; nothing changed.", error.report.format())
    except GraphError as error:
        return Message("error", f"The write was refused; nothing changed. {error}")
    return message


def keep_apart() -> None:
    """The Build tab's button after a refusal for ids stored with other content."""
    state.set_message("ingest", write_renamed())


NAME_PHRASE = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of|the|for|de|van|von)?\s*[A-Z][\w'’.-]*)*")


def gazetteer(text: str, limit_phrases: int = 400) -> nx.MultiDiGraph | None:
    """On a store, the entities an article may name, for the extraction to recognise them: each
    capitalised phrase of the text is looked up (best match only), and what is found is fetched.
    None when the app is not on a store (the graph in memory is the gazetteer)."""
    store_url = url()
    if store_url is None:
        return None
    store = cache.store_for(store_url)
    phrases: dict[str, None] = {}
    for match in NAME_PHRASE.finditer(text):
        words = [word.strip(".,;:") for word in match.group().split()]
        phrases[" ".join(words)] = None
        for size in (3, 2, 1):  # "Lieutenant General Janusz Adamczak" → "Janusz Adamczak", "Adamczak"
            for start in range(len(words) - size + 1):
                phrases[" ".join(words[start : start + size])] = None
    found: set[str] = set()
    for phrase in list(phrases)[:limit_phrases]:
        matches = store.search(phrase, limit=1)
        if matches and matches[0].score >= 1000:  # the whole name, a label or an alias (graph.query)
            found.add(matches[0].id)
    current = state.loaded()
    fetched = (
        store.neighbours(sorted(found), 0, None, max(len(found), 1)).graph if found else nx.MultiDiGraph()
    )
    return combine(current.G, fetched) if current is not None else fetched


def entities_graph(ids: Iterable[str]) -> nx.MultiDiGraph | None:
    """On a store, the given entities with every claim about them; else None."""
    store_url = url()
    if store_url is None:
        return None
    store = cache.store_for(store_url)
    records = [store.entity(node).graph for node in ids if store.has(node)]
    return combine(*records) if records else nx.MultiDiGraph()
