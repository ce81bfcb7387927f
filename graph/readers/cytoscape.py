"""Cytoscape JSON (``.cyjs``, cytoscape.js): elements nested by group, flat, or at the top.

``{"elements": {"nodes": [{"data": {"id", …}, "position": {"x", "y"}}], "edges": [{"data":
{"source", "target", …}}]}}``, or ``"elements": [{"group": "nodes", "data": …}, …]``, or
``nodes``/``edges`` at the top level. Positions are screen positions (y down); a node's
``name`` is its label when it has no ``label``.
"""

from __future__ import annotations

from typing import Any

from graph.model import Dataset
from graph.readers.foreign import ForeignEdge, ForeignGraph, ForeignNode, to_dataset
from graph.readers.node_link import graph_attributes, skipped_entries
from graph.readers.registry import json_reader, register
from graph.report import ImportReport


def _elements(data: Any) -> tuple[list[Any], list[Any]] | None:
    if not isinstance(data, dict):
        return None
    elements = data.get("elements", data)
    if isinstance(elements, list):
        nodes = [
            item
            for item in elements
            if isinstance(item, dict)
            and (
                item.get("group") == "nodes"
                or (isinstance(item.get("data"), dict) and "source" not in item["data"])
            )
        ]
        edges = [item for item in elements if item not in nodes]
        return nodes, edges
    if isinstance(elements, dict) and isinstance(elements.get("nodes"), list):
        edges = elements["edges"] if isinstance(elements.get("edges"), list) else []
        return elements["nodes"], edges
    return None


def accepts(data: Any) -> bool:
    found = _elements(data)
    if found is None:
        return False
    sample = [item for item in (found[0] + found[1])[:50] if isinstance(item, dict)]
    return (bool(sample) and all(isinstance(item.get("data"), dict) for item in sample)) or (
        isinstance(data, dict) and "elements" in data
    )


def read_parsed(name: str, data: Any, report: ImportReport) -> Dataset | None:
    found = _elements(data)
    if found is None:
        report.add(
            "error",
            name,
            None,
            "elements",
            "the Cytoscape JSON has no elements.",
            "export the network again.",
        )
        return None
    nodes, edges = found
    foreign = ForeignGraph(name)
    graph_attributes(name, data.get("data"), foreign, report)
    bad = [
        item for item in nodes + edges if not isinstance(item, dict) or not isinstance(item.get("data"), dict)
    ]
    if bad:
        skipped_entries(name, report, "element", len(bad), bad[0])
    for item in nodes:
        if not isinstance(item, dict) or not isinstance(item.get("data"), dict):
            continue
        attributes = dict(item["data"])
        node_id = attributes.pop("id", None)
        label = attributes.pop("label", None)
        if label is None and isinstance(attributes.get("name"), str):
            label = attributes["name"]
        viz: dict[str, Any] = {}
        position = item.get("position")
        if isinstance(position, dict):
            viz["x"] = position.get("x")
            y = position.get("y")
            viz["y"] = -y if isinstance(y, int | float) and not isinstance(y, bool) else y
        foreign.nodes.append(ForeignNode(node_id, attributes, label, viz))
    for item in edges:
        if not isinstance(item, dict) or not isinstance(item.get("data"), dict):
            continue
        attributes = dict(item["data"])
        source, target = attributes.pop("source", None), attributes.pop("target", None)
        edge_id = attributes.pop("id", None)
        foreign.edges.append(ForeignEdge(source, target, edge_id, attributes))
    return to_dataset(foreign, report)


register(json_reader("cytoscape", "Cytoscape JSON (.cyjs)", (".cyjs", ".json"), accepts, read_parsed))
