"""What the command groups share: the data a command reads (``--data`` or ``--store``), the
view options, the output a command writes, and one clean message and exit code for an error."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import networkx as nx

from graph.errors import DatasetError, GraphError, InputError, UnknownEntityError
from graph.load import resolve_path
from graph.model import Dataset
from graph.output import Stopped, check_output, stopping_cleanly, write_file
from graph.readers import graph_of, read_path
from graph.settings import configure, limit
from graph.store import MemoryStore, Store, open_store, redact_url
from graph.view import PRESETS, ViewSpec, spec_from_texts, view_settings
from graph.workspace import current_workspace

EXPORT_LIMIT = 10_000  # entities an export from a store holds at most (the app's level-of-detail budget)
STORE_HELP = (
    "read a claims store instead of the current workspace: sqlite:///PATH, duckdb:///PATH or "
    "postgresql://USER@HOST:PORT/DB (default: $AGX_STORE, else the current workspace)"
)
DATA_HELP = "a dataset folder or a graph file (default: the current workspace; see `workspace list`)"

Handler = Callable[[argparse.Namespace], int]


class Commands:
    """The commands of ``python -m graph``; each command group adds its own."""

    def __init__(self, parser: argparse.ArgumentParser) -> None:
        self._commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        self, name: str, handler: Handler, help_text: str, *, data: bool = True, store: bool = True
    ) -> argparse.ArgumentParser:
        """A command with ``--data PATH`` (unless ``data`` is false) and ``--store URL`` after
        the command (unless ``store`` is false)."""
        command = self._commands.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(handler=handler)
        if data:
            command.add_argument(
                "--data",
                type=Path,
                default=None,
                help=DATA_HELP,
            )
        if store:  # the same option after the command; SUPPRESS keeps one given before it
            command.add_argument("--store", metavar="URL", default=argparse.SUPPRESS, help=STORE_HELP)
        return command


def run_cleanly(handler: Handler, arguments: argparse.Namespace) -> int:
    """Run a command; an error the library raises on purpose, an OS error, a lack of memory or a
    stop signal is one line on stderr and a non-zero exit code, never a traceback."""
    try:
        with stopping_cleanly():  # SIGTERM runs the clean-up Ctrl-C runs: no partial output is left
            configure(os.environ)
            return handler(arguments)
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


def load_reported(path: Path | None) -> tuple[nx.MultiDiGraph, str]:
    """The graph of ``--data`` (or the bundled dataset) and the import report's summary line."""
    resolved = resolve_path(path)
    dataset, report = read_path(resolved)
    if dataset is None:
        where = f"The dataset in {resolved}" if resolved.is_dir() else f"The file {resolved}"
        raise DatasetError(f"{where} was refused:", report)
    more = f" (details: python -m graph validate {resolved})" if report.issues or report.suppressed else ""
    return graph_of(dataset), f"Import report: {report.summary()}{more}"


def data_store(arguments: argparse.Namespace, path: Path | None = None) -> tuple[Store, str]:
    """The store a command reads — ``--store URL`` (or AGX_STORE), else the graph of --data in
    memory, else the current workspace — and, for --data, the import report's summary line."""
    data = path or getattr(arguments, "data", None)
    url = getattr(arguments, "store", None) or (None if data else os.environ.get("AGX_STORE"))
    if url and data:
        raise InputError("Give --data PATH or --store URL, not both.")
    if url:
        return open_store(url), ""
    if data is None:
        return workspace_store(), ""
    G, summary = load_reported(data)
    return MemoryStore(G), summary


def workspace_store() -> Store:
    """The current workspace (made from the bundled dataset on first use): held whole in memory
    when it fits the in-memory budget (every command then answers as on a dataset folder),
    else read through its store."""
    workspace = current_workspace()
    store = open_store(workspace.url)
    summary = store.summary()
    if summary.entities + summary.edges > limit("max_elements"):
        return store
    try:
        return MemoryStore(graph_of(store.dataset()), url=workspace.url)
    finally:
        store.close()


def annotations_store(store: Store) -> Store:
    """Where an entity's notes and retracted claims are read: the workspace's own store when the
    workspace is held whole in memory (its graph carries neither), else ``store`` itself."""
    if isinstance(store, MemoryStore) and store.url != "memory:":
        return open_store(store.url)
    return store


def target_url(arguments: argparse.Namespace) -> str:
    """The store a command writes to: ``--store URL``, else AGX_STORE, else the current workspace."""
    return getattr(arguments, "store", None) or os.environ.get("AGX_STORE") or current_workspace().url


def whole_dataset(url: str) -> Dataset:
    """The tables of the store at ``url`` (the workspace's, or --store's), read whole for a command
    that works on all of them in memory; InputError when they are over the in-memory budget."""
    store = open_store(url)
    try:
        summary = store.summary()
        if (size := summary.entities + summary.edges) > limit("max_elements"):
            raise InputError(
                f"{redact_url(url)} holds {size:,} entities and relations, more than a graph held in memory "
                f"may have ({limit('max_elements'):,}, the max_elements limit). Raise it with "
                "AGX_MAX_ELEMENTS=… if this machine has the memory, or give --data with a part of it."
            )
        return store.dataset()
    finally:
        store.close()


def resolve_entity(store: Store | nx.MultiDiGraph, text: str) -> str:
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


def view_spec(G: nx.MultiDiGraph | Store, arguments: argparse.Namespace, base: ViewSpec) -> ViewSpec:
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
        name: resolve_entity(store, value)  # raises with suggestions
        for name, setting in view_settings().items()
        if setting.kind in ("entity", "framework") and (value := getattr(spec, name)) and not store.has(value)
    }
    return replace(spec, **resolved) if resolved else spec  # type: ignore[arg-type]


def check_output_option(output: Path, *inputs: Path | None) -> None:
    """Refuse, before any work, an output file that is one of the inputs (see graph.output)."""
    if str(output) != "-":
        check_output(output, inputs)


def write_output(output: Path, data: bytes) -> bool:
    """Write to stdout for ``-``, else atomically (graph.output.write_file), so a reader never
    sees half a file and a stopped command leaves the previous one. True when a file was written."""
    if str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return False
    write_file(output, data)
    return True
