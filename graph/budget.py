"""What an in-memory graph may cost: how many entities and relations, and how long reading takes.

Two limits of :mod:`graph.settings` set the budget: ``max_elements`` (entities + relations
of one graph) and ``read_seconds`` (reading and building one upload). Both were measured
on this project's 2-core machine (bench/budget.py; docs/security.md, "How large a graph").

* **Counting before the work.** :func:`xml_elements` and :func:`csv_rows` count a file's
  elements in its bytes before it is parsed (a fraction of a second for 50 MB);
  :func:`json_elements` counts the lists of parsed JSON before any graph is made. The
  readers refuse a file over the budget with :func:`over_budget`'s report line.
* **A time limit and cancellation.** Work done inside :func:`limited` calls
  :func:`checkpoint` (or the cheaper :func:`tick`, once per element) in its long loops; past
  the deadline a checkpoint raises :class:`OverTime`, which the readers turn into a report
  line. The ``cancel`` hook given to :func:`limited` runs at each checkpoint and may raise
  to abandon the work (the app's does when the session asked for something newer or closed).

>>> xml_elements(b'<graph><node id="a"/><node id="b"/><edge source="a" target="b"/></graph>')
3
>>> json_elements({"directed": True, "nodes": [{"id": "a"}, {"id": "b"}], "edges": [{"source": "b"}]})
3
>>> with limited(seconds=0.0):
...     checkpoint()
Traceback (most recent call last):
graph.budget.OverTime: reading took longer than the time limit of 0 s (read_seconds).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import GraphError
from graph.report import ImportReport
from graph.settings import limit

STORE_HINT = "load it into a claims store instead (python -m graph store load PATH --store duckdb:///FILE)"
# An element's start tag, whatever its namespace prefix: <node …>, <edge …>, <g:node/> (not <nodes>).
_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:node|edge)[\s/>]")


class OverTime(GraphError):
    """Reading took longer than the ``read_seconds`` limit."""


def xml_elements(content: bytes) -> int:
    """The ``<node>`` and ``<edge>`` start tags in GraphML or GEXF bytes (0.2 s for 37 MB here)."""
    return sum(1 for _ in _ELEMENT.finditer(content))


def csv_rows(content: bytes) -> int:
    """The data rows of a CSV table, counted as lines (a quoted cell over several lines counts more)."""
    lines = content.count(b"\n") + (0 if content.endswith(b"\n") or not content else 1)
    return max(lines - 1, 0)


def file_rows(path: Path) -> int:
    """:func:`csv_rows` of a file on disk, read in blocks (never held whole)."""
    lines, last = 0, b""
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
            last = block
    return max(lines + (0 if last.endswith(b"\n") or not last else 1) - 1, 0)


def json_elements(data: Any, depth: int = 3) -> int:
    """The items of every list found through objects up to ``depth`` levels down (lists are not
    entered): nodes and edges in every JSON shape we read (node-link, graphology, Gephi Lite's
    ``graphDataset.fullGraph``, Cytoscape's ``elements``, our snapshots' tables)."""
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict) and depth > 0:
        return sum(json_elements(value, depth - 1) for value in data.values())
    return 0


def over_budget(name: str, count: int, report: ImportReport) -> bool:
    """True, with a report line that says the budget and what to do, when ``count`` entities and
    relations are more than one in-memory graph may hold (``max_elements``)."""
    most = limit("max_elements")
    if count <= most:
        return False
    report.add(
        "error",
        name,
        None,
        None,
        f"the file holds about {count:,} entities and relations; a graph held in memory may have at most "
        f"{most:,} (the max_elements limit: about 1.5 GB of memory and a minute of work per million "
        "on this machine).",
        f"split the data into smaller files, raise the limit with AGX_MAX_ELEMENTS=… if this machine has "
        f"the memory, or {STORE_HINT}.",
    )
    return True


def over_time(name: str, error: OverTime, report: ImportReport) -> None:
    """The report line for reading stopped at the time limit."""
    report.add(
        "error",
        name,
        None,
        None,
        f"{error} Nothing was loaded.",
        f"split the data into smaller files, raise the limit with AGX_READ_SECONDS=…, or {STORE_HINT}.",
    )


@dataclass(frozen=True)
class _Work:
    deadline: float | None
    seconds: float
    cancel: Callable[[], None] | None


_work: ContextVar[_Work | None] = ContextVar("agx_work", default=None)
_ticks = 0


@contextmanager
def limited(seconds: float | None = None, cancel: Callable[[], None] | None = None) -> Iterator[None]:
    """Run the block under a time limit (``seconds``; None: ``read_seconds``) and a cancel hook."""
    seconds = float(limit("read_seconds")) if seconds is None else seconds
    token = _work.set(_Work(time.monotonic() + seconds, seconds, cancel))
    try:
        yield
    finally:
        _work.reset(token)


def checkpoint() -> None:
    """Raise OverTime past the deadline of the enclosing :func:`limited` block (and run its cancel
    hook, which may raise); nothing outside such a block."""
    work = _work.get()
    if work is None:
        return
    if work.cancel is not None:
        work.cancel()
    if work.deadline is not None and time.monotonic() > work.deadline:
        raise OverTime(f"reading took longer than the time limit of {work.seconds:g} s (read_seconds).")


def tick() -> None:
    """Call once per element in a long loop: a :func:`checkpoint` every 4,096 calls."""
    global _ticks
    _ticks += 1
    if not _ticks & 4095:
        checkpoint()
