"""The store commands: ``store load`` (one logged, undoable write), ``store info``, ``store history``,
``store undo``, ``store revert`` and ``store redo``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.cli.common import STORE_HELP, Commands, target_url
from graph.load import resolve_path
from graph.readers import read_path
from graph.store import Store, open_store
from graph.store.sql import SQLStore
from graph.workspace import author_name


def _target_store(arguments: argparse.Namespace, create: bool = False) -> Store:
    return open_store(target_url(arguments), create=create)


def _progress(stage: str) -> None:
    if sys.stderr.isatty():
        print(f"  … {stage}", file=sys.stderr, flush=True)


def command_store_load(arguments: argparse.Namespace) -> int:
    path = resolve_path(arguments.path)
    dataset, report = read_path(path)
    print(f"Import report for {path}")
    print(report.format())
    if dataset is None:
        print("Nothing was written.")
        return 1
    store = _target_store(arguments, create=True)
    note = arguments.note or f"load {path.name}"
    conflict = arguments.on_conflict
    author = arguments.author or author_name()
    try:
        if isinstance(store, SQLStore):
            result = store.write(dataset, author, note, conflict, kind="import", progress=_progress)
        else:
            result = store.write(dataset, author, note, conflict, kind="import")
    finally:
        store.close()
    for issue in result.report.warnings:  # ids kept apart (--on-conflict rename), field by field
        print(issue.format())
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


def command_store_history(arguments: argparse.Namespace) -> int:
    store = _target_store(arguments)
    try:
        records = store.history(arguments.limit, arguments.entity)
    finally:
        store.close()
    if not records:
        print(
            f"{store.url} holds no write"
            + (f" that touched {arguments.entity}." if arguments.entity else ".")
        )
        return 0
    for record in records:
        what = f"{record.kind}: {record.note}" if record.note else record.kind
        counts = (
            f"{record.entities} entities, {record.claims} claims, {record.sources} sources, "
            f"{record.decisions} decisions"
        )
        undone = " [undone]" if record.undone else ""
        if record.redone is not None:
            undone = f" [undone; redone as write {record.redone}]"
        elif record.redoable:
            undone = " [undone; `store redo` writes it again]"
        print(f"{record.id}\t{record.written}\t{record.author or 'someone'}\t{what} ({counts}){undone}")
    return 0


def command_store_revert(arguments: argparse.Namespace) -> int:
    store = _target_store(arguments)
    try:
        result = store.revert(arguments.batch, author=author_name())
    finally:
        store.close()
    print(
        f"Reverted write {result.batch}: removed {result.entities} entities, {result.claims} claims, "
        f"{result.sources} sources and {result.decisions} decisions."
    )
    return 0


def command_store_undo(arguments: argparse.Namespace) -> int:
    store = _target_store(arguments)
    try:
        result = store.undo(arguments.batch, author=author_name())
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


def command_store_redo(arguments: argparse.Namespace) -> int:
    store = _target_store(arguments)
    try:
        result = store.redo(arguments.batch, author=author_name())
    finally:
        store.close()
    if result.batch is None:
        print(f"The store holds everything write {arguments.batch} did already; nothing was written.")
        return 0
    print(
        f"Redid write {arguments.batch} as write {result.batch}: added {result.entities} entities, "
        f"{result.claims} claims, {result.sources} sources and {result.decisions} decisions "
        f"(`python -m graph store undo` takes it back)."
    )
    return 0


def add_commands(commands: Commands) -> None:
    """store, with its actions load, info, history, undo, revert and redo."""
    store = commands.add(
        "store",
        command_store_info,
        "Load data into a claims store (default: the current workspace), describe it, list its "
        "writes, undo, revert or redo one.",
        data=False,
    )
    actions = store.add_subparsers(dest="action", required=True, metavar="ACTION")
    load = actions.add_parser("load", help="add a dataset or graph file to the store (one transaction)")
    load.set_defaults(handler=command_store_load)
    load.add_argument("path", type=Path, help="anything --data reads: a dataset folder, zip or graph file")
    load.add_argument(
        "--author",
        default="",
        help="who writes (kept in the write log; default: AGX_AUTHOR, else the OS user)",
    )
    load.add_argument("--note", default="", help="why (kept in the write log)")
    load.add_argument(
        "--on-conflict",
        choices=("refuse", "rename"),
        default="refuse",
        help="an entity or source id the store holds with other content: refuse the load (default) "
        "or keep the new one apart under a new id (ID-2)",
    )
    info = actions.add_parser("info", help="counts and the schema version")
    info.set_defaults(handler=command_store_info)
    undo = actions.add_parser("undo", help="take back the last write")
    undo.set_defaults(handler=command_store_undo)
    undo.add_argument("--batch", type=int, help="the write to undo (refused unless it is the last)")
    history = actions.add_parser("history", help="the write log, newest first")
    history.set_defaults(handler=command_store_history)
    history.add_argument("--limit", type=int, default=None, help="at most this many writes")
    history.add_argument("--entity", default=None, help="only the writes that touched this entity id")
    revert = actions.add_parser(
        "revert", help="take back an earlier write (refused when a later one touched the same claims)"
    )
    revert.set_defaults(handler=command_store_revert)
    revert.add_argument("batch", type=int, help="the write's id (see `store history`)")
    redo = actions.add_parser(
        "redo", help="write an undone or reverted write again, as a new write (refused if it no longer fits)"
    )
    redo.set_defaults(handler=command_store_redo)
    redo.add_argument("batch", type=int, help="the undone write's id (see `store history`)")
    for action in (load, info, undo, history, revert, redo):
        action.add_argument("--store", metavar="URL", default=argparse.SUPPRESS, help=STORE_HELP)
