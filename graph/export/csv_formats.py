"""CSV exports, each a zip: Gephi's nodes/edges tables, Neo4j's admin-import tables, and our own
three tables (entities, claims, sources) that the app and ``validate`` read back.

Cells a spreadsheet would run as a formula (starting with = + - @, tab, CR or LF) are
prefixed with an apostrophe; our loader removes that prefix again.
"""

from __future__ import annotations

import csv
import io
import zipfile

from graph.build import graph_to_dataset
from graph.export.flatten import flat_value
from graph.export.registry import ExportContext, Exporter, register
from graph.export.visual import node_visuals
from graph.load import dataset_tables
from graph.model import VIZ_PREFIX, Dataset
from graph.text import neutralise_formula

NEO4J_TYPES = {"integer": "long", "double": "double", "boolean": "boolean", "string": "string"}


def _attribute_names(context: ExportContext, part: str) -> list[str]:
    """The graph's own attribute columns (a file's node or edge attributes), drawing data aside."""
    types = context.G.graph.get("attribute_types", {}).get(part, {})
    return [name for name in types if not name.startswith(VIZ_PREFIX) and name not in _FIXED[part]]


NODE_COLUMNS = ["type", "description", "aliases", "conflict", "x", "y", "size", "color"]
EDGE_COLUMNS = ["relation", "start", "end", "role", "citations", "negative", "conflict"]
_FIXED = {
    "node": {"id", "label", *NODE_COLUMNS},
    "edge": {"subject", "object", "key", *EDGE_COLUMNS},
}


def _csv(header: list[str], rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {key: neutralise_formula("" if value is None else str(value)) for key, value in row.items()}
        )
    return buffer.getvalue().encode("utf-8")


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            # A fixed timestamp: the same view always gives the same bytes.
            archive.writestr(
                zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)),
                content,
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return buffer.getvalue()


def _node_rows(context: ExportContext) -> list[dict]:
    visuals = node_visuals(context)
    own = _attribute_names(context, "node")
    rows = []
    for node, data in context.view.nodes(data=True):
        shown = visuals[node]
        rows.append(
            {
                "id": node,
                "label": data.get("label", node),
                "type": data.get("type", ""),
                "description": data.get("description", ""),
                "aliases": flat_value(data.get("aliases", [])),
                "conflict": data.get("conflict", False),
                "x": shown.x,
                "y": shown.y,
                "size": shown.size,
                "color": shown.color,
                **{name: flat_value(data.get(name)) for name in own},
            }
        )
    return rows


def _edge_rows(context: ExportContext) -> list[dict]:
    own = _attribute_names(context, "edge")
    return [
        {
            "subject": subject,
            "object": target,
            "key": key,
            "relation": data["relation"],
            "start": data.get("start"),
            "end": data.get("end"),
            "role": data.get("role"),
            "citations": flat_value(data.get("citations", [])),
            "negative": data.get("negative", False),
            "conflict": data.get("conflict", False),
            **{name: flat_value(data.get(name)) for name in own},
        }
        for subject, target, key, data in context.view.edges(keys=True, data=True)
    ]


def write_gephi(context: ExportContext) -> bytes:
    node_own = _attribute_names(context, "node")
    edge_own = [name for name in _attribute_names(context, "edge") if name.lower() not in ("weight", "label")]
    undirected = context.G.graph.get("properties", {}).get("edgedefault") == "undirected"
    nodes = [{"Id": row["id"], "Label": row["label"], **row} for row in _node_rows(context)]
    edges = [
        {
            "Source": row["subject"],
            "Target": row["object"],
            "Type": "Undirected" if undirected else "Directed",
            "Id": index,
            "Label": row.get("label") or row["relation"],
            "Weight": row.get("weight", 1) if row.get("weight") is not None else 1,
            **row,
        }
        for index, row in enumerate(_edge_rows(context))
    ]
    node_header = ["Id", "Label", *NODE_COLUMNS, *node_own]
    edge_header = ["Source", "Target", "Type", "Id", "Label", "Weight", *EDGE_COLUMNS, *edge_own]
    return _zip({"nodes.csv": _csv(node_header, nodes), "edges.csv": _csv(edge_header, edges)})


# neo4j-admin import headers: our columns first, then the graph's own attributes, typed.
NEO4J_NODE_COLUMNS = ("id:ID", ":LABEL", "label", "description", "aliases:string[]", "x:float", "y:float")
NEO4J_EDGE_COLUMNS = (
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "start",
    "end",
    "role",
    "citations:string[]",
    "negative:boolean",
)


def write_neo4j(context: ExportContext) -> bytes:
    types = context.G.graph.get("attribute_types", {})

    def typed(part: str) -> dict[str, str]:
        return {
            name: f"{name}:{NEO4J_TYPES[types[part].get(name, 'string')]}"
            for name in _attribute_names(context, part)
        }

    node_own, edge_own = typed("node"), typed("edge")
    nodes = [
        {
            "id:ID": row["id"],
            ":LABEL": row["type"].capitalize() or "Entity",
            "label": row["label"],
            "description": row["description"],
            "aliases:string[]": row["aliases"],
            "x:float": row["x"],
            "y:float": row["y"],
            **{column: row[name] for name, column in node_own.items()},
        }
        for row in _node_rows(context)
    ]
    edges = [
        {
            ":START_ID": row["subject"],
            ":END_ID": row["object"],
            ":TYPE": row["relation"].upper(),
            "start": row["start"],
            "end": row["end"],
            "role": row["role"],
            "citations:string[]": row["citations"],
            "negative:boolean": str(row["negative"]).lower(),
            **{column: row[name] for name, column in edge_own.items()},
        }
        for row in _edge_rows(context)
    ]
    return _zip(
        {
            "nodes.csv": _csv([*NEO4J_NODE_COLUMNS, *node_own.values()], nodes),
            "relationships.csv": _csv([*NEO4J_EDGE_COLUMNS, *edge_own.values()], edges),
        }
    )


def view_dataset(context: ExportContext) -> Dataset:
    """The three tables of the view: its entities, the claims behind its edges and facts, their sources."""
    full = graph_to_dataset(context.view)
    cited = {claim.source for claim in full.claims}
    kept = set(context.view)
    return Dataset(
        full.entities,
        full.claims,
        tuple(s for s in full.sources if s.id in cited),
        name=full.name,
        decisions=tuple(d for d in full.decisions if d.left in kept or d.right in kept),
        attribute_types=full.attribute_types,
        properties=full.properties,
    )


NOTE_COLUMNS = ["entity", "subject", "relation", "object", "text", "author", "written"]


def view_notes(context: ExportContext) -> list[dict[str, str]]:
    """The analysts' notes (a store's, graph.store.changes) on the view's entities and on claims
    that name them: remarks, not claims, so never edges."""
    kept = set(context.view)
    return [
        {column: str(note.get(column, "")) for column in NOTE_COLUMNS}
        for note in context.view.graph.get("notes", ())
        if note.get("entity") in kept or note.get("object") in kept
    ]


def write_tables(context: ExportContext) -> bytes:
    """Our tables, one claim a row (parallel claims stay apart), typed attribute columns; and
    notes.csv when the view's entities have notes."""
    files = {
        file: _csv(header, rows) for file, (header, rows) in dataset_tables(view_dataset(context)).items()
    }
    if notes := view_notes(context):
        files["notes.csv"] = _csv(NOTE_COLUMNS, notes)
    return _zip(files)


register(
    Exporter(
        "csv",
        "zip",
        "application/zip",
        "CSV nodes + edges for Gephi and spreadsheets (zip)",
        write_gephi,
        "csv module",
    )
)
register(
    Exporter(
        "csv-neo4j",
        "zip",
        "application/zip",
        "CSV for neo4j-admin import (zip)",
        write_neo4j,
        "csv module (Neo4j header syntax)",
    )
)
register(
    Exporter(
        "tables",
        "zip",
        "application/zip",
        "Our three CSV tables (entities, claims, sources; zip)",
        write_tables,
        "our loader (python -m graph validate)",
    )
)
