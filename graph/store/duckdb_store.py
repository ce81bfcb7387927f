"""The claims store in a DuckDB file: embedded, one process at a time, the default for large local data.

``duckdb:///path/to/file.duckdb`` (an absolute path after the third slash;
``duckdb:///:memory:`` is a database that lasts as long as the store object). A statement
borrows a cursor from a small pool (graph/store/pool.py); writers of one process take turns
(DuckDB allows one writing process per file).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from graph.errors import StoreUnavailableError
from graph.store.pool import Pool
from graph.store.sql import Row, SQLStore
from graph.store.urls import redact_url

_PARAMETER = re.compile(r"%\((\w+)\)s")
_WRITERS: dict[str, threading.Lock] = {}
_WRITERS_LOCK = threading.Lock()


def duckdb_error() -> type[Exception]:
    """DuckDB's base error class (DuckDB is imported only when a DuckDB store is opened)."""
    import duckdb

    return duckdb.Error


def _writer_lock(path: str) -> threading.Lock:
    with _WRITERS_LOCK:
        return _WRITERS.setdefault(path, threading.Lock())


class DuckDBStore(SQLStore):
    """A store in one DuckDB file (see the module docstring)."""

    def __init__(self, path: str | Path, url: str | None = None, create: bool = False) -> None:
        in_memory = str(path) == ":memory:"  # a database that lives as long as this object (tests)
        self.path = Path(path) if in_memory else Path(path).expanduser().resolve()
        self.url = redact_url(url or f"duckdb:///{self.path}")
        if not in_memory and not self.path.exists() and not create:
            raise StoreUnavailableError(
                f"There is no store at {self.path}. Create it with "
                f"`python -m graph store load PATH --store {self.url}`.",
                "missing",
            )
        if create and not in_memory:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._database = self._open()
        self._pool: Pool[Any] = Pool(self._new_cursor, lambda cursor: cursor.close())
        self._lock = _writer_lock(str(self.path) if not in_memory else f":memory:{id(self)}")
        try:
            self._prepare(create)
        except duckdb_error() as error:
            self.close()
            raise self._unavailable(error) from None

    def _open(self) -> Any:
        import duckdb

        try:
            return duckdb.connect(str(self.path))
        except duckdb.Error as error:
            raise self._unavailable(error) from None

    def _unavailable(self, error: Exception) -> StoreUnavailableError:
        """What a DuckDB error on opening means for the person who asked: the file is in use, or damaged."""
        text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        if "could not set lock" in text.lower() or "conflicting lock" in text.lower():
            return StoreUnavailableError(
                f"The store {self.path} is in use by another process ({text}). A DuckDB file is opened "
                "by one process at a time: close the other program (or its app) and try again, or share "
                "the data through PostgreSQL.",
                "locked",
            )
        return StoreUnavailableError(
            f"The store {self.path} is damaged or is not a claims store ({type(error).__name__}: {text}). "
            "Restore it from a backup, or load the data again into a new file "
            "(python -m graph store load PATH --store duckdb:///NEW_FILE).",
            "damaged",
        )

    def _new_cursor(self) -> Any:
        """A connection to the open database (lent by the pool to one thread at a time)."""
        cursor = self._database.cursor()
        # Hash joins build on the table written second (see graph/store/queries.py).
        cursor.execute("SET disabled_optimizers = 'build_side_probe_side'")
        # Names stay uncompressed: search scans them, and FSST decoding took 2–3× the scan.
        cursor.execute("SET disabled_compression_methods = 'fsst,dict_fsst'")
        return cursor

    @staticmethod
    def _statement(sql: str, params: dict[str, Any] | None) -> tuple[str, dict[str, Any]]:
        """The query in DuckDB's style (``$name``) and only the parameters it names (DuckDB
        refuses others)."""
        used = set(_PARAMETER.findall(sql))
        return _PARAMETER.sub(r"$\1", sql), {
            name: value for name, value in (params or {}).items() if name in used
        }

    def _fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        with self._pool.lent() as cursor:
            return cursor.execute(*self._statement(sql, params)).fetchall()

    def _run(self, sql: str, params: dict[str, Any] | None = None) -> None:
        with self._pool.lent() as cursor:
            cursor.execute(*self._statement(sql, params))

    def _insert(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
        if not rows:
            return
        frame = pd.DataFrame.from_records(rows, columns=list(columns))
        for name in frame.columns:
            if frame[name].dtype == float or name in _INTEGER_COLUMNS:  # NULLs made floats of integers
                frame[name] = frame[name].astype("Int64")
        with self._pool.lent() as cursor:
            cursor.register("incoming", frame)
            try:
                cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM incoming")
            finally:
                cursor.unregister("incoming")

    @contextmanager
    def _writing(self) -> Iterator[None]:
        with self._lock, self._pool.held() as cursor:
            cursor.execute("BEGIN TRANSACTION")
            try:
                yield
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
            cursor.execute("COMMIT")

    @contextmanager
    def _writing_now(self) -> Iterator[bool]:
        """:meth:`_writing` if no other writer of this process holds the store now, else False."""
        if not self._lock.acquire(blocking=False):
            yield False
            return
        self._lock.release()  # taken again, waiting only for a writer that came in between
        with self._writing():
            yield True

    def close(self) -> None:
        self._pool.close()
        self._database.close()


_INTEGER_COLUMNS = frozenset({"seq", "subject_seq", "object_seq", "entity", "here", "there", "batch"})
