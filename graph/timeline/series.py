"""Membership over time: the members of each alliance and the partners of each framework,
as a step series computed from the claims (``member_of`` into alliances, ``partner_in``
into frameworks), each step with the entities that joined or left and their sources.

Pure data: :mod:`graph.charts` draws it. A relation counts from its start (inclusive)
to its end (exclusive), as the as-of filter reads it; an entity with two claims that
overlap (sources that disagree) is counted once. A relation with no start date cannot
be placed on a time axis: it is not counted, and its entity is listed in the series'
``undated`` (the as-of filter, which knows no better, shows it on every date up to its
end; the chart says how many it leaves out).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx

from graph.dates import parse_date
from graph.query import fold
from graph.temporal.periods import Precision, day, precision
from graph.timeline.diff import dateless_view
from graph.view import ViewSpec

# Which relation into which type of entity makes a membership series.
MEMBERSHIPS: tuple[tuple[str, str], ...] = (("member_of", "alliance"), ("partner_in", "framework"))


@dataclass(frozen=True)
class Change:
    """One entity joining or leaving at a step, with the date as its sources give it."""

    subject: str
    label: str
    joined: bool
    date: str
    precision: Precision
    citations: tuple[str, ...]


@dataclass(frozen=True)
class SeriesStep:
    """The membership from ``day`` on, and what changed on that day."""

    day: dt.date
    count: int
    members: tuple[str, ...]
    changes: tuple[Change, ...]

    @property
    def citations(self) -> tuple[str, ...]:
        """The sources of this step's changes, each once."""
        return tuple(dict.fromkeys(source for change in self.changes for source in change.citations))


@dataclass(frozen=True)
class Series:
    """One alliance's members (or one framework's partners) over time."""

    target: str
    label: str
    relation: str
    steps: tuple[SeriesStep, ...]
    undated: tuple[str, ...] = ()  # entities whose relation has no start date: not counted
    undated_citations: tuple[str, ...] = ()

    def members_on(self, when: str | dt.date) -> tuple[str, ...]:
        """The counted (dated) members on a day: those of the last step on or before it."""
        target = day(when, "day")
        members: tuple[str, ...] = ()
        for step in self.steps:
            if step.day > target:
                break
            members = step.members
        return members


def _series(G: nx.MultiDiGraph, target: str, relation: str) -> Series:
    dated: set[str] = set()
    undated: set[str] = set()
    undated_citations: dict[str, None] = {}
    events: dict[dt.date, list[tuple[int, str, str, tuple[str, ...]]]] = defaultdict(list)
    for subject, _, data in G.in_edges(target, data=True):
        if data["relation"] != relation:
            continue
        citations = tuple(data.get("citations", ()))
        if not data.get("start"):
            undated.add(subject)
            undated_citations.update(dict.fromkeys(citations))
            continue
        dated.add(subject)
        events[parse_date(data["start"])].append((+1, subject, data["start"], citations))
        if data.get("end"):
            events[parse_date(data["end"])].append((-1, subject, data["end"], citations))

    def label(node: str) -> str:
        return str(G.nodes[node].get("label", node))

    def ordered(nodes: set[str]) -> tuple[str, ...]:
        return tuple(sorted(nodes, key=lambda node: (fold(label(node)), node)))

    active: Counter[str] = Counter()
    steps = []
    for when in sorted(events):
        before = {node for node, count in active.items() if count > 0}
        for delta, subject, _, _ in events[when]:
            active[subject] += delta
        after = {node for node, count in active.items() if count > 0}
        if before == after:
            continue  # e.g. a second source's period for a member already counted
        changes = []
        for subject in ordered(after - before) + ordered(before - after):
            joined = subject in after
            dates = [
                text for delta, node, text, _ in events[when] if node == subject and (delta > 0) == joined
            ]
            citations = tuple(
                dict.fromkeys(
                    source
                    for delta, node, _, sources in events[when]
                    if node == subject and (delta > 0) == joined
                    for source in sources
                )
            )
            date = max(dates, key=len)
            changes.append(Change(subject, label(subject), joined, date, precision(date), citations))
        steps.append(SeriesStep(when, len(after), ordered(after), tuple(changes)))
    return Series(
        target,
        label(target),
        relation,
        tuple(steps),
        ordered(undated - dated),
        tuple(undated_citations),
    )


def membership_series(G: nx.MultiDiGraph, spec: ViewSpec | None = None) -> list[Series]:
    """A series for every alliance with members and every framework with partners in the view.

    The spec's filters apply (reported-by included); its as-of date does not.

    >>> import graph
    >>> nato = membership_series(graph.load_graph())[0]
    >>> nato.label, nato.steps[0].day.isoformat(), nato.steps[0].count, nato.steps[-1].count
    ('NATO', '1949-04-04', 12, 32)
    """
    view = dateless_view(G, spec)
    result: list[Series] = []
    for relation, target_type in MEMBERSHIPS:
        targets = [
            node
            for node, data in view.nodes(data=True)
            if data.get("type") == target_type
            and any(edge["relation"] == relation for _, _, edge in view.in_edges(node, data=True))
        ]
        targets.sort(key=lambda node: (fold(str(view.nodes[node].get("label", node))), node))
        result.extend(_series(view, target, relation) for target in targets)
    return result
