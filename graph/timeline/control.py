"""Timeline data for a time control: the date range, the steps between two dates, a histogram
of starts and ends, and :class:`TimelineIndex`, the view on many dates from one pass.

The app plays a timeline by asking for the view on each step; ``apply_view`` re-reads and
re-parses every edge's dates and copies the graph each time, while the index parses them
once and answers each day with a comparison over arrays (``bench/timeline.py`` measures
both).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from typing import Literal

import networkx as nx
import numpy as np

from graph.dates import is_valid_date, parse_date
from graph.errors import InputError
from graph.query import filter_graph
from graph.temporal.periods import day, last_day, precision, shift
from graph.timeline.diff import dateless_view
from graph.view import FILTERS, ViewSpec, apply_view, comparison

Step = Literal["month", "year"]
EdgeKey = tuple[str, str, str]


def _edge_dates(G: nx.MultiDiGraph) -> Iterator[str]:
    for _, _, data in G.edges(data=True):
        for name in ("start", "end"):
            if data.get(name):
                yield data[name]


def date_range(
    G: nx.MultiDiGraph, axis: Literal["held", "reported"] = "held"
) -> tuple[dt.date, dt.date] | None:
    """The earliest and latest date on one time axis, or None when the graph has no dates.

    ``held``: the relations' starts and ends (each on its first day, as the as-of filter
    reads it). ``reported``: the sources' publication dates (each on its last day, as the
    reported-by filter reads it).

    >>> import graph
    >>> date_range(graph.load_graph())[0]
    datetime.date(1949, 4, 4)
    """
    if axis == "held":
        days = [parse_date(text) for text in _edge_dates(G)]
    elif axis == "reported":
        days = [
            last_day(row["published"])
            for row in G.graph.get("sources", {}).values()
            if row.get("published") and is_valid_date(row["published"])
        ]
    else:
        raise InputError(f"axis must be 'held' or 'reported', not {axis!r}.")
    return (min(days), max(days)) if days else None


def steps(first: str | dt.date, last: str | dt.date, by: Step = "month") -> list[dt.date]:
    """The days a timeline stops at: ``first``, the first day of each month (or year) after it, and ``last``.

    Changes dated by month or year fall on first days, so each step shows them.

    >>> [d.isoformat() for d in steps("2023-03-15", "2023-06-10")]
    ['2023-03-15', '2023-04-01', '2023-05-01', '2023-06-01', '2023-06-10']
    >>> [d.isoformat() for d in steps("2022-07-14", "2024-01-01", by="year")]
    ['2022-07-14', '2023-01-01', '2024-01-01']
    """
    start, end = day(first, "first"), day(last, "last")
    if start > end:
        raise InputError(f"The first step ({start}) is after the last ({end}).")
    if by not in ("month", "year"):
        raise InputError(f"Steps go by 'month' or 'year', not {by!r}.")
    result = [start]
    year, month = start.year, start.month
    while True:
        if by == "year":
            year, month = year + 1, 1
        else:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        following = dt.date(year, month, 1)
        if following > end:
            break
        result.append(following)
    if result[-1] != end:
        result.append(end)
    return result


@dataclass(frozen=True)
class Bin:
    """How many relations start and end in one period (``'2023'`` or ``'2023-04'``)."""

    period: str
    first_day: dt.date
    starts: int
    ends: int


@dataclass(frozen=True)
class Histogram:
    """Starts and ends per period, every period from the first to the last (zeros included).

    By month, dates given only as a year cannot be placed in a month: they are counted
    in ``coarse``, by year, so nothing is lost and nothing is put in January.
    """

    by: Step
    bins: tuple[Bin, ...]
    coarse: tuple[Bin, ...] = ()


def _period_of(text: str, by: Step) -> str:
    return text[:4] if by == "year" else text[:7]


def _bins(starts: Counter[str], ends: Counter[str], by: Step) -> tuple[Bin, ...]:
    periods = set(starts) | set(ends)
    if not periods:
        return ()
    first, last = min(periods), max(periods)
    result: list[Bin] = []
    for when in steps(parse_date(first), parse_date(last), by):
        period = _period_of(when.isoformat(), by)
        if not result or result[-1].period != period:
            result.append(Bin(period, parse_date(period), starts[period], ends[period]))
    return tuple(result)


def histogram(G: nx.MultiDiGraph, by: Step = "year") -> Histogram:
    """Relations (edges) starting and ending per year or per month.

    >>> import graph
    >>> bins = {b.period: b for b in histogram(graph.load_graph()).bins}
    >>> bins["1949"].starts >= 12
    True
    """
    if by not in ("month", "year"):
        raise InputError(f"A histogram goes by 'month' or 'year', not {by!r}.")
    counts: dict[str, Counter[str]] = {"start": Counter(), "end": Counter()}
    coarse: dict[str, Counter[str]] = {"start": Counter(), "end": Counter()}
    for _, _, data in G.edges(data=True):
        for name in ("start", "end"):
            text = data.get(name)
            if not text:
                continue
            if by == "month" and precision(text) == "year":
                coarse[name][text[:4]] += 1
            else:
                counts[name][_period_of(text, by)] += 1
    return Histogram(
        by,
        _bins(counts["start"], counts["end"], by),
        _bins(coarse["start"], coarse["end"], "year") if by == "month" else (),
    )


# ---- many dates, one pass ---------------------------------------------------

_NEVER = np.iinfo(np.int64).max
_ALWAYS = np.iinfo(np.int64).min

# The ViewSpec fields the index reproduces, and those no filter step reads (they do not change
# the subgraph). A spec that sets any other field (a filter added later) is answered by
# apply_view on each day: correct, only not faster until the index is taught that filter.
INDEXED_FIELDS = frozenset(
    {
        "types",
        "relations",
        "as_of",
        "reported_by",
        "changed_from",
        "changed_to",
        "framework",
        "focus",
        "depth",
        "hide_isolated",
    }
)
STYLE_FIELDS = frozenset(
    {item.name for item in fields(ViewSpec)} - {name for step in FILTERS for name in step.fields}
)


def filter_scope(spec: ViewSpec) -> ViewSpec:
    """``spec`` with its styling and selection at their defaults: all that
    :func:`graph.view.apply_view` reads (the cache key of a view's subgraph).

    >>> from graph.view import PRESETS
    >>> scope = filter_scope(PRESETS["excluded"].spec.with_changes(selected="state:RUS"))
    >>> scope.selected, scope.emphasis, scope.as_of
    (None, (), '2021-07-14')
    """
    default = ViewSpec()
    return replace(spec, **{name: getattr(default, name) for name in STYLE_FIELDS})


def timeline_scope(spec: ViewSpec) -> ViewSpec:
    """What a timeline of ``spec`` depends on: its filters, without the as-of date, a comparison
    of two dates or styling (the cache key of the index, the steps, the histogram and the chart).

    >>> from graph.view import PRESETS
    >>> scope = timeline_scope(PRESETS["members"].spec.with_changes(selected="state:FIN"))
    >>> scope.as_of, scope.selected, scope.relations, scope.hide_isolated
    (None, None, ('member_of',), True)
    """
    return replace(filter_scope(spec), as_of=None, changed_from=None, changed_to=None)


@dataclass(frozen=True)
class Timeline:
    """What a time control shows for one view: the dates it spans, where it stops, a histogram."""

    first: dt.date
    last: dt.date
    by: Step
    days: tuple[str, ...]  # the steps, as ISO days in order
    histogram: Histogram


def timeline(G: nx.MultiDiGraph, spec: ViewSpec | None = None, by: Step = "year") -> Timeline | None:
    """The timeline of the view ``spec`` at every date (its as-of date and comparison left out),
    or None when no relation in it has a date.

    >>> import graph
    >>> members = timeline(graph.load_graph(), ViewSpec(relations=("member_of",)))
    >>> members.days[:3]
    ('1949-04-04', '1950-01-01', '1951-01-01')
    """
    view = dateless_view(G, spec) if spec is not None else G
    held = date_range(view)
    if held is None:
        return None
    days = tuple(when.isoformat() for when in steps(held[0], held[1], by))
    return Timeline(held[0], held[1], by, days, histogram(view, by))


def step_from(
    first: dt.date, last: dt.date, current: str | dt.date | None, direction: int, by: Step = "year"
) -> str | None:
    """The day one step after (``direction`` 1) or before (-1) ``current`` on a timeline from
    ``first`` to ``last``: a year (or month) later or earlier on the same day of the month
    (:func:`graph.temporal.periods.shift`), kept within the timeline. A step that would pass
    an end stops on it, and from the end itself there is no step (None). With no current day,
    forward is the first day and back the last.

    >>> first, last = dt.date(1949, 4, 4), dt.date(2024, 3, 7)
    >>> step_from(first, last, "2021-07-14", 1), step_from(first, last, "2021-07-14", -1, "month")
    ('2022-07-14', '2021-06-14')
    >>> step_from(first, last, "2023-12-01", 1), step_from(first, last, "2024-03-07", 1)
    ('2024-03-07', None)
    >>> step_from(first, last, None, 1), step_from(first, last, "1900", 1), step_from(first, last, None, -1)
    ('1949-04-04', '1949-04-04', '2024-03-07')
    """
    if current is None:
        return (first if direction > 0 else last).isoformat()
    position = day(current, "as_of")
    if direction > 0:
        if position >= last:
            return None
        target = first if position < first else min(shift(position, by, 1), last)
    else:
        if position <= first:
            return None
        target = last if position > last else max(shift(position, by, -1), first)
    return target.isoformat()


class TimelineIndex:
    """``apply_view(G, spec.with_changes(as_of=day))`` for many days, cheaply.

    Built once per graph and spec (the spec's as-of date is ignored): the filters that do
    not depend on the date (types, relations, reported-by) run once, every edge's start
    and end are parsed once into arrays, and each day is then a comparison over the
    arrays plus the framework, focus and hide-isolated steps on what holds. A view that
    compares two dates (``changed_from``) is the same on every day: it is computed once.

    >>> import graph
    >>> index = TimelineIndex(graph.load_graph(), ViewSpec(relations=("member_of",)))
    >>> nodes, edges = index.visible("2021-07-14")
    >>> sum(1 for _, target, _ in edges if target == "alliance:nato")
    30
    """

    def __init__(self, G: nx.MultiDiGraph, spec: ViewSpec | None = None) -> None:
        self.spec = spec = spec or ViewSpec()
        default = ViewSpec()
        self.exact = all(
            getattr(spec, item.name) == getattr(default, item.name)
            for item in fields(ViewSpec)
            if item.name not in INDEXED_FIELDS | STYLE_FIELDS
        )
        self._G = G
        # A comparison of two dates shows the same union whatever the as-of date: computed once.
        self._fixed = apply_view(G, spec) if comparison(spec) else None
        if (spec.types, spec.relations, spec.reported_by) == (None, None, None):
            self.base = G  # only read: with nothing to filter out there is nothing to copy
        else:
            self.base = filter_graph(G, spec.types, spec.relations, reported_by=spec.reported_by)
        self.edges: list[tuple[str, str, str, str]] = [
            (subject, target, key, data["relation"])
            for subject, target, key, data in self.base.edges(keys=True, data=True)
        ]
        self._starts = np.fromiter(
            (
                parse_date(data["start"]).toordinal() if data.get("start") else _ALWAYS
                for _, _, data in self.base.edges(data=True)
            ),
            dtype=np.int64,
            count=len(self.edges),
        )
        self._ends = np.fromiter(
            (
                parse_date(data["end"]).toordinal() if data.get("end") else _NEVER
                for _, _, data in self.base.edges(data=True)
            ),
            dtype=np.int64,
            count=len(self.edges),
        )

    def holding(self, when: str | dt.date) -> list[tuple[str, str, str, str]]:
        """The edges (subject, object, key, relation) that hold on ``when``: start <= day < end."""
        ordinal = day(when, "as_of").toordinal()
        mask = (self._starts <= ordinal) & (ordinal < self._ends)
        edges = self.edges
        return [edges[index] for index in np.flatnonzero(mask)]

    def visible(self, when: str | dt.date) -> tuple[frozenset[str], frozenset[EdgeKey]]:
        """The node ids and edge keys of the view on ``when`` (what the screen shows then)."""
        if self._fixed is not None:
            return frozenset(self._fixed), frozenset(self._fixed.edges(keys=True))
        spec = self.spec
        if not self.exact:
            view = apply_view(self._G, spec.with_changes(as_of=day(when, "as_of").isoformat()))
            return frozenset(view), frozenset(view.edges(keys=True))
        edges = self.holding(when)
        nodes: set[str] | None = None  # None: every node of the base
        if spec.framework and spec.framework in self.base:
            nodes = {spec.framework} | {
                subject
                for subject, target, _, relation in edges
                if target == spec.framework and relation == "partner_in"
            }
            edges = [edge for edge in edges if edge[0] in nodes and edge[1] in nodes]
        if spec.focus and spec.focus in self.base and (nodes is None or spec.focus in nodes):
            nodes = _within(spec.focus, spec.depth, edges)
            edges = [edge for edge in edges if edge[0] in nodes and edge[1] in nodes]
        if spec.hide_isolated:
            nodes = {node for edge in edges for node in edge[:2]}
        node_set = frozenset(self.base) if nodes is None else frozenset(nodes)
        return node_set, frozenset((subject, target, key) for subject, target, key, _ in edges)

    def view(self, when: str | dt.date) -> nx.MultiDiGraph:
        """The view on ``when`` as a new graph: the same nodes, edges and attributes as apply_view."""
        if self._fixed is not None:
            return self._fixed.copy()
        if not self.exact:
            return apply_view(self._G, self.spec.with_changes(as_of=day(when, "as_of").isoformat()))
        nodes, edges = self.visible(when)
        return _subgraph(self.base, nodes, edges)


def _subgraph(G: nx.MultiDiGraph, nodes: frozenset[str], edges: frozenset[EdgeKey]) -> nx.MultiDiGraph:
    """A new graph with ``nodes`` and ``edges`` of ``G`` (attribute dicts copied), in ``G``'s order.

    Filled through networkx's adjacency dicts rather than ``add_edge``: on 10,000 nodes and
    15,000 edges that took 43 ms against 112 ms (networkx 3.6; ``add_edge`` checks and
    creates each level one call at a time). A test compares the result with apply_view's.
    """
    view = nx.MultiDiGraph()
    view.graph.update(G.graph)
    node_data, successors, predecessors = view._node, view._succ, view._pred
    for node, data in G._node.items():
        if node in nodes:
            node_data[node] = dict(data)
            successors[node] = {}
            predecessors[node] = {}
    for subject, neighbours in G._succ.items():
        if subject not in nodes:
            continue
        outgoing = successors[subject]
        for target, keyed in neighbours.items():
            if target not in nodes:
                continue
            for key, data in keyed.items():
                if (subject, target, key) in edges:
                    copied = dict(data)  # one dict seen from both ends, as networkx keeps it
                    outgoing.setdefault(target, {})[key] = copied
                    predecessors[target].setdefault(subject, {})[key] = copied
    return view


def _within(center: str, depth: int, edges: list[tuple[str, str, str, str]]) -> set[str]:
    """The nodes within ``depth`` steps of ``center`` over ``edges``, either direction."""
    neighbours: dict[str, set[str]] = {}
    for subject, target, _, _ in edges:
        neighbours.setdefault(subject, set()).add(target)
        neighbours.setdefault(target, set()).add(subject)
    reached = {center}
    frontier = {center}
    for _ in range(depth):
        frontier = {other for node in frontier for other in neighbours.get(node, ())} - reached
        if not frontier:
            break
        reached |= frontier
    return reached
