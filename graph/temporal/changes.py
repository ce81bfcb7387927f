"""What changed between two dates D1 and D2 in a graph already filtered: no views, only dates.

An edge *began* in the interval (D1, D2] when its start falls after D1 and on or before
D2, and *ended* there when its end does (the as-of rule: an edge holds on day D when
start <= D < end). A start or end given only as a month or a year is a span of days; it
counts when its span reaches into the interval (:func:`placement`).

The view (:mod:`graph.view`) compares two dates with :func:`union_of_changes`;
:mod:`graph.timeline.diff` lists the changes claim by claim on top of the view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import networkx as nx

from graph.errors import InputError
from graph.temporal.periods import day, span

Placement = Literal["inside", "overlaps"]
EdgeKey = tuple[str, str, str]  # subject, object, edge key


def placement(text: str, from_date: dt.date, to_date: dt.date) -> Placement | None:
    """Where a date's span lies against the interval (from_date, to_date].

    >>> import datetime as dt
    >>> placement("2014-04", dt.date(2014, 3, 31), dt.date(2014, 4, 30))
    'inside'
    >>> placement("2014-04", dt.date(2014, 4, 15), dt.date(2014, 12, 31))
    'overlaps'
    >>> placement("2014-04-01", dt.date(2014, 4, 1), dt.date(2014, 12, 31)) is None
    True
    """
    first, last = span(text)
    low = from_date + dt.timedelta(days=1)
    if max(first, low) > min(last, to_date):
        return None
    return "inside" if low <= first and last <= to_date else "overlaps"


def dates_in_order(from_date: str | dt.date, to_date: str | dt.date) -> tuple[dt.date, dt.date]:
    """Both dates as days (``"today"`` accepted), refusing a reversed pair.

    >>> dates_in_order("2014", "2014-04")
    (datetime.date(2014, 1, 1), datetime.date(2014, 4, 1))
    """
    first, second = day(from_date, "from"), day(to_date, "to")
    if first > second:
        raise InputError(
            f"The first date ({first}) is after the second ({second}); give the earlier one first."
        )
    return first, second


def _changed(start: str | None, end: str | None, first: dt.date, second: dt.date) -> tuple[bool, bool]:
    """Whether an edge with this period began, and whether it ended, in (first, second]."""
    return bool(start and placement(start, first, second)), bool(end and placement(end, first, second))


def union_of_changes(
    whole: nx.MultiDiGraph,
    on_dates: Iterable[nx.MultiDiGraph],
    from_date: str | dt.date,
    to_date: str | dt.date,
) -> nx.MultiDiGraph:
    """The edges of ``on_dates`` (the view on each date) and those of ``whole`` (the same view at
    every date) that began or ended between the two dates, with their nodes, as a new graph.

    Nodes and edges carry ``whole``'s attributes, in ``whole``'s order.
    """
    first, second = dates_in_order(from_date, to_date)
    on_dates = list(on_dates)
    changed = {
        (subject, target, key)
        for subject, target, key, data in whole.edges(keys=True, data=True)
        if any(_changed(data.get("start"), data.get("end"), first, second))
    }
    edges = {edge for view in on_dates for edge in view.edges(keys=True)} | changed
    kept_nodes = {node for view in on_dates for node in view}
    kept_nodes |= {node for subject, target, _ in edges for node in (subject, target)}
    union = nx.MultiDiGraph()
    union.graph.update(whole.graph)
    union.add_nodes_from((node, whole.nodes[node]) for node in whole if node in kept_nodes)
    for subject, target, key, data in whole.edges(keys=True, data=True):
        if (subject, target, key) in edges:
            union.add_edge(subject, target, key, **data)
    return union


@dataclass(frozen=True)
class EdgeChanges:
    """The edges of a diff view by status (each edge in exactly one set)."""

    began: frozenset[EdgeKey]
    ended: frozenset[EdgeKey]
    began_and_ended: frozenset[EdgeKey]  # both inside the interval: held neither on D1 nor on D2
    unchanged: frozenset[EdgeKey]  # held on D1 and on D2, dated
    undated: frozenset[EdgeKey]

    def status(self, edge: EdgeKey) -> str | None:
        """``'began'``, ``'ended'``, ``'began_and_ended'``, ``'unchanged'``, ``'undated'`` or None."""
        for name in ("began", "ended", "began_and_ended", "unchanged", "undated"):
            if edge in getattr(self, name):
                return name
        return None


# Relations whose date is when a text was written or appeared: facts about the sources, not
# changes in who belongs to what. A comparison of two dates does not count them as changes
# (graph.timeline.diff leaves them out of its lists; here they are unchanged).
RECORD_RELATIONS = frozenset({"authored", "published_in", "republished_from"})


def edge_statuses(view: nx.MultiDiGraph, from_date: str | dt.date, to_date: str | dt.date) -> EdgeChanges:
    """The status of every edge of a diff view, read from the edges' own dates (the rule of
    :func:`graph.timeline.diff`).

    The union holds the edges that held on either date and those that began or ended
    between them, so an edge that neither began nor ended is unchanged (or undated), as is
    a relation of :data:`RECORD_RELATIONS`. The app's renderer classifies the view it draws
    with this, without computing it again.
    """
    first, second = dates_in_order(from_date, to_date)
    sets: dict[str, set[EdgeKey]] = {
        name: set() for name in ("began", "ended", "both", "unchanged", "undated")
    }
    for subject, target, key, data in view.edges(keys=True, data=True):
        start, end = data.get("start"), data.get("end")
        if data.get("relation") in RECORD_RELATIONS:
            sets["unchanged"].add((subject, target, key))
            continue
        if start is None and end is None:
            sets["undated"].add((subject, target, key))
            continue
        began, ended = _changed(start, end, first, second)
        name = "both" if began and ended else "began" if began else "ended" if ended else "unchanged"
        sets[name].add((subject, target, key))
    return EdgeChanges(
        began=frozenset(sets["began"]),
        ended=frozenset(sets["ended"]),
        began_and_ended=frozenset(sets["both"]),
        unchanged=frozenset(sets["unchanged"]),
        undated=frozenset(sets["undated"]),
    )
