"""GraphML with typed keys (string, boolean, double); positions and colours as attributes."""

from __future__ import annotations

import io
import json

import networkx as nx

from graph.export import ExportContext, Exporter, register
from graph.export.flatten import SKIP_EDGE, SKIP_NODE, flat_attributes


def to_graphml_graph(context: ExportContext) -> nx.MultiDiGraph:
    drawn = context.nodes
    H = nx.MultiDiGraph()
    H.graph["name"] = str(context.G.graph.get("name", "graph"))
    cited = {
        citation for _, _, data in context.view.edges(data=True) for citation in data.get("citations", [])
    }
    sources = {key: value for key, value in context.G.graph.get("sources", {}).items() if key in cited}
    H.graph["sources_json"] = json.dumps(sources, ensure_ascii=False, sort_keys=True)
    for node, data in context.view.nodes(data=True):
        attributes = flat_attributes(data, SKIP_NODE)
        shown = drawn[node]
        attributes.update(
            x=float(shown.get("x", 0.0)),
            y=float(shown.get("y", 0.0)),
            size=float(shown["size"]),
            color=shown["color"]["background"],
        )
        H.add_node(node, **attributes)
    for subject, target, key, data in context.view.edges(keys=True, data=True):
        H.add_edge(subject, target, key=key, **flat_attributes(data, SKIP_EDGE))
    return H


def write_graphml(context: ExportContext) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(to_graphml_graph(context), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


register(
    Exporter(
        "graphml",
        "graphml",
        "application/graphml+xml",
        "GraphML for yEd, Cytoscape, Gephi",
        write_graphml,
        "networkx.read_graphml and our importer",
    )
)
