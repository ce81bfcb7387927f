"""Claims stores: the same questions answered from memory, a SQLite or DuckDB file, or PostgreSQL.

>>> from graph.store import open_store
>>> store = open_store("memory:")            # the bundled NATO dataset, in memory
>>> [match.id for match in store.search("osterreich")]
['state:AUT']
>>> store.view(ViewSpec(focus="state:RUS", depth=1)).graph.number_of_nodes() > 1
True

URLs: ``memory:`` (the bundled data) or ``memory:PATH`` (anything ``--data`` reads),
``sqlite:///path/file.sqlite`` (a workspace: :mod:`graph.workspace`),
``duckdb:///path/file.duckdb`` and ``postgresql://user@host:port/database``. The
interface is :class:`Store` (see :mod:`graph.store.base`); the SQL stores share one
schema (:mod:`graph.store.schema`) and one set of queries (:mod:`graph.store.queries`).
"""

from __future__ import annotations

from graph.errors import StoreUnavailableError, WriteConflictError
from graph.readers import load_path
from graph.store.base import (
    DEFAULT_LIMIT,
    WRITE_KINDS,
    ClaimFilter,
    EntityRecord,
    PathResult,
    SavedDraft,
    Store,
    StoreSummary,
    Subgraph,
    WriteRecord,
    WriteResult,
    WriteStamp,
    combine,
    whole_view,
)
from graph.store.duckdb_store import DuckDBStore
from graph.store.memory import MemoryStore
from graph.store.postgres_store import PostgresStore
from graph.store.schema import SCHEMA_VERSION
from graph.store.sqlite_store import SQLiteStore
from graph.store.urls import redact_url, scheme_of
from graph.view import ViewSpec

__all__ = [
    "DEFAULT_LIMIT",
    "SCHEMA_VERSION",
    "WRITE_KINDS",
    "ClaimFilter",
    "EntityRecord",
    "MemoryStore",
    "PathResult",
    "SQLiteStore",
    "SavedDraft",
    "Store",
    "StoreSummary",
    "StoreUnavailableError",
    "Subgraph",
    "ViewSpec",
    "WriteConflictError",
    "WriteRecord",
    "WriteResult",
    "WriteStamp",
    "combine",
    "open_store",
    "redact_url",
    "whole_view",
]

SCHEMES = ("memory:", "sqlite:///PATH", "duckdb:///PATH", "postgresql://USER@HOST:PORT/DATABASE")


def open_store(url: str, create: bool = False) -> Store:
    """Open the store at ``url``; ``create`` makes an empty one (schema included) when there is none.

    Raises StoreUnavailableError naming the URL forms when the URL is not one of them, and naming
    the file or host (never a password) when the store cannot be opened or reached.
    """
    scheme = scheme_of(url)
    if scheme == "memory":
        return MemoryStore(load_path(url.split(":", 1)[1] or None), url=url)
    if scheme == "sqlite":
        path = url[len("sqlite:///") - 1 :] if url.startswith("sqlite:///") else ""
        if not path.strip("/"):
            raise StoreUnavailableError(f"'{url}' names no file; write sqlite:///path/to/file.sqlite.", "url")
        return SQLiteStore(path, url=url, create=create)
    if scheme == "duckdb":
        path = url[len("duckdb:///") - 1 :] if url.startswith("duckdb:///") else ""
        if path == "/:memory:":
            path = ":memory:"
        if not path.strip("/"):
            raise StoreUnavailableError(f"'{url}' names no file; write duckdb:///path/to/file.duckdb.", "url")
        return DuckDBStore(path, url=url, create=create)
    if scheme in ("postgresql", "postgres"):
        return PostgresStore(url, create=create)
    raise StoreUnavailableError(
        f"'{redact_url(url)}' is not a store URL. Use one of: {', '.join(SCHEMES)} "
        "(--store, or the AGX_STORE variable).",
        "url",
    )
