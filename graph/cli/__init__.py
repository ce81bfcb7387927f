"""``python -m graph``: a thin command line over the library.

Every command reads and writes the current workspace (:mod:`graph.workspace`, made from the
bundled NATO dataset on first use) unless given ``--data PATH`` or ``--store URL``. Errors the
library raises on purpose are printed as one clear message with a non-zero exit code.

One module per command group, each adding its own commands to the parser:

* :mod:`graph.cli.view`: validate, stats, show, path, search, export, settings;
* :mod:`graph.cli.timeline`: diff, chart;
* :mod:`graph.cli.ingest`: ingest;
* :mod:`graph.cli.duplicates`: dedupe;
* :mod:`graph.cli.stores`: store load, info, history, undo, revert, redo;
* :mod:`graph.cli.workspaces`: workspace list, new, open, rename, delete, export, import;
* :mod:`graph.cli.edits`: edit apply, claim add and retract, note add;
* :mod:`graph.cli.common`: what they share (the data read from --data or --store, the view
  options generated from the settings table, writing the output, errors as exit codes).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from graph.cli import duplicates, edits, ingest, stores, timeline, view, workspaces
from graph.cli.common import STORE_HELP, Commands, run_cleanly

__all__ = ["build_parser", "main"]

# Each group's commands, in the order `--help` lists them.
COMMAND_GROUPS: tuple[Callable[[Commands], None], ...] = (
    view.add_commands,
    timeline.add_commands,
    ingest.add_commands,
    duplicates.add_commands,
    stores.add_commands,
    workspaces.add_commands,
    edits.add_commands,
)


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command, each group adding its own."""
    parser = argparse.ArgumentParser(
        prog="python -m graph",
        description="Explore sourced alliance graphs from the command line.",
    )
    parser.add_argument("--store", metavar="URL", default=None, help=STORE_HELP)
    commands = Commands(parser)
    for add_commands in COMMAND_GROUPS:
        add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m graph`` with ``argv`` (default: the process's arguments); the exit code."""
    arguments = build_parser().parse_args(argv)
    return run_cleanly(arguments.handler, arguments)
