"""The exporters' registry: one :class:`Exporter` per format, each in its own module.

An exporter has a name, a file extension, a MIME type and a writer: a writer takes an
:class:`ExportContext` — the view subgraph with the same positions, colours and sizes as on
screen — and returns bytes. :func:`export_view` builds the context of a view and runs one.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.draw.items import EdgeItem, NodeItem, Payload, Positions
from graph.draw.payload import view_payload
from graph.draw.positions import view_positions
from graph.errors import InputError
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
# The order the export panel and --help list them in.
ORDER = ("html", "png", "svg", "gexf", "graphml", "json", "csv", "csv-neo4j", "tables", "ftm", "snapshot")


def register(exporter: Exporter) -> Exporter:
    """Add ``exporter`` to EXPORTERS, kept in ORDER whatever order the formats register in (a format
    ORDER does not name comes after those it does)."""
    EXPORTERS[exporter.name] = exporter
    listed = sorted(
        EXPORTERS.values(), key=lambda item: ORDER.index(item.name) if item.name in ORDER else len(ORDER)
    )
    EXPORTERS.clear()
    EXPORTERS.update((item.name, item) for item in listed)
    return exporter


def build_context(
    G: nx.MultiDiGraph,
    spec: ViewSpec,
    positions: Positions | None = None,
    options: dict[str, Any] | None = None,
) -> ExportContext:
    """The export context of a view; positions default to the app's (graph.draw.view_positions)."""
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
