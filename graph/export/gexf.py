"""GEXF 1.3 with ``viz`` colour, position and size, so Gephi shows the same picture.

Gephi's y axis points up and the screen's down, so ``viz:position y`` is the negated
screen y. Lists (citations, aliases) are ``;``-joined strings.
"""

from __future__ import annotations

import io

import networkx as nx

from graph.export import ExportContext, Exporter, register
from graph.export.flatten import SKIP_EDGE, SKIP_NODE, flat_attributes
from graph.export.image import _rgba


def to_gexf_graph(context: ExportContext) -> nx.MultiDiGraph:
    drawn = context.nodes
    H = nx.MultiDiGraph(name=str(context.G.graph.get("name", "graph")))
    for node, data in context.view.nodes(data=True):
        attributes = flat_attributes(data, SKIP_NODE)
        shown = drawn[node]
        red, green, blue, alpha = _rgba(shown["color"]["background"])
        attributes["viz"] = {
            "color": {"r": red, "g": green, "b": blue, "a": round(alpha / 255, 3)},
            "position": {"x": float(shown.get("x", 0.0)), "y": -float(shown.get("y", 0.0)), "z": 0.0},
            "size": float(shown["size"]),
        }
        H.add_node(node, **attributes)
    for subject, target, key, data in context.view.edges(keys=True, data=True):
        attributes = flat_attributes(data, SKIP_EDGE)
        attributes["label"] = data["relation"]
        H.add_edge(subject, target, key=key, **attributes)
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
