"""GraphML with typed keys (string, boolean, long, double); positions, sizes and colours as the
``x``, ``y``, ``size`` and ``color`` keys Gephi reads as such (y axis up, as in Gephi)."""

from __future__ import annotations

import io
import json

import networkx as nx

from graph.export.flatten import SKIP_EDGE, SKIP_NODE, flat_attributes
from graph.export.registry import ExportContext, Exporter, register
from graph.export.visual import node_visuals, own_color_attribute, undirected, without_viz


def to_graphml_graph(context: ExportContext) -> nx.MultiGraph:
    visuals = node_visuals(context)
    H: nx.MultiGraph = nx.MultiGraph() if undirected(context) else nx.MultiDiGraph()
    H.graph["name"] = str(context.G.graph.get("name", "graph"))
    cited = {
        citation for _, _, data in context.view.edges(data=True) for citation in data.get("citations", [])
    }
    sources = {key: value for key, value in context.G.graph.get("sources", {}).items() if key in cited}
    H.graph["sources_json"] = json.dumps(sources, ensure_ascii=False, sort_keys=True)
    for key, value in context.G.graph.get("properties", {}).items():
        if key not in ("name", "sources_json", "edgedefault"):
            H.graph[key] = value
    own_color = own_color_attribute(context)
    for node, data in context.view.nodes(data=True):
        attributes = without_viz(flat_attributes(data, SKIP_NODE))
        shown = visuals[node]
        if shown.x is not None and shown.y is not None:
            attributes.update(x=shown.x, y=-shown.y + 0.0)
        if shown.z is not None:
            attributes["z"] = shown.z
        attributes["size"] = shown.size
        if not own_color:
            attributes["color"] = shown.color
        H.add_node(node, **attributes)
    for index, (subject, target, key, data) in enumerate(context.view.edges(keys=True, data=True)):
        attributes = without_viz(flat_attributes(data, SKIP_EDGE))
        if isinstance(data.get("viz:color"), str):
            attributes["color"] = data["viz:color"]
        H.add_edge(subject, target, key=key if H.is_directed() else index, **attributes)
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
