"""Our snapshot bundle (graph/export/snapshot.py), recognised by its content whatever its suffix.

Its tables are checked in memory by the same validator as any dataset; the view spec and
the positions travel as the dataset's properties ``snapshot:spec`` and
``snapshot:positions`` (JSON), which :func:`graph.readers.snapshot_view` turns back into
a ViewSpec and positions.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from graph.draw.items import Positions
from graph.errors import InputError
from graph.export.snapshot import FORMAT, VERSION
from graph.load import Row, TableRows, check_rows
from graph.model import TABLE_FILES, Dataset
from graph.readers.registry import json_reader, register
from graph.report import ImportReport
from graph.view import ViewSpec

SPEC = "snapshot:spec"
POSITIONS = "snapshot:positions"


def is_snapshot(data: Any) -> bool:
    return isinstance(data, dict) and data.get("format") == FORMAT


def _rows(records: list[Any]) -> TableRows:
    header: list[str] = []
    for record in records:
        if isinstance(record, dict):
            for key in record:
                if str(key) not in header:
                    header.append(str(key))
    rows = []
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            continue
        cells = {
            column: "" if record.get(column) is None else str(record.get(column)).strip() for column in header
        }
        if any(cells.values()):
            rows.append(Row(index + 2, cells))
    return rows, header


# Missing optional columns read as empty cells.
COLUMNS = {
    "entities.csv": ("id", "type", "label", "aliases", "description"),
    "claims.csv": ("subject", "relation", "object", "start", "end", "source", "locator", "note", "role"),
    "sources.csv": ("id", "title", "publisher", "author", "published", "url", "kind"),
}


def _version_usable(name: str, data: dict[str, Any], report: ImportReport) -> bool:
    """True when this version reads the snapshot's format, else False with the reason in ``report``."""
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        report.add(
            "error",
            name,
            None,
            "version",
            "the snapshot has no format version.",
            "export the view again from the app or the CLI.",
        )
        return False
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
        return False
    return True


def _table_rows(tables: dict[str, Any]) -> dict[str, TableRows | None]:
    """The rows of the three tables, by file name, each with every column of ours."""
    rows: dict[str, TableRows | None] = {
        TABLE_FILES[table]: _rows(tables[table]) for table in ("entities", "claims", "sources")
    }
    for file, defaults in COLUMNS.items():
        table_rows, header = rows[file]  # type: ignore[misc]
        missing = [column for column in defaults if column not in header]
        if missing:
            header = [*header, *missing]
            table_rows = [
                Row(row.line, {**{column: "" for column in missing}, **row.cells}) for row in table_rows
            ]
            rows[file] = (table_rows, header)
    return rows


def _checked(name: str, data: dict[str, Any], tables: dict[str, Any], report: ImportReport) -> Dataset | None:
    """The tables checked as any dataset is; their report lines name the snapshot and the table."""
    table_report = ImportReport()
    dataset = check_rows(
        _table_rows(tables), str(data.get("dataset") or "snapshot"), table_report, clean=True
    )
    for issue in table_report.issues:
        report.add(
            issue.severity, f"{name}:{issue.file}", issue.line, issue.column, issue.message, issue.hint
        )
    for kind, count in table_report.suppressed.items():
        report.suppressed[(kind[0], f"{name}:{kind[1]}", kind[2])] += count
    return dataset


def _positions(data: Any) -> dict[str, list[float]]:
    """The saved positions that are pairs of numbers."""
    positions: dict[str, list[float]] = {}
    raw_positions = data.get("positions") if isinstance(data.get("positions"), dict) else {}
    for node, point in raw_positions.items():
        if (
            isinstance(point, list)
            and len(point) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in point)
        ):
            positions[str(node)] = [float(point[0]), float(point[1])]
    return positions


def read_parsed(name: str, data: Any, report: ImportReport) -> Dataset | None:
    if not _version_usable(name, data, report):
        return None
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
        return None
    dataset = _checked(name, data, tables, report)
    if dataset is None:
        return None
    raw_spec = data.get("spec") if isinstance(data.get("spec"), dict) else {}
    try:
        spec = ViewSpec.from_query_params({str(k): str(v) for k, v in raw_spec.items()})
    except InputError as error:
        report.add(
            "error",
            name,
            None,
            "spec",
            f"the snapshot's view cannot be used: {error}",
            "export the view again.",
        )
        return None
    positions = _positions(data)
    missing = [entity.id for entity in dataset.entities if entity.id not in positions]
    if missing:
        report.add(
            "warning",
            name,
            None,
            "positions",
            f"{len(missing)} node(s) have no saved position.",
            "they are placed by the layout.",
        )
    properties = dict(dataset.properties)
    properties[SPEC] = json.dumps(spec.to_query_params(), sort_keys=True)
    properties[POSITIONS] = json.dumps(positions, sort_keys=True)
    return replace(dataset, properties=tuple(sorted(properties.items())))


def snapshot_view(properties: dict[str, str]) -> tuple[ViewSpec, Positions] | None:
    """The view spec and positions a snapshot's dataset carries, or None for other datasets."""
    if SPEC not in properties:
        return None
    spec = ViewSpec.from_query_params(json.loads(properties[SPEC]))
    positions = {
        node: (point[0], point[1]) for node, point in json.loads(properties.get(POSITIONS, "{}")).items()
    }
    return spec, positions


register(json_reader("snapshot", "a snapshot bundle (.agx.json)", (".agx.json",), is_snapshot, read_parsed))
