"""Read a graph a user brings: our CSV tables (three files or a zip), GraphML, GEXF or node-link JSON.

Every reader returns ``(graph or None, report)`` and never raises for bad input: the
report says what was wrong, where, and what to do. XML is checked with defusedxml
first (no DTDs, no entity expansion, no external references), sizes are capped, and
nothing in a file is ever executed.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

import networkx as nx
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree

from graph.build import build_graph
from graph.dates import is_valid_date
from graph.load import read_dataset, write_dataset
from graph.model import TABLE_FILES, Dataset
from graph.report import ImportReport
from graph.vocabulary import ENTITY_TYPES, NEGATIVE_RELATIONS, RELATIONS

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_JSON_DEPTH = 64
UPLOAD_SOURCE = "upload"
SUFFIXES = (".csv", ".zip", ".graphml", ".gexf", ".json")

Upload = tuple[str, bytes]  # file name, content


def read_upload(files: list[Upload]) -> tuple[nx.MultiDiGraph | None, ImportReport]:
    """Read what a user uploaded: three CSV tables, a zip of them, or one graph file."""
    report = ImportReport()
    if not files:
        report.add("error", "upload", None, None, "no file was given.", "choose a file to import.")
        return None, report
    for name, content in files:
        if len(content) > MAX_UPLOAD_BYTES:
            report.add(
                "error",
                name,
                None,
                None,
                f"the file is {len(content):,} bytes; the limit is {MAX_UPLOAD_BYTES:,}.",
                "import a smaller file or split the dataset.",
            )
            return None, report
    suffixes = {PurePosixPath(name).suffix.lower() for name, _ in files}
    if suffixes != {".csv"}:
        for name, content in files:
            if not content.strip():
                report.add(
                    "error", name, None, None, "the file is empty.", "choose the file that holds the graph."
                )
                return None, report
    if suffixes == {".csv"}:
        return _read_csv_tables(files, report)
    if len(files) > 1:
        report.add(
            "error",
            ", ".join(name for name, _ in files),
            None,
            None,
            "several files were given that are not our three CSV tables.",
            "upload entities.csv, claims.csv and sources.csv together, or one other file.",
        )
        return None, report
    name, content = files[0]
    suffix = PurePosixPath(name).suffix.lower()
    if content.startswith(b"PK\x03\x04") and suffix != ".zip":
        report.add(
            "error",
            name,
            None,
            None,
            f"the file is a zip archive, not a {suffix or 'graph'} file.",
            "rename it to .zip if it holds our CSV tables, or unpack it first.",
        )
        return None, report
    readers = {".zip": _read_zip, ".graphml": _read_graphml, ".gexf": _read_gexf, ".json": _read_json}
    if suffix not in readers:
        report.add(
            "error",
            name,
            None,
            None,
            f"files ending in '{suffix}' cannot be imported.",
            "use our CSV tables (three .csv files or a .zip), .graphml, .gexf or node-link .json.",
        )
        return None, report
    return readers[suffix](name, content, report)


def _read_csv_tables(
    files: list[Upload], report: ImportReport
) -> tuple[nx.MultiDiGraph | None, ImportReport]:
    by_name = {PurePosixPath(name).name.lower(): content for name, content in files}
    expected = set(TABLE_FILES.values())
    missing = sorted(expected - set(by_name))
    extra = sorted(set(by_name) - expected)
    for name in extra:
        report.add(
            "error",
            name,
            None,
            None,
            "this file is not one of our tables.",
            "name the files entities.csv, claims.csv and sources.csv.",
        )
    for name in missing:
        report.add(
            "error",
            name,
            None,
            None,
            "this table is missing from the upload.",
            "upload entities.csv, claims.csv and sources.csv together.",
        )
    if missing or extra:
        return None, report
    return _read_tables(by_name, "upload", report)


def _read_tables(
    tables: dict[str, bytes], name: str, report: ImportReport
) -> tuple[nx.MultiDiGraph | None, ImportReport]:
    with tempfile.TemporaryDirectory(prefix="agx-upload-") as folder:
        root = Path(folder) / name
        root.mkdir()
        for file_name, content in tables.items():
            (root / file_name).write_bytes(content)
        dataset, table_report = read_dataset(root)
    report.extend(table_report)
    return (build_graph(dataset) if dataset is not None else None), report


def check_dataset(dataset: Dataset) -> tuple[nx.MultiDiGraph | None, ImportReport]:
    """Check a dataset built in memory (e.g. a merge) exactly as a dataset folder is checked."""
    with tempfile.TemporaryDirectory(prefix="agx-check-") as folder:
        dataset_read, report = read_dataset(
            write_dataset(dataset, Path(folder) / (dataset.name or "dataset"))
        )
    return (build_graph(dataset_read) if dataset_read is not None else None), report


def _read_zip(name: str, content: bytes, report: ImportReport) -> tuple[nx.MultiDiGraph | None, ImportReport]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        report.add(
            "error",
            name,
            None,
            None,
            "the file is not a valid zip archive.",
            "zip entities.csv, claims.csv and sources.csv again.",
        )
        return None, report
    tables: dict[str, bytes] = {}
    total = 0
    with archive:
        for info in archive.infolist():
            base = PurePosixPath(info.filename).name.lower()
            if info.is_dir() or base not in TABLE_FILES.values():
                continue
            if base in tables:
                report.add(
                    "error",
                    f"{name}/{info.filename}",
                    None,
                    None,
                    f"the archive holds two {base} files.",
                    "keep one copy of each table in the zip.",
                )
                return None, report
            with archive.open(info) as member:
                data = member.read(MAX_UPLOAD_BYTES + 1)  # capped: the declared size may lie
            total += len(data)
            if len(data) > MAX_UPLOAD_BYTES or total > MAX_UPLOAD_BYTES:
                report.add(
                    "error",
                    f"{name}/{info.filename}",
                    None,
                    None,
                    f"the archive unpacks to more than {MAX_UPLOAD_BYTES:,} bytes.",
                    "import a smaller dataset.",
                )
                return None, report
            tables[base] = data
    missing = sorted(set(TABLE_FILES.values()) - set(tables))
    for table in missing:
        report.add(
            "error",
            name,
            None,
            None,
            f"the archive has no {table}.",
            "a dataset zip holds entities.csv, claims.csv and sources.csv.",
        )
    if missing:
        return None, report
    return _read_tables(tables, PurePosixPath(name).stem or "upload", report)


def _check_xml(name: str, content: bytes, report: ImportReport) -> Any:
    """Parse with defusedxml first: DTDs, entities and external references are refused.

    Returns the parsed root element, or None (with the reason in ``report``).
    """
    try:
        return SafeElementTree.fromstring(
            content, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as error:
        report.add(
            "error",
            name,
            None,
            None,
            f"the XML declares a DTD or entities ({type(error).__name__}), which we refuse for safety.",
            "export the graph again without a DOCTYPE or entity declarations.",
        )
        return None
    except SafeElementTree.ParseError as error:
        line = getattr(error, "position", (None, None))[0]
        report.add(
            "error",
            name,
            line,
            None,
            f"the file is not well-formed XML ({error}).",
            "check that the file is complete and is GraphML or GEXF.",
        )
        return None


def _xml_declarations(root: Any) -> tuple[list[str], list[tuple[str, str]]]:
    """The node ids a GraphML or GEXF file declares, in order, and its edges' endpoints."""
    nodes = [element.get("id", "") for element in root.iter() if element.tag.rsplit("}", 1)[-1] == "node"]
    edges = [
        (element.get("source", ""), element.get("target", ""))
        for element in root.iter()
        if element.tag.rsplit("}", 1)[-1] == "edge"
    ]
    return nodes, edges


def _read_graphml(
    name: str, content: bytes, report: ImportReport
) -> tuple[nx.MultiDiGraph | None, ImportReport]:
    root = _check_xml(name, content, report)
    if root is None:
        return None, report
    try:
        foreign = nx.parse_graphml(content, force_multigraph=True)
    except (nx.NetworkXError, ValueError, KeyError) as error:
        report.add(
            "error",
            name,
            None,
            None,
            f"the GraphML cannot be read ({error}).",
            "check that it follows the GraphML specification.",
        )
        return None, report
    return from_foreign_graph(foreign, name, report, *_xml_declarations(root))


def _read_gexf(
    name: str, content: bytes, report: ImportReport
) -> tuple[nx.MultiDiGraph | None, ImportReport]:
    root = _check_xml(name, content, report)
    if root is None:
        return None, report
    try:
        foreign = nx.read_gexf(io.BytesIO(content))
    except (nx.NetworkXError, ValueError, KeyError, AttributeError) as error:
        report.add(
            "error",
            name,
            None,
            None,
            f"the GEXF cannot be read ({error}).",
            "check that it follows the GEXF 1.2 or 1.3 specification.",
        )
        return None, report
    return from_foreign_graph(foreign, name, report, *_xml_declarations(root))


def _reject_constant(value: str) -> Any:
    raise ValueError(f"{value} is not valid JSON")


def _depth(value: Any, limit: int) -> int:
    stack = [(value, 1)]
    deepest = 0
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return deepest


def _too_deep(name: str, report: ImportReport) -> tuple[None, ImportReport]:
    report.add(
        "error",
        name,
        None,
        None,
        f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep.",
        "flatten the attributes.",
    )
    return None, report


def _read_json(
    name: str, content: bytes, report: ImportReport
) -> tuple[nx.MultiDiGraph | None, ImportReport]:
    try:
        data = json.loads(content.decode("utf-8-sig"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        report.add("error", name, None, None, "the file is not UTF-8 text.", "save it as UTF-8 JSON.")
        return None, report
    except RecursionError:
        return _too_deep(name, report)
    except ValueError as error:
        report.add(
            "error",
            name,
            getattr(error, "lineno", None),
            None,
            f"the file is not valid JSON ({error}).",
            "check the file; NaN and Infinity are not JSON.",
        )
        return None, report
    if _depth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        return _too_deep(name, report)
    from graph.export.snapshot import is_snapshot, read_snapshot

    if is_snapshot(data):
        G, spec, positions, report = read_snapshot(data, name, report)
        if G is not None:
            G.graph["snapshot"] = {"spec": spec, "positions": positions}
        return G, report
    if not isinstance(data, dict) or "nodes" not in data:
        report.add(
            "error",
            name,
            None,
            "nodes",
            "the JSON has no 'nodes' list, so it is not a node-link graph.",
            "export node-link JSON (networkx node_link_data, D3).",
        )
        return None, report
    edges_key = "edges"
    if "edges" not in data and "links" in data:
        edges_key = "links"
        report.add(
            "info", name, None, "links", "the file uses 'links' (older node-link JSON); read as edges."
        )
    try:
        foreign = nx.node_link_graph(data, directed=True, multigraph=True, edges=edges_key)
    except (nx.NetworkXError, KeyError, TypeError) as error:
        report.add(
            "error",
            name,
            None,
            None,
            f"the node-link JSON cannot be read ({error}).",
            "each node needs an 'id'; each edge a 'source' and a 'target'.",
        )
        return None, report
    declared = [node.get("id") for node in data["nodes"] if isinstance(node, dict)]
    ends = [
        (str(edge.get("source")), str(edge.get("target")))
        for edge in data.get(edges_key) or []
        if isinstance(edge, dict)
    ]
    return from_foreign_graph(foreign, name, report, declared, ends)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(item) for item in value if str(item)]
    return [part.strip() for part in str(value).replace(";", "|").split("|") if part.strip()]


def _facts(value: Any) -> dict[str, list[dict[str, Any]]]:
    """Literal facts from one of our JSON exports, keeping only well-formed entries."""
    if not isinstance(value, dict):
        return {}
    facts: dict[str, list[dict[str, Any]]] = {}
    for attribute, items in value.items():
        if not isinstance(items, list):
            continue
        kept = []
        for item in items:
            if not isinstance(item, dict) or "value" not in item:
                continue
            evidence = [
                {
                    "source": str(e.get("source")),
                    "locator": str(e.get("locator") or ""),
                    "note": str(e.get("note") or ""),
                }
                for e in item.get("evidence") or []
                if isinstance(e, dict) and e.get("source")
            ]
            kept.append(
                {
                    "value": str(item["value"]),
                    "start": item.get("start"),
                    "end": item.get("end"),
                    "citations": [e["source"] for e in evidence],
                    "evidence": evidence,
                }
            )
        if kept:
            facts[str(attribute)] = kept
    return facts


def _check_declarations(
    name: str, declared: list[Any], ends: list[tuple[str, str]], report: ImportReport
) -> set[str]:
    """Report repeated node ids and edges to undeclared nodes; return the undeclared ids."""
    seen: dict[Any, Any] = {}
    for raw in declared:
        if raw in seen:  # 1 and 1.0 are equal here, as they are to networkx
            same = "repeats" if repr(raw) == repr(seen[raw]) else f"equals {seen[raw]!r}, so it repeats"
            report.add(
                "warning",
                name,
                None,
                "id",
                f"the node id {raw!r} {same} an earlier node; they are merged.",
                "give every node a distinct id.",
            )
        else:
            seen[raw] = raw
    known = {str(raw) for raw in declared}
    undeclared = sorted({end for pair in ends for end in pair if end not in known})
    dangling = [pair for pair in ends if pair[0] in undeclared or pair[1] in undeclared]
    if dangling:
        report.add(
            "warning",
            name,
            None,
            "edge",
            f"{len(dangling)} edge(s) point to nodes the file does not declare (e.g. '{undeclared[0]}'); "
            "they are skipped.",
            "declare every node an edge uses, or remove those edges.",
        )
    return set(undeclared)


def from_foreign_graph(
    foreign: nx.Graph,
    name: str,
    report: ImportReport,
    declared: list[Any] | None = None,
    ends: list[tuple[str, str]] | None = None,
) -> tuple[nx.MultiDiGraph | None, ImportReport]:
    """Turn any networkx graph into ours: typed nodes, known relations, every edge cited.

    What a foreign graph lacks is filled in visibly: an unknown type becomes ``other``, an
    unknown relation ``related_to``, and edges without citations cite the uploaded file.
    Edges to nodes the file does not declare are skipped (networkx would invent them).
    """
    undeclared = _check_declarations(name, declared, ends or [], report) if declared is not None else set()
    G = nx.MultiDiGraph(name=str(foreign.graph.get("name") or PurePosixPath(name).stem))
    sources = foreign.graph.get("sources") if isinstance(foreign.graph.get("sources"), dict) else {}
    if not sources and isinstance(foreign.graph.get("sources_json"), str):
        try:
            sources = json.loads(foreign.graph["sources_json"])
        except ValueError:
            report.add(
                "warning",
                name,
                None,
                "sources_json",
                "the graph's sources cannot be read and are ignored.",
                "export the graph again.",
            )
        sources = sources if isinstance(sources, dict) else {}
    G.graph["sources"] = {
        str(key): {
            field: str(value.get(field) or "")
            for field in ("id", "title", "publisher", "author", "published", "url", "kind")
        }
        for key, value in sources.items()
        if isinstance(value, dict)
    }
    for source_id, source in G.graph["sources"].items():
        if source["url"] and not re.match(r"^https?://", source["url"], re.IGNORECASE):
            report.add(
                "warning",
                name,
                None,
                "url",
                f"the URL of source '{source_id}' is not an http(s) address and was removed.",
                "use addresses that start with https:// or http://.",
            )
            source["url"] = ""
    G.graph["sources"][UPLOAD_SOURCE] = {
        "id": UPLOAD_SOURCE,
        "title": name,
        "publisher": "uploaded file",
        "author": "",
        "published": "",
        "url": "",
        "kind": "secondary",
    }
    G.graph["entity_columns"] = []
    untyped: list[str] = []
    seen: dict[str, Any] = {}
    for node, data in foreign.nodes(data=True):
        node_id = str(node)
        if node_id in undeclared:
            continue
        if node_id in seen and seen[node_id] != node:
            report.add(
                "warning",
                name,
                None,
                "id",
                f"the ids {seen[node_id]!r} and {node!r} are the same text '{node_id}'; they are merged.",
                "give every node a distinct id.",
            )
        seen[node_id] = node
        entity_type = str(data.get("type", ""))
        if entity_type not in ENTITY_TYPES:
            untyped.append(node_id)
            entity_type = "other"
        G.add_node(
            node_id,
            type=entity_type,
            label=str(data.get("label") or node_id),
            aliases=_as_list(data.get("aliases")),
            description=str(data.get("description") or ""),
            facts=_facts(data.get("facts")),
            conflict=bool(data.get("conflict")) and data.get("conflict") not in ("False", "false"),
            conflicts=[str(item) for item in data["conflicts"]]
            if isinstance(data.get("conflicts"), list)
            else [],
        )
    if untyped:
        report.add(
            "warning",
            name,
            None,
            "type",
            f"{len(untyped)} node(s) have no type of ours (e.g. '{untyped[0]}'); they are shown as 'other'.",
            f"give nodes a 'type' attribute: one of {', '.join(ENTITY_TYPES)}.",
        )
    unknown_relations: list[str] = []
    bad_dates = 0
    uncited = 0
    edges = (
        foreign.edges(data=True, keys=True)
        if foreign.is_multigraph()
        else ((u, v, None, d) for u, v, d in foreign.edges(data=True))
    )
    self_loops: list[str] = []
    for subject, target, _, data in edges:
        if str(subject) in undeclared or str(target) in undeclared:
            continue
        if subject == target:
            self_loops.append(str(subject))
        relation = str(data.get("relation") or data.get("type") or data.get("label") or "")
        if relation not in RELATIONS:
            unknown_relations.append(relation or "(none)")
            relation = "related_to"
        period = []
        for field in ("start", "end"):
            value = data.get(field)
            value = str(value) if value not in (None, "") else None
            if value is not None and not is_valid_date(value):
                bad_dates += 1
                value = None
            period.append(value)
        citations = [c for c in _as_list(data.get("citations")) if c in G.graph["sources"]]
        evidence = (
            [
                {
                    "source": str(item["source"]),
                    "locator": str(item.get("locator") or ""),
                    "note": str(item.get("note") or ""),
                    "start": item.get("start"),
                    "end": item.get("end"),
                }
                for item in data.get("evidence") or []
                if isinstance(item, dict) and item.get("source") in citations
            ]
            if isinstance(data.get("evidence"), list)
            else []
        )
        if not citations:
            citations = [UPLOAD_SOURCE]
            uncited += 1
        subject_id, target_id = str(subject), str(target)
        key = relation
        index = 1
        while G.has_edge(subject_id, target_id, key):
            index += 1
            key = f"{relation}#{index}"
        G.add_edge(
            subject_id,
            target_id,
            key=key,
            relation=relation,
            start=period[0],
            end=period[1],
            role=str(data["role"]) if data.get("role") else None,
            citations=citations,
            evidence=evidence
            or [
                {"source": c, "locator": "", "note": "", "start": period[0], "end": period[1]}
                for c in citations
            ],
            negative=relation in NEGATIVE_RELATIONS,
            conflict=False,
        )
    if self_loops:
        report.add(
            "warning",
            name,
            None,
            "edge",
            f"{len(self_loops)} edge(s) link a node to itself (e.g. '{self_loops[0]}'); they are kept.",
            "check those edges.",
        )
    parallel = sum(1 for u, v in {(u, v) for u, v, _ in G.edges(keys=True)} if G.number_of_edges(u, v) > 1)
    if parallel:
        report.add(
            "info",
            name,
            None,
            "edge",
            f"{parallel} pair(s) of nodes are linked more than once; every link is kept.",
        )
    if unknown_relations:
        report.add(
            "warning",
            name,
            None,
            "relation",
            f"{len(unknown_relations)} edge(s) have no relation of ours (e.g. '{unknown_relations[0]}'); "
            "they are shown as 'related_to'.",
            f"give edges a 'relation' attribute: one of {', '.join(RELATIONS)}.",
        )
    if bad_dates:
        report.add(
            "warning",
            name,
            None,
            "start/end",
            f"{bad_dates} edge date(s) are not ISO dates and were dropped.",
            "write dates as YYYY-MM-DD.",
        )
    if uncited:
        report.add(
            "warning",
            name,
            None,
            "citations",
            f"{uncited} edge(s) cite no source; they cite the uploaded file itself.",
            "add sources to show where each relation comes from.",
        )
    if G.number_of_nodes() == 0:
        report.add("error", name, None, None, "the graph has no nodes.", "check that this is the right file.")
        return None, report
    return G, report
