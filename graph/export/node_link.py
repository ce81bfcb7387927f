"""Node-link JSON (networkx / D3 style, strictly valid: no NaN), with sources and evidence."""

from __future__ import annotations

import json

import networkx as nx

from graph.export import ExportContext, Exporter, register


def to_node_link(context: ExportContext) -> dict:
    drawn = context.nodes
    H = nx.MultiDiGraph(context.view)
    for node in H:
        shown = drawn[node]
        H.nodes[node].update(
            x=shown.get("x"), y=shown.get("y"), size=shown["size"], color=shown["color"]["background"]
        )
    cited = {citation for _, _, data in H.edges(data=True) for citation in data.get("citations", [])}
    H.graph = {
        "name": context.G.graph.get("name", "graph"),
        "sources": {key: value for key, value in context.G.graph.get("sources", {}).items() if key in cited},
    }
    return nx.node_link_data(H, edges="edges")


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
