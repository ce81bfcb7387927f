"""Node-link JSON (networkx / D3 style, strictly valid: no NaN), with sources and evidence.

Node ``x``/``y`` are screen positions (y down, as D3 draws), with ``z``, ``size`` and
``color``: the file's own drawing where the graph came from a file, else the screen's.
"""

from __future__ import annotations

import json

import networkx as nx

from graph.export.registry import ExportContext, Exporter, register
from graph.export.visual import node_visuals, own_color_attribute, undirected, without_viz


def to_node_link(context: ExportContext) -> dict:
    visuals = node_visuals(context)
    own_color = own_color_attribute(context)
    H = nx.MultiDiGraph()
    for node, data in context.view.nodes(data=True):
        shown = visuals[node]
        H.add_node(node, **without_viz(data))
        H.nodes[node].update(x=shown.x, y=shown.y, size=shown.size)
        if not own_color:
            H.nodes[node]["color"] = shown.color
        if shown.z is not None:
            H.nodes[node]["z"] = shown.z
    for subject, target, key, data in context.view.edges(keys=True, data=True):
        H.add_edge(subject, target, key=key, **data)
    cited = {citation for _, _, data in H.edges(data=True) for citation in data.get("citations", [])}
    H.graph = {
        **{
            key: value for key, value in context.G.graph.get("properties", {}).items() if key != "edgedefault"
        },
        "name": context.G.graph.get("name", "graph"),
        "sources": {key: value for key, value in context.G.graph.get("sources", {}).items() if key in cited},
    }
    data = nx.node_link_data(H, edges="edges")
    if undirected(context):
        data["directed"] = False
    return data


def write_node_link(context: ExportContext) -> bytes:
    return json.dumps(
        to_node_link(context), ensure_ascii=False, allow_nan=False, indent=1, default=str
    ).encode()


register(
    Exporter(
        "json",
        "json",
        "application/json",
        "Node-link JSON (networkx, D3)",
        write_node_link,
        "json (strict) and our importer",
    )
)
