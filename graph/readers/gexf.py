"""GEXF 1.0, 1.1, 1.2 and 1.3 (Gephi), static and dynamic, whatever the namespace.

Kept: node and edge attributes with their types (``<attvalue for=…>``, or ``id=…`` in GEXF
1.0), defaults, labels, weights, edge kinds, ``viz`` colour (r/g/b/a or hex), position, size
and shape, edge colour and thickness, the graph's meta data. Times: ``start``/``end`` and
``<spells>`` of edges become claim periods when they are dates; numbers (``timeformat``
double …) stay attributes, with a report line. Nested nodes and ``pid`` hierarchies are
flattened (the parent is kept as an attribute).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

from graph.model import Dataset
from graph.readers.foreign import ForeignEdge, ForeignGraph, ForeignNode, to_dataset
from graph.readers.registry import Reader, register
from graph.readers.xml import attribute, child, children, graph_element, local
from graph.report import ImportReport

TYPES = {
    "integer": "integer",
    "long": "integer",
    "short": "integer",
    "byte": "integer",
    "biginteger": "integer",
    "float": "double",
    "double": "double",
    "bigdecimal": "double",
    "boolean": "boolean",
}


def sniff(head: bytes) -> bool:
    return b"<gexf" in head[:4096] or b":gexf" in head[:4096]


def _declarations(graph: Element, kind: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Attribute ids → titles, titles → types, titles → default values, for nodes or edges."""
    titles: dict[str, str] = {}
    types: dict[str, str] = {}
    defaults: dict[str, str] = {}
    for block in children(graph, "attributes"):
        if (attribute(block, "class") or "node") != kind:
            continue
        for item in children(block, "attribute"):
            identifier = attribute(item, "id") or attribute(item, "title") or ""
            title = attribute(item, "title") or identifier
            titles[identifier] = title
            types[title] = TYPES.get((attribute(item, "type") or "string").lower(), "string")
            default = child(item, "default")
            if default is not None and default.text is not None:
                defaults[title] = default.text
    return titles, types, defaults


def _periods(element: Element) -> list[tuple[str | None, str | None]]:
    periods = []
    start = attribute(element, "start") or attribute(element, "startopen")
    end = attribute(element, "end") or attribute(element, "endopen")
    timestamp = attribute(element, "timestamp")
    if timestamp:
        start = start or timestamp
    if start or end:
        periods.append((start, end))
    for spells in children(element, "spells"):
        for spell in children(spells, "spell"):
            spell_start = (
                attribute(spell, "start") or attribute(spell, "startopen") or attribute(spell, "timestamp")
            )
            spell_end = attribute(spell, "end") or attribute(spell, "endopen")
            periods.append((spell_start, spell_end))
    return periods


def _values(element: Element, titles: dict[str, str], defaults: dict[str, str]) -> tuple[dict[str, Any], int]:
    """The attribute values of a node or edge (a value that changes over time keeps its last
    value, and its history as text in ``<name> (over time)``); the count of such histories."""
    found: dict[str, list[tuple[str, str | None, str | None]]] = {}
    for block in children(element, "attvalues"):
        for value in children(block, "attvalue"):
            key = attribute(value, "for") or attribute(value, "id") or ""
            title = titles.get(key, key)
            text = attribute(value, "value")
            if text is None:
                continue
            start = attribute(value, "start") or attribute(value, "timestamp")
            found.setdefault(title, []).append((text, start, attribute(value, "end")))
    values: dict[str, Any] = dict(defaults)
    histories = 0
    for title, items in found.items():
        if len(items) == 1:
            values[title] = items[0][0]
            continue
        histories += 1
        items.sort(key=lambda item: item[1] or "")
        values[title] = items[-1][0]
        values[f"{title} (over time)"] = "; ".join(
            f"{text} [{start or ''}..{end or ''}]" for text, start, end in items
        )
    return values, histories


def _viz(element: Element) -> dict[str, Any]:
    viz: dict[str, Any] = {}
    for item in element:
        name = local(item.tag)
        if name == "color":
            hexadecimal = attribute(item, "hex")
            if hexadecimal:
                viz["color"] = hexadecimal if attribute(item, "a") is None else _with_alpha(hexadecimal, item)
            else:
                viz["color"] = {
                    key: attribute(item, key) for key in ("r", "g", "b", "a") if attribute(item, key)
                }
        elif name == "position":
            for axis in ("x", "y", "z"):
                viz[axis] = attribute(item, axis)
        elif name in ("size", "thickness"):
            viz[name] = attribute(item, "value")
        elif name == "shape":
            viz["shape"] = attribute(item, "value") or attribute(item, "uri")
    return viz


def _with_alpha(hexadecimal: str, item: Element) -> str:
    try:
        alpha = round(float(attribute(item, "a") or 1) * 255)
    except ValueError:
        return hexadecimal
    return hexadecimal[:7] + f"{max(0, min(255, alpha)):02x}"


def _graph_properties(root: Element, foreign: ForeignGraph, mode: str, timeformat: str) -> None:
    """The file's meta data, and the graph's mode and time format when it is dynamic."""
    meta = child(root, "meta")
    if meta is not None:
        for key, value in meta.attrib.items():
            foreign.properties[f"meta:{local(key)}"] = value
        for item in meta:
            text = (item.text or "").strip()
            if text:
                foreign.properties[f"meta:{local(item.tag)}"] = text
    if mode != "static":
        foreign.properties["gexf:mode"] = mode
        foreign.properties["gexf:timeformat"] = timeformat


@dataclass
class _Reading:
    """One GEXF graph being read: its declared attributes, the graph filled so far, and counts of what
    is changed (histories, hierarchies)."""

    foreign: ForeignGraph
    node_titles: dict[str, str]
    node_defaults: dict[str, str]
    edge_titles: dict[str, str]
    edge_defaults: dict[str, str]
    histories: int = 0
    nested: int = 0
    parents: int = 0

    def add_nodes(self, container: Element, parent: str | None) -> None:
        """The nodes of a graph or of a node (a hierarchy), and the edges listed inside nodes."""
        for nodes in children(container, "nodes"):
            for element in children(nodes, "node"):
                values, changed = _values(element, self.node_titles, self.node_defaults)
                self.histories += changed
                node_id = attribute(element, "id")
                pid = attribute(element, "pid") or parent
                if pid is not None:
                    values["parent"] = pid
                    self.parents += attribute(element, "pid") is not None
                node = ForeignNode(
                    node_id, values, attribute(element, "label"), _viz(element), _periods(element)
                )
                self.foreign.nodes.append(node)
                if child(element, "nodes") is not None:
                    self.nested += 1
                    self.add_nodes(element, node_id)
                for edges in children(element, "edges"):
                    self.add_edges(edges)

    def add_edges(self, edges: Element) -> None:
        for element in children(edges, "edge"):
            values, changed = _values(element, self.edge_titles, self.edge_defaults)
            self.histories += changed
            for key in ("label", "weight", "kind"):
                if attribute(element, key) is not None:
                    values[key] = attribute(element, key)
            edge_type = attribute(element, "type")
            directed = None if edge_type is None else edge_type != "undirected"
            self.foreign.edges.append(
                ForeignEdge(
                    attribute(element, "source"),
                    attribute(element, "target"),
                    attribute(element, "id"),
                    values,
                    _viz(element),
                    _periods(element),
                    directed,
                )
            )

    def report_changes(self, name: str, timeformat: str, report: ImportReport) -> None:
        """One line for each kind of change: histories, hierarchies, times that are numbers."""
        foreign = self.foreign
        if self.histories:
            report.add(
                "info",
                name,
                None,
                "attvalues",
                f"{self.histories} attribute value(s) change over time; each keeps its last value, and its "
                "history as text in '<name> (over time)'.",
            )
        if self.nested:
            report.add(
                "warning",
                name,
                None,
                "node",
                f"{self.nested} node(s) hold nested nodes (a hierarchy); the explorer draws one flat graph, "
                "and each inner node keeps its parent in the attribute 'parent'.",
                "flatten the hierarchy in Gephi if you need it drawn otherwise.",
            )
        if self.parents:
            report.add(
                "info",
                name,
                None,
                "pid",
                f"{self.parents} node(s) name a parent node (pid, a hierarchy); the explorer draws one flat "
                "graph and keeps the parent in the attribute 'parent'.",
            )
        if (not foreign.time_is_date and any(node.periods for node in foreign.nodes)) or (
            not foreign.time_is_date and any(edge.periods for edge in foreign.edges)
        ):
            report.add(
                "info",
                name,
                None,
                "timeformat",
                f"the file's times are numbers (timeformat '{timeformat}'), not dates, so they do not date "
                "relations; they are kept as attributes.",
            )


def read_gexf(name: str, content: bytes) -> tuple[Dataset | None, ImportReport]:
    report = ImportReport()
    found = graph_element(
        name, content, report, "GEXF", "export the graph again from Gephi (File → Export → Graph file, GEXF)."
    )
    if found is None:
        return None, report
    root, graph = found
    mode = attribute(graph, "mode") or "static"
    timeformat = (attribute(graph, "timeformat") or "date").lower()
    foreign = ForeignGraph(
        name,
        directed=(attribute(graph, "defaultedgetype") or "directed") != "undirected",
        time_is_date=timeformat in ("date", "datetime", "datetime-local", "xsd:date", "xsd:datetime"),
    )
    _graph_properties(root, foreign, mode, timeformat)
    node_titles, foreign.node_types, node_defaults = _declarations(graph, "node")
    edge_titles, foreign.edge_types, edge_defaults = _declarations(graph, "edge")
    reading = _Reading(foreign, node_titles, node_defaults, edge_titles, edge_defaults)
    reading.add_nodes(graph, None)
    for edges in children(graph, "edges"):
        reading.add_edges(edges)
    foreign.edge_types.setdefault("weight", "double")
    reading.report_changes(name, timeformat, report)
    return to_dataset(foreign, report), report


register(Reader("gexf", "GEXF (Gephi) 1.0–1.3", (".gexf",), sniff, read_gexf))
