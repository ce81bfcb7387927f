"""The workspace commands: ``workspace list|new|open|rename|delete|export|import``.

A thin layer over :mod:`graph.workspace`: the current workspace is what every other command
reads and writes unless given ``--data`` or ``--store``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from graph.cli.common import Commands, check_output_option
from graph.errors import InputError
from graph.prepared import cache_folder, prepare
from graph.store import open_store
from graph.workspace import (
    Workspace,
    agx_home,
    current_workspace,
    delete_workspace,
    export_workspace,
    import_workspace,
    list_workspaces,
    new_workspace,
    open_workspace,
    rename_workspace,
)


def command_workspace_list(arguments: argparse.Namespace) -> int:
    current = current_workspace()
    print(f"Workspaces in {agx_home() / 'workspaces'} (* the current one):")
    for workspace in list_workspaces():
        store = open_store(workspace.url)
        try:
            summary = store.summary()
        finally:
            store.close()
        mark = "*" if workspace.name == current.name else " "
        print(
            f"{mark} {workspace.name}\t{summary.entities} entities, {summary.claims} claims, "
            f"{summary.batches} writes\t{workspace.path}"
        )
    return 0


def prepared_for_the_app(workspace: Workspace) -> None:
    """Build a large workspace's graph and groups now and keep them (graph/prepared.py), so the app
    opens it the first time as fast as later; a progress line on a terminal, as this takes seconds."""
    terminal = sys.stderr.isatty()
    if terminal:
        line = f"Preparing '{workspace.name}' for the app (its graph and groups)…"
        print(line, end="", file=sys.stderr, flush=True)
    started = time.perf_counter()
    done = prepare(cache_folder(), workspace.url)
    if terminal:
        took = time.perf_counter() - started
        print(f" {'done' if done else 'not needed'} ({took:.1f} s).", file=sys.stderr)


def command_workspace_new(arguments: argparse.Namespace) -> int:
    workspace = new_workspace(arguments.name, arguments.source)
    prepared_for_the_app(workspace)
    if not arguments.keep_current:
        open_workspace(workspace.name)
    origin = arguments.source or "the bundled dataset"
    current = "" if arguments.keep_current else "; it is now the current workspace"
    print(f"Made the workspace '{workspace.name}' from {origin} ({workspace.path}){current}.")
    return 0


def command_workspace_open(arguments: argparse.Namespace) -> int:
    workspace = open_workspace(arguments.name)
    print(f"The current workspace is now '{workspace.name}' ({workspace.path}).")
    return 0


def command_workspace_rename(arguments: argparse.Namespace) -> int:
    workspace = rename_workspace(arguments.old, arguments.new)
    print(f"Renamed the workspace '{arguments.old}' to '{workspace.name}'.")
    return 0


def command_workspace_delete(arguments: argparse.Namespace) -> int:
    names = {workspace.name for workspace in list_workspaces()}
    if arguments.name not in names:
        delete_workspace(arguments.name)  # raises, naming the workspaces there are
    if not arguments.yes:
        if not sys.stdin.isatty():
            raise InputError(
                f"Deleting the workspace '{arguments.name}' cannot be undone: add --yes to confirm "
                "(no terminal to ask on)."
            )
        answer = input(f"Delete the workspace '{arguments.name}' and everything written to it? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was deleted.")
            return 1
    delete_workspace(arguments.name)
    print(f"Deleted the workspace '{arguments.name}'.")
    return 0


def command_workspace_export(arguments: argparse.Namespace) -> int:
    check_output_option(arguments.output)
    workspace = current_workspace()
    if arguments.name:
        found = [each for each in list_workspaces() if each.name == arguments.name]
        if not found:
            raise InputError(
                f"There is no workspace '{arguments.name}'. See `python -m graph workspace list`."
            )
        workspace = found[0]
    target = export_workspace(workspace, arguments.output)
    print(f"Wrote the workspace '{workspace.name}' (tables, decisions and write log) to {target}.")
    return 0


def command_workspace_import(arguments: argparse.Namespace) -> int:
    workspace = import_workspace(arguments.archive, arguments.name)
    prepared_for_the_app(workspace)
    open_workspace(workspace.name)
    print(f"Made the workspace '{workspace.name}' from {arguments.archive}; it is now the current workspace.")
    return 0


def add_commands(commands: Commands) -> None:
    """workspace, with its actions list, new, open, rename, delete, export and import."""
    workspace = commands.add(
        "workspace",
        command_workspace_list,
        "List, make, open, rename, delete, back up and restore workspaces (the saved stores every "
        "command uses by default).",
        data=False,
        store=False,
    )
    actions = workspace.add_subparsers(dest="action", required=True, metavar="ACTION")
    listed = actions.add_parser("list", help="the workspaces, the current one marked *")
    listed.set_defaults(handler=command_workspace_list)
    new = actions.add_parser("new", help="a new workspace from the bundled dataset or from a file")
    new.set_defaults(handler=command_workspace_new)
    new.add_argument("name", help="the new workspace's name")
    new.add_argument("source", type=Path, nargs="?", help="a dataset folder or any file --data reads")
    new.add_argument("--keep-current", action="store_true", help="do not make it the current workspace")
    opened = actions.add_parser("open", help="make a workspace the current one")
    opened.set_defaults(handler=command_workspace_open)
    opened.add_argument("name")
    renamed = actions.add_parser("rename", help="give a workspace another name")
    renamed.set_defaults(handler=command_workspace_rename)
    renamed.add_argument("old")
    renamed.add_argument("new")
    deleted = actions.add_parser("delete", help="delete a workspace (asks first)")
    deleted.set_defaults(handler=command_workspace_delete)
    deleted.add_argument("name")
    deleted.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    exported = actions.add_parser("export", help="back a workspace up as a tables zip with its write log")
    exported.set_defaults(handler=command_workspace_export)
    exported.add_argument("-o", "--output", type=Path, required=True, help="the zip file to write")
    exported.add_argument("--name", help="the workspace (default: the current one)")
    imported = actions.add_parser(
        "import", help="a new workspace from a backup zip, or from any file or folder --data reads"
    )
    imported.set_defaults(handler=command_workspace_import)
    imported.add_argument("archive", type=Path)
    imported.add_argument("--name", help="the new workspace's name (default: the file's name)")
