"""What the app computes once and shares: the bundled graph, layouts, views, payloads.

Everything here is a ``st.cache_resource``: one object shared by every session, so each
result is frozen (graphs) or immutable (bytes, tuples) and never changed by a caller. Results
are keyed by the graph's token (see ui.state.LoadedGraph) and, for views, by the ViewSpec.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
import weakref
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

import networkx as nx
import streamlit as st

from graph import prepared
from graph.build import graph_to_dataset
from graph.dedupe import Candidate, candidates
from graph.draw import (
    Groups,
    Positions,
    compute_layout,
    file_layout,
    group_layout,
    group_nodes,
    layout_scope,
    own_styles,
    readable_layout,
    view_payload,
)
from graph.export.caption import view_caption
from graph.guide import Guide, guide
from graph.ingest.merge import MergeConflict
from graph.ingest.workflow import pending_conflicts
from graph.model import Claim, Dataset
from graph.query import Catalogue, catalogue
from graph.readers import graph_of
from graph.settings import configure, limit
from graph.store import Store, StoreSummary, WriteRecord, open_store
from graph.store.changes import Note, Retraction
from graph.timeline import (
    Diff,
    Series,
    Timeline,
    TimelineIndex,
    diff,
    filter_scope,
    membership_series,
    timeline,
    timeline_scope,
)
from graph.timeline.diff import without_dates
from graph.view import ViewSpec, apply_view, comparison
from ui.graph_view import encode_payload, ensure_static_assets
from ui.runtime import release_memory
from ui.state import LoadedGraph

F = TypeVar("F", bound=Callable[..., Any])

# ---- Forgetting a graph no session holds ------------------------------------------------------
# The entries below are keyed by a graph's token, and some hold the whole graph (the default
# view is a view of it, graph.view.apply_view). When a session replaces its upload, or ends,
# its LoadedGraph is dropped; settle() then clears that token's entries, so the graph's memory
# comes back (three 1M-node uploads in a row: bench/upload_memory.py).
_entries: dict[str, set[tuple[Any, tuple[Any, ...]]]] = {}  # token → (cached function, its other arguments)
_watched: dict[str, int] = {}  # token → its graph's node count
# Below this many nodes in the graphs dropped since the last run, their memory is left to
# reference counting and the collector's own pace: a full collection and malloc_trim cost
# about 50 ms, paid on every fetch from a claims store (each fetch is a new graph).
RELEASE_AFTER_NODES = 20_000
_dropped: list[str] = []  # tokens whose LoadedGraph is gone, cleared at the next settle()
_lock = threading.Lock()


def _per_graph(cached: F) -> F:
    """Record each entry of a token-keyed cache (``f(G, token, *rest)``) so settle() can clear it."""

    @functools.wraps(cached)
    def call(first: Any, graph_token: str, *rest: Any) -> Any:
        with _lock:
            _entries.setdefault(graph_token, set()).add((cached, rest))
        return cached(first, graph_token, *rest)

    return cast(F, call)


def _dropped_graph(graph_token: str) -> None:
    with _lock:  # called when a LoadedGraph is freed, wherever that happens: only note it here
        _dropped.append(graph_token)


def settle(loaded: LoadedGraph) -> None:
    """Watch this session's graph (its entries are cleared once no session holds it) and clear
    the entries of graphs dropped since the last run, then give their memory back."""
    with _lock:
        if loaded.token not in _watched:
            _watched[loaded.token] = loaded.G.number_of_nodes()
            weakref.finalize(loaded, _dropped_graph, loaded.token)
        tokens, _dropped[:] = list(_dropped), []
        entries = [(token, _entries.pop(token, set())) for token in tokens]
        for token in tokens:
            _starts.pop(token, None)
        dropped_nodes = sum(_watched.pop(token, 0) for token in tokens)
    for token, calls in entries:
        for cached, rest in calls:
            cached.clear(None, token, *rest)  # the graph argument is not part of the key
    if entries and dropped_nodes >= RELEASE_AFTER_NODES:
        release_memory()


@st.cache_resource
def static_assets() -> None:
    """Copy vis-network into static/ once per server process, not on every rerun."""
    ensure_static_assets()


def configure_limits() -> None:
    """Read the limits' environment variables (AGX_LOD_NODES…): when the app starts, cheaply on every run."""
    configure(os.environ)


# Uploads saved as new workspaces, shown as their workspace's graph: (url, version) → the graph.
_primed: dict[tuple[str, str], LoadedGraph] = {}
PRIMED = 4  # kept at most, the newest: as many as whole_graph keeps
# ... and no more nodes and links than this besides the newest: three 300,000-node uploads in a
# row in one session kept all three (resident memory +104 %, bench/upload_memory.py); an older
# upload is read back from its workspace if it is opened again.
PRIMED_ELEMENTS = 100_000


def _size(loaded: LoadedGraph) -> int:
    return loaded.G.number_of_nodes() + loaded.G.number_of_edges()


def prime(url: str, version: str, loaded: LoadedGraph) -> None:
    """Show ``loaded`` (an upload just written to the store ``url``, now at ``version``) as that
    version's whole graph: the layout and drawing made for the upload serve it, with nothing
    read back. A later write makes a new version, read from the store as usual."""
    evicted = []  # dropped after the lock is let go: a graph's last reference runs _dropped_graph
    with _lock:
        _primed[(url, version)] = loaded
        while len(_primed) > PRIMED or (
            len(_primed) > 1
            and sum(_size(item) for item in _primed.values()) - _size(loaded) > PRIMED_ELEMENTS
        ):
            evicted.append(_primed.pop(next(iter(_primed))))
    evicted.clear()


def whole(url: str, version: str, name: str) -> LoadedGraph:
    """The whole graph of a store's version: an upload saved as it (:func:`prime`), else read."""
    with _lock:
        primed = _primed.get((url, version))
    return primed if primed is not None else whole_graph(url, version, name)


@st.cache_resource(show_spinner="Reading the workspace…", max_entries=4)
def whole_graph(url: str, version: str, name: str) -> LoadedGraph:
    """A workspace (or store) within the in-memory budget, whole and frozen: built once per version
    (a write by anyone, the command line included, makes a new version, shown on the next rerun),
    shared by every session, changed by none."""
    store = store_for(url)
    if prepared.kept_on_disk(store):  # read again after a restart, in about a quarter of the time
        G = prepared.whole_graph(prepared.cache_folder(), url, version, store)
    else:
        G = nx.freeze(graph_of(store.dataset()))  # its decisions applied, as on reading a file
    return LoadedGraph(G, prepared.whole_token(url, version), name)


@st.cache_resource(show_spinner=False, max_entries=16)
def fits_in_memory(url: str, version: str, budget: int) -> bool:
    """True when the store's entities and relations fit the ``budget`` (the ``max_elements`` limit,
    graph/budget.py): it is then shown whole, else explored by search and expand."""
    summary = store_for(url).summary()
    return summary.entities + summary.edges <= budget


@st.cache_resource(show_spinner=False, max_entries=16)
def history_for(url: str, version: str) -> tuple[WriteRecord, ...]:
    """The store's writes, newest first, once per version."""
    return tuple(store_for(url).history())


@st.cache_resource(show_spinner=False, max_entries=256)
def entity_history_for(url: str, version: str, entity: str) -> tuple[WriteRecord, ...]:
    """The writes that touched one entity, newest first, once per version."""
    return tuple(store_for(url).history(entity=entity))


@st.cache_resource(show_spinner=False, max_entries=64)
def entity_claims_for(url: str, version: str, entity: str) -> tuple[Claim, ...]:
    """Every current claim about one entity (as subject or object), once per version: what the
    Details panel's edit forms correct, retract and annotate."""
    store = store_for(url)
    return store.entity(entity).claims if store.has(entity) else ()


@st.cache_resource(show_spinner=False, max_entries=64)
def retracted_for(url: str, version: str, entity: str) -> tuple[Retraction, ...]:
    """The retracted claims about one entity, with why, who and when, once per version."""
    return store_for(url).retracted(entity)


@st.cache_resource(show_spinner=False, max_entries=64)
def notes_for(url: str, version: str, entity: str) -> tuple[Note, ...]:
    """The notes on one entity and on the claims that name it, once per version."""
    return store_for(url).notes(entity)


# Graphs that grew from another (a claims store's fetches): token → the positions of the graph
# before, so the layout starts from what the person has seen (graph.draw.layout.grown).
_starts: dict[str, Positions] = {}


def grown_from(loaded: LoadedGraph, previous: LoadedGraph | None, spec: ViewSpec) -> None:
    """Lay ``loaded`` out from where ``previous`` was drawn in the view ``spec`` (what the person
    saw, when ``loaded`` was fetched onto it)."""
    if previous is None or previous.G.number_of_nodes() == 0:
        return
    if groups_for(previous.G, previous.token) is not None:
        return
    positions = positions_for(previous, spec, list(previous.G))  # takes _lock itself: not under it
    with _lock:
        _starts[loaded.token] = positions


@_per_graph
@st.cache_resource(show_spinner="Computing the layout…", max_entries=16)
def layout_for(_G: nx.MultiDiGraph, graph_token: str) -> Positions:
    """Positions for a whole graph of up to ``large_graph`` nodes, computed once per graph (by token)."""
    with _lock:  # kept until the graph is dropped (settle): an evicted layout is grown again
        start = _starts.get(graph_token)
    # When every view of the graph gets a layout of its own (graph.draw.readable_layout), this
    # one is only where they start: the new nodes are placed, not settled (about 80 ms less).
    return compute_layout(_G, start=start, settle=_G.number_of_nodes() > limit("readable_view"))


@_per_graph
@st.cache_resource(show_spinner="Finding the groups of this large graph…", max_entries=16)
def groups_for(_G: nx.MultiDiGraph, graph_token: str) -> Groups | None:
    """Groups (communities) of a graph above ``large_graph`` nodes: the unit of layout and level of detail."""
    if _G.number_of_nodes() <= limit("large_graph"):
        return None
    if graph_token.startswith(prepared.WHOLE):  # a workspace's version: kept on disk with its graph
        return prepared.whole_groups(prepared.cache_folder(), graph_token, _G)
    return group_nodes(_G)


@_per_graph
@st.cache_resource(show_spinner=False, max_entries=8192)
def group_layout_for(_G: nx.MultiDiGraph, graph_token: str, index: int) -> Positions:
    """One group's positions: one bounded call (at most about 0.3 s), made when first needed."""
    groups = groups_for(_G, graph_token)
    assert groups is not None  # only large graphs have groups
    return group_layout(_G, groups, index)


@_per_graph
@st.cache_resource(show_spinner=False, max_entries=64)
def readable_layout_for(_G: nx.MultiDiGraph, graph_token: str, scope: ViewSpec) -> Positions | None:
    """A small view's own layout (see graph.draw.view_positions), once per graph and layout scope.
    It starts from the whole graph's layout when that exists (a graph of up to ``large_graph``)."""
    start = layout_for(_G, graph_token) if groups_for(_G, graph_token) is None else None
    return readable_layout(_G, scope, start)


def positions_for(loaded: LoadedGraph, spec: ViewSpec, nodes: Iterable[str]) -> Positions:
    """Positions for ``nodes`` (at least) of the view ``spec``: a small view's own readable layout,
    else the whole layout of a small graph, or the groups they are in for a large one. A reopened
    snapshot keeps the positions it was saved with."""
    G, token = loaded.G, loaded.token
    wanted = list(nodes)
    saved = (G.graph.get("snapshot") or {}).get("positions") or {}
    if saved and all(node in saved for node in wanted):
        return dict(saved)
    if spec.positions == "file":
        saved = {**file_layout_for(G, token), **saved}
        if all(node in saved for node in wanted):
            return saved
    groups = groups_for(G, token)
    if groups is None:
        own = readable_layout_for(G, token, layout_scope(spec))
        return {**layout_for(G, token), **(own or {}), **saved}
    if len(wanted) <= limit("readable_view") and (own := readable_layout_for(G, token, layout_scope(spec))):
        return {**own, **saved}
    positions: Positions = {}
    with st.spinner("Laying out the groups in view…"):
        for index in sorted({groups.of[node] for node in wanted}):
            positions.update(group_layout_for(G, token, index))
    return {**positions, **saved}


@_per_graph
@st.cache_resource(max_entries=16, show_spinner=False)
def file_layout_for(_G: nx.MultiDiGraph, graph_token: str) -> Positions:
    """The file's own positions (Gephi's layout, yEd's geometry), once per graph."""
    return file_layout(_G)


@_per_graph
@st.cache_resource(max_entries=16, show_spinner=False)
def catalogue_for(_G: nx.MultiDiGraph, graph_token: str) -> Catalogue:
    """Counts and picker labels of a whole graph, once per graph (not on every rerun)."""
    return catalogue(_G)


@_per_graph
@st.cache_resource(max_entries=16, show_spinner=False)
def guide_for(_G: nx.MultiDiGraph, graph_token: str, name: str) -> Guide:
    """The header's presets, lead and search hint for a whole graph, once per graph."""
    return guide(_G, name)


def view_for(G: nx.MultiDiGraph, graph_token: str, spec: ViewSpec) -> nx.MultiDiGraph:
    """The subgraph of one view, frozen and shared: filters run once per graph and filters (a
    selection or a new colouring does not filter again; the Time tab's view of the same filters
    is the same entry)."""
    spec = filter_scope(spec)
    if spec.as_of and comparison(spec) is None:
        return dated_view_for(G, graph_token, spec)
    return whole_view_for(G, graph_token, spec)


@_per_graph
@st.cache_resource(max_entries=64, show_spinner=False)
def whole_view_for(_G: nx.MultiDiGraph, graph_token: str, spec: ViewSpec) -> nx.MultiDiGraph:
    return nx.freeze(apply_view(_G, spec))


@_per_graph
@st.cache_resource(max_entries=8, show_spinner=False)
def dated_view_for(_G: nx.MultiDiGraph, graph_token: str, spec: ViewSpec) -> nx.MultiDiGraph:
    """A view as of a date, from its timeline's index (the same graph as apply_view's; a step of a
    10,000-node timeline costs a third of apply_view's time, bench/timeline.py). Few are kept: a
    timeline played on 10,000 entities made one 17 MB view per step."""
    return nx.freeze(timeline_index_for(_G, graph_token, timeline_scope(spec)).view(spec.as_of or ""))


# ---- Time: one timeline per graph and scope (the view without its dates and styling) ----------


@_per_graph
@st.cache_resource(max_entries=8, show_spinner=False)
def timeline_index_for(_G: nx.MultiDiGraph, graph_token: str, scope: ViewSpec) -> TimelineIndex:
    """The view on any day of one scope, from arrays of every edge's dates (built once)."""
    return TimelineIndex(_G, scope)


@_per_graph
@st.cache_resource(max_entries=16, show_spinner=False)
def timeline_for(_G: nx.MultiDiGraph, graph_token: str, scope: ViewSpec, by: str) -> Timeline | None:
    """The time control's dates, steps and histogram for one scope, by month or by year (from the
    scope's cached view: filtering a 10,000-node graph again cost about 0.15 s per filter change)."""
    return timeline(_dateless_view_for(_G, graph_token, scope), None, "month" if by == "month" else "year")


@_per_graph
@st.cache_resource(max_entries=16, show_spinner=False)
def changes_for(_G: nx.MultiDiGraph, graph_token: str, scope: ViewSpec, first: str, second: str) -> Diff:
    """What began, ended or has no dates between two dates in one scope."""
    return diff(_G, first, second, scope)


@_per_graph
@st.cache_resource(max_entries=16, show_spinner=False)
def membership_for(_G: nx.MultiDiGraph, graph_token: str, scope: ViewSpec) -> tuple[Series, ...]:
    """Members of each alliance and partners of each framework over time, in one scope."""
    return tuple(membership_series(_dateless_view_for(_G, graph_token, scope), None))


def _dateless_view_for(G: nx.MultiDiGraph, graph_token: str, scope: ViewSpec) -> nx.MultiDiGraph:
    """The view ``scope`` selects at every date (graph.timeline.diff.dateless_view), cached."""
    return view_for(G, graph_token, without_dates(scope))


@_per_graph
@st.cache_resource(max_entries=64, show_spinner=False)
def view_size_for(_G: nx.MultiDiGraph, graph_token: str, spec: ViewSpec) -> tuple[int, int]:
    """Entities and relations in one view. Counting a MultiDiGraph's edges is a full pass
    (about 85 ms on a 50,000-node view here), so it is done once per view, not per rerun."""
    view = view_for(_G, graph_token, spec)
    return view.number_of_nodes(), view.number_of_edges()


def payload_for(loaded: LoadedGraph, graph_token: str, spec: ViewSpec) -> bytes:
    """The encoded vis-network data of one view, cached by graph token and view spec.

    Bytes are immutable, so every session may share them; a second open of a view costs
    no layout, no payload building and no JSON encoding. Views as of a date (a timeline's
    steps) are kept apart and fewer: a 10,000-node step is a few megabytes.
    """
    if spec.as_of and comparison(spec) is None:
        return dated_payload_for(loaded, graph_token, spec)
    return whole_payload_for(loaded, graph_token, spec)


@_per_graph
@st.cache_resource(max_entries=64, show_spinner=False)
def whole_payload_for(_loaded: LoadedGraph, graph_token: str, spec: ViewSpec) -> bytes:
    return build_payload(_loaded, graph_token, spec)


@_per_graph
@st.cache_resource(max_entries=8, show_spinner=False)
def dated_payload_for(_loaded: LoadedGraph, graph_token: str, spec: ViewSpec) -> bytes:
    return build_payload(_loaded, graph_token, spec)


def build_payload(_loaded: LoadedGraph, graph_token: str, spec: ViewSpec) -> bytes:
    G = _loaded.G
    view = view_for(G, graph_token, spec)
    payload = view_payload(
        G, spec, groups_for(G, graph_token), lambda nodes: positions_for(_loaded, spec, nodes), view=view
    )
    payload["frame_key"] = repr(layout_scope(spec))
    payload["caption"] = view_caption(G, view, spec).as_dict()
    if (frame := layout_frame(_loaded, spec)) is not None:
        payload["frame"] = frame
    return encode_payload(payload)


def layout_frame(loaded: LoadedGraph, spec: ViewSpec) -> list[float] | None:
    """On a graph laid out whole, the extent of every position the view's layout holds (whatever
    the date): the browser keeps its viewport through a timeline's steps (ui/graph_view.js)."""
    if groups_for(loaded.G, loaded.token) is not None:
        return None
    placed = view_for(loaded.G, loaded.token, layout_scope(spec))
    positions = positions_for(loaded, spec, placed)
    points = [positions[node] for node in placed if node in positions]
    if not points:
        return None
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return [min(xs), min(ys), max(xs), max(ys)]


@_per_graph
@st.cache_resource(max_entries=8, show_spinner="Checking the proposal against the dataset…")
def conflicts_for(
    _G: nx.MultiDiGraph, graph_token: str, _addition: Dataset, review_key: str
) -> tuple[MergeConflict, ...]:
    """The accepted proposals' disagreements with the dataset, once per graph and review
    (``review_key`` names the proposal and its edits): a rerun that did not change the review
    costs nothing."""
    return tuple(pending_conflicts(_G, _addition))


@_per_graph
@st.cache_resource(max_entries=8, show_spinner="Looking for duplicates…")
def candidates_for(_G: nx.MultiDiGraph, graph_token: str) -> tuple[Candidate, ...]:
    """Pairs of entities that may be one (graph.dedupe), once per graph."""
    return tuple(candidates(graph_to_dataset(_G)))


@_per_graph
@st.cache_resource(max_entries=16, show_spinner=False)
def own_styles_for(_G: nx.MultiDiGraph, graph_token: str) -> dict[str, tuple[str, ...]]:
    """What a graph's own data offers the Style choices: "file" colours, sizes and positions, and
    "attr:NAME" for its attributes (graph/draw/styles.py)."""
    return own_styles(_G)


# ---- A claims store (graph/store/): the explorer fetches what it shows --------------------------


def _argument(name: str) -> str | None:
    """``--NAME VALUE`` or ``--NAME=VALUE`` after the script's ``--`` (scripts/run.sh -- --NAME VALUE)."""
    arguments = sys.argv[1:]
    for index, argument in enumerate(arguments):
        if argument == f"--{name}" and index + 1 < len(arguments):
            return arguments[index + 1]
        if argument.startswith(f"--{name}="):
            return argument.split("=", 1)[1]
    return None


def store_url() -> str | None:
    """The store the app explores by search and expand: ``--store URL`` (scripts/run.sh --
    --store URL), else the AGX_STORE variable; else ``--data PATH`` read into memory (writes last
    as long as the server); None for the current workspace."""
    if (url := _argument("store") or os.environ.get("AGX_STORE")) is not None:
        return url
    data = _argument("data")
    return f"memory:{data}" if data else None


@st.cache_resource(show_spinner="Opening the claims store…")
def store_for(url: str) -> Store:
    """One store per URL for every session (the SQL stores give each thread its own connection)."""
    return open_store(url)


@st.cache_resource(max_entries=4, show_spinner=False, ttl=60)
def store_summary_for(url: str) -> StoreSummary:
    """The store's counts (cheap to keep for a minute: other writers may change them)."""
    return store_for(url).summary()
