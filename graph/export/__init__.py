"""Export a view: one registry of formats that drives the app's download buttons and the CLI.

Each format lives in its own module and registers an :class:`Exporter` (name, file
extension, MIME type, writer) in graph.export.registry. A writer takes an
:class:`ExportContext` — the view subgraph with the same positions, colours and sizes as on
screen — and returns bytes.

>>> import graph
>>> from graph.export import EXPORTERS, export_view
>>> from graph.view import PRESETS
>>> data = export_view(graph.load_graph(), PRESETS["excluded"].spec, "json")
>>> data[:1]
b'{'
>>> list(EXPORTERS)[:3]
['html', 'png', 'svg']
"""

from __future__ import annotations

# Importing the format modules registers them.
from graph.export import csv_formats, ftm, gexf, graphml, html, image, node_link, snapshot
from graph.export.registry import (
    EXPORTERS,
    ExportContext,
    Exporter,
    build_context,
    export_view,
    export_with_context,
    register,
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

_ = (html, image, gexf, graphml, node_link, csv_formats, ftm, snapshot)
