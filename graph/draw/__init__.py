"""The drawing layer: a view subgraph in, one payload out (what the graph view and exports draw).

Its modules form layers; each imports only those below it:

==============  ===========================================================================
module          what it holds
==============  ===========================================================================
payload         :func:`view_payload`, the one builder the app and the exports call
plain           the view node by node: node and edge items, legend, vis-network options
aggregated      level of detail: groups drawn as single nodes above the ``lod_nodes`` budget
positions       which positions a view gets (:func:`view_positions`, :func:`layout_scope`)
styles          colours, sizes, fading, emphasis; the graph's own attributes and picture
readable        a small view's readable layout (labels packed so that none hides another)
layout          whole-graph layouts (a registry), groups for large graphs, grown layouts
items           the types: node and edge items, legend, drawing, payload, positions, edge ids
==============  ===========================================================================

>>> import graph
>>> from graph.view import PRESETS
>>> G = graph.load_graph()
>>> spec = PRESETS["excluded"].spec
>>> payload = view_payload(G, spec, None, lambda _nodes: view_positions(G, spec), screen=False)
>>> sorted(payload)[:4], payload["entities"] == len(payload["nodes"])
(['edge_layer', 'edges', 'entities', 'legend'], True)
"""

from __future__ import annotations

from graph.draw.aggregated import LINKS_PREFIX, group_index, group_summary, needs_aggregation
from graph.draw.items import (
    Drawing,
    EdgeItem,
    Legend,
    LegendEntry,
    NodeItem,
    Payload,
    Positions,
    PositionsFor,
    edge_id,
    split_edge_id,
)
from graph.draw.layout import LAYOUTS, Groups, compute_layout, group_layout, group_nodes
from graph.draw.payload import view_payload
from graph.draw.positions import file_layout, layout_scope, readable_layout, view_positions
from graph.draw.styles import CHANGE_STYLE, describe_attributes, opening_view, own_styles

__all__ = [
    "CHANGE_STYLE",
    "LAYOUTS",
    "LINKS_PREFIX",
    "Drawing",
    "EdgeItem",
    "Groups",
    "Legend",
    "LegendEntry",
    "NodeItem",
    "Payload",
    "Positions",
    "PositionsFor",
    "compute_layout",
    "describe_attributes",
    "edge_id",
    "file_layout",
    "group_index",
    "group_layout",
    "group_nodes",
    "group_summary",
    "layout_scope",
    "needs_aggregation",
    "opening_view",
    "own_styles",
    "readable_layout",
    "split_edge_id",
    "view_payload",
    "view_positions",
]
