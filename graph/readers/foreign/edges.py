"""A foreign graph's edges as our claims: a relation, checked periods, citations and attributes.

Each edge becomes one claim per period and per citation. Parallel edges that nothing else
tells apart keep the file's edge id, so none is merged away.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, NamedTuple

from graph.budget import tick
from graph.build import RESERVED_EDGE_KEYS
from graph.model import VIZ_PREFIX, Claim, Source
from graph.readers.foreign.citations import Evidence, evidence_entries
from graph.readers.foreign.losses import EdgeLosses, Tally
from graph.readers.foreign.model import UPLOAD_SOURCE, ForeignEdge, ForeignGraph, Period
from graph.readers.foreign.values import (
    VIZ_EDGE,
    VIZ_EDGE_TYPES,
    AttributeRules,
    cell,
    clean_attributes,
    column_types,
    date_or_none,
    viz_values,
)
from graph.report import ImportReport
from graph.text import clean_text
from graph.vocabulary import RELATIONS

FILE_TIMES = ("start (file)", "end (file)")  # the attributes that keep times that are not dates
EDGE_ATTRIBUTES = AttributeRules(
    "edge", frozenset(RESERVED_EDGE_KEYS | {"id"}), frozenset({*VIZ_EDGE, *FILE_TIMES}), False
)
# A multigraph's edge key (networkx writes it as networkx_key in GEXF): parallel edges stay apart
# here anyway, and our keys are made from relation and period. Our own exports' marks are made again.
DROPPED = ("negative", "conflict", "key", "networkx_key")


class PendingEdge(NamedTuple):
    """An edge read, before the types of its attribute columns are known."""

    subject: str
    relation: str
    target: str
    periods: list[Period]
    role: str
    attributes: dict[str, Any]
    evidence: list[Evidence]
    edge_id: Any  # the file's id, else its place in the file


def _ends(edge: ForeignEdge, mapping: dict[Any, str]) -> tuple[str | None, str | None]:
    ends = []
    for raw in (edge.source, edge.target):
        try:
            ends.append(mapping.get(raw))
        except TypeError:  # a list or an object as an end
            ends.append(None)
    return ends[0], ends[1]


def _relation(attributes: dict[str, Any]) -> str | None:
    """The first of relation, type and label that is a relation of ours (taken out of the attributes)."""
    for key in ("relation", "type", "label"):
        value = attributes.get(key)
        if isinstance(value, str) and value in RELATIONS:
            attributes.pop(key)
            return value
    return None


def _checked_period(
    start: Any, end: Any, attributes: dict[str, Any], time_is_date: bool, tally: Tally, where: str
) -> Period:
    """A period of dates; times that are not dates are kept as the attributes 'start (file)' and
    'end (file)', and the period is open."""
    if not time_is_date and (start or end):
        attributes.setdefault(FILE_TIMES[0], start)
        attributes.setdefault(FILE_TIMES[1], end)
        return (None, None)
    start_date, end_date = date_or_none(start), date_or_none(end)
    if (start_date or "").startswith("!") or (end_date or "").startswith("!"):
        tally.note(
            "edge-date",
            where,
            "warning",
            "start/end",
            "edge time(s) are not ISO dates; they are kept as the attributes 'start (file)' and "
            "'end (file)', and the edge is not dated",
            "write dates as YYYY-MM-DD.",
        )
        attributes.setdefault(FILE_TIMES[0], start)
        attributes.setdefault(FILE_TIMES[1], end)
        return (None, None)
    return (start_date, end_date)


def _periods(
    edge: ForeignEdge, attributes: dict[str, Any], time_is_date: bool, tally: Tally, where: str
) -> list[Period]:
    """The edge's periods (spells, and start/end taken out of the attributes), checked; one open
    period when it has none."""
    periods = list(edge.periods)
    start, end = attributes.pop("start", None), attributes.pop("end", None)
    if start is not None or end is not None:
        periods.append((None if start is None else str(start), None if end is None else str(end)))
    checked = [
        _checked_period(start, end, attributes, time_is_date, tally, where)
        for start, end in periods or [(None, None)]
    ]
    if not time_is_date and any(period != (None, None) for period in periods):
        tally.note(
            "numeric-time",
            where,
            "info",
            "start/end",
            "edge(s) have times that are numbers, not dates (the file's time format); they are kept as "
            "the attributes 'start (file)' and 'end (file)'",
        )
    return checked


def _pending_edge(
    foreign: ForeignGraph,
    edge: ForeignEdge,
    ends: tuple[str, str],
    edge_id: Any,
    sources: dict[str, Source],
    tally: Tally,
    renamed: dict[str, str],
    losses: EdgeLosses,
) -> PendingEdge:
    """One edge whose ends are nodes kept: its relation, periods, role, citations and attributes."""
    subject, target = ends
    where = f"{subject} → {target}"
    attributes = dict(edge.attributes)
    relation = _relation(attributes)
    if relation is None:
        shown = attributes.get("relation", attributes.get("type", attributes.get("label")))
        losses.unknown_relations.append(str(shown) if shown not in (None, "") else "(none)")
        relation = "related_to"
    role_value = attributes.pop("role", None)
    role = clean_text(str(role_value)) if role_value not in (None, "") else ""
    periods = _periods(edge, attributes, foreign.time_is_date, tally, where)
    evidence = evidence_entries(attributes, sources, tally, where)
    if not evidence:
        losses.uncited += 1
        evidence = [(UPLOAD_SOURCE, "", "", None)]
    for key in DROPPED:
        attributes.pop(key, None)
    attributes.update(viz_values(edge.viz, tally, where))
    if edge.directed is not None and edge.directed != foreign.directed:
        attributes["directed"] = edge.directed
    clean = clean_attributes(attributes, renamed, tally, where, EDGE_ATTRIBUTES)
    return PendingEdge(subject, relation, target, periods, role, clean, evidence, edge_id)


def _claims(pending: list[PendingEdge], types: dict[str, str], losses: EdgeLosses) -> list[Claim]:
    """One claim per period and citation of each edge; loops and parallel edges go to ``losses``."""
    identity: Counter[tuple] = Counter()
    prepared = []
    for edge in pending:
        cells = tuple(sorted((name, cell(value, types[name])) for name, value in edge.attributes.items()))
        identity_key = (edge.subject, edge.relation, edge.target, tuple(edge.periods), edge.role, cells)
        identity[identity_key] += 1
        prepared.append((identity_key, cells, edge.evidence, edge.edge_id))
    needs_id = {item for item, count in identity.items() if count > 1}
    if needs_id:
        types.setdefault("id", "string")
    claims: list[Claim] = []
    for identity_key, cells, evidence, edge_id in prepared:
        subject, relation, target, edge_periods, role, _ = identity_key
        if identity_key in needs_id:
            cells = tuple(sorted((*cells, ("id", clean_text(str(edge_id))))))
        for start, end in edge_periods:
            for source, locator, note, own in evidence:
                period = own if own is not None and len(edge_periods) == 1 else (start, end)
                claims.append(
                    Claim(subject, relation, target, source, period[0], period[1], locator, note, role, cells)
                )
    pairs = Counter((key[0], key[2]) for key in identity.elements())
    losses.parallel = sum(1 for count in pairs.values() if count > 1)
    losses.loops = [key[0] for key in identity.elements() if key[0] == key[2]]
    return claims


def edge_claims(
    foreign: ForeignGraph,
    mapping: dict[Any, str],
    sources: dict[str, Source],
    tally: Tally,
    report: ImportReport,
) -> tuple[list[Claim], dict[str, str]]:
    """The claims of the edges whose ends are nodes kept, and the type of each attribute."""
    losses = EdgeLosses()
    renamed: dict[str, str] = {}
    pending: list[PendingEdge] = []
    for index, edge in enumerate(foreign.edges):
        tick()
        subject, target = _ends(edge, mapping)
        if subject is None or target is None:
            missing = edge.source if subject is None else edge.target
            losses.undeclared.append(str(missing)[:60])
            continue
        edge_id = edge.id if edge.id is not None else index
        pending.append(
            _pending_edge(foreign, edge, (subject, target), edge_id, sources, tally, renamed, losses)
        )
    declared = {renamed.get(name, name): kind for name, kind in foreign.edge_types.items()}
    declared.update({VIZ_PREFIX + name: kind for name, kind in VIZ_EDGE_TYPES.items()})
    declared["directed"] = "boolean"
    types = column_types([edge.attributes for edge in pending], declared, tally, "edge")
    claims = _claims(pending, types, losses)
    losses.report(foreign.file, report)
    return claims, dict(types)
