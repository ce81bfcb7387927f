"""``python -m graph``: a thin command line over the library.

Every command reads the bundled NATO dataset unless given ``--data PATH``. Errors the
library raises on purpose are printed as one clear message with a non-zero exit code.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from graph import load_graph
from graph.build import graph_to_dataset
from graph.dates import period_text
from graph.details import Citation, entity_details, relation_phrase
from graph.errors import GraphError, InputError, UnknownEntityError
from graph.load import resolve_path
from graph.settings import LIMITS, configure
from graph.store import MemoryStore, Store, open_store
from graph.view import PRESETS, ViewSpec, spec_from_texts, view_settings
from graph.vocabulary import phrase

EXPORT_LIMIT = 10_000  # entities an export from a store holds at most (the app's level-of-detail budget)

if TYPE_CHECKING:
    from graph.ingest.merge import MergeConflict
    from graph.model import Dataset


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


def _store(arguments: argparse.Namespace, path: Path | None = None) -> tuple[Store, str]:
    """The store a command reads — ``--store URL`` (or AGX_STORE), else the graph of --data (or of
    the bundled dataset) in memory — and, for the latter, the import report's summary line."""
    data = path or getattr(arguments, "data", None)
    url = getattr(arguments, "store", None) or (None if data else os.environ.get("AGX_STORE"))
    if url and data:
        raise InputError("Give --data PATH or --store URL, not both.")
    if url:
        return open_store(url), ""
    G, summary = _load_reported(data)
    return MemoryStore(G), summary


def _resolve_entity(store: Store | nx.MultiDiGraph, text: str) -> str:
    """An entity id from an id or an unambiguous search text."""
    store = MemoryStore(store) if isinstance(store, nx.MultiDiGraph) else store
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
    from graph.readers import read_path

    if arguments.path is None:
        if not (getattr(arguments, "store", None) or os.environ.get("AGX_STORE")):
            raise InputError("Give a dataset PATH to validate, or --store URL to check a store.")
        store, _ = _store(arguments)
        return _validate_store(store)
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


def _load_reported(path: Path | None) -> tuple[nx.MultiDiGraph, str]:
    """The graph of ``--data`` (or the bundled dataset) and the import report's summary line."""
    from graph.readers import graph_of, read_path

    resolved = resolve_path(path)
    dataset, report = read_path(resolved)
    if dataset is None:
        from graph.errors import DatasetError

        where = f"The dataset in {resolved}" if resolved.is_dir() else f"The file {resolved}"
        raise DatasetError(f"{where} was refused:", report)
    more = f" (details: python -m graph validate {resolved})" if report.issues or report.suppressed else ""
    return graph_of(dataset), f"Import report: {report.summary()}{more}"


def command_stats(arguments: argparse.Namespace) -> int:
    store, report = _store(arguments, arguments.path)
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
    store, _ = _store(arguments)
    node = _resolve_entity(store, arguments.entity)
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
    return 0


def command_path(arguments: argparse.Namespace) -> int:
    store, _ = _store(arguments)
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
                f"  {_label(G, step.subject)} {phrase(step.relation)} {_label(G, step.object)}"
                f"{period_text(step.start, step.end, brackets=True)}"
            )
            for citation in step.citations:
                print("        " + _source_line(G, citation))
    return 0


def command_search(arguments: argparse.Namespace) -> int:
    store, _ = _store(arguments)
    matches = store.search(arguments.text, limit=arguments.limit)
    if not matches:
        print(f"No entity matches '{arguments.text}'.")
        return 1
    for match in matches:
        via = f"  (matched '{match.matched}')" if match.matched != match.label else ""
        print(f"{match.id:<40}{match.label}  [{match.type}]{via}")
    return 0


def add_view_options(command: argparse.ArgumentParser, exclude: Sequence[str] = ()) -> None:
    """The view options (the app's filters), generated from the view's settings table."""
    command.add_argument("--preset", choices=list(PRESETS), help="start from a preset view")
    for name, setting in view_settings().items():
        if setting.option is None or name in exclude:
            continue
        if setting.kind == "flag":
            command.add_argument(
                setting.option, dest=name, action="store_true", default=None, help=setting.help
            )
        else:
            command.add_argument(
                setting.option,
                dest=name,
                choices=setting.choices or None,
                metavar=None if setting.choices else name.upper(),
                help=setting.help + (" Comma-separated." if setting.kind in ("types", "relations") else ""),
            )


def _view_spec(G: nx.MultiDiGraph | Store, arguments: argparse.Namespace, base: ViewSpec) -> ViewSpec:
    """The view the options describe, on top of a preset or a snapshot's view.

    Options are read as a shared link's fields are. An entity may be given by id or by an
    unambiguous name; one the graph does not hold is an error with suggestions.
    """
    base = PRESETS[arguments.preset].spec if arguments.preset else base
    texts = {
        name: "1" if value is True else str(value)
        for name in view_settings()
        if (value := getattr(arguments, name, None)) is not None
    }
    spec = spec_from_texts(texts, base, preset=None if texts else base.preset)
    store = MemoryStore(G) if isinstance(G, nx.MultiDiGraph) else G
    resolved = {
        name: _resolve_entity(store, value)  # raises with suggestions
        for name, setting in view_settings().items()
        if setting.kind in ("entity", "framework") and (value := getattr(spec, name)) and not store.has(value)
    }
    return replace(spec, **resolved) if resolved else spec  # type: ignore[arg-type]


def command_export(arguments: argparse.Namespace) -> int:
    from graph.export import EXPORTERS, export_with_context

    positions = None
    base = ViewSpec()
    to_stderr = str(arguments.output) == "-"  # stdout carries the export itself
    _check_output(arguments.output, arguments.from_snapshot or resolve_path(arguments.data))
    if arguments.from_snapshot:
        G, summary = _load_reported(arguments.from_snapshot)
        snapshot = G.graph.get("snapshot")
        if snapshot is None:
            raise InputError(
                f"{arguments.from_snapshot} is not a snapshot bundle (made with --format snapshot)."
            )
        base, positions = snapshot["spec"], snapshot["positions"] or None
        print(summary, file=sys.stderr if to_stderr else sys.stdout)
        spec = _view_spec(G, arguments, base)
    else:
        store, summary = _store(arguments)
        if summary:
            print(summary, file=sys.stderr if to_stderr else sys.stdout)
        spec = _view_spec(store, arguments, base)
        # A database: export what the view holds (laid out on its own); in memory, the whole graph.
        G = store.graph if isinstance(store, MemoryStore) else store.view(spec, EXPORT_LIMIT).graph
    data, context = export_with_context(
        G, spec, arguments.format, positions, {"scale": arguments.scale, "width": arguments.width}
    )
    if _write_output(arguments.output, data):
        exporter = EXPORTERS[arguments.format]
        print(
            f"Wrote {arguments.output} ({exporter.description}, {len(data):,} bytes): "
            f"{context.view.number_of_nodes()} entities in view."
        )
    return 0


def _date_option(text: str) -> str:
    """An ISO date option; ``today`` becomes today's date."""
    from graph.temporal.periods import day

    return day(text).isoformat() if text.strip().lower() == "today" else text


def _check_output(output: Path, *inputs: Path | None) -> None:
    """Refuse, before any work, an output file that is one of the inputs (see graph.output)."""
    from graph.output import check_output

    if str(output) != "-":
        check_output(output, inputs)


def _write_output(output: Path, data: bytes) -> bool:
    """Write to stdout for ``-``, else atomically (graph.output.write_file), so a reader never
    sees half a file and a stopped command leaves the previous one. True when a file was written."""
    from graph.output import write_file

    if str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return False
    write_file(output, data)
    return True


def _reported_by_note(G: nx.MultiDiGraph, spec: ViewSpec) -> None:
    from graph.timeline import undated_sources

    if spec.reported_by and (undated := undated_sources(G)):
        print(
            f"note: as reported by {spec.reported_by}, the {len(undated)} source(s) with no publication "
            f"date count as not yet published ({', '.join(undated[:5])}{', …' if len(undated) > 5 else ''}).",
            file=sys.stderr,
        )


def _timeline_graph(arguments: argparse.Namespace) -> tuple[nx.MultiDiGraph, ViewSpec]:
    """The graph and view ``diff`` and ``chart`` read: in memory the whole graph; on a store, what
    the view holds (all dates; at most EXPORT_LIMIT entities)."""
    store, _ = _store(arguments)
    spec = _view_spec(store, arguments, ViewSpec())
    G = store.graph if isinstance(store, MemoryStore) else store.view(spec, EXPORT_LIMIT).graph
    return G, spec


def command_diff(arguments: argparse.Namespace) -> int:
    from graph.timeline import diff
    from graph.timeline.report import WRITERS

    _check_output(arguments.output, resolve_path(arguments.data))
    G, spec = _timeline_graph(arguments)
    result = diff(G, arguments.from_date, arguments.to_date, spec)
    _reported_by_note(G, spec)
    if _write_output(arguments.output, WRITERS[arguments.format](G, result)):
        print(
            f"Wrote {arguments.output} ({arguments.format}): from {result.from_date} to {result.to_date}, "
            f"{len(result.began)} began, {len(result.ended)} ended, {len(result.undated)} undated."
        )
    return 0


def command_chart(arguments: argparse.Namespace) -> int:
    from graph.charts import chart_png, chart_svg
    from graph.timeline import membership_series

    _check_output(arguments.output, resolve_path(arguments.data))
    G, spec = _timeline_graph(arguments)
    chart_format = arguments.format or ("png" if arguments.output.suffix.lower() == ".png" else "svg")
    series = membership_series(G, spec)
    if not series:
        raise InputError(
            "The view has no member_of relation into an alliance and no partner_in into a framework."
        )
    until = arguments.to_date or "today"
    if chart_format == "png":
        data = chart_png(series, arguments.from_date, until, scale=arguments.scale)
    else:
        data = chart_svg(series, arguments.from_date, until, sources=G.graph.get("sources"))
    _reported_by_note(G, spec)
    if _write_output(arguments.output, data):
        print(
            f"Wrote {arguments.output} ({chart_format}, {len(data):,} bytes): "
            + ", ".join(f"{item.label} ({len(item.steps)} steps)" for item in series)
        )
    return 0


def _read_article(path: Path) -> str:
    """The text of an article file: a regular UTF-8 file within the upload limit."""
    import stat

    from graph.readers import max_upload_bytes

    status = path.stat()
    if not stat.S_ISREG(status.st_mode):
        raise InputError(
            f"{path} is not a regular file (a folder, FIFO or device); give the article's text file."
        )
    if status.st_size > max_upload_bytes():
        raise InputError(
            f"{path} is {status.st_size:,} bytes; the limit is {max_upload_bytes():,} (AGX_UPLOAD_MEGABYTES)."
        )
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text; save it as UTF-8 and try again.") from None


def command_ingest(arguments: argparse.Namespace) -> int:
    if getattr(arguments, "store", None):
        raise InputError("ingest matches names against a dataset in memory: give --data PATH, not --store.")
    import json

    from graph.build import graph_to_dataset
    from graph.ingest import extract
    from graph.load import write_dataset
    from graph.model import TABLE_FILES, Dataset
    from graph.output import DATASET_FILES, check_output_folder, holds_dataset, write_folder

    path = resolve_path(arguments.file)
    from graph.dates import DateFormatError, parse_date

    try:
        parse_date(arguments.published)
    except DateFormatError as error:
        raise InputError(f"--published: {error}.") from None
    output = arguments.output
    merging = holds_dataset(output)
    if merging and not arguments.merge:
        raise InputError(
            f"{output} already holds a dataset, which the proposal would replace. Choose a new folder, "
            "or add --merge to merge the proposal into that dataset (checked as any dataset is)."
        )
    data = arguments.data if arguments.data is not None or not merging else output
    check_output_folder(output, [path, resolve_path(data)], names=(*DATASET_FILES, "proposals.json"))
    text = _read_article(path)
    G = load_graph(data)
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
    written = Dataset(entities, tables.claims, tables.sources)
    conflicts: list[MergeConflict] = []
    if merging:
        written, conflicts = _merged_into(output, written)
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
            "text": proposal.sentence_text(claim.sentence),
            "end": claim.end,
            "rule": claim.rule,
            "spans": [list(span) for span in claim.spans],  # characters of "text" the rule matched
            "matched": proposal.matched_words(index),
        }
        for index, claim in enumerate(proposal.claims)
    ]

    def write(staging: Path) -> None:
        write_dataset(written, staging)
        (staging / "proposals.json").write_text(
            json.dumps(details, ensure_ascii=False, indent=1), encoding="utf-8"
        )

    folder = write_folder(output, write, replaces=(*TABLE_FILES.values(), "proposals.json"))
    print(
        f"Proposed {len(proposal.claims)} claims about {len(used)} entities "
        f"({len(tables.entities)} new) from {len(proposal.sentences)} sentences."
    )
    if merging:
        kept = (
            f"; {len(conflicts)} disagree with earlier sources and are kept side by side" if conflicts else ""
        )
        print(
            f"Merged them into the dataset in {folder}: {len(written.entities)} entities, "
            f"{len(written.claims)} claims, {len(written.sources)} sources{kept}."
        )
    print(
        f"Wrote {folder}/entities.csv, claims.csv, sources.csv (review them) and proposals.json "
        "(each claim's sentence, characters and confidence)."
    )
    return 0


def _merged_into(folder: Path, addition: Dataset) -> tuple[Dataset, list[MergeConflict]]:
    """The dataset in ``folder`` with ``addition`` merged in, checked as any dataset is
    (graph.ingest.merge and graph.readers.check_dataset); DatasetError when refused."""
    from graph.errors import DatasetError
    from graph.ingest.merge import merge_proposal
    from graph.readers import check_dataset, read_path

    base, report = read_path(folder)
    if base is None:
        raise DatasetError(f"The dataset in {folder} was refused, so nothing was merged into it:", report)
    merged, conflicts = merge_proposal(base, addition)
    merged = replace(
        merged, decisions=base.decisions, attribute_types=base.attribute_types, properties=base.properties
    )
    checked, merged_report = check_dataset(merged)
    if checked is None:
        raise DatasetError(f"The merged tables were refused; {folder} is unchanged:", merged_report)
    return merged, conflicts


def command_settings(arguments: argparse.Namespace) -> int:
    """The view fields and the limits, as Markdown tables (the README's are this output)."""
    from graph.settings import limit, limits_markdown
    from graph.view import settings_markdown

    print(settings_markdown())
    print()
    print(limits_markdown())
    changed = [f"{item.name}={limit(item.name):,}" for item in LIMITS if limit(item.name) != item.default]
    if changed:
        print("\nIn force here (set by environment variables): " + ", ".join(changed))
    return 0


def command_dedupe(arguments: argparse.Namespace) -> int:
    import time

    from graph.dedupe import (
        apply_decisions,
        candidates,
        check_decisions,
        check_output_folder,
        read_decisions,
        write_merged,
    )
    from graph.model import DECISIONS_FILE
    from graph.readers import check_dataset

    folder = resolve_path(arguments.data)
    input_folder = folder if folder.is_dir() else None
    if arguments.apply:
        if arguments.output is None:
            raise InputError("--apply needs -o OUT_DIR, the folder for the merged tables.")
        check_output_folder(arguments.output, input_folder)
        from graph.output import check_output_folder as check_not_an_input

        check_not_an_input(arguments.output, [arguments.decisions, arguments.apply])
    dataset = graph_to_dataset(load_graph(folder))
    recorded = arguments.decisions or (folder / DECISIONS_FILE if input_folder else None)
    given = arguments.decisions is not None
    decisions = read_decisions(recorded) if recorded is not None and (given or recorded.exists()) else ()
    if arguments.apply:
        decisions = tuple(dict.fromkeys(decisions + read_decisions(arguments.apply)))
    report = check_decisions(dataset, decisions)
    for issue in report.issues:
        if issue.severity != "info" or arguments.apply:
            print(issue.format(), file=sys.stderr)
    if not report.ok:
        return 1
    merged = apply_decisions(dataset, decisions)
    if arguments.apply:
        _, checked = check_dataset(merged)
        print(checked.format())
        if not checked.ok:
            print("The merged tables were refused; nothing was written.", file=sys.stderr)
            return 1
        target = write_merged(merged, arguments.output, input_folder)
        print(
            f"Merged away {len(dataset.entities) - len(merged.entities)} entities: "
            f"{len(merged.entities)} entities, "
            f"{len(merged.claims)} claims (from {len(dataset.claims)}; claims made identical are kept once), "
            f"{len(decisions)} decisions. Wrote {target}."
        )
        return 0
    terminal = sys.stderr.isatty()
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if terminal and time.perf_counter() - started > 1:
            print(f"\rscoring pairs: {done:,}/{total:,}", end="", file=sys.stderr, flush=True)

    queue = candidates(merged, decisions, progress=progress)
    if terminal and time.perf_counter() - started > 1:
        print(file=sys.stderr)
    shown = queue if arguments.limit is None else queue[: arguments.limit]
    print(
        f"{len(queue)} candidate pair(s) among {len(merged.entities)} entities "
        f"({time.perf_counter() - started:.2f} s); {len(decisions)} decision(s) applied or set aside."
    )
    for candidate in shown:
        print(
            f"{candidate.score:.2f}  {candidate.left} ({candidate.left_label})  ~  "
            f"{candidate.right} ({candidate.right_label})"
        )
        for reason in candidate.reasons:
            print(f"      {reason}")
    if len(shown) < len(queue):
        print(f"… and {len(queue) - len(shown)} more (--limit).")
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

    from graph.readers import read_path

    path = resolve_path(arguments.path)
    dataset, report = read_path(path)
    print(f"Import report for {path}")
    print(report.format())
    if dataset is None:
        print("Nothing was written.")
        return 1
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
                "--data",
                type=Path,
                default=None,
                help="a dataset folder or a graph file (default: the bundled NATO dataset)",
            )
        if name != "ingest":  # the same option after the command; SUPPRESS keeps one given before it
            command.add_argument("--store", metavar="URL", default=argparse.SUPPRESS, help=store_help)
        return command

    validate = add(
        "validate", command_validate, "Check a dataset (or a store's consistency) and print its report."
    )
    validate.add_argument(
        "path",
        type=Path,
        nargs="?",
        help="a dataset folder or a graph file (GEXF, GraphML, JSON, zip, snapshot); omit it with --store",
    )
    stats = add("stats", command_stats, "Count entities and relations by type, and list conflicts.")
    stats.add_argument("path", type=Path, nargs="?", default=None, help="a dataset folder or a graph file")
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
    add_view_options(export)
    export.add_argument("--scale", type=float, default=1.0, help="PNG resolution factor (default 1.0)")
    export.add_argument(
        "--width", type=int, default=1600, help="PNG/SVG width in pixels at scale 1 (default 1600)"
    )
    add("settings", command_settings, "List the view fields and the limits (and any set by the environment).")
    # diff and chart take the filtering view options (not as-of or a comparison, which they
    # replace, nor styling).
    changes = add("diff", command_diff, "What began, ended or has no dates between two dates, with sources.")
    changes.add_argument("--from", dest="from_date", required=True, type=_date_option, help="D1 (YYYY-MM-DD)")
    changes.add_argument("--to", dest="to_date", required=True, type=_date_option, help="D2 (or today)")
    changes.add_argument("--format", choices=("md", "json", "csv"), default="md", help="default md")
    changes.add_argument("-o", "--output", type=Path, default=Path("-"), help="the file (default: stdout)")
    chart = add("chart", command_chart, "Members of each alliance and partners of each framework over time.")
    chart.add_argument(
        "-o", "--output", type=Path, required=True, help="the .svg or .png file ('-' for stdout)"
    )
    chart.add_argument("--format", choices=("svg", "png"), help="default: from the file name, else svg")
    chart.add_argument(
        "--from", dest="from_date", type=_date_option, help="first day drawn (default: first change)"
    )
    chart.add_argument("--to", dest="to_date", type=_date_option, help="last day drawn (default: today)")
    chart.add_argument("--scale", type=float, default=1.0, help="PNG resolution factor (default 1.0)")
    for command in (changes, chart):
        add_view_options(
            command, exclude=("as_of", "changed_from", "changed_to", "color_by", "size_by", "selected")
        )
    ingest = add("ingest", command_ingest, "Propose sourced claims from an article's text, for review.")
    ingest.add_argument("file", type=Path, help="a UTF-8 text file with the article")
    ingest.add_argument("--source-url", required=True, help="where the article was published")
    ingest.add_argument("--published", required=True, help="its publication date (YYYY-MM-DD)")
    ingest.add_argument("--title", help="its title (default: the file name)")
    ingest.add_argument("--publisher", help="the outlet that published it")
    ingest.add_argument("--author", help="its author")
    ingest.add_argument(
        "-o", "--output", type=Path, required=True, help="the folder for the proposed tables (a new one)"
    )
    ingest.add_argument(
        "--merge",
        action="store_true",
        help="when -o holds a dataset, merge the proposal into it (checked, written at once), not refuse",
    )
    dedupe = add(
        "dedupe", command_dedupe, "List likely duplicate entities, best first, or apply a decisions file."
    )
    dedupe.add_argument(
        "--decisions",
        type=Path,
        help="decisions taken so far (default: decisions.csv in the --data folder, when present)",
    )
    dedupe.add_argument("--limit", type=int, default=20, help="list at most this many pairs (default 20)")
    dedupe.add_argument(
        "--apply",
        type=Path,
        metavar="FILE",
        help="apply this decisions file and write the merged tables to -o",
    )
    dedupe.add_argument("-o", "--output", type=Path, help="the folder for the merged tables (with --apply)")

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
    from graph.output import Stopped, stopping_cleanly

    arguments = build_parser().parse_args(argv)
    try:
        with stopping_cleanly():  # SIGTERM runs the clean-up Ctrl-C runs: no partial output is left
            configure(os.environ)
            return arguments.handler(arguments)
    except GraphError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader (e.g. `| head`) closed the pipe; that is not an error of ours.
        sys.stderr.close()
        return 0
    except OSError as error:  # an unreadable input or an unwritable output: one line, no traceback
        where = f": {error.filename}" if error.filename else ""
        print(f"error: {error.strerror or error}{where}", file=sys.stderr)
        return 1
    except MemoryError:
        print(
            "error: this machine ran out of memory; split the data or load it into a store "
            "(python -m graph store load).",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt as stop:
        signal_name = "SIGTERM" if isinstance(stop, Stopped) else "SIGINT"
        print(f"error: stopped by {signal_name}; no output was left half-written.", file=sys.stderr)
        return 143 if isinstance(stop, Stopped) else 130
