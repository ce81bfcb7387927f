"""A large workspace's graph and groups, kept on disk and made when the workspace is written.

Opening a workspace of 100,000 claims whole reads its rows, builds the graph and cuts it into
groups (communities): several seconds. What they produce depends only on the workspace's
version and this program's code, so they are kept in ``$AGX_HOME/cache``
(:mod:`graph.derived_cache`), where the app finds them after a restart. Made when the workspace
is written whole (``workspace new`` or ``import`` on the command line), they are there for its
very first opening too. Not for an upload the app saves as a new workspace: the app holds that
graph already (ui/cache.py, ``prime``), and keeping it on disk would add to the save, which a
filter change made just after the upload waits for (docs/benchmarks.md); it is kept on its first
opening after a restart. The keys are made here only, for the app's cache (ui/cache.py) and for
the writers alike.

>>> whole_token("sqlite:///w/NATO.sqlite", "12:3")
'whole:sqlite:///w/NATO.sqlite:12:3'
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graph.derived_cache import remembered
from graph.draw import Groups, group_nodes
from graph.readers import graph_of
from graph.settings import limit
from graph.store import Store, open_store
from graph.workspace import agx_home

WHOLE = "whole:"  # the token of a workspace or store held whole: whole:URL:VERSION
ON_DISK_ELEMENTS = 20_000  # entities + relations from which the graph is kept on disk


def cache_folder(home: Path | None = None) -> Path:
    """Where they are kept: ``cache`` in the user's data folder (``$AGX_HOME``)."""
    return (home or agx_home()) / "cache"


def whole_token(url: str, version: str) -> str:
    """The token of a store's version held whole (the app's caches are keyed by it)."""
    return f"{WHOLE}{url}:{version}"


def kept_on_disk(store: Store) -> bool:
    """True when the store is large enough for its graph to be kept on disk, and small enough to
    be shown whole (within the ``max_elements`` budget; above it, it is explored by search)."""
    summary = store.summary()
    return ON_DISK_ELEMENTS <= summary.entities + summary.edges <= limit("max_elements")


def whole_graph(folder: Path, url: str, version: str, store: Store) -> nx.MultiDiGraph:  # type: ignore[type-arg]
    """The store's whole graph at ``version``, frozen: read from ``folder`` when kept there, else
    built from the store and kept."""
    return remembered(folder, (url, version, "graph"), lambda: nx.freeze(graph_of(store.dataset())))


def _group_sizes() -> tuple[str, ...]:
    return tuple(str(limit(name)) for name in ("large_graph", "max_group", "min_group"))


def whole_groups(folder: Path, token: str, G: nx.MultiDiGraph) -> Groups:  # type: ignore[type-arg]
    """The groups of a whole graph (its token from :func:`whole_token`), kept in ``folder``."""
    return remembered(folder, (token, "groups", *_group_sizes()), lambda: group_nodes(G))


def prepare(folder: Path, url: str) -> bool:
    """Build and keep the store's graph and groups now, if it is one the app keeps on disk (see
    :func:`kept_on_disk`): True when it did."""
    store = open_store(url)
    try:
        if not kept_on_disk(store):
            return False
        version = store.version()
        G = whole_graph(folder, url, version, store)
    finally:
        store.close()
    if G.number_of_nodes() > limit("large_graph"):
        whole_groups(folder, whole_token(url, version), G)
    return True
