"""The claims store in PostgreSQL: a server that a team shares (psycopg 3).

``postgresql://user@host:port/database`` (any libpq connection URL; keep the password in a
password file, ``PGPASSFILE`` or a service file rather than in the URL). A statement
borrows a connection from a small pool (graph/store/pool.py) and gives it back; reads run
in autocommit (each query sees what was committed when it started); a write is one
transaction on one connection that first takes an advisory lock, so writers of every
process take turns and none works from a stale picture. A writer that dies
mid-transaction is rolled back by the server and its lock released.

Time limits (graph/settings.py): connecting waits at most ``store_connect_seconds`` (a
server that accepts and never answers is reported, not waited for), and a statement runs
at most ``store_statement_seconds`` (the server's ``statement_timeout``). A pooled
connection the server closed meanwhile (a restart) is replaced without a word; the URL
shown anywhere is redacted (graph/store/urls.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from graph.errors import StoreUnavailableError
from graph.settings import limit
from graph.store.base import WriteResult
from graph.store.pool import Pool
from graph.store.sql import Row, SQLStore
from graph.store.urls import redact_url, scrub, server_of

WRITE_LOCK = 7_101_946  # the advisory lock every writer of a store takes (any fixed number)
T = TypeVar("T")


class PostgresStore(SQLStore):
    """A store in one PostgreSQL database (see the module docstring)."""

    def __init__(self, url: str, create: bool = False) -> None:
        self._secret_url = url  # what connects; only the redacted form is ever shown
        self.url = redact_url(url)
        self._pool: Pool[Any] = Pool(self._connect, lambda connection: connection.close(), usable=_usable)
        with self._pool.lent():  # fail early, with a clear message
            pass
        self._guarded(lambda: self._prepare(create))

    def _connect(self) -> Any:
        import psycopg

        seconds = limit("store_connect_seconds")
        try:
            # No server-side prepared plans: a generic plan cannot know how many ids an array holds.
            connection = psycopg.connect(
                self._secret_url, autocommit=True, prepare_threshold=None, connect_timeout=seconds
            )
        except psycopg.Error as error:
            raise self._unreachable(error, seconds) from None
        connection.execute(f"SET statement_timeout = {int(limit('store_statement_seconds')) * 1000}")
        return connection

    def _unreachable(self, error: Exception, seconds: int) -> StoreUnavailableError:
        """One line naming the host and what to do, for a connection that failed."""
        import psycopg

        text = scrub(" ".join(str(error).split()), self._secret_url)
        host = server_of(self._secret_url)
        if not isinstance(error, psycopg.OperationalError):
            return StoreUnavailableError(
                f"'{self.url}' is not a usable PostgreSQL URL ({text}). Write "
                "postgresql://USER@HOST:PORT/DATABASE (--store, or the AGX_STORE variable).",
                "url",
            )
        if "timeout" in text.lower() or "timed out" in text.lower():
            return StoreUnavailableError(
                f"The store's server {host} did not answer within {seconds} s (the setting "
                f"store_connect_seconds, AGX_STORE_CONNECT_SECONDS). Check that the server runs and "
                f"is reachable, or allow longer.",
                "timeout",
            )
        return StoreUnavailableError(
            f"Cannot connect to the store {self.url} on {host}: {text}. Check that the server runs "
            "and the URL (postgresql://USER@HOST:PORT/DATABASE).",
            "refused",
        )

    def _guarded(self, work: Callable[[], T]) -> T:
        """``work()``, its driver errors said in one line: a cancelled (timed out) statement, or
        a server that went away."""
        import psycopg

        try:
            return work()
        except psycopg.errors.QueryCanceled as error:
            seconds = limit("store_statement_seconds")
            raise StoreUnavailableError(
                f"A statement on the store {self.url} ran longer than {seconds} s and was stopped "
                f"(the setting store_statement_seconds, AGX_STORE_STATEMENT_SECONDS; "
                f"{scrub(str(error).strip(), self._secret_url)}).",
                "timeout",
            ) from None
        except psycopg.OperationalError as error:
            raise StoreUnavailableError(
                f"The store's server {server_of(self._secret_url)} went away "
                f"({scrub(' '.join(str(error).split()), self._secret_url)}). Try again when it is back.",
                "gone",
            ) from None

    def _statement(self, use: Callable[[Any], T]) -> T:
        """``use(connection)`` on a lent connection; a connection the server closed while it was
        idle in the pool (e.g. a restart) is replaced once, silently."""
        import psycopg

        def attempt() -> T:
            with self._pool.lent() as connection:
                return use(connection)

        if self._pool.holding():
            return self._guarded(attempt)  # inside a transaction: no second try on another connection
        try:
            return attempt()
        except psycopg.OperationalError:
            self._pool.discard_idle()  # they are as stale as the one that failed
            return self._guarded(attempt)

    def _fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        return self._statement(lambda connection: connection.execute(sql, params or {}).fetchall())

    def _run(self, sql: str, params: dict[str, Any] | None = None) -> None:
        self._statement(lambda connection: connection.execute(sql, params or {}))

    def _insert(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
        if not rows:
            return

        def copy_rows(connection: Any) -> None:
            with (
                connection.cursor() as cursor,
                cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)

        self._statement(copy_rows)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        import psycopg

        if not self._pool.holding():
            self._fetch("SELECT 1")  # a connection the server closed while idle is replaced here, silently
        try:
            with self._pool.held() as connection, connection.transaction():
                connection.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                yield
        except (psycopg.errors.QueryCanceled, psycopg.OperationalError) as error:
            failure = error  # said in one line by _guarded
            self._guarded(lambda: _reraise(failure))

    @contextmanager
    def _writing_now(self) -> Iterator[bool]:
        """A write transaction if no writer holds the store's advisory lock now, else False."""
        import psycopg

        if not self._pool.holding():
            self._fetch("SELECT 1")  # as in _writing: a connection closed while idle is replaced
        try:
            with self._pool.held() as connection, connection.transaction():
                row = connection.execute("SELECT pg_try_advisory_xact_lock(%s)", (WRITE_LOCK,)).fetchone()
                yield bool(row and row[0])
        except (psycopg.errors.QueryCanceled, psycopg.OperationalError) as error:
            failure = error
            self._guarded(lambda: _reraise(failure))

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


def _reraise(error: BaseException) -> None:
    raise error


def _usable(connection: Any) -> bool:
    """Open and not inside a transaction (one left open by an error is not lent again)."""
    import psycopg

    return not connection.closed and connection.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
