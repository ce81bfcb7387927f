"""Claims stores: the same questions answered from memory, a DuckDB file or PostgreSQL.

>>> from graph.store import open_store
>>> store = open_store("memory:")            # the bundled NATO dataset, in memory
>>> [match.id for match in store.search("osterreich")]
['state:AUT']
>>> store.view(ViewSpec(focus="state:RUS", depth=1)).graph.number_of_nodes() > 1
True

URLs: ``memory:`` (the bundled data) or ``memory:PATH`` (anything ``--data`` reads),
``duckdb:///path/file.duckdb`` and ``postgresql://user@host:port/database``. The
interface is :class:`Store` (see :mod:`graph.store.base`); the SQL stores share one
schema (:mod:`graph.store.schema`) and one set of queries (:mod:`graph.store.queries`).
"""

from __future__ import annotations

from graph.errors import InputError
from graph.store.base import (
    DEFAULT_LIMIT,
    ClaimFilter,
    EntityRecord,
    PathResult,
    Store,
    StoreSummary,
    Subgraph,
    WriteResult,
    combine,
)
from graph.store.memory import MemoryStore
from graph.store.schema import SCHEMA_VERSION
from graph.view import ViewSpec

__all__ = [
    "DEFAULT_LIMIT",
    "SCHEMA_VERSION",
    "ClaimFilter",
    "EntityRecord",
    "MemoryStore",
    "PathResult",
    "Store",
    "StoreSummary",
    "Subgraph",
    "ViewSpec",
    "WriteResult",
    "combine",
    "open_store",
]

SCHEMES = ("memory:", "duckdb:///PATH", "postgresql://USER@HOST:PORT/DATABASE")


def open_store(url: str, create: bool = False) -> Store:
    """Open the store at ``url``; ``create`` makes an empty one (schema included) when there is none.

    Raises InputError naming the URL forms when the URL is not one of them.
    """
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "memory":
        from graph import load_graph

        path = url.split(":", 1)[1] or None
        return MemoryStore(load_graph(path), url=url)
    if scheme == "duckdb":
        from graph.store.duckdb_store import DuckDBStore

        path = url[len("duckdb:///") - 1 :] if url.startswith("duckdb:///") else ""
        if path == "/:memory:":
            path = ":memory:"
        if not path.strip("/"):
            raise InputError(f"'{url}' names no file; write duckdb:///path/to/file.duckdb.")
        return DuckDBStore(path, url=url, create=create)
    if scheme in ("postgresql", "postgres"):
        from graph.store.postgres_store import PostgresStore

        return PostgresStore(url, create=create)
    raise InputError(f"'{url}' is not a store URL. Use one of: {', '.join(SCHEMES)}.")
