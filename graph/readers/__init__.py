"""Read a graph a user brings, whatever tool wrote it: one module per format, one registry.

===========  =============================================================  ==================
reader       what                                                           usual suffixes
===========  =============================================================  ==================
tables       our CSV tables: three files (+ decisions.csv) or a zip          .csv, .zip
gexf         GEXF 1.0–1.3 (Gephi), static and dynamic                       .gexf
graphml      GraphML (networkx, Gephi, Cytoscape, yEd, yFiles)              .graphml, .xml
node-link    node-link JSON (networkx, D3)                                  .json
graphology   graphology JSON (sigma.js, Gephi's JSON export)                .json
gephi-lite   Gephi Lite workspace                                           .json
cytoscape    Cytoscape JSON                                                 .cyjs, .json
snapshot     our snapshot bundle                                            .agx.json
ftm          FollowTheMoney entities (Aleph, OpenSanctions): JSON lines     .ftm.json, .jsonl
===========  =============================================================  ==================

The content decides, not the suffix: a zip is read as a zip, XML by its root element,
JSON by its shape. Every reader returns ``(Dataset | None, ImportReport)`` and never
raises for bad input; checks run on rows in memory (nothing is written to disk).

- :func:`read_file` (one file's bytes), :func:`read_files` (an upload: our CSV tables or
  one file), :func:`read_path` (a folder or a file on disk: what ``--data`` accepts);
- :func:`read_upload` and :func:`load_path` build the graph; :func:`check_dataset` checks
  and builds a dataset made in memory (a merge).

>>> data = b'{"nodes": [{"id": "a"}, {"id": "b"}], "edges": [{"source": "a", "target": "b"}]}'
>>> dataset, report = read_file("g.json", data)
>>> [entity.id for entity in dataset.entities], report.ok
(['a', 'b'], True)
"""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import TypeVar

import networkx as nx

from graph.budget import OverTime, checkpoint, json_elements, over_budget, over_time
from graph.build import apply_decisions, build_graph
from graph.errors import DatasetError
from graph.load import check_rows, dataset_rows, read_dataset, resolve_path
from graph.model import Dataset
from graph.readers import cytoscape, ftm, gexf, graphml, graphology, node_link, snapshot, tables
from graph.readers.foreign import UPLOAD_SOURCE, ForeignEdge, ForeignGraph, ForeignNode, to_dataset
from graph.readers.jsondata import MAX_JSON_DEPTH, parse_json, sniff_json
from graph.readers.registry import READERS, Reader, register
from graph.report import ImportReport
from graph.settings import limit

__all__ = [
    "MAX_JSON_DEPTH",
    "READERS",
    "SUFFIXES",
    "UPLOAD_SOURCE",
    "ForeignEdge",
    "ForeignGraph",
    "ForeignNode",
    "Reader",
    "check_dataset",
    "graph_of",
    "load_path",
    "max_upload_bytes",
    "read_file",
    "read_files",
    "read_path",
    "read_upload",
    "register",
    "to_dataset",
]


def max_upload_bytes() -> int:
    """The largest upload or unpacked archive, in bytes (the ``upload_megabytes`` limit)."""
    return limit("upload_megabytes") * 1024 * 1024


SUFFIXES = (".csv", ".zip", ".graphml", ".gexf", ".json", ".cyjs", ".xml", ".jsonl", ".ftm")
# The order JSON shapes are tried in: the most specific first.
JSON_ORDER = ("snapshot", "ftm", "gephi-lite", "cytoscape", "graphology", "node-link")
SNIFF_BYTES = 65536

Upload = tuple[str, bytes]  # file name, content
T = TypeVar("T")
_ = (cytoscape, ftm, gexf, graphml, graphology, node_link, snapshot, tables)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading builds millions of small objects that all stay alive: Python's collector would
    walk them again and again for nothing (the app's server tunes it; the CLI does not)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _refuse(name: str, message: str, hint: str) -> tuple[None, ImportReport]:
    report = ImportReport()
    report.add("error", name, None, None, message, hint)
    return None, report


def _too_large(name: str, size: int) -> tuple[None, ImportReport]:
    return _refuse(
        name,
        f"the file is {size:,} bytes; the limit is {max_upload_bytes():,}.",
        "import a smaller file or split the dataset.",
    )


def detect(name: str, content: bytes) -> str | None:
    """The reader the content asks for: 'tables', 'gexf', 'graphml', 'ftm' (FtM JSON lines), 'json'
    (any JSON shape) or None."""
    head = content[:SNIFF_BYTES]
    if tables.sniff(head):
        return "tables"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        if gexf.sniff(stripped):
            return "gexf"
        if graphml.sniff(stripped):
            return "graphml"
        suffix = PurePosixPath(name).suffix.lower()
        return "gexf" if suffix == ".gexf" else "graphml"
    if ftm.sniff(head):
        return "ftm"
    if sniff_json(head):
        return "json"
    return None


def _within_time(name: str, read: Callable[[], tuple[T, ImportReport]]) -> tuple[T | None, ImportReport]:
    """``read()``, or None and a report line when it ran past the time limit (graph.budget.limited)."""
    try:
        return read()
    except OverTime as error:
        report = ImportReport()
        over_time(name, error, report)
        return None, report


def read_file(name: str, content: bytes) -> tuple[Dataset | None, ImportReport]:
    """Read one file (any format but loose CSV tables); the content decides the format."""
    return _within_time(name, lambda: _read_file(name, content))


def _read_file(name: str, content: bytes) -> tuple[Dataset | None, ImportReport]:
    if len(content) > max_upload_bytes():
        return _too_large(name, len(content))
    if not content or content.isspace():  # no copy of a large file
        return _refuse(name, "the file is empty.", "choose the file that holds the graph.")
    suffix = PurePosixPath(name).suffix.lower()
    kind = detect(name, content)
    with _collector_paused():
        if kind == "tables":
            dataset, report = tables.read_zip(name, content)
            if suffix != ".zip":
                note = ImportReport()
                note.add(
                    "warning",
                    name,
                    None,
                    None,
                    f"the file is a zip archive, not a {suffix or 'graph'} file; it is read as a zip of our "
                    "tables.",
                    "rename it to .zip.",
                )
                note.extend(report)
                report = note
            return dataset, report
        if kind in ("gexf", "graphml", "ftm"):
            return READERS[kind].read(name, content)
        if kind == "json":
            report = ImportReport()
            parsed, data = parse_json(name, content, report)
            if not parsed or over_budget(name, json_elements(data), report):
                return None, report
            checkpoint()
            for reader_name in JSON_ORDER:
                reader = READERS[reader_name]
                if reader.accepts is not None and reader.read_parsed is not None and reader.accepts(data):
                    return reader.read_parsed(name, data, report), report
            node_link.not_a_graph(name, report)
            return None, report
    if suffix == ".csv":
        return _refuse(
            name,
            "one CSV table alone is not a dataset.",
            "upload entities.csv, claims.csv and sources.csv together, or a zip of them.",
        )
    return _refuse(
        name,
        f"files ending in '{suffix}' cannot be imported."
        if suffix
        else "the file's format is not recognised.",
        "use our CSV tables (three .csv files or a .zip), .graphml, .gexf or node-link .json. Graphology, "
        "Gephi Lite and Cytoscape JSON (.cyjs), FollowTheMoney entities and our snapshots are read too, "
        "whatever their suffix.",
    )


def read_files(files: list[Upload]) -> tuple[Dataset | None, ImportReport]:
    """Read an upload: our CSV tables as separate files, or one file of any format."""
    return _within_time(", ".join(name for name, _ in files) or "upload", lambda: _read_files(files))


def _read_files(files: list[Upload]) -> tuple[Dataset | None, ImportReport]:
    if not files:
        return _refuse("upload", "no file was given.", "choose a file to import.")
    for name, content in files:
        if len(content) > max_upload_bytes():
            return _too_large(name, len(content))
    if all(PurePosixPath(name).suffix.lower() == ".csv" for name, _ in files):
        with _collector_paused():
            return tables.read_csv_files(files)
    if len(files) > 1:
        return _refuse(
            ", ".join(name for name, _ in files),
            "several files were given that are not our three CSV tables.",
            "upload entities.csv, claims.csv and sources.csv together, or one other file.",
        )
    return read_file(*files[0])


def read_path(path: str | Path) -> tuple[Dataset | None, ImportReport]:
    """Read what ``--data`` names: a dataset folder, or one file of any format we read.

    A path that is not a regular file (a FIFO, a device such as /dev/zero, a socket) is
    refused before anything is read; an unreadable file gives one report line.
    """
    path = Path(path)
    try:
        status = path.stat()
    except OSError as error:
        return _refuse(str(path), f"the path cannot be used ({error.strerror or error}).", "check the path.")
    if stat.S_ISDIR(status.st_mode):
        try:
            with _collector_paused():
                return _within_time(str(path), lambda: read_dataset(path))
        except OSError as error:
            return _refuse(
                str(path),
                f"the folder cannot be read ({error.strerror or error}: {error.filename}).",
                "check that you may read the folder and its tables.",
            )
    if not stat.S_ISREG(status.st_mode):
        return _refuse(
            str(path),
            "this is not a regular file (a FIFO, a device or a socket), so it is not read.",
            "give a dataset folder or a graph file.",
        )
    if status.st_size > max_upload_bytes():
        return _too_large(path.name, status.st_size)
    try:
        with open(path, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced since we looked
                return _refuse(
                    str(path), "this is not a regular file.", "give a dataset folder or a graph file."
                )
            content = handle.read(max_upload_bytes() + 1)
    except OSError as error:
        return _refuse(
            str(path),
            f"the file cannot be read ({error.strerror or error}).",
            "check that the file exists and that you may read it.",
        )
    return read_file(path.name, content)


def graph_of(dataset: Dataset) -> nx.MultiDiGraph:
    """The graph of a dataset a reader gave; a snapshot's view travels in ``G.graph["snapshot"]``.

    The dataset's decisions about duplicates are applied first (graph.build.apply_decisions):
    entities decided to be the same are one node, with every claim and source of both."""
    if dataset.decisions:
        dataset = apply_decisions(dataset)
    with _collector_paused():
        G = build_graph(dataset)
    properties = G.graph.get("properties", {})
    view = snapshot.snapshot_view(properties)
    if view is not None:
        G.graph["snapshot"] = {"spec": view[0], "positions": view[1]}
        G.graph["properties"] = {
            key: value for key, value in properties.items() if key not in (snapshot.SPEC, snapshot.POSITIONS)
        }
    return G


def read_upload(files: list[Upload]) -> tuple[nx.MultiDiGraph | None, ImportReport]:
    """Read what a user uploaded and build its graph: ``(graph or None, report)``.

    Inside :func:`graph.budget.limited` (the app's uploads) reading and building stop at its
    deadline with a report line; its cancel hook may abandon them.
    """
    dataset, report = read_files(files)
    if dataset is None:
        return None, report
    try:
        return graph_of(dataset), report
    except OverTime as error:
        over_time(", ".join(name for name, _ in files), error, report)
        return None, report


def check_dataset(dataset: Dataset) -> tuple[nx.MultiDiGraph | None, ImportReport]:
    """Check a dataset built in memory (e.g. a merge) exactly as a dataset folder is checked,
    on its rows in memory, and build its graph."""
    report = ImportReport()
    with _collector_paused():
        checked = check_rows(dataset_rows(dataset), dataset.name or "dataset", report, clean=True)
    if checked is None:
        return None, report
    return graph_of(replace(checked, properties=dataset.properties)), report


def load_path(path: str | Path | None) -> nx.MultiDiGraph:
    """The graph of a folder or file (the bundled dataset for None); DatasetError when refused."""
    resolved = resolve_path(path)
    dataset, report = read_path(resolved)
    if dataset is None:
        where = f"The dataset in {resolved}" if resolved.is_dir() else f"The file {resolved}"
        raise DatasetError(f"{where} was refused:", report)
    return graph_of(dataset)
