"""The edit commands: ``edit apply FILE.jsonl`` and the one-line forms ``claim add``,
``claim retract`` and ``note add``, each one logged write of a store that ``store undo``
takes back (:mod:`graph.edits`)."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path

from graph.cli.common import STORE_HELP, Commands, target_url
from graph.edits import (
    AddClaim,
    AddNote,
    Checked,
    Operation,
    Retract,
    apply_checked,
    check_edits,
    read_edits_file,
)
from graph.errors import InputError
from graph.store import Store, open_store
from graph.vocabulary import is_attribute


def _store(arguments: argparse.Namespace) -> Store:
    """The store edited: --store URL, else AGX_STORE, else the current workspace."""
    return open_store(target_url(arguments))


def _author(arguments: argparse.Namespace) -> str:
    if arguments.author:
        return str(arguments.author)
    try:
        return os.environ.get("AGX_AUTHOR") or getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment
        return ""


def _apply(arguments: argparse.Namespace, operations: list[tuple[int, Operation]], file: str) -> int:
    store = _store(arguments)
    try:
        checked = check_edits(store, operations, file)
        result = apply_checked(
            store,
            checked,
            _author(arguments),
            arguments.note,
            allow_similar=arguments.allow_similar,
            file=file,
        )
    finally:
        store.close()
    if result.batch is None:
        print("Nothing to write: everything is stored already.")
        return 0
    counts = _counts(checked, result.entities, result.claims, result.sources)
    print(f"Wrote edit {result.batch} to {store.url}: {counts}.")
    for issue in result.report.issues:
        print(issue.format())
    print(f"Undo it with: python -m graph store undo --batch {result.batch} --store {store.url}")
    return 0


def _counts(checked: Checked, entities: int, claims: int, sources: int) -> str:
    change = checked.change
    parts = [
        (entities, "entity", "entities"),
        (claims, "claim", "claims"),
        (sources, "source", "sources"),
        (len(change.retractions), "retraction", "retractions"),
        (len(change.revisions), "entity edit", "entity edits"),
        (len(change.notes), "note", "notes"),
    ]
    said = [f"{count} {one if count == 1 else many}" for count, one, many in parts if count]
    return ", ".join(said) or "nothing new"


def command_edit_apply(arguments: argparse.Namespace) -> int:
    path: Path = arguments.file
    return _apply(arguments, read_edits_file(path), path.name)


def _target(relation: str, target: str) -> dict[str, str]:
    return {"value": target} if is_attribute(relation) else {"object": target}


def command_claim_add(arguments: argparse.Namespace) -> int:
    target = _target(arguments.relation, arguments.object)
    operation = AddClaim(
        arguments.subject,
        arguments.relation,
        arguments.source,
        target.get("object"),
        target.get("value"),
        arguments.start,
        arguments.end,
        arguments.locator,
        arguments.quote,
    )
    return _apply(arguments, [(1, operation)], "claim add")


def command_claim_retract(arguments: argparse.Namespace) -> int:
    target = _target(arguments.relation, arguments.object)
    operation = Retract(
        arguments.subject,
        arguments.relation,
        arguments.reason,
        target.get("object"),
        target.get("value"),
        arguments.source,
        arguments.date,
        arguments.version,
    )
    return _apply(arguments, [(1, operation)], "claim retract")


def command_note_add(arguments: argparse.Namespace) -> int:
    if arguments.claim:
        if len(arguments.words) != 1:
            raise InputError(
                'With --claim SUBJECT RELATION OBJECT, give only the text: note add --claim S R O "TEXT".'
            )
        subject, relation, target = arguments.claim
        operation = AddNote(arguments.words[0], claim=(subject, relation, target))
    else:
        if len(arguments.words) != 2:
            raise InputError(
                'Give the entity and the text: note add ENTITY "TEXT" (or --claim S R O "TEXT").'
            )
        operation = AddNote(arguments.words[1], entity=arguments.words[0])
    return _apply(arguments, [(1, operation)], "note add")


def _write_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--author", default="", help="who edits (default: $AGX_AUTHOR, else your user name)")
    command.add_argument("--note", default="", help="why (kept in the write log)")
    command.add_argument(
        "--allow-similar",
        action="store_true",
        help='create new entities even when their names match others ("did you mean …?")',
    )
    command.add_argument("--store", metavar="URL", default=argparse.SUPPRESS, help=STORE_HELP)


def _claim_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("subject", help="the subject's entity id")
    command.add_argument("relation", help="a relation of the vocabulary, or an attribute such as date")
    command.add_argument("object", help="the object's entity id (or the value, for an attribute)")


def add_commands(commands: Commands) -> None:
    """edit apply; claim add and retract; note add."""
    edit = commands.add(
        "edit", command_edit_apply, "Apply an edits file to a store (one logged, undoable write).", data=False
    )
    actions = edit.add_subparsers(dest="action", required=True, metavar="ACTION")
    apply = actions.add_parser("apply", help="check every line, then write them all in one transaction")
    apply.set_defaults(handler=command_edit_apply)
    apply.add_argument(
        "file",
        type=Path,
        help="one JSON object a line: add_source, add_entity, edit_entity, add_claim, retract, note",
    )
    _write_options(apply)

    claim = commands.add(
        "claim", command_claim_add, "Add or retract one claim in a store (one logged write).", data=False
    )
    claim_actions = claim.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = claim_actions.add_parser("add", help="add a sourced claim: SUBJECT RELATION OBJECT --source ID")
    add.set_defaults(handler=command_claim_add)
    _claim_arguments(add)
    add.add_argument("--source", required=True, help="the id of a stored source it cites")
    add.add_argument("--start", help="when it began to hold: YYYY, YYYY-MM or YYYY-MM-DD")
    add.add_argument("--end", help="when it stopped holding")
    add.add_argument("--locator", default="", help="where in the source: paragraph, page or section")
    add.add_argument("--quote", default="", help="the words of the source that say it")
    _write_options(add)
    retract = claim_actions.add_parser(
        "retract", help="retract a claim, with a reason (it leaves every view)"
    )
    retract.set_defaults(handler=command_claim_retract)
    _claim_arguments(retract)
    retract.add_argument("--reason", required=True, help="why it is wrong")
    retract.add_argument("--source", help="only the claim citing this source (default: every source)")
    retract.add_argument("--date", help="the day the retraction counts from (default: today)")
    retract.add_argument("--version", type=int, help="the version of the claim you read (refused if changed)")
    _write_options(retract)

    note = commands.add(
        "note", command_note_add, "Add a note (an analyst's remark, not a claim) to a store.", data=False
    )
    note_actions = note.add_subparsers(dest="action", required=True, metavar="ACTION")
    add_note = note_actions.add_parser("add", help='note add ENTITY "TEXT", or note add --claim S R O "TEXT"')
    add_note.set_defaults(handler=command_note_add)
    add_note.add_argument("words", nargs="+", metavar="ENTITY TEXT", help="the entity id and the text")
    add_note.add_argument(
        "--claim", nargs=3, metavar=("SUBJECT", "RELATION", "OBJECT"), help="note a claim instead"
    )
    _write_options(add_note)
