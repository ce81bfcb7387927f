"""GEXF 1.3 with ``viz`` colour, position and size, so Gephi shows the same picture.

Gephi's y axis points up and the screen's down, so ``viz:position y`` is the negated
screen y. A graph read from a file writes back its own layout, colours, sizes, typed
attributes, weights, edge colours and graph meta data; lists (citations, aliases) are
``;``-joined strings.
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx

from graph.colours import color_components
from graph.dates import is_valid_date
from graph.export.flatten import SKIP_EDGE, SKIP_NODE, flat_attributes
from graph.export.registry import ExportContext, Exporter, register
from graph.export.visual import node_visuals, undirected, without_viz


def _edge_viz(data: dict[str, Any]) -> dict[str, Any]:
    viz: dict[str, Any] = {}
    if isinstance(data.get("viz:color"), str):
        red, green, blue, alpha = color_components(data["viz:color"])
        viz["color"] = {"r": red, "g": green, "b": blue, "a": alpha}
    if isinstance(data.get("viz:thickness"), int | float):
        viz["thickness"] = float(data["viz:thickness"])
    return viz


# networkx's GEXF writer reads these attribute names as GEXF structure (times, spells, hierarchy).
STRUCTURAL = ("start", "end", "spells", "pid", "viz", "id")


def _plain(attributes: dict[str, Any], keep_times: bool) -> dict[str, Any]:
    """Attributes networkx writes as columns: structural names renamed unless they are dates we own."""
    plain = {}
    for key, value in attributes.items():
        if key in STRUCTURAL and not (
            keep_times and key in ("start", "end") and isinstance(value, str) and is_valid_date(value)
        ):
            if key == "id" and not keep_times:
                plain[key] = str(value)  # an edge's id: GEXF's own edge id
                continue
            key = f"{key} (attribute)"
        plain[key] = value
    return plain


def to_gexf_graph(context: ExportContext) -> nx.MultiGraph:
    visuals = node_visuals(context)
    H: nx.MultiGraph = nx.MultiGraph() if undirected(context) else nx.MultiDiGraph()
    H.graph["name"] = str(context.G.graph.get("name", "graph"))
    for node, data in context.view.nodes(data=True):
        attributes = _plain(without_viz(flat_attributes(data, SKIP_NODE)), keep_times=True)
        shown = visuals[node]
        red, green, blue, alpha = color_components(shown.color)
        viz: dict[str, Any] = {"color": {"r": red, "g": green, "b": blue, "a": alpha}, "size": shown.size}
        if shown.x is not None and shown.y is not None:
            viz["position"] = {"x": shown.x, "y": -shown.y + 0.0, "z": shown.z or 0.0}
        attributes["viz"] = viz
        H.add_node(node, **attributes)
    for index, (subject, target, key, data) in enumerate(context.view.edges(keys=True, data=True)):
        attributes = _plain(without_viz(flat_attributes(data, SKIP_EDGE)), keep_times=False)
        attributes.update({key: data[key] for key in ("start", "end") if isinstance(data.get(key), str)})
        attributes["label"] = str(data.get("label") or data["relation"])
        viz = _edge_viz(data)
        if viz:
            attributes["viz"] = viz
        # An undirected MultiGraph would merge a→b and b→a under one key: number the edges.
        H.add_edge(subject, target, key=index if H.is_directed() is False else key, **attributes)
    return H


def write_gexf(context: ExportContext) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(to_gexf_graph(context), buffer, version="1.3")
    return buffer.getvalue()


register(
    Exporter(
        "gexf",
        "gexf",
        "application/gexf+xml",
        "GEXF 1.3 for Gephi (positions, colours, sizes)",
        write_gexf,
        "networkx.read_gexf and our importer",
    )
)
