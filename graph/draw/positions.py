"""Which positions a view gets: its own readable layout when it is small, else the whole graph's.

A small view — up to the ``readable_view`` limit — gets a layout of its own
(graph.draw.readable), sized for its nodes as they are drawn (graph.draw.styles); it depends
only on what the view contains (types, relations, framework, focus), not on the date, the
selection or the styling, so moving through time, selecting or restyling never moves a node.
A file that carries its own picture can be shown with its own positions.
"""

from __future__ import annotations

import networkx as nx

from graph.draw.items import Positions
from graph.draw.layout import compute_layout
from graph.draw.readable import view_layout
from graph.draw.styles import EMPHASIS_GROWTH, EMPHASIS_MIN, emphasised_nodes, file_positions, node_sizes
from graph.settings import limit
from graph.view import ViewSpec, apply_view

# Fields of a view that decide which entities a layout must place (the date does not: a
# timeline keeps every node where it is, and entities appear and fade in place).
LAYOUT_FIELDS = (
    "types",
    "relations",
    "framework",
    "focus",
    "depth",
    "hide_isolated",
    "emphasis",
    "positions",
)


def layout_scope(spec: ViewSpec) -> ViewSpec:
    """The part of ``spec`` a view's layout depends on (the cache key of its positions).

    >>> from graph.view import PRESETS
    >>> scope = layout_scope(PRESETS["members"].spec.with_changes(as_of="2024-06-01", selected="state:FIN"))
    >>> scope.as_of, scope.selected, scope.relations
    (None, None, ('member_of',))
    """
    return ViewSpec(**{name: getattr(spec, name) for name in LAYOUT_FIELDS})  # type: ignore[arg-type]


def readable_layout(G: nx.MultiDiGraph, scope: ViewSpec, start: Positions | None = None) -> Positions | None:
    """The layout of the view ``scope`` of ``G`` when it is small enough to be read whole, else None."""
    view = apply_view(G, scope)
    if view.number_of_nodes() > limit("readable_view"):
        return None
    labels = {node: str(data.get("label", node)) for node, data in view.nodes(data=True)}
    radii = node_sizes(view, ViewSpec(size_by="degree"))
    for node in emphasised_nodes(view, scope):  # drawn larger: room for their size
        radii[node] = max(EMPHASIS_MIN, radii[node] * EMPHASIS_GROWTH)
    return view_layout(view, labels, radii, start)


def view_positions(G: nx.MultiDiGraph, spec: ViewSpec, whole: Positions | None = None) -> Positions:
    """Positions for the view ``spec`` of ``G``: its own readable layout when it is small, else the
    whole graph's (``whole``, computed when not given). What the app shows and exports write."""
    whole = compute_layout(G) if whole is None else whole
    if spec.positions == "file":
        return {**whole, **file_layout(G)}
    own = readable_layout(G, layout_scope(spec), whole)
    return {**whole, **own} if own is not None else whole


def file_layout(G: nx.MultiDiGraph) -> Positions:
    """The file's own positions (e.g. Gephi's), scaled to the layouts' box; nodes without one keep ours."""
    return file_positions(G, fit=True)
