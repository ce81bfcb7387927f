"""Node-link JSON: networkx (``edges`` or the older ``links``) and D3 (ends as ids or indexes).

``{"directed", "graph": {…}, "nodes": [{"id", …}], "edges" | "links": [{"source", "target", …}]}``.
Node ``x``/``y`` are screen positions (y down, as D3 and our own export write them);
``size`` and ``color`` are drawing data too. Our own export's ``facts``, ``citations``,
``evidence`` and ``graph.sources`` come back as claims with their sources.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from graph.model import Dataset
from graph.readers.foreign import ForeignEdge, ForeignGraph, ForeignNode, to_dataset
from graph.readers.registry import json_reader, register
from graph.report import ImportReport

DRAWING = ("x", "y", "z", "size", "color")


def accepts(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("nodes"), list)


def not_a_graph(name: str, report: ImportReport) -> None:
    report.add(
        "error",
        name,
        None,
        "nodes",
        "the JSON has no 'nodes' list, so it is not a node-link graph.",
        "export node-link JSON (networkx node_link_data, D3). Graphology (sigma.js, Gephi) and "
        "Cytoscape JSON are read too.",
    )


def skipped_entries(name: str, report: ImportReport, what: str, count: int, example: Any) -> None:
    report.add(
        "warning",
        name,
        None,
        what,
        f"{count} {what} entr{'y is' if count == 1 else 'ies are'} not JSON objects "
        f"(e.g. {str(example)[:40]!r}); skipped.",
        'write each node and edge as an object, e.g. {"id": "a"}.',
    )


def drawing(attributes: dict[str, Any], flip_y: bool) -> dict[str, Any]:
    """Take x, y, z, size and color out of ``attributes`` as viz data (y turned up when ``flip_y``)."""
    viz: dict[str, Any] = {}
    for key in DRAWING:
        if (
            key in attributes
            and isinstance(attributes[key], int | float | str)
            and not isinstance(attributes[key], bool)
        ):
            viz[key] = attributes.pop(key)
    for key in [key for key in attributes if isinstance(key, str) and key.startswith("viz:")]:
        viz[key[4:]] = attributes.pop(key)
    if flip_y and "y" in viz:
        with contextlib.suppress(TypeError, ValueError):
            viz["y"] = -float(viz["y"])
    return viz


def graph_attributes(name: str, value: Any, foreign: ForeignGraph, report: ImportReport) -> None:
    if value is None:
        return
    if not isinstance(value, dict):
        report.add(
            "warning",
            name,
            None,
            "graph",
            f"the graph attributes are a {type(value).__name__}, not an object; they are ignored.",
            "write graph attributes as an object.",
        )
        return
    for key, item in value.items():
        if key == "sources" and isinstance(item, dict):
            foreign.sources = item
        elif key == "name" and isinstance(item, str | int | float):
            foreign.name = str(item)
        elif item is not None:
            foreign.properties[str(key)] = item if isinstance(item, str) else json.dumps(item)


def _add_nodes(name: str, data: dict[str, Any], foreign: ForeignGraph, report: ImportReport) -> None:
    entries = [item for item in data["nodes"] if isinstance(item, dict)]
    if len(entries) < len(data["nodes"]):
        bad = [item for item in data["nodes"] if not isinstance(item, dict)]
        skipped_entries(name, report, "node", len(bad), bad[0])
    has_ids = any("id" in item for item in entries)
    for index, item in enumerate(entries):
        attributes = dict(item)
        node_id = attributes.pop("id", None) if has_ids else index
        viz = drawing(attributes, flip_y=True)
        foreign.nodes.append(ForeignNode(node_id, attributes, None, viz))
    if not has_ids and entries:
        report.add(
            "info", name, None, "id", "the nodes have no ids; they are numbered from 0 in file order (D3)."
        )


def _end(attributes: dict[str, Any], key: str, ids: set[Any], by_index: list[Any]) -> tuple[Any, bool]:
    """An edge's source or target (taken out of its attributes), and whether it named a node by its
    position in the list (D3)."""
    end = attributes.pop(key, None)
    if isinstance(end, dict):  # D3 after a simulation: the node object itself
        end = end.get("id", end.get("index"))
    try:
        known = end in ids
    except TypeError:
        known = False
    if not known and isinstance(end, int) and not isinstance(end, bool) and 0 <= end < len(by_index):
        return by_index[end], True
    return end, False


def _add_edges(
    name: str, raw_edges: Any, edges_key: str, foreign: ForeignGraph, report: ImportReport
) -> None:
    ids = {node.id for node in foreign.nodes if isinstance(node.id, str | int | float)}
    by_index = [node.id for node in foreign.nodes]
    if not isinstance(raw_edges, list):
        report.add("warning", name, None, edges_key, f"'{edges_key}' is not a list; no edges were read.", "")
        raw_edges = []
    bad_edges = [item for item in raw_edges if not isinstance(item, dict)]
    if bad_edges:
        skipped_entries(name, report, "edge", len(bad_edges), bad_edges[0])
    indexed = 0
    for item in raw_edges:
        if not isinstance(item, dict):
            continue
        attributes = dict(item)
        source, by_source_index = _end(attributes, "source", ids, by_index)
        target, by_target_index = _end(attributes, "target", ids, by_index)
        indexed += by_source_index + by_target_index
        edge_id = attributes.pop("id", None)
        viz = {
            key[4:]: attributes.pop(key)
            for key in list(attributes)
            if isinstance(key, str) and key.startswith("viz:")
        }
        foreign.edges.append(ForeignEdge(source, target, edge_id, attributes, viz))
    if indexed:
        report.add(
            "info",
            name,
            None,
            "edge",
            f"{indexed} edge end(s) name nodes by their position in the list (D3).",
        )


def read_parsed(name: str, data: Any, report: ImportReport) -> Dataset | None:
    if not accepts(data):
        not_a_graph(name, report)
        return None
    edges_key = "edges"
    if "edges" not in data and "links" in data:
        edges_key = "links"
        report.add(
            "info", name, None, "links", "the file uses 'links' (older node-link JSON); read as edges."
        )
    directed = data.get("directed", True)
    foreign = ForeignGraph(name, directed=directed if isinstance(directed, bool) else True)
    graph_attributes(name, data.get("graph"), foreign, report)
    _add_nodes(name, data, foreign, report)
    _add_edges(name, data.get(edges_key) or [], edges_key, foreign, report)
    return to_dataset(foreign, report)


register(json_reader("node-link", "node-link JSON (networkx, D3)", (".json",), accepts, read_parsed))
