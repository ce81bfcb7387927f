"""The snapshot bundle: one JSON file that reopens the same view.

It holds the view's tables (validated again on opening, like any dataset), the
positions on screen, the view spec, the selection and a format version. A bundle from a
newer format version is refused with a message that says so.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from graph.export.csv_formats import view_dataset, view_notes
from graph.export.registry import ExportContext, Exporter, register
from graph.load import dataset_tables

FORMAT = "alliance-graph-explorer/snapshot"
VERSION = 1


def snapshot_data(context: ExportContext) -> dict[str, Any]:
    dataset = view_dataset(context)
    return {
        "format": FORMAT,
        "version": VERSION,
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "dataset": str(context.G.graph.get("name", "graph")),
        "spec": context.spec.to_query_params(),
        "selection": context.spec.selected,
        "positions": {node["id"]: [node["x"], node["y"]] for node in context.payload["nodes"] if "x" in node},
        # Rows keyed by the tables' header cells (typed attribute columns carry ``:type``).
        "tables": {file.removesuffix(".csv"): rows for file, (_, rows) in dataset_tables(dataset).items()},
        "notes": view_notes(context),  # analysts' remarks on its entities and claims (not claims)
    }


def write_snapshot(context: ExportContext) -> bytes:
    return json.dumps(snapshot_data(context), ensure_ascii=False, allow_nan=False, indent=1).encode("utf-8")


register(
    Exporter(
        "snapshot",
        "agx.json",
        "application/json",
        "Snapshot bundle: reopens this exact view",
        write_snapshot,
        "our snapshot reader (app upload, export --from-snapshot)",
    )
)
