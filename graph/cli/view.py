"""The commands that read and show the data: validate, stats, show, path, search, export, settings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import networkx as nx

from graph.cli.common import (
    EXPORT_LIMIT,
    Commands,
    add_view_options,
    annotations_store,
    check_output_option,
    data_store,
    load_reported,
    resolve_entity,
    target_url,
    view_spec,
    write_output,
)
from graph.dates import period_text
from graph.details import Citation, entity_details, relation_phrase
from graph.errors import InputError
from graph.export import EXPORTERS, export_with_context
from graph.load import resolve_path
from graph.readers import read_path
from graph.settings import LIMITS, limit, limits_markdown
from graph.store import MemoryStore, Store, open_store
from graph.view import ViewSpec, settings_markdown
from graph.vocabulary import phrase


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


def command_validate(arguments: argparse.Namespace) -> int:
    if arguments.path is None:  # a store's consistency: --store, AGX_STORE or the current workspace
        store = open_store(target_url(arguments))
        try:
            return _validate_store(store)
        finally:
            store.close()
    path = resolve_path(arguments.path)
    dataset, report = read_path(path)
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
    store, report = data_store(arguments, arguments.path)
    summary = store.summary()
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
    if report:
        print(f"\n{report}")
    return 0


def _citation_line(citation: Citation) -> str:
    parts = [citation.title, citation.publisher, citation.published, citation.locator]
    text = f"[{citation.source}] " + ", ".join(part for part in parts if part)
    if citation.url:
        text += f" <{citation.url}>"
    if citation.note:
        text += f"\n          note: {citation.note}"
    return text


def command_show(arguments: argparse.Namespace) -> int:
    store, _ = data_store(arguments)
    node = resolve_entity(store, arguments.entity)
    G = store.entity(node).graph
    info = entity_details(G, node)
    print(f"{info['label']}  [{info['id']}]  ({info['type']})")
    if info["aliases"]:
        print(f"Also known as: {', '.join(info['aliases'])}")
    if info["description"]:
        print(info["description"])
    for name, value in info["attributes"].items():
        print(f"{name}: {value}")
    if info["facts"]:
        print("\nAttributes:")
    for fact in info["facts"]:
        print(f"  {fact['attribute']}" + (" (CONFLICT: sources disagree)" if fact["conflict"] else ""))
        for value in fact["values"]:
            print(f"    = {value['value']}" + (f" ({value['period']})" if value["period"] else ""))
            for citation in value["citations"]:
                print("        " + _citation_line(citation))
    if info["relations"]:
        print("\nRelations:")
    named = f"{info['label']} [{info['id']}]"
    for relation in info["relations"]:
        other = {**relation, "other_label": _label(G, relation["other"])}
        flag = "  (CONFLICT: sources disagree on the period)" if relation["conflict"] else ""
        print(f"  {relation_phrase(other, named, period=True)}{flag}")
        for citation in relation["citations"]:
            print("        " + _citation_line(citation))
    annotations = annotations_store(store)
    try:
        _print_notes(annotations, node)
        if arguments.retracted:
            _print_retracted(annotations, node)
    finally:
        if annotations is not store:
            annotations.close()
    return 0


def _print_notes(store: Store, node: str) -> None:
    notes = store.notes(node)
    if notes:
        print("\nNotes:")
    for note in notes:
        about = f" (on {' '.join(note.claim)})" if note.claim else ""
        print(f"  {note.text}{about}  — {note.author or 'someone'}, {note.written[:10]}")


def _print_retracted(store: Store, node: str) -> None:
    retracted = store.retracted(node)
    print("\nRetracted claims:" if retracted else "\nNo retracted claims.")
    for retraction in retracted:
        claim = retraction.claim
        period = period_text(claim.start, claim.end)
        print(
            f"  {claim.subject} {claim.relation} {claim.object}"
            + (f" ({period})" if period else "")
            + f" [{claim.source}]"
        )
        who = retraction.author or "someone"
        print(f"        retracted {retraction.on} by {who} (write {retraction.batch}): {retraction.reason}")


def command_path(arguments: argparse.Namespace) -> int:
    store, _ = data_store(arguments)
    source = resolve_entity(store, arguments.source)
    target = resolve_entity(store, arguments.target)
    found = store.paths(source, target, limit=arguments.limit)
    G, paths = found.graph, found.paths
    if not paths:
        print(f"No path between {_label(G, source)} and {_label(G, target)}.")
        return 1
    for number, path in enumerate(paths, 1):
        print(f"Path {number} ({len(path)} step{'s' if len(path) != 1 else ''}):")
        for step in path:
            print(
                f"  {_label(G, step.subject)} {phrase(step.relation)} {_label(G, step.object)}"
                f"{period_text(step.start, step.end, brackets=True)}"
            )
            for citation in step.citations:
                print("        " + _source_line(G, citation))
    return 0


def command_search(arguments: argparse.Namespace) -> int:
    store, _ = data_store(arguments)
    matches = store.search(arguments.text, limit=arguments.limit)
    if not matches:
        print(f"No entity matches '{arguments.text}'.")
        return 1
    for match in matches:
        via = f"  (matched '{match.matched}')" if match.matched != match.label else ""
        print(f"{match.id:<40}{match.label}  [{match.type}]{via}")
    return 0


def _store_view(store: Store, spec: ViewSpec) -> nx.MultiDiGraph:
    """What an export reads from a store: the view, at most EXPORT_LIMIT entities, and a note
    on stderr naming what was left out and how to get it."""
    found = store.view(spec, EXPORT_LIMIT)
    if found.truncated:
        print(
            f"note: the view holds {found.total:,} entities; the export holds the {EXPORT_LIMIT:,} nearest "
            "the focus (else the first written). Narrow the view (--focus, --types, --relations, "
            "--as-of) to export the rest.",
            file=sys.stderr,
        )
    return found.graph


def command_export(arguments: argparse.Namespace) -> int:
    positions = None
    base = ViewSpec()
    to_stderr = str(arguments.output) == "-"  # stdout carries the export itself
    check_output_option(arguments.output, arguments.from_snapshot or resolve_path(arguments.data))
    if arguments.from_snapshot:
        G, summary = load_reported(arguments.from_snapshot)
        snapshot = G.graph.get("snapshot")
        if snapshot is None:
            raise InputError(
                f"{arguments.from_snapshot} is not a snapshot bundle (made with --format snapshot)."
            )
        base, positions = snapshot["spec"], snapshot["positions"] or None
        print(summary, file=sys.stderr if to_stderr else sys.stdout)
        spec = view_spec(G, arguments, base)
    else:
        store, summary = data_store(arguments)
        if summary:
            print(summary, file=sys.stderr if to_stderr else sys.stdout)
        spec = view_spec(store, arguments, base)
        # A database: export what the view holds (laid out on its own); in memory, the whole graph.
        G = store.graph if isinstance(store, MemoryStore) else _store_view(store, spec)
    data, context = export_with_context(
        G, spec, arguments.format, positions, {"scale": arguments.scale, "width": arguments.width}
    )
    if write_output(arguments.output, data):
        exporter = EXPORTERS[arguments.format]
        print(
            f"Wrote {arguments.output} ({exporter.description}, {len(data):,} bytes): "
            f"{context.view.number_of_nodes()} entities in view."
        )
    return 0


def command_settings(arguments: argparse.Namespace) -> int:
    """The view fields and the limits, as Markdown tables (docs/settings.md's are this output)."""
    print(settings_markdown())
    print()
    print(limits_markdown())
    changed = [f"{item.name}={limit(item.name):,}" for item in LIMITS if limit(item.name) != item.default]
    if changed:
        print("\nIn force here (set by environment variables): " + ", ".join(changed))
    return 0


def _add_export(commands: Commands) -> None:
    export = commands.add(
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
    add_view_options(export)
    export.add_argument("--scale", type=float, default=1.0, help="PNG resolution factor (default 1.0)")
    export.add_argument(
        "--width", type=int, default=1600, help="PNG/SVG width in pixels at scale 1 (default 1600)"
    )


def add_commands(commands: Commands) -> None:
    """validate, stats, show, path, search, export and settings."""
    validate = commands.add(
        "validate",
        command_validate,
        "Check a dataset (or a store's consistency) and print its report.",
        data=False,
    )
    validate.add_argument(
        "path",
        type=Path,
        nargs="?",
        help="a dataset folder or a graph file (GEXF, GraphML, JSON, zip, snapshot); omit it with --store",
    )
    stats = commands.add("stats", command_stats, "Count entities and relations by type, and list conflicts.")
    stats.add_argument("path", type=Path, nargs="?", default=None, help="a dataset folder or a graph file")
    show = commands.add("show", command_show, "Show an entity with every claim and its sources.")
    show.add_argument("entity", help="an entity id such as person:wiermann, or a name")
    show.add_argument(
        "--retracted", action="store_true", help="also list its retracted claims, with the reasons"
    )
    path = commands.add("path", command_path, "Shortest paths between two entities, with citations.")
    path.add_argument("source", help="an entity id or name")
    path.add_argument("target", help="an entity id or name")
    path.add_argument("--limit", type=int, default=3, help="at most this many paths (default 3)")
    find = commands.add("search", command_search, "Find entities by label or alias.")
    find.add_argument("text")
    find.add_argument("--limit", type=int, default=10)
    _add_export(commands)
    commands.add(
        "settings", command_settings, "List the view fields and the limits (and any set by the environment)."
    )
