"""Where, how big and in what colour each exported node is: the file's own drawing first.

A graph read from Gephi, yEd or sigma.js keeps its layout, colours and sizes as ``viz:*``
node attributes (graph/model.py); every export writes those back, so Gephi → here →
Gephi keeps the picture. Nodes without them take what the screen draws (the payload).
Positions here are screen positions (y down); GEXF and GraphML turn y up again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from graph.colours import parse_color
from graph.export.registry import ExportContext
from graph.model import VIZ_PREFIX


@dataclass(frozen=True)
class Visual:
    x: float | None  # screen axes (y down)
    y: float | None
    z: float | None
    size: float
    color: str  # #rrggbb or #rrggbbaa


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def node_visuals(context: ExportContext) -> dict[str, Visual]:
    """Each view node's position, size and colour: the file's own where it has them."""
    drawn = context.nodes
    visuals = {}
    for node, data in context.view.nodes(data=True):
        shown = drawn[node]
        own_x, own_y = _number(data.get("viz:x")), _number(data.get("viz:y"))
        if own_x is not None and own_y is not None:
            x: float | None = own_x
            y: float | None = -own_y + 0.0
        else:
            x, y = _number(shown.get("x")), _number(shown.get("y"))
        size = _number(data.get("viz:size"))
        color = data.get("viz:color") if isinstance(data.get("viz:color"), str) else None
        visuals[node] = Visual(
            x,
            y,
            _number(data.get("viz:z")),
            size if size is not None else float(shown["size"]),
            color or parse_color(shown["color"]["background"]) or "#b0b0b0",
        )
    return visuals


def without_viz(attributes: dict[str, Any]) -> dict[str, Any]:
    """Attributes without the drawing data (written as drawing data, not as columns)."""
    return {key: value for key, value in attributes.items() if not key.startswith(VIZ_PREFIX)}


def undirected(context: ExportContext) -> bool:
    """True when the file the graph came from said its edges have no direction."""
    return context.G.graph.get("properties", {}).get("edgedefault") == "undirected"


def own_color_attribute(context: ExportContext) -> bool:
    """True when the view's nodes carry a ``color`` attribute of the file's own (categories or
    numbers, not colours: graph/readers/foreign/values.py); GraphML's and JSON's ``color`` then hold it
    instead of the drawn colour, which GEXF's viz still carries."""
    return any(data.get("color") not in (None, "") for _, data in context.view.nodes(data=True))
