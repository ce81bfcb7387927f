"""The claims store in PostgreSQL: a server that a team shares (psycopg 3).

``postgresql://user@host:port/database`` (any libpq connection URL). A statement borrows
a connection from a small pool (graph/store/pool.py) and gives it back; reads run in
autocommit (each query sees what was committed when it started); a write is one
transaction on one connection that first takes an advisory lock, so writers of every
process take turns and none works from a stale picture. A writer that dies
mid-transaction is rolled back by the server and its lock released.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from graph.errors import InputError
from graph.store.base import WriteResult
from graph.store.pool import Pool
from graph.store.sql import Row, SQLStore

WRITE_LOCK = 7_101_946  # the advisory lock every writer of a store takes (any fixed number)


class PostgresStore(SQLStore):
    """A store in one PostgreSQL database (see the module docstring)."""

    def __init__(self, url: str, create: bool = False) -> None:
        self.url = url
        self._pool: Pool[Any] = Pool(self._connect, lambda connection: connection.close(), usable=_usable)
        with self._pool.lent():  # fail early, with a clear message
            pass
        self._prepare(create)

    def _connect(self) -> Any:
        import psycopg

        try:
            # No server-side prepared plans: a generic plan cannot know how many ids an array holds.
            return psycopg.connect(self.url, autocommit=True, prepare_threshold=None)
        except psycopg.OperationalError as error:
            raise InputError(
                f"Cannot connect to the store {self.url}: {str(error).strip()}. "
                "Check that the server runs and the URL (postgresql://USER@HOST:PORT/DATABASE)."
            ) from None

    def _fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        with self._pool.lent() as connection:
            return connection.execute(sql, params or {}).fetchall()

    def _run(self, sql: str, params: dict[str, Any] | None = None) -> None:
        with self._pool.lent() as connection:
            connection.execute(sql, params or {})

    def _insert(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
        if not rows:
            return
        with (
            self._pool.lent() as connection,
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        with self._pool.held() as connection, connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield

    def _after_migration(self, version: int) -> None:
        """A trigram index for search's substring match, where the server allows the extension
        (pg_trgm is trusted since PostgreSQL 13: a database owner may create it)."""
        import psycopg

        if version != 0:
            return
        try:  # a savepoint (this runs inside the migration): a refusal leaves the new schema in place
            with self._pool.held() as connection, connection.transaction():
                connection.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                connection.execute("CREATE INDEX names_trigrams ON names USING gin (folded gin_trgm_ops)")
        except psycopg.errors.Error:
            pass  # search then scans the names: slower (about 0.1 s at 200,000 entities), same answers

    def _after_write(self, result: WriteResult) -> None:
        """Fresh planner statistics after a large write (a load), or plans stay those of an empty store."""
        if result.entities + result.claims >= 10_000:
            self._run("ANALYZE entities, names, claims, links, attributes")

    def close(self) -> None:
        self._pool.close()


def _usable(connection: Any) -> bool:
    """Open and not inside a transaction (one left open by an error is not lent again)."""
    import psycopg

    return not connection.closed and connection.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
