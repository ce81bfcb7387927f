"""Connections lent for one statement at a time, and held by one thread for a transaction.

Streamlit runs every rerun of a page in a thread of its own. A connection kept per thread
(``threading.local``) is therefore a new connection per rerun that nothing closes: on
PostgreSQL the server refused new clients after about a hundred clicks ("too many clients
already"), and DuckDB kept a cursor with its caches per rerun. A :class:`Pool` lends a
connection for one statement and takes it back; only a transaction holds one for its
whole length (every statement inside it runs on the connection that began it). A few
idle connections are kept for the next statement; the rest are closed.

>>> opened = []
>>> pool = Pool(lambda: opened.append(object()) or opened[-1], lambda connection: None, idle=1)
>>> with pool.lent() as first:
...     with pool.lent() as second:   # two at once: two connections
...         first is second
False
>>> with pool.lent() as again:        # one was kept idle and is lent again
...     again in opened
True
>>> len(opened), pool.open_count()    # the other was closed
(2, 1)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

C = TypeVar("C")


class Pool(Generic[C]):
    """Lends connections made by ``connect``; keeps at most ``idle`` of them open between uses."""

    def __init__(
        self,
        connect: Callable[[], C],
        close: Callable[[C], None],
        idle: int = 4,
        usable: Callable[[C], bool] = lambda connection: True,
    ) -> None:
        self._connect, self._close, self._usable = connect, close, usable
        self.idle = idle
        self._free: list[C] = []
        self._open: list[C] = []
        self._lock = threading.Lock()
        self._held = threading.local()
        self._closed = False

    def open_count(self) -> int:
        """Connections open now (lent or idle)."""
        with self._lock:
            return len(self._open)

    def _take(self) -> C:
        broken: list[C] = []
        with self._lock:
            found = None
            while self._free and found is None:
                connection = self._free.pop()
                if self._usable(connection):
                    found = connection
                else:  # e.g. the server closed it while it was idle
                    self._open.remove(connection)
                    broken.append(connection)
        for connection in broken:
            self._close(connection)
        if found is not None:
            return found
        connection = self._connect()
        with self._lock:
            self._open.append(connection)
        return connection

    def _give_back(self, connection: C) -> None:
        with self._lock:
            if not self._closed and self._usable(connection) and len(self._free) < self.idle:
                self._free.append(connection)
                return
            if connection in self._open:
                self._open.remove(connection)
        self._close(connection)

    @contextmanager
    def lent(self) -> Iterator[C]:
        """A connection for one statement: the one this thread holds for a transaction, if any."""
        held = getattr(self._held, "connection", None)
        if held is not None:
            yield held
            return
        connection = self._take()
        try:
            yield connection
        finally:
            self._give_back(connection)

    @contextmanager
    def held(self) -> Iterator[C]:
        """A connection this thread keeps until the block ends (a transaction); statements run
        through :meth:`lent` inside the block use it."""
        if getattr(self._held, "connection", None) is not None:
            yield self._held.connection
            return
        with self.lent() as connection:
            self._held.connection = connection
            try:
                yield connection
            finally:
                self._held.connection = None

    def holding(self) -> bool:
        """True while this thread holds a connection for a transaction."""
        return getattr(self._held, "connection", None) is not None

    def discard_idle(self) -> None:
        """Close the idle connections (after one of them turned out stale: a server restart
        closes them all)."""
        with self._lock:
            idle, self._free = self._free, []
            for connection in idle:
                self._open.remove(connection)
        for connection in idle:
            self._close(connection)

    def close(self) -> None:
        """Close every connection (lent ones too: the store is being closed)."""
        with self._lock:
            self._closed = True
            every, self._open, self._free = self._open, [], []
        for connection in every:
            self._close(connection)
