"""The time rules on a graph, below the view: dates as spans of days, what had been reported
by a day, and which edges changed between two dates.

Nothing here knows a :class:`~graph.view.ViewSpec`: :mod:`graph.query` and :mod:`graph.view`
build on these modules, and :mod:`graph.timeline` (time as people ask about it, over views)
builds on the view.

Modules: :mod:`~graph.temporal.periods` (dates as spans of days),
:mod:`~graph.temporal.reported` (the reported-by rule for edges and facts),
:mod:`~graph.temporal.changes` (edges that began or ended between two dates, the union a
comparison draws, each edge's status).
"""

from __future__ import annotations

from graph.temporal.changes import (
    EdgeChanges,
    EdgeKey,
    Placement,
    dates_in_order,
    edge_statuses,
    placement,
    union_of_changes,
)
from graph.temporal.periods import Period, Precision, day, last_day, precision, shift, span
from graph.temporal.reported import (
    known_sources,
    published_on_or_before,
    reported_edge,
    reported_facts,
    undated_sources,
)

__all__ = [
    "EdgeChanges",
    "EdgeKey",
    "Period",
    "Placement",
    "Precision",
    "dates_in_order",
    "day",
    "edge_statuses",
    "known_sources",
    "last_day",
    "placement",
    "precision",
    "published_on_or_before",
    "reported_edge",
    "reported_facts",
    "shift",
    "span",
    "undated_sources",
    "union_of_changes",
]
