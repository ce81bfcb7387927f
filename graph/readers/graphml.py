"""GraphML with or without namespace: networkx, Gephi, Cytoscape, yEd and yFiles files.

Keys may be declared anywhere (before ``<graph>`` or inside it, as Gephi accepts), one key
id may serve nodes and edges (``for`` is matched first, then ``all``); typed values are
trimmed (``'  true   '``). yEd's ``y:NodeLabel``/``y:EdgeLabel``, ``y:Geometry`` and
``y:Fill`` and yFiles 3's label lists and ``y:RectD`` give labels, positions (the centre
of the box, y axis turned up), sizes and colours. Keys Gephi reads as drawing data
(``x``, ``y``, ``z``, ``size``, ``color``, ``r``/``g``/``b``) become ``viz:*`` attributes.
Hyperedges and ports cannot be drawn: they are reported, the rest loads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from graph.model import Dataset
from graph.readers.foreign import ForeignEdge, ForeignGraph, ForeignNode, to_dataset
from graph.readers.registry import Reader, register
from graph.readers.xml import attribute, child, children, descendants, graph_element, local, text_of
from graph.report import ImportReport

TYPES = {"int": "integer", "long": "integer", "float": "double", "double": "double", "boolean": "boolean"}
DRAWING_KEYS = {"x", "y", "z", "size", "color", "r", "g", "b"}


@dataclass(frozen=True)
class Key:
    name: str
    type: str
    default: str | None
    graphics: str  # "", "nodegraphics", "edgegraphics", "labels", "geometry", "style"


def sniff(head: bytes) -> bool:
    return b"<graphml" in head[:4096] or b":graphml" in head[:4096]


def _keys(root: Element) -> dict[tuple[str, str], Key]:
    keys: dict[tuple[str, str], Key] = {}
    for element in descendants(root, "key"):
        identifier = attribute(element, "id") or ""
        domain = attribute(element, "for") or "all"
        name = attribute(element, "attr.name") or identifier
        uri = attribute(element, "attr.uri") or ""
        graphics = attribute(element, "yfiles.type") or ""
        if uri.endswith(("/NodeLabels", "/EdgeLabels")):
            graphics = "labels"
        elif uri.endswith(("/NodeGeometry",)):
            graphics = "geometry"
        elif "yworks.com" in uri:
            graphics = "style"
        default = child(element, "default")
        keys[(identifier, domain)] = Key(
            name,
            TYPES.get((attribute(element, "attr.type") or "string").lower(), "string"),
            None if default is None or len(default) else (default.text or ""),
            graphics,
        )
    return keys


def _key(keys: dict[tuple[str, str], Key], identifier: str, domain: str) -> Key | None:
    """The key a data element names: declared for its domain, for all, or (as Gephi does) for any."""
    found = keys.get((identifier, domain)) or keys.get((identifier, "all"))
    if found is None:
        found = next((key for (other, _), key in keys.items() if other == identifier), None)
    return found


def _yed_node(data: Element, node: ForeignNode) -> None:
    """yEd (yFiles for Java) node graphics: label, geometry, fill colour."""
    for label in descendants(data, "NodeLabel"):
        text = (label.text or "").strip()
        if text and node.label is None:
            node.label = text
    geometry = next(descendants(data, "Geometry"), None)
    if geometry is not None:
        _box(
            node,
            attribute(geometry, "x"),
            attribute(geometry, "y"),
            attribute(geometry, "width"),
            attribute(geometry, "height"),
        )
    fill = next(descendants(data, "Fill"), None)
    if fill is not None and attribute(fill, "color") and attribute(fill, "transparent") != "true":
        node.viz["color"] = attribute(fill, "color")


def _box(node: ForeignNode, x: Any, y: Any, width: Any, height: Any) -> None:
    """A box in screen axes (top-left corner, y down) as a centre in Gephi's axes and a size."""
    try:
        left, top, wide, high = (float(value) for value in (x, y, width or 0, height or 0))
    except (TypeError, ValueError):
        return
    node.viz.update(x=left + wide / 2, y=-(top + high / 2), size=max(wide, high) / 2)


def _yfiles_labels(data: Element) -> str | None:
    for element in descendants(data, "Label.Text"):
        text = (element.text or "").strip()
        if text:
            return text
    for label in descendants(data, "Label"):
        value = attribute(label, "Text")
        if value:
            return value
    return None


@dataclass
class _Reading:
    """One GraphML file being read: its keys, the graph filled so far, and what cannot be kept."""

    keys: dict[tuple[str, str], Key]
    foreign: ForeignGraph
    counts: dict[str, int] = field(default_factory=lambda: {"port": 0, "style": 0, "nested": 0, "locator": 0})
    hyperedges: list[str] = field(default_factory=list)

    def graphics(
        self,
        data: Element,
        graphics: str,
        item: ForeignNode | None,
        found: dict[str, Any],
        drawing: dict[str, Any],
    ) -> None:
        """A yFiles data element: labels, geometry and colours; other styles are counted."""
        if graphics == "nodegraphics" and item is not None:
            _yed_node(data, item)
        elif graphics == "edgegraphics":
            label = next(descendants(data, "EdgeLabel"), None)
            if label is not None and (label.text or "").strip():
                found["label"] = (label.text or "").strip()
            line = next(descendants(data, "LineStyle"), None)
            if line is not None and attribute(line, "color"):
                drawing["color"] = attribute(line, "color")
        elif graphics == "labels":
            text = _yfiles_labels(data)
            if text is not None:
                if item is not None and item.label is None:
                    item.label = text
                elif item is None:
                    found["label"] = text
        elif graphics == "geometry" and item is not None:
            box = next(descendants(data, "RectD"), None)
            if box is not None:
                _box(
                    item,
                    attribute(box, "X"),
                    attribute(box, "Y"),
                    attribute(box, "Width"),
                    attribute(box, "Height"),
                )
        elif len(data):
            self.counts["style"] += 1

    def values(
        self, element: Element, domain: str, item: ForeignNode | None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """An element's attributes and drawing data, defaults included."""
        found: dict[str, Any] = {}
        drawing: dict[str, Any] = {}
        for data in children(element, "data"):
            key = _key(self.keys, attribute(data, "key") or "", domain) or Key(
                attribute(data, "key") or "data", "string", None, ""
            )
            if key.graphics:
                self.graphics(data, key.graphics, item, found, drawing)
                continue
            if len(data) and not (data.text or "").strip():
                self.counts["style"] += 1
                continue
            text = text_of(data)
            if key.name in DRAWING_KEYS:
                drawing[key.name] = text.strip()
            else:
                found[key.name] = text.strip() if key.type != "string" else text
        for (_, key_domain), key in self.keys.items():
            if key.default is not None and key_domain in (domain, "all") and not key.graphics:
                target = drawing if key.name in DRAWING_KEYS else found
                target.setdefault(key.name, key.default)
        if {"r", "g", "b"} <= set(drawing):
            drawing["color"] = {channel: drawing.pop(channel) for channel in ("r", "g", "b")}
        for channel in ("r", "g", "b"):
            drawing.pop(channel, None)
        return found, drawing

    def add(self, container: Element, parent: str | None) -> None:
        """The nodes, edges and hyperedges of a graph, and of the graphs nested in them."""
        for element in container:
            kind = local(element.tag)
            if kind == "node":
                self.add_node(element, parent)
            elif kind == "edge":
                self.add_edge(element, parent)
            elif kind == "hyperedge":
                self.hyperedges.append(attribute(element, "id") or f"#{len(self.hyperedges) + 1}")

    def add_node(self, element: Element, parent: str | None) -> None:
        node = ForeignNode(attribute(element, "id"))
        node.attributes, drawing = self.values(element, "node", node)
        node.viz.update(drawing)
        if parent is not None:
            node.attributes["parent"] = parent
        self.foreign.nodes.append(node)
        self.counts["port"] += sum(1 for _ in children(element, "port"))
        for inner in children(element, "graph"):
            self.counts["nested"] += 1
            self.add(inner, node.id)
        if child(element, "locator") is not None:
            self.counts["locator"] += 1

    def add_edge(self, element: Element, parent: str | None) -> None:
        attributes, drawing = self.values(element, "edge", None)
        directed = attribute(element, "directed")
        self.foreign.edges.append(
            ForeignEdge(
                attribute(element, "source"),
                attribute(element, "target"),
                attribute(element, "id"),
                attributes,
                {"color": drawing["color"]} if "color" in drawing else {},
                directed=None if directed is None else directed.strip().lower() == "true",
            )
        )
        for inner in children(element, "graph"):
            self.counts["nested"] += 1
            self.add(inner, parent)

    def graph_data(self, graph: Element, report: ImportReport) -> None:
        """The graph's own data: our sources, its name, its other properties."""
        foreign = self.foreign
        for data in children(graph, "data"):
            graph_key = _key(self.keys, attribute(data, "key") or "", "graph")
            if graph_key is not None and (graph_key.graphics or len(data)):
                self.counts["style"] += 1
            elif graph_key is not None:
                text = text_of(data)
                if graph_key.name == "sources_json":
                    try:
                        foreign.sources = json.loads(text)
                    except ValueError:
                        report.add(
                            "warning",
                            foreign.file,
                            None,
                            "sources_json",
                            "the graph's sources cannot be read and are ignored.",
                            "export the graph again.",
                        )
                elif graph_key.name == "name":
                    foreign.name = text
                else:
                    foreign.properties[graph_key.name] = text


def _report_losses(name: str, counts: dict[str, int], hyperedges: list[str], report: ImportReport) -> None:
    """One line for each kind of thing the explorer cannot hold: hyperedges, ports, styles, nested graphs,
    graphs in other files."""
    if hyperedges:
        shown = ", ".join(repr(item) for item in hyperedges[:3])
        report.add(
            "warning",
            name,
            None,
            "hyperedge",
            f"{len(hyperedges)} hyperedge(s) join several nodes at once (e.g. {shown}); a graph of pairwise "
            "edges cannot hold them, so they were dropped. The nodes and the other edges are loaded.",
            "replace each hyperedge by edges between pairs of its nodes, or by a node linked to each of "
            "them.",
        )
    if counts["port"]:
        report.add(
            "info",
            name,
            None,
            "port",
            f"{counts['port']} port(s) (attachment points) are not kept; edges attach to their nodes.",
        )
    if counts["style"]:
        report.add(
            "info",
            name,
            None,
            "data",
            f"{counts['style']} data element(s) hold styles or other markup (yFiles styles, resources) "
            "that the explorer does not draw; they are not kept.",
        )
    if counts["nested"]:
        report.add(
            "warning",
            name,
            None,
            "graph",
            f"{counts['nested']} nested graph(s) were flattened into one graph; each inner node keeps its "
            "parent in the attribute 'parent'.",
            "flatten the graph first if you need it drawn otherwise.",
        )
    if counts["locator"]:
        report.add(
            "warning",
            name,
            None,
            "locator",
            f"{counts['locator']} node(s) refer to graphs in other files (<locator>); those are not read.",
            "put the whole graph in one file.",
        )


def read_graphml(name: str, content: bytes) -> tuple[Dataset | None, ImportReport]:
    report = ImportReport()
    found = graph_element(
        name,
        content,
        report,
        "GraphML",
        "export the graph again; a GraphML file holds its nodes and edges in <graph>.",
    )
    if found is None:
        return None, report
    root, graph = found
    keys = _keys(root)
    foreign = ForeignGraph(name, directed=(attribute(graph, "edgedefault") or "directed") != "undirected")
    for domain in ("node", "edge"):
        types = foreign.node_types if domain == "node" else foreign.edge_types
        for (_, key_domain), key in keys.items():
            if key_domain in (domain, "all") and not key.graphics and key.name not in DRAWING_KEYS:
                types[key.name] = key.type
    reading = _Reading(keys, foreign)
    reading.add(graph, None)
    reading.graph_data(graph, report)
    _report_losses(name, reading.counts, reading.hyperedges, report)
    return to_dataset(foreign, report), report


register(
    Reader("graphml", "GraphML (yEd, Cytoscape, Gephi, networkx)", (".graphml", ".xml"), sniff, read_graphml)
)
