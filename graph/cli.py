"""``python -m graph``: a thin command line over the library.

Every command reads the bundled NATO dataset unless given ``--data PATH``. Errors the
library raises on purpose are printed as one clear message with a non-zero exit code.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import networkx as nx

from graph import load_graph
from graph.build import graph_to_dataset
from graph.dates import period_text
from graph.errors import GraphError, InputError, UnknownEntityError
from graph.load import read_dataset, resolve_path
from graph.store import MemoryStore, Store, open_store
from graph.view import COLOR_MODES, PRESETS, SIZE_MODES, ViewSpec, apply_view

EXPORT_LIMIT = 10_000  # entities an export from a store holds at most (the app's level-of-detail budget)


def _source_line(G: nx.MultiDiGraph, source_id: str, locator: str = "", note: str = "") -> str:
    source = G.graph.get("sources", {}).get(source_id)
    if source is None:
        return f"[{source_id}] (unknown source)"
    parts = [source["title"] or source_id]
    if source.get("publisher"):
        parts.append(source["publisher"])
    if source.get("published"):
        parts.append(source["published"])
    text = f"[{source_id}] " + ", ".join(parts)
    if locator:
        text += f", {locator}"
    if source.get("url"):
        text += f" <{source['url']}>"
    if note:
        text += f"\n          note: {note}"
    return text


def _label(G: nx.MultiDiGraph, node: str) -> str:
    return f"{G.nodes[node].get('label', node) if node in G else node} [{node}]"


def _store(arguments: argparse.Namespace, path: Path | None = None) -> Store:
    """The store a command reads: ``--store URL`` (or AGX_STORE), else the graph of --data."""
    data = path or getattr(arguments, "data", None)
    url = getattr(arguments, "store", None) or (None if data else os.environ.get("AGX_STORE"))
    if url and data:
        raise InputError("Give --data PATH or --store URL, not both.")
    return open_store(url) if url else MemoryStore(load_graph(data))


def _resolve_entity(store: Store, text: str) -> str:
    """An entity id from an id or an unambiguous search text."""
    if store.has(text):
        return text
    matches = store.search(text, limit=5)
    if not matches:
        raise UnknownEntityError(f"No entity matches '{text}'. Try `python -m graph search TEXT`.")
    if len(matches) == 1 or matches[0].score > matches[1].score:
        return matches[0].id
    candidates = "; ".join(f"{match.id} ({match.label})" for match in matches)
    raise UnknownEntityError(f"'{text}' matches several entities: {candidates}. Give one id.")


def command_validate(arguments: argparse.Namespace) -> int:
    if arguments.path is None:
        if not (getattr(arguments, "store", None) or os.environ.get("AGX_STORE")):
            raise InputError("Give a dataset PATH to validate, or --store URL to check a store.")
        return _validate_store(_store(arguments))
    path = resolve_path(arguments.path)
    dataset, report = read_dataset(path)
    print(f"Import report for {path}")
    print(report.format())
    if dataset is not None:
        print(
            f"{len(dataset.entities)} entities, {len(dataset.claims)} claims, {len(dataset.sources)} sources"
        )
    return 0 if report.ok else 1


def _validate_store(store: Store) -> int:
    report = store.check()
    print(f"Consistency report for {store.url}")
    print(report.format())
    summary = store.summary()
    print(f"{summary.entities} entities, {summary.claims} claims, {summary.sources} sources")
    return 0 if report.ok else 1


def command_stats(arguments: argparse.Namespace) -> int:
    summary = _store(arguments, arguments.path).summary()
    print(
        f"{summary.entities} entities, {summary.edges} relations (edges), "
        f"{summary.claims} claims, {summary.sources} sources"
    )
    print("\nEntities by type:")
    for name, count in summary.types.items():
        print(f"  {name:<14}{count:>5}")
    print("\nRelations:")
    for name, count in summary.relations.items():
        print(f"  {name:<16}{count:>5}")
    disputed = summary.conflicts
    print(f"\nConflicting claims: {len(disputed)} entit{'y' if len(disputed) == 1 else 'ies'}")
    for node, label, what in disputed:
        print(f"  {label} [{node}]: {', '.join(what)}")
    return 0


def command_show(arguments: argparse.Namespace) -> int:
    store = _store(arguments)
    node = _resolve_entity(store, arguments.entity)
    G = store.entity(node).graph
    data = G.nodes[node]
    print(f"{data['label']}  [{node}]  ({data['type']})")
    if data.get("aliases"):
        print(f"Also known as: {', '.join(data['aliases'])}")
    if data.get("description"):
        print(data["description"])
    for name in G.graph.get("entity_columns", []):
        if data.get(name):
            print(f"{name}: {data[name]}")
    if data["facts"]:
        print("\nAttributes:")
        for attribute, values in sorted(data["facts"].items()):
            disputed = " (CONFLICT: sources disagree)" if attribute in data["conflicts"] else ""
            print(f"  {attribute}{disputed}")
            for item in values:
                print(f"    = {item['value']}{period_text(item['start'], item['end'], brackets=True)}")
                for evidence in item["evidence"]:
                    print(
                        "        "
                        + _source_line(G, evidence["source"], evidence["locator"], evidence["note"])
                    )
    for title, edges, forward in (
        ("Relations", G.out_edges(node, data=True), True),
        ("Referenced by", G.in_edges(node, data=True), False),
    ):
        edges = sorted(edges, key=lambda edge: (edge[2]["relation"], edge[2].get("start") or "", edge[1]))
        if not edges:
            continue
        print(f"\n{title}:")
        for subject, target, edge in edges:
            other = target if forward else subject
            role = f" as {edge['role']}" if edge.get("role") else ""
            flag = "  (CONFLICT: sources disagree on the period)" if edge.get("conflict") else ""
            arrow = (
                f"{edge['relation']}{role} → {_label(G, other)}"
                if forward
                else (f"{_label(G, other)} {edge['relation']}{role} →")
            )
            print(f"  {arrow}{period_text(edge.get('start'), edge.get('end'), brackets=True)}{flag}")
            for evidence in edge["evidence"]:
                print("        " + _source_line(G, evidence["source"], evidence["locator"], evidence["note"]))
    return 0


def command_path(arguments: argparse.Namespace) -> int:
    store = _store(arguments)
    source = _resolve_entity(store, arguments.source)
    target = _resolve_entity(store, arguments.target)
    found = store.paths(source, target, limit=arguments.limit)
    G, paths = found.graph, found.paths
    if not paths:
        print(f"No path between {_label(G, source)} and {_label(G, target)}.")
        return 1
    for number, path in enumerate(paths, 1):
        print(f"Path {number} ({len(path)} step{'s' if len(path) != 1 else ''}):")
        for step in path:
            print(
                f"  {_label(G, step.subject)} {step.relation} {_label(G, step.object)}"
                f"{period_text(step.start, step.end, brackets=True)}"
            )
            for citation in step.citations:
                print("        " + _source_line(G, citation))
    return 0


def command_search(arguments: argparse.Namespace) -> int:
    matches = _store(arguments).search(arguments.text, limit=arguments.limit)
    if not matches:
        print(f"No entity matches '{arguments.text}'.")
        return 1
    for match in matches:
        via = f"  (matched '{match.matched}')" if match.matched != match.label else ""
        print(f"{match.id:<40}{match.label}  [{match.type}]{via}")
    return 0


def _view_spec(arguments: argparse.Namespace, base: ViewSpec) -> ViewSpec:
    """The view the options describe, on top of a preset or a snapshot's view."""
    spec = PRESETS[arguments.preset].spec if arguments.preset else base
    changes: dict[str, object] = {}
    if arguments.types is not None:
        changes["types"] = tuple(part for part in arguments.types.split(",") if part)
    if arguments.relations is not None:
        changes["relations"] = tuple(part for part in arguments.relations.split(",") if part)
    for option, field in (
        ("as_of", "as_of"),
        ("framework", "framework"),
        ("focus", "focus"),
        ("depth", "depth"),
        ("color_by", "color_by"),
        ("size_by", "size_by"),
        ("select", "selected"),
    ):
        if getattr(arguments, option) is not None:
            changes[field] = getattr(arguments, option)
    if arguments.hide_isolated:
        changes["hide_isolated"] = True
    return spec.with_changes(**changes) if changes else spec


def command_export(arguments: argparse.Namespace) -> int:
    from graph.export import EXPORTERS, export_view

    positions = None
    base = ViewSpec()
    if arguments.from_snapshot:
        G = load_graph(arguments.from_snapshot)
        snapshot = G.graph.get("snapshot")
        if snapshot is None:
            raise InputError(
                f"{arguments.from_snapshot} is not a snapshot bundle (made with --format snapshot)."
            )
        base, positions = snapshot["spec"], snapshot["positions"] or None
        store: Store = MemoryStore(G)
    else:
        store = _store(arguments)
        G = store.graph if isinstance(store, MemoryStore) else None
    spec = _view_spec(arguments, base)
    for field in ("focus", "framework", "selected"):
        if getattr(spec, field) and not store.has(getattr(spec, field)):
            _resolve_entity(store, getattr(spec, field))  # raises with suggestions
    if G is None:  # a database: export what the view holds (laid out on its own)
        G = store.view(spec, EXPORT_LIMIT).graph
    data = export_view(
        G, spec, arguments.format, positions, {"scale": arguments.scale, "width": arguments.width}
    )
    if str(arguments.output) == "-":
        sys.stdout.buffer.write(data)
    else:
        arguments.output.write_bytes(data)
        exporter = EXPORTERS[arguments.format]
        print(
            f"Wrote {arguments.output} ({exporter.description}, {len(data):,} bytes): "
            f"{apply_view(G, spec).number_of_nodes()} entities in view."
        )
    return 0


def command_ingest(arguments: argparse.Namespace) -> int:
    if getattr(arguments, "store", None):
        raise InputError("ingest matches names against a dataset in memory: give --data PATH, not --store.")
    import json

    from graph.build import graph_to_dataset
    from graph.ingest import extract
    from graph.load import write_dataset
    from graph.model import Dataset

    path = resolve_path(arguments.file)
    from graph.dates import DateFormatError, parse_date

    try:
        parse_date(arguments.published)
    except DateFormatError as error:
        raise InputError(f"--published: {error}.") from None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text; save it as UTF-8 and try again.") from None
    G = load_graph(arguments.data)
    proposal = extract(
        text,
        title=arguments.title or path.stem,
        url=arguments.source_url,
        published=arguments.published,
        publisher=arguments.publisher or "",
        author=arguments.author or "",
        G=G,
    )
    tables = proposal.to_dataset()
    used = {claim.subject for claim in tables.claims} | {claim.object for claim in tables.claims}
    known = {entity.id: entity for entity in graph_to_dataset(G).entities}
    entities = tuple(known[node] for node in sorted(used) if node in known) + tables.entities
    folder = write_dataset(Dataset(entities, tables.claims, tables.sources), arguments.output)
    details = [
        {
            "index": index,
            "subject": claim.subject,
            "relation": claim.relation,
            "object": claim.object,
            "start": claim.start,
            "role": claim.role,
            "confidence": claim.confidence,
            "method": claim.method,
            "note": claim.note,
            "sentence": claim.sentence + 1,
            "chars": [claim.char_start, claim.char_end],
            "text": proposal.sentence_text(claim.sentence).strip(),
        }
        for index, claim in enumerate(proposal.claims)
    ]
    (folder / "proposals.json").write_text(
        json.dumps(details, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(
        f"Proposed {len(proposal.claims)} claims about {len(used)} entities "
        f"({len(tables.entities)} new) from {len(proposal.sentences)} sentences."
    )
    print(
        f"Wrote {folder}/entities.csv, claims.csv, sources.csv (review them) and proposals.json "
        "(each claim's sentence, characters and confidence)."
    )
    return 0


def _target_store(arguments: argparse.Namespace, create: bool = False) -> Store:
    url = getattr(arguments, "store", None) or os.environ.get("AGX_STORE")
    if not url:
        raise InputError("Name the store: --store duckdb:///PATH or --store postgresql://USER@HOST:PORT/DB.")
    return open_store(url, create=create)


def _progress(stage: str) -> None:
    if sys.stderr.isatty():
        print(f"  … {stage}", file=sys.stderr, flush=True)


def command_store_load(arguments: argparse.Namespace) -> int:
    from graph.errors import DatasetError

    path = resolve_path(arguments.path)
    print(f"Import report for {path}")
    if path.is_dir():
        dataset, report = read_dataset(path)
        print(report.format())
        if dataset is None:
            print("Nothing was written.")
            return 1
    else:
        try:
            dataset = graph_to_dataset(load_graph(path))
        except DatasetError as error:
            print(error.report.format())
            print("Nothing was written.")
            return 1
        print(f"{path.name}: read (the file's report is shown only when it is refused).")
    from graph.store.sql import SQLStore

    store = _target_store(arguments, create=True)
    note = arguments.note or f"load {path.name}"
    try:
        if isinstance(store, SQLStore):
            result = store.write(dataset, arguments.author, note, kind="load", progress=_progress)
        else:
            result = store.write(dataset, arguments.author, note)
    finally:
        store.close()
    if result.batch is None:
        print(f"{store.url} already holds everything in {path}; nothing was written.")
        return 0
    print(
        f"Wrote {result.entities} entities, {result.claims} claims, {result.sources} sources and "
        f"{result.decisions} decisions to {store.url} as batch {result.batch} "
        f"(`python -m graph store undo --store URL` takes it back)."
    )
    if result.new_conflicts:
        print(f"{len(result.new_conflicts)} new conflicts (kept, with every source):")
        for node, what in result.new_conflicts:
            print(f"  {node}: {what}")
    return 0


def command_store_info(arguments: argparse.Namespace) -> int:
    store = _target_store(arguments)
    try:
        summary = store.summary()
    finally:
        store.close()
    print(f"Store: {store.url}")
    print(f"Schema version: {summary.schema_version}")
    print(f"Dataset: {summary.name}")
    print(
        f"{summary.entities} entities, {summary.edges} relations (edges), {summary.claims} claims, "
        f"{summary.sources} sources, {summary.decisions} decisions, {summary.batches} writes"
    )
    print(f"Entities with conflicting claims: {len(summary.conflicts)}")
    return 0


def command_store_undo(arguments: argparse.Namespace) -> int:
    store = _target_store(arguments)
    try:
        result = store.undo(arguments.batch)
    finally:
        store.close()
    if result is None:
        print(f"{store.url} has no write to undo.")
        return 1
    print(
        f"Undid batch {result.batch}: removed {result.entities} entities, {result.claims} claims, "
        f"{result.sources} sources and {result.decisions} decisions."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m graph",
        description="Explore sourced alliance graphs from the command line.",
    )
    store_help = (
        "read a claims store instead of --data: duckdb:///PATH or postgresql://USER@HOST:PORT/DB "
        "(default: $AGX_STORE)"
    )
    parser.add_argument("--store", metavar="URL", default=None, help=store_help)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str, handler: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(handler=handler)
        if name not in ("validate", "store"):
            command.add_argument(
                "--data", type=Path, default=None, help="a dataset folder (default: the bundled NATO dataset)"
            )
        if name != "ingest":  # the same option after the command; SUPPRESS keeps one given before it
            command.add_argument("--store", metavar="URL", default=argparse.SUPPRESS, help=store_help)
        return command

    validate = add(
        "validate", command_validate, "Check a dataset (or a store's consistency) and print its report."
    )
    validate.add_argument("path", type=Path, nargs="?", help="a dataset folder (omit it with --store)")
    stats = add("stats", command_stats, "Count entities and relations by type, and list conflicts.")
    stats.add_argument("path", type=Path, nargs="?", default=None, help="a dataset folder")
    show = add("show", command_show, "Show an entity with every claim and its sources.")
    show.add_argument("entity", help="an entity id such as person:wiermann, or a name")
    path = add("path", command_path, "Shortest paths between two entities, with citations.")
    path.add_argument("source", help="an entity id or name")
    path.add_argument("target", help="an entity id or name")
    path.add_argument("--limit", type=int, default=3, help="at most this many paths (default 3)")
    find = add("search", command_search, "Find entities by label or alias.")
    find.add_argument("text")
    find.add_argument("--limit", type=int, default=10)

    from graph.export import EXPORTERS

    export = add(
        "export", command_export, "Write the current view in a file format (the app's export panel)."
    )
    export.add_argument(
        "--format",
        required=True,
        choices=list(EXPORTERS),
        help="; ".join(f"{name}: {item.description}" for name, item in EXPORTERS.items()),
    )
    export.add_argument("-o", "--output", type=Path, required=True, help="the file to write ('-' for stdout)")
    export.add_argument("--from-snapshot", type=Path, help="reopen the view saved in a snapshot bundle")
    export.add_argument("--preset", choices=list(PRESETS), help="start from a preset view")
    export.add_argument("--types", help="entity types to keep, comma-separated (e.g. state,alliance)")
    export.add_argument("--relations", help="relations to keep, comma-separated (e.g. member_of)")
    export.add_argument("--as-of", dest="as_of", help="keep relations that held on this date (YYYY-MM-DD)")
    export.add_argument("--framework", help="keep one framework and its partners (an entity id)")
    export.add_argument("--focus", help="keep the neighbourhood of this entity id")
    export.add_argument("--depth", type=int, help="steps around the focus (default 1)")
    export.add_argument(
        "--hide-isolated", action="store_true", help="drop entities without relations in view"
    )
    export.add_argument("--color-by", dest="color_by", choices=COLOR_MODES)
    export.add_argument("--size-by", dest="size_by", choices=SIZE_MODES)
    export.add_argument("--select", help="the selected entity (highlighted, as in the app)")
    export.add_argument("--scale", type=float, default=1.0, help="PNG resolution factor (default 1.0)")
    export.add_argument(
        "--width", type=int, default=1600, help="PNG/SVG width in pixels at scale 1 (default 1600)"
    )
    ingest = add("ingest", command_ingest, "Propose sourced claims from an article's text, for review.")
    ingest.add_argument("file", type=Path, help="a UTF-8 text file with the article")
    ingest.add_argument("--source-url", required=True, help="where the article was published")
    ingest.add_argument("--published", required=True, help="its publication date (YYYY-MM-DD)")
    ingest.add_argument("--title", help="its title (default: the file name)")
    ingest.add_argument("--publisher", help="the outlet that published it")
    ingest.add_argument("--author", help="its author")
    ingest.add_argument("-o", "--output", type=Path, required=True, help="the folder for the proposed tables")

    store = add("store", command_store_info, "Load data into a claims store, describe it, undo a write.")
    actions = store.add_subparsers(dest="action", required=True, metavar="ACTION")
    load = actions.add_parser("load", help="add a dataset or graph file to the store (one transaction)")
    load.set_defaults(handler=command_store_load)
    load.add_argument("path", type=Path, help="anything --data reads: a dataset folder, zip or graph file")
    load.add_argument("--author", default="", help="who writes (kept in the write log)")
    load.add_argument("--note", default="", help="why (kept in the write log)")
    info = actions.add_parser("info", help="counts and the schema version")
    info.set_defaults(handler=command_store_info)
    undo = actions.add_parser("undo", help="take back the last write")
    undo.set_defaults(handler=command_store_undo)
    undo.add_argument("--batch", type=int, help="the write to undo (refused unless it is the last)")
    for action in (load, info, undo):
        action.add_argument("--store", metavar="URL", default=argparse.SUPPRESS, help=store_help)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        return arguments.handler(arguments)
    except GraphError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader (e.g. `| head`) closed the pipe; that is not an error of ours.
        sys.stderr.close()
        return 0
