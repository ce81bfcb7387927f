"""The snapshot bundle: one JSON file that reopens the same view.

It holds the view's three tables (validated again on opening, like any dataset), the
positions on screen, the view spec, the selection and a format version. A bundle from a
newer format version is refused with a message that says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

import networkx as nx

from graph.build import build_graph
from graph.errors import InputError
from graph.export import ExportContext, Exporter, register
from graph.export.csv_formats import view_dataset
from graph.layout import Positions
from graph.load import read_dataset
from graph.model import (
    CLAIM_COLUMNS,
    ENTITY_COLUMNS,
    OPTIONAL_CLAIM_COLUMNS,
    SOURCE_COLUMNS,
    TABLE_FILES,
    claim_row,
    entity_row,
    source_row,
)
from graph.report import ImportReport
from graph.view import ViewSpec

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
        "tables": {
            "entities": [entity_row(entity) for entity in dataset.entities],
            "claims": [claim_row(claim) for claim in dataset.claims],
            "sources": [source_row(source) for source in dataset.sources],
        },
    }


def write_snapshot(context: ExportContext) -> bytes:
    return json.dumps(snapshot_data(context), ensure_ascii=False, allow_nan=False, indent=1).encode("utf-8")


def is_snapshot(data: Any) -> bool:
    return isinstance(data, dict) and data.get("format") == FORMAT


def read_snapshot(
    data: dict[str, Any], name: str, report: ImportReport
) -> tuple[nx.MultiDiGraph | None, ViewSpec | None, Positions, ImportReport]:
    """Rebuild the graph, spec and positions of a parsed snapshot; problems go to ``report``."""
    version = data.get("version")
    if not isinstance(version, int):
        report.add(
            "error",
            name,
            None,
            "version",
            "the snapshot has no format version.",
            "export the view again from the app or the CLI.",
        )
        return None, None, {}, report
    if version > VERSION:
        report.add(
            "error",
            name,
            None,
            "version",
            f"the snapshot was made by a newer version of Alliance Graph Explorer (format {version}); "
            f"this version reads format {VERSION} and older.",
            "update Alliance Graph Explorer, or export the view again with this version.",
        )
        return None, None, {}, report
    tables = data.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(tables.get(t), list) for t in ("entities", "claims", "sources")
    ):
        report.add(
            "error",
            name,
            None,
            "tables",
            "the snapshot has no entities, claims and sources tables.",
            "export the view again; the file may be truncated.",
        )
        return None, None, {}, report
    with tempfile.TemporaryDirectory(prefix="agx-snapshot-") as folder:
        root = Path(folder) / str(data.get("dataset") or "snapshot")
        root.mkdir()
        _write_rows(root, tables)
        dataset, table_report = read_dataset(root)
    for issue in table_report.issues:
        report.add(
            issue.severity, f"{name}:{issue.file}", issue.line, issue.column, issue.message, issue.hint
        )
    if dataset is None:
        return None, None, {}, report
    try:
        spec = ViewSpec.from_query_params({str(k): str(v) for k, v in (data.get("spec") or {}).items()})
    except InputError as error:
        report.add(
            "error",
            name,
            None,
            "spec",
            f"the snapshot's view cannot be used: {error}",
            "export the view again.",
        )
        return None, None, {}, report
    positions: Positions = {}
    for node, point in (data.get("positions") or {}).items():
        if isinstance(point, list) and len(point) == 2 and all(isinstance(v, int | float) for v in point):
            positions[str(node)] = (float(point[0]), float(point[1]))
    G = build_graph(dataset)
    missing = [node for node in G if node not in positions]
    if missing:
        report.add(
            "warning",
            name,
            None,
            "positions",
            f"{len(missing)} node(s) have no saved position.",
            "they are placed by the layout.",
        )
    return G, spec, positions, report


def _write_rows(root: Path, tables: dict[str, list]) -> None:
    """Write the snapshot's rows as CSV so the ordinary loader checks them."""
    headers = {
        "entities": list(ENTITY_COLUMNS)
        + sorted(
            {
                key
                for row in tables["entities"]
                if isinstance(row, dict)
                for key in row
                if key not in ENTITY_COLUMNS
            }
        ),
        "claims": [*CLAIM_COLUMNS, *OPTIONAL_CLAIM_COLUMNS],
        "sources": list(SOURCE_COLUMNS),
    }
    for table, header in headers.items():
        with open(root / TABLE_FILES[table], "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n", extrasaction="ignore")
            writer.writeheader()
            for row in tables[table]:
                if isinstance(row, dict):
                    writer.writerow(
                        {key: "" if row.get(key) is None else str(row.get(key)) for key in header}
                    )


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
