"""What a drawing is made of: node and edge items, the legend, positions and the payload.

Types only (and the edge id scheme), at the bottom of graph/draw: every other module of
the package builds these. The keys are those vis-network reads (``from``, ``to``, ``x``,
``y``, ``color``…) plus a few of ours that the page's script uses (``type``, ``faded``,
``negative``, ``members``).

>>> split_edge_id(edge_id("state:FIN", "alliance:nato", "member_of"))
('state:FIN', 'alliance:nato', 'member_of')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict

Positions = dict[str, tuple[float, float]]
PositionsFor = Callable[[Iterable[str]], Positions]  # positions covering the nodes asked for
EdgeRow = tuple[str, str, str, dict[str, Any]]  # subject, object, key, data

EDGE_ID_SEPARATOR = "\u241f"  # joins subject, object and key into one edge id


def edge_id(subject: str, target: str, key: str) -> str:
    return EDGE_ID_SEPARATOR.join((subject, target, key))


def split_edge_id(value: str) -> tuple[str, str, str]:
    subject, target, key = value.split(EDGE_ID_SEPARATOR)
    return subject, target, key


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
    undirected: NotRequired[bool]  # every link drawn has no direction (the file said so): no arrows


class Aggregation(TypedDict):
    groups: int  # groups drawn as one node each
    expanded: list[int]  # group numbers drawn node by node


@dataclass(frozen=True)
class Drawing:
    """What a view draws: node and edge items, legend, notice (see graph.draw.payload.view_payload)."""

    nodes: list[NodeItem]
    edges: list[EdgeItem]
    legend: Legend
    notice: str
    selected: str | None
    edge_layer: bool
    aggregation: Aggregation | None = None


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
    # The app's: one key per layout (graph.draw.positions.layout_scope), so a time step or a selection,
    # which keep every position, keeps the viewport too; and the extent of every node that layout places.
    frame_key: NotRequired[str]
    frame: NotRequired[list[float]]
    # The app's: the title, dates and sources lines the canvas's Save PNG prints (graph.export.caption).
    caption: NotRequired[dict[str, str]]
