"""The claims store in a SQLite file: the workspace's engine, shared by the app and the command line.

``sqlite:///path/to/file.sqlite`` (an absolute path after the third slash). The file is in
WAL mode: one process writes while any number read, and a reader never waits for a writer.
A writer waits for another one (``busy_timeout``, the setting ``store_statement_seconds``)
instead of failing, so the app and a command can both write; each write is one
``BEGIN IMMEDIATE`` transaction, so a process killed in the middle leaves the file as it was
before the write (SQLite rolls the rest back when the file is next opened).

The queries are those of every SQL store (:mod:`graph.store.queries`), written for
PostgreSQL and DuckDB; :func:`sqlite_sql` rewrites the few forms SQLite lacks (arrays
become JSON arrays read by ``json_each``; ``::TYPE`` casts go; ``COLLATE "C"`` is
``BINARY``, the same order). A file without write permission opens read-only
(:attr:`SQLiteStore.read_only`); a file of an older schema is copied next to itself before
it is migrated.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import stat
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.errors import StoreUnavailableError
from graph.settings import limit
from graph.store import queries
from graph.store.pool import Pool
from graph.store.sql import Row, SQLStore

_WRITERS: dict[str, threading.Lock] = {}
_WRITERS_LOCK = threading.Lock()

_ANY = re.compile(r"= ANY\(%\((\w+)\)s::\w+\[\]\)")
_UNNEST = re.compile(r"SELECT unnest\(%\((\w+)\)s::\w+\[\]\)((?: AS \w+)?(?:, 0)?)")
_CAST = re.compile(r"::\w+")
_PARAMETER = re.compile(r"%\((\w+)\)s")
_OWN = {
    queries.META_TABLE_EXISTS: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
    "AND name = 'store_meta'"
}


@lru_cache(maxsize=256)
def sqlite_sql(sql: str) -> str:
    """A query of :mod:`graph.store.queries` in SQLite's dialect.

    >>> sqlite_sql("SELECT e.seq FROM entities e WHERE e.seq = ANY(%(seqs)s::BIGINT[])")
    'SELECT e.seq FROM entities e WHERE e.seq IN (SELECT value FROM json_each(:seqs))'
    >>> sqlite_sql("JOIN (SELECT unnest(%(ids)s::TEXT[]) AS id) wanted")
    'JOIN (SELECT value AS id FROM json_each(:ids)) wanted'
    >>> sqlite_sql('ORDER BY name COLLATE "C" LIMIT %(limit)s')
    'ORDER BY name COLLATE BINARY LIMIT :limit'
    """
    if sql in _OWN:
        return _OWN[sql]
    sql = _ANY.sub(r"IN (SELECT value FROM json_each(:\1))", sql)
    sql = _UNNEST.sub(r"SELECT value\2 FROM json_each(:\1)", sql)
    sql = _CAST.sub("", sql)
    sql = sql.replace('COLLATE "C"', "COLLATE BINARY").replace("strpos(", "instr(")
    return _PARAMETER.sub(r":\1", sql)


def _parameter(name: str, value: Any) -> Any:
    """A parameter as SQLite takes it: lists as JSON arrays, dates as ISO text, no limit as -1."""
    if isinstance(value, list | tuple):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None and name == "limit":
        return -1
    return value


def _writer_lock(path: str) -> threading.Lock:
    with _WRITERS_LOCK:
        return _WRITERS.setdefault(path, threading.Lock())


def _starts_with(text: str | None, prefix: str | None) -> bool | None:
    if text is None or prefix is None:
        return None
    return text.startswith(prefix)


def writable(path: Path) -> bool:
    """Whether a file may be written: the OS allows it and its permission bits do (honoured even
    for root, who may write anything: a file someone made read-only stays so)."""
    mode = path.stat().st_mode
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


class SQLiteStore(SQLStore):
    """A store in one SQLite file (see the module docstring)."""

    def __init__(self, path: str | Path, url: str | None = None, create: bool = False) -> None:
        self.path = Path(path).expanduser().resolve()
        self.url = url or f"sqlite:///{self.path}"
        if not self.path.exists() and not create:
            raise StoreUnavailableError(
                f"There is no store at {self.path}. Create it with "
                f"`python -m graph store load PATH --store {self.url}`.",
                "missing",
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.read_only = self.path.exists() and not writable(self.path)
        self._lock = _writer_lock(str(self.path))
        self._pool: Pool[sqlite3.Connection] = Pool(self._connect, lambda connection: connection.close())
        try:
            with self._pool.lent() as connection:
                if not self.read_only:
                    connection.execute("PRAGMA journal_mode = WAL")
            self._prepare(create)
        except sqlite3.Error as error:
            self.close()
            raise self._unavailable(error) from None

    def _connect(self) -> sqlite3.Connection:
        target = f"file:{self.path}?mode=ro" if self.read_only else f"file:{self.path}"
        seconds = limit("store_statement_seconds")
        try:
            connection = sqlite3.connect(
                target, uri=True, timeout=seconds, isolation_level=None, check_same_thread=False
            )
            connection.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
            connection.execute("PRAGMA synchronous = FULL")  # a committed write survives a power cut
            connection.create_function("starts_with", 2, _starts_with, deterministic=True)
        except sqlite3.Error as error:
            raise self._unavailable(error) from None
        return connection

    def _unavailable(self, error: Exception) -> StoreUnavailableError:
        """What a SQLite error means for the person who asked, in one line."""
        text = str(error).strip() or type(error).__name__
        lowered = text.lower()
        if "locked" in lowered or "busy" in lowered:
            return StoreUnavailableError(
                f"The store {self.path} is busy: another process has held it for more than "
                f"{limit('store_statement_seconds')} s ({text}). Try again when it has finished.",
                "locked",
            )
        if "readonly" in lowered or "read-only" in lowered:
            return self._read_only_error()
        if "full" in lowered or "disk i/o" in lowered or "ioerr" in lowered:
            return StoreUnavailableError(
                f"SQLite could not write to {self.path} or the files beside it (-wal, -shm): the disk "
                f"is full or a file may not grow ({text}). Nothing was written, and what the store "
                "held is kept; free some space and try again.",
                "full",
            )
        return StoreUnavailableError(
            f"The store {self.path} is damaged or is not a claims store ({type(error).__name__}: {text}). "
            "Restore it from a backup (python -m graph workspace import FILE.zip), or load the data "
            "again into a new file.",
            "damaged",
        )

    def _read_only_error(self) -> StoreUnavailableError:
        return StoreUnavailableError(
            f"The store {self.path} is read-only (the file may not be written), so nothing was written. "
            "Make the file writable (chmod u+w), or work on a copy.",
            "read-only",
        )

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise self._read_only_error()

    def _statement(self, use: Any) -> Any:
        try:
            with self._pool.lent() as connection:
                return use(connection)
        except sqlite3.Error as error:
            raise self._unavailable(error) from None

    def _fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        values = {name: _parameter(name, value) for name, value in (params or {}).items()}
        return self._statement(lambda connection: connection.execute(sqlite_sql(sql), values).fetchall())

    def _run(self, sql: str, params: dict[str, Any] | None = None) -> None:
        values = {name: _parameter(name, value) for name, value in (params or {}).items()}
        self._statement(lambda connection: connection.execute(sqlite_sql(sql), values))

    def _insert(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
        if not rows:
            return
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        self._statement(lambda connection: connection.executemany(sql, rows))

    @contextmanager
    def _writing(self) -> Iterator[None]:
        self._refuse_if_read_only()
        with self._lock, self._pool.held() as connection:
            try:
                connection.execute("BEGIN IMMEDIATE")  # waits (busy_timeout) for another process's write
            except sqlite3.Error as error:
                raise self._unavailable(error) from None
            with self._committed(connection):
                yield

    @contextmanager
    def _committed(self, connection: sqlite3.Connection) -> Iterator[None]:
        """The transaction begun on ``connection``, committed, or rolled back on any error."""
        try:
            yield
            connection.execute("COMMIT")
        except BaseException as error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise self._unavailable(error) from None
            raise

    @contextmanager
    def _writing_now(self) -> Iterator[bool]:
        """:meth:`_writing` if no writer of this process or another holds the file now, else
        False at once (graph/store/drafts.py)."""
        self._refuse_if_read_only()
        if not self._lock.acquire(blocking=False):
            yield False
            return
        try:
            with self._pool.held() as connection:
                connection.execute("PRAGMA busy_timeout = 0")
                try:
                    connection.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError:  # another process is writing
                    busy = True
                else:
                    busy = False
                finally:
                    connection.execute(
                        f"PRAGMA busy_timeout = {int(limit('store_statement_seconds') * 1000)}"
                    )
                if busy:
                    yield False
                    return
                with self._committed(connection):
                    yield True
        finally:
            self._lock.release()

    def _before_migration(self, version: int) -> None:
        """A copy of the file as it is (schema ``version``) next to it, before it is migrated."""
        if self.read_only:
            return
        backup = self.path.with_name(f"{self.path.name}.schema-{version}.backup")
        with self._pool.lent() as connection, sqlite3.connect(backup) as copy:
            connection.backup(copy)
        copy.close()

    def close(self) -> None:
        self._pool.close()
