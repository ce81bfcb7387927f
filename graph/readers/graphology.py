"""Graphology JSON (sigma.js data, Gephi's JSON export) and Gephi Lite workspaces.

``{"attributes", "options": {"type", "multi"}, "nodes": [{"key", "attributes"}],
"edges": [{"key", "source", "target", "attributes", "undirected"}]}``. Node ``x``/``y``
are in Gephi's axes (y up), ``size``, ``color`` (hex or ``rgb()``) and ``label`` are
drawing data. A Gephi Lite workspace (``"type": "gephi-lite"``) holds such a graph with
its node data, edge data and layout apart; they are put together.
"""

from __future__ import annotations

import json
from typing import Any

from graph.model import Dataset
from graph.readers.foreign import ForeignEdge, ForeignGraph, ForeignNode, to_dataset
from graph.readers.node_link import drawing, graph_attributes, skipped_entries
from graph.readers.registry import json_reader, register
from graph.report import ImportReport


def accepts(data: Any) -> bool:
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        return False
    nodes = [item for item in data["nodes"][:50] if isinstance(item, dict)]
    edges = (
        [item for item in (data.get("edges") or [])[:50] if isinstance(item, dict)]
        if isinstance(data.get("edges"), list)
        else []
    )
    return (
        any("key" in item for item in nodes)
        or "options" in data
        or any(isinstance(item.get("attributes"), dict) for item in nodes + edges)
    ) and not any("data" in item and isinstance(item["data"], dict) for item in nodes)


def _node_attributes(item: dict[str, Any], cluster_colors: dict[str, Any]) -> dict[str, Any]:
    """A node's attributes: graphology's ``attributes``, or flat on the node as sigma.js' example
    datasets have them (``key``, ``label``, ``x``, ``y``, ``cluster``, ``tag``, ``score`` …); a
    node without a colour of its own takes its cluster's."""
    if isinstance(item.get("attributes"), dict):
        return dict(item["attributes"])
    attributes = {name: value for name, value in item.items() if name not in ("key", "attributes")}
    cluster = attributes.get("cluster")
    if "color" not in attributes and isinstance(cluster, str | int) and str(cluster) in cluster_colors:
        attributes["color"] = cluster_colors[str(cluster)]
    return attributes


def _pair_edge(item: Any) -> Any:
    """sigma.js' example datasets write an edge as a ``[source, target]`` pair."""
    if isinstance(item, list) and len(item) in (2, 3) and all(isinstance(end, str | int) for end in item[:2]):
        attributes = item[2] if len(item) == 3 and isinstance(item[2], dict) else {}
        return {"source": item[0], "target": item[1], "attributes": attributes}
    return item


def _sigma_tables(data: dict[str, Any], foreign: ForeignGraph) -> dict[str, Any]:
    """sigma.js' ``clusters`` and ``tags`` tables: kept as graph properties (JSON); the clusters'
    colours by cluster key."""
    colors: dict[str, Any] = {}
    for table in ("clusters", "tags"):
        rows = data.get(table)
        if isinstance(rows, list) and rows:
            foreign.properties[table] = json.dumps(rows, ensure_ascii=False, default=str)
    clusters = data.get("clusters")
    for row in clusters if isinstance(clusters, list) else []:
        if isinstance(row, dict) and isinstance(row.get("key"), str | int) and row.get("color"):
            colors[str(row["key"])] = row["color"]
    return colors


def accepts_workspace(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and data.get("type") == "gephi-lite"
        and isinstance(data.get("graphDataset"), dict)
    )


def read_parsed(
    name: str,
    data: Any,
    report: ImportReport,
    node_data: dict[str, Any] | None = None,
    edge_data: dict[str, Any] | None = None,
    layout: dict[str, Any] | None = None,
) -> Dataset | None:
    options = data.get("options") if isinstance(data.get("options"), dict) else {}
    foreign = ForeignGraph(name, directed=options.get("type") != "undirected")
    graph_attributes(name, data.get("attributes"), foreign, report)
    nodes = data.get("nodes") if isinstance(data.get("nodes"), list) else []
    bad = [item for item in nodes if not isinstance(item, dict)]
    if bad:
        skipped_entries(name, report, "node", len(bad), bad[0])
    cluster_colors = _sigma_tables(data, foreign)
    for item in nodes:
        if not isinstance(item, dict):
            continue
        key = item.get("key")
        attributes = _node_attributes(item, cluster_colors)
        if node_data is not None and isinstance(key, str) and isinstance(node_data.get(key), dict):
            attributes.update(node_data[key])
        if layout is not None and isinstance(key, str) and isinstance(layout.get(key), dict):
            attributes.update({axis: layout[key].get(axis) for axis in ("x", "y") if axis in layout[key]})
        label = attributes.pop("label", None)
        foreign.nodes.append(ForeignNode(key, attributes, label, drawing(attributes, flip_y=False)))
    edges = [_pair_edge(item) for item in data.get("edges")] if isinstance(data.get("edges"), list) else []
    bad = [item for item in edges if not isinstance(item, dict)]
    if bad:
        skipped_entries(name, report, "edge", len(bad), bad[0])
    for item in edges:
        if not isinstance(item, dict):
            continue
        key = item.get("key")
        attributes = dict(item.get("attributes") or {}) if isinstance(item.get("attributes"), dict) else {}
        if edge_data is not None and isinstance(key, str) and isinstance(edge_data.get(key), dict):
            attributes.update(edge_data[key])
        viz = {}
        for field in ("color", "size"):
            if field in attributes and isinstance(attributes[field], str | int | float):
                viz["color" if field == "color" else "thickness"] = attributes.pop(field)
        undirected = item.get("undirected")
        foreign.edges.append(
            ForeignEdge(
                item.get("source"),
                item.get("target"),
                key,
                attributes,
                viz,
                directed=None if not isinstance(undirected, bool) else not undirected,
            )
        )
    return to_dataset(foreign, report)


def read_workspace(name: str, data: Any, report: ImportReport) -> Dataset | None:
    dataset = data["graphDataset"]
    full = dataset.get("fullGraph")
    if not isinstance(full, dict):
        report.add(
            "error",
            name,
            None,
            "fullGraph",
            "the Gephi Lite workspace holds no graph (graphDataset.fullGraph).",
            "export the graph from Gephi Lite as GEXF or GraphML instead.",
        )
        return None
    report.add(
        "info",
        name,
        None,
        None,
        "a Gephi Lite workspace: its graph, node data and layout are read; its filters and appearance "
        "settings are not.",
    )

    def mapping(key: str) -> dict[str, Any]:
        value = dataset.get(key)
        return value if isinstance(value, dict) else {}

    return read_parsed(name, full, report, mapping("nodeData"), mapping("edgeData"), mapping("layout"))


register(json_reader("gephi-lite", "a Gephi Lite workspace", (".json",), accepts_workspace, read_workspace))
register(
    json_reader(
        "graphology", "graphology JSON (sigma.js, Gephi's JSON export)", (".json",), accepts, read_parsed
    )
)
