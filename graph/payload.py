"""The payload: everything the graph view (and the standalone HTML export) draws, as one type.

One function, :func:`view_payload`, builds it for every view: node by node
(:func:`graph.render.plain_drawing`), or with groups drawn as single nodes when the view is
larger than the level-of-detail budget (:func:`graph.lod.aggregated_drawing`). Both give a
:class:`graph.render.Drawing`; this module adds what every payload has (options, counts).

The keys are those vis-network reads (``from``, ``to``, ``x``, ``y``, ``color``…) plus a few
of ours that the page's script uses (``type``, ``faded``, ``negative``, ``members``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NotRequired, TypedDict

import networkx as nx

from graph.layout import Groups, Positions
from graph.settings import limit
from graph.view import ViewSpec, apply_view


class NodeItem(TypedDict, total=False):
    """A drawn node: an entity, or a group of entities in an aggregated view."""

    id: str
    label: str
    title: str  # the plain-text tooltip
    shape: str
    size: float
    color: dict[str, Any]
    type: str
    group_name: str
    faded: bool
    conflict: bool
    x: float
    y: float
    borderWidth: float
    font: dict[str, Any]
    shapeProperties: dict[str, Any]
    members: int  # groups only: entities in view
    emphasis: bool  # joined by an emphasised relation: drawn larger, in full colour
    dim: bool  # faded, muted beside an emphasis, or away from the selection


# "from" is a Python keyword, hence the functional form.
EdgeItem = TypedDict(
    "EdgeItem",
    {
        "id": str,
        "from": str,
        "to": str,
        "relation": str,
        "title": str,
        "label": str,
        "color": dict[str, Any],
        "dashes": Any,
        "width": float,
        "negative": bool,
        "arrows": str,
        "count": int,
        "change": str,  # in a view comparing two dates: began, ended, began_and_ended, unchanged, undated
    },
    total=False,
)


class LegendEntry(TypedDict, total=False):
    label: str
    color: str
    shape: str
    dashed: bool
    negative: bool
    change: bool  # a colour of a view comparing two dates
    relation: str  # a relation's id (its label is the phrase a person reads)


class Legend(TypedDict):
    nodes: list[LegendEntry]
    edges: list[LegendEntry]
    notes: list[str]


class Aggregation(TypedDict):
    groups: int  # groups drawn as one node each
    expanded: list[int]  # group numbers drawn node by node


class Payload(TypedDict):
    """What the graph view receives (encoded as JSON bytes by the app)."""

    nodes: list[NodeItem]
    edges: list[EdgeItem]
    notice: str
    legend: Legend
    selected: str | None
    options: dict[str, Any]
    entities: int  # entities in view (a group counts its members)
    edge_layer: bool  # edges are compact items for the browser's canvas layer
    aggregated: NotRequired[Aggregation]
    # The app's: one key per layout (graph.layout.layout_scope), so a time step or a selection, which
    # keep every position, keeps the viewport too; and the extent of every node that layout places.
    frame_key: NotRequired[str]
    frame: NotRequired[list[float]]


PositionsFor = Callable[[Iterable[str]], Positions]


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
    from graph.lod import aggregated_drawing, needs_aggregation
    from graph.render import plain_drawing, vis_options

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
