"""The payload: everything the graph view (and the standalone HTML export) draws, as one type.

One function, :func:`view_payload`, builds it for every view: node by node
(:func:`graph.draw.plain.plain_drawing`), or with groups drawn as single nodes when the view
is larger than the level-of-detail budget (:func:`graph.draw.aggregated.aggregated_drawing`).
Both give a :class:`graph.draw.items.Drawing`; this module adds what every payload has
(options, counts).
"""

from __future__ import annotations

import networkx as nx

from graph.draw.aggregated import aggregated_drawing, needs_aggregation
from graph.draw.items import Payload, PositionsFor
from graph.draw.layout import Groups
from graph.draw.plain import plain_drawing, vis_options
from graph.settings import limit
from graph.view import ViewSpec, apply_view


def view_payload(
    G: nx.MultiDiGraph,
    spec: ViewSpec,
    groups: Groups | None,
    positions_for: PositionsFor,
    view: nx.MultiDiGraph | None = None,
    screen: bool = True,
) -> Payload:
    """The payload of ``spec``'s view of ``G``: node by node, or aggregated above the budget.

    ``positions_for(nodes)`` returns positions covering ``nodes``; it is asked only for the
    nodes drawn one by one, so a caller can lay out groups lazily. ``view`` is
    ``apply_view(G, spec)`` when the caller has it. ``groups`` (a large graph's layout groups)
    allows aggregation; exports pass None and always get every node. With ``screen`` (the
    app), a view of more than ``edge_layer`` links gets compact edges for the browser's
    edge layer; exports always get every edge with its id and tooltip.
    """
    view = apply_view(G, spec) if view is None else view
    if groups is not None and needs_aggregation(view, groups):
        drawing = aggregated_drawing(G, view, spec, groups, positions_for)
    else:
        drawing = plain_drawing(G, view, spec, positions_for(list(view)), screen=screen)
    payload: Payload = {
        "nodes": drawing.nodes,
        "edges": drawing.edges,
        "notice": drawing.notice,
        "legend": drawing.legend,
        "selected": drawing.selected,
        "options": vis_options(view.number_of_nodes()),
        "entities": view.number_of_nodes(),
        "edge_layer": drawing.edge_layer or (screen and len(drawing.edges) > limit("edge_layer")),
    }
    if drawing.aggregation is not None:
        payload["aggregated"] = drawing.aggregation
    return payload
