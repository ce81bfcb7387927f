"""Export a view: one registry of formats that drives the app's download buttons and the CLI.

Each format lives in its own module and registers an :class:`Exporter` (name, file
extension, MIME type, writer). A writer takes an :class:`ExportContext` — the view
subgraph with the same positions, colours and sizes as on screen — and returns bytes.

>>> import graph
>>> from graph.export import EXPORTERS, export_view
>>> from graph.view import PRESETS
>>> data = export_view(graph.load_graph(), PRESETS["excluded"].spec, "json")
>>> data[:1]
b'{'
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.errors import InputError
from graph.layout import Positions, view_positions
from graph.payload import EdgeItem, NodeItem, Payload, view_payload
from graph.view import ViewSpec, apply_view


@dataclass(frozen=True)
class ExportContext:
    """What every writer needs: the full graph, the view, the spec and what the screen shows."""

    G: nx.MultiDiGraph
    view: nx.MultiDiGraph
    spec: ViewSpec
    payload: Payload
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def nodes(self) -> dict[str, NodeItem]:
        """The drawn nodes by id (position, colour, size, label)."""
        return {node["id"]: node for node in self.payload["nodes"]}

    @property
    def edges(self) -> list[EdgeItem]:
        return self.payload["edges"]


@dataclass(frozen=True)
class Exporter:
    """One export format."""

    name: str
    extension: str
    mime: str
    description: str
    writer: Callable[[ExportContext], bytes]
    checked_with: str  # the program or library a test reads it back with


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    EXPORTERS[exporter.name] = exporter
    return exporter


def build_context(
    G: nx.MultiDiGraph,
    spec: ViewSpec,
    positions: Positions | None = None,
    options: dict[str, Any] | None = None,
) -> ExportContext:
    """The export context of a view; positions default to the app's (graph.layout.view_positions)."""
    fixed = view_positions(G, spec) if positions is None else positions
    view = apply_view(G, spec)
    payload = view_payload(G, spec, None, lambda _nodes: fixed, view=view, screen=False)
    return ExportContext(G, view, spec, payload, options or {})


def export_view(
    G: nx.MultiDiGraph,
    spec: ViewSpec,
    format_name: str,
    positions: Positions | None = None,
    options: dict[str, Any] | None = None,
) -> bytes:
    """The bytes of ``format_name`` for the view ``spec`` of ``G``."""
    return export_with_context(G, spec, format_name, positions, options)[0]


def export_with_context(
    G: nx.MultiDiGraph,
    spec: ViewSpec,
    format_name: str,
    positions: Positions | None = None,
    options: dict[str, Any] | None = None,
) -> tuple[bytes, ExportContext]:
    """The bytes of an export and the context they were made from (its view, its payload)."""
    if format_name not in EXPORTERS:
        raise InputError(f"Unknown export format '{format_name}'. Known: {', '.join(EXPORTERS)}.")
    # An export builds many small objects that all stay alive until it returns: Python's
    # collector would walk them again and again (a 10,000-node page: about 0.3 s).
    enabled = gc.isenabled()
    gc.disable()
    try:
        context = build_context(G, spec, positions, options)
        return EXPORTERS[format_name].writer(context), context
    finally:
        if enabled:
            gc.enable()


# Importing the format modules registers them, in the order the UI lists them.
from graph.export import (  # noqa: E402
    csv_formats,
    ftm,
    gexf,
    graphml,
    html,
    image,
    node_link,
    snapshot,
)

__all__ = [
    "EXPORTERS",
    "ExportContext",
    "Exporter",
    "build_context",
    "export_view",
    "export_with_context",
    "register",
]

# The order the export panel and --help list them in.
ORDER = ("html", "png", "svg", "gexf", "graphml", "json", "csv", "csv-neo4j", "tables", "ftm", "snapshot")
EXPORTERS = {name: EXPORTERS[name] for name in sorted(EXPORTERS, key=lambda name: ORDER.index(name))}
_ = (html, image, gexf, graphml, node_link, csv_formats, ftm, snapshot)
