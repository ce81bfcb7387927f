"""What changed between two dates D1 and D2: relations that began, ended, or have no dates.

A relation *began* in the interval (D1, D2] when its start falls after D1 and on or
before D2, and *ended* there when its end does (the as-of filter's rule: a relation holds
on day D when start <= D < end, so "began" means absent on D1 and present on D2).

A start or end given only as a month or a year is a span of days (``2014-04`` is
2014-04-01…2014-04-30). It is listed when its span reaches into (D1, D2], with its
``precision``; ``placement`` says ``inside`` when the whole span lies in the interval
and ``overlaps`` when it straddles D1 or D2 (the change may have happened just outside).
We list the straddling ones rather than drop them: a change the data cannot place on
one side of the boundary is shown, and marked, instead of hidden.

Relations with neither start nor end are listed apart as ``undated``: the sources do not
say when they held. A relation that began and ended inside the interval is in both lists.

Relations about the record rather than the world (:data:`RECORD_RELATIONS`: who wrote a text,
where it was published) are left out, and counted: their date is the day a text appeared,
not a change in what the graph describes, and the reported-by date already reads it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from graph.dates import dates_compatible
from graph.temporal.changes import (
    RECORD_RELATIONS,
    EdgeChanges,
    EdgeKey,
    Placement,
    dates_in_order,
    edge_statuses,
    placement,
)
from graph.temporal.periods import Precision, precision, span
from graph.view import ViewSpec, apply_view
from graph.vocabulary import phrase

Status = Literal["began", "ended", "undated"]


@dataclass(frozen=True)
class ClaimChange:
    """One relation in a diff, with what placed it there."""

    status: Status
    subject: str
    subject_label: str
    relation: str
    object: str
    object_label: str
    role: str | None
    start: str | None
    end: str | None
    citations: tuple[str, ...]
    key: str  # the edge's key in the graph (parallel edges differ by period or role)
    precision: Precision | None  # of the date that placed it: the start when began, the end when ended
    placement: Placement | None  # None for undated relations
    dated_by: tuple[str, ...] = ()  # the citations that gave the date that placed it
    conflict: bool = False  # sources disagree on this relation's period (another edge holds the other)

    @property
    def date(self) -> str | None:
        """The date that placed it in the interval (None when undated)."""
        return {"began": self.start, "ended": self.end}.get(self.status)

    @property
    def edge(self) -> EdgeKey:
        return (self.subject, self.object, self.key)

    def to_dict(self) -> dict[str, Any]:
        """The claim as the JSON report writes it."""
        return {
            "subject": self.subject,
            "subject_label": self.subject_label,
            "relation": self.relation,
            "object": self.object,
            "object_label": self.object_label,
            "role": self.role,
            "start": self.start,
            "end": self.end,
            "citations": list(self.citations),
            "precision": self.precision,
            "placement": self.placement,
            "dated_by": list(self.dated_by),
            "conflict": self.conflict,
        }


@dataclass(frozen=True)
class Diff:
    """What began, ended or is undated between ``from_date`` and ``to_date`` (the interval is half-open)."""

    from_date: dt.date
    to_date: dt.date
    began: tuple[ClaimChange, ...]
    ended: tuple[ClaimChange, ...]
    undated: tuple[ClaimChange, ...]
    reported_by: str | None = None
    records_left_out: int = 0  # relations of RECORD_RELATIONS in the view, not listed

    def to_dict(self) -> dict[str, Any]:
        """``{"from", "to", "began", "ended", "undated"}``: the JSON report."""
        return {
            "from": self.from_date.isoformat(),
            "to": self.to_date.isoformat(),
            "began": [change.to_dict() for change in self.began],
            "ended": [change.to_dict() for change in self.ended],
            "undated": [change.to_dict() for change in self.undated],
        }


def without_dates(spec: ViewSpec) -> ViewSpec:
    """``spec`` at every date: no as-of date and no comparison (a diff brings its own dates)."""
    return spec.with_changes(as_of=None, changed_from=None, changed_to=None, preset=spec.preset)


def dateless_view(G: nx.MultiDiGraph, spec: ViewSpec | None) -> nx.MultiDiGraph:
    """The view ``spec`` selects at every date: its as-of date is replaced by the diff's dates."""
    if spec is None:
        return G
    return apply_view(G, without_dates(spec))


def _change(
    G: nx.MultiDiGraph, edge: tuple[str, str, str, dict[str, Any]], status: Status, where: Placement | None
) -> ClaimChange:
    subject, target, key, data = edge
    field = {"began": "start", "ended": "end"}.get(status)
    placed_by = data.get(field) if field else None
    dated_by = tuple(
        dict.fromkeys(
            item["source"]
            for item in data.get("evidence", ())
            if field and item.get(field) and dates_compatible(item[field], placed_by)
        )
    )
    return ClaimChange(
        status=status,
        subject=subject,
        subject_label=str(G.nodes[subject].get("label", subject)),
        relation=data["relation"],
        object=target,
        object_label=str(G.nodes[target].get("label", target)),
        role=data.get("role") or None,
        start=data.get("start"),
        end=data.get("end"),
        citations=tuple(data.get("citations", ())),
        key=key,
        precision=precision(placed_by) if placed_by else None,
        placement=where,
        dated_by=dated_by,
        conflict=bool(data.get("conflict")),
    )


def _order(change: ClaimChange) -> tuple[Any, ...]:
    when = span(change.date)[0] if change.date else dt.date.min
    return (
        when,
        change.relation,
        change.object_label.casefold(),
        change.subject_label.casefold(),
        change.key,
    )


def _in_years(text: str, first: dt.date, second: dt.date) -> bool:
    """False when the date ``text`` lies in a year outside the interval's, so it cannot place a
    change there: most edges of a short interval (a timeline step) are set aside without
    parsing their dates (on 20,000 edges a one-year diff took 0.3–0.7 s, most of it parsing).

    >>> interval = (dt.date(2019, 12, 31), dt.date(2020, 12, 31))
    >>> _in_years("2020-04", *interval), _in_years("2018", *interval)
    (True, False)
    """
    year = text[:4]
    return not year.isdigit() or first.year <= int(year) <= second.year


def diff(
    G: nx.MultiDiGraph, from_date: str | dt.date, to_date: str | dt.date, spec: ViewSpec | None = None
) -> Diff:
    """What changed in the view ``spec`` (default: the whole graph) between two dates.

    The spec's filters apply (types, relations, reported-by, framework, focus); its
    as-of date does not. Each list is in date order.

    >>> import graph
    >>> changes = diff(graph.load_graph(), "2021-07-14", "2024-07-14")
    >>> [(c.subject_label, c.start) for c in changes.began if c.relation == "member_of"]
    [('Finland', '2023-04-04'), ('Sweden', '2024-03-07')]
    """
    first, second = dates_in_order(from_date, to_date)
    view = dateless_view(G, spec)
    lists: dict[Status, list[ClaimChange]] = {"began": [], "ended": [], "undated": []}
    records = 0
    for subject, target, key, data in view.edges(keys=True, data=True):
        if data["relation"] in RECORD_RELATIONS:
            records += 1
            continue
        edge = (subject, target, key, data)
        start, end = data.get("start"), data.get("end")
        if start is None and end is None:
            lists["undated"].append(_change(view, edge, "undated", None))
            continue
        placed: tuple[tuple[Status, str | None], ...] = (("began", start), ("ended", end))
        for status, text in placed:
            where = placement(text, first, second) if text and _in_years(text, first, second) else None
            if where is not None:
                lists[status].append(_change(view, edge, status, where))
    return Diff(
        first,
        second,
        began=tuple(sorted(lists["began"], key=_order)),
        ended=tuple(sorted(lists["ended"], key=_order)),
        undated=tuple(sorted(lists["undated"], key=_order)),
        reported_by=spec.reported_by if spec else None,
        records_left_out=records,
    )


def changed_entities(result: Diff) -> dict[str, Literal["began", "ended"]]:
    """The entities a diff is about (the subjects of what began or ended), each with its latest
    change, a beginning winning a tie (Finland left the Partnership for Peace on the day it
    joined NATO): what a graph names and marks (who joined, who left).

    >>> import graph
    >>> changes = changed_entities(diff(graph.load_graph(), "2014-01-01", "2024-01-01"))
    >>> changes["state:MKD"], changes["state:FIN"], "alliance:nato" in changes
    ('began', 'began', False)
    """
    latest: dict[str, tuple[dt.date, bool]] = {}
    for change in (*result.began, *result.ended):
        rank = (span(change.date)[1] if change.date else dt.date.min, change.status == "began")
        if change.subject not in latest or rank > latest[change.subject]:
            latest[change.subject] = rank
    return {entity: "began" if began else "ended" for entity, (_, began) in latest.items()}


def relation_counts(result: Diff) -> dict[str, int]:
    """How many changes (began, ended and undated) each relation has, most first.

    >>> import graph
    >>> relation_counts(diff(graph.load_graph(), "2021-07-14", "2024-07-14"))["member_of"]
    2
    """
    counts: dict[str, int] = {}
    for change in (*result.began, *result.ended, *result.undated):
        counts[change.relation] = counts.get(change.relation, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


# ---- grouped summaries ------------------------------------------------------

# How a change reads, by relation: (began, ended); {o} is the object's label.
PHRASES: dict[str, tuple[str, str]] = {
    "member_of": ("became member of {o}", "left {o}"),
    "partner_in": ("became partner in {o}", "left {o}"),
    "suspended_from": ("suspended from cooperation with {o}", "suspension by {o} ended"),
    "excluded_from": ("excluded from {o}", "exclusion from {o} ended"),
    "invited_to": ("invited to {o}", "invitation to {o} ended"),
    "holds_office": ("took office in {o}", "left office in {o}"),
    "national_of": ("became a national of {o}", "no longer a national of {o}"),
    "successor_of": ("succeeded {o}", "succession of {o} ended"),
    "contributed_to": ("began contributing to {o}", "stopped contributing to {o}"),
}


def heading(status: Status, relation: str, object_label: str) -> str:
    """How a group of changes is titled: ``'became member of NATO'``, ``'left Partnership for Peace'``.

    >>> heading("ended", "partner_in", "Partnership for Peace")
    'left Partnership for Peace'
    >>> heading("began", "located_in", "Brussels")
    'began: is located in Brussels'
    """
    if status == "undated":
        return f"{phrase(relation)} {object_label}"
    if relation in PHRASES:
        return PHRASES[relation][0 if status == "began" else 1].format(o=object_label)
    return f"{status}: {phrase(relation)} {object_label}"


@dataclass(frozen=True)
class ChangeGroup:
    """The changes of one kind into one entity: "became member of NATO: Finland, Sweden"."""

    status: Status
    relation: str
    object: str
    object_label: str
    heading: str
    changes: tuple[ClaimChange, ...]

    @property
    def citations(self) -> tuple[str, ...]:
        """Every source of the group, each once, in order."""
        return tuple(dict.fromkeys(source for change in self.changes for source in change.citations))


def grouped(changes: tuple[ClaimChange, ...] | list[ClaimChange]) -> list[ChangeGroup]:
    """Changes grouped by status, relation and object, in the order of each group's first change.

    >>> import graph
    >>> changes = diff(graph.load_graph(), "2021-07-14", "2024-07-14")
    >>> [(g.heading, [c.subject_label for c in g.changes]) for g in grouped(changes.began)][-1]
    ('became member of NATO', ['Finland', 'Sweden'])
    """
    groups: dict[tuple[str, str, str], list[ClaimChange]] = {}
    for change in changes:
        groups.setdefault((change.status, change.relation, change.object), []).append(change)
    return [
        ChangeGroup(
            status=members[0].status,
            relation=relation,
            object=target,
            object_label=members[0].object_label,
            heading=heading(members[0].status, relation, members[0].object_label),
            changes=tuple(members),
        )
        for (_, relation, target), members in groups.items()
    ]


# ---- the union graph, for a diff view --------------------------------------


def diff_view(
    G: nx.MultiDiGraph, from_date: str | dt.date, to_date: str | dt.date, spec: ViewSpec | None = None
) -> tuple[nx.MultiDiGraph, EdgeChanges]:
    """The union of the views on both dates and of every change between them, with each edge's status.

    This is the view ``spec`` comparing the two dates (its ``changed_from`` and
    ``changed_to``; :func:`graph.temporal.changes.union_of_changes`). The graph is new
    (``G`` is not changed); its nodes and edges carry ``G``'s attributes (as reported by
    ``spec.reported_by`` when set).
    """
    first, second = dates_in_order(from_date, to_date)
    spec = without_dates(spec or ViewSpec())
    compared = spec.with_changes(
        changed_from=first.isoformat(), changed_to=second.isoformat(), preset=spec.preset
    )
    union = apply_view(G, compared)
    return union, edge_statuses(union, first, second)


def edge_changes(
    G: nx.MultiDiGraph, from_date: str | dt.date, to_date: str | dt.date, spec: ViewSpec | None = None
) -> EdgeChanges:
    """The status of every edge of the diff view (see :func:`diff_view`)."""
    return diff_view(G, from_date, to_date, spec)[1]
