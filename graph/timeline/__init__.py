"""Time as people ask about it: what changed between two dates, what was known on a day,
and membership over time.

Two time axes:

- *held*: a relation holds from its ``start`` to its ``end`` (the view's as-of date);
- *reported*: it was reported on its sources' ``published`` dates (the view's
  reported-by date, :mod:`graph.temporal.reported`).

>>> import graph
>>> from graph.timeline import diff, grouped
>>> changes = diff(graph.load_graph(), "2021-07-14", "2024-07-14")
>>> [group.heading for group in grouped(changes.ended) if group.relation == "partner_in"]
['left Euro-Atlantic Partnership Council', 'left Partnership for Peace']

This package builds on the view (:mod:`graph.view`); the rules below the view that it
shares with the view and the queries (dates as spans of days, the reported-by rule, the
edges that changed between two dates) are in :mod:`graph.temporal`.

Modules: :mod:`~graph.timeline.diff` (changes between two dates claim by claim, grouped
summaries, the diff view and its edge statuses),
:mod:`~graph.timeline.report` (the diff as Markdown, JSON or CSV),
:mod:`~graph.timeline.control` (data for a time control: date range, steps, histogram, the per-step index),
:mod:`~graph.timeline.series` (membership over time).
"""

from __future__ import annotations

from graph.temporal.changes import RECORD_RELATIONS, EdgeChanges, edge_statuses
from graph.temporal.periods import precision, span
from graph.temporal.reported import known_sources, undated_sources
from graph.timeline.control import (
    Bin,
    Histogram,
    Timeline,
    TimelineIndex,
    date_range,
    filter_scope,
    histogram,
    step_from,
    steps,
    timeline,
    timeline_scope,
)
from graph.timeline.diff import (
    ChangeGroup,
    ClaimChange,
    Diff,
    changed_entities,
    diff,
    diff_view,
    edge_changes,
    grouped,
    relation_counts,
)
from graph.timeline.series import Series, SeriesStep, membership_series

__all__ = [
    "RECORD_RELATIONS",
    "Bin",
    "ChangeGroup",
    "ClaimChange",
    "Diff",
    "EdgeChanges",
    "Histogram",
    "Series",
    "SeriesStep",
    "Timeline",
    "TimelineIndex",
    "changed_entities",
    "date_range",
    "diff",
    "diff_view",
    "edge_changes",
    "edge_statuses",
    "filter_scope",
    "grouped",
    "histogram",
    "known_sources",
    "membership_series",
    "precision",
    "relation_counts",
    "span",
    "step_from",
    "steps",
    "timeline",
    "timeline_scope",
    "undated_sources",
]
