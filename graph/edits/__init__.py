"""Editing by hand, with sources: add, correct, retract and annotate, each change cited and undoable.

Typed operations (:mod:`graph.edits.operations`) are read from JSON objects (one a line in an
edits file), checked against the store as an import is checked (:mod:`graph.edits.checks`),
and applied through the store as one write of the log (kind ``edit``), which ``store.undo``
takes back whole. Claims are never overwritten or deleted: a correction retracts the old
claim (with a reason) and adds the new one in the same write.

>>> from graph.store import open_store
>>> store = open_store("memory:")
>>> result = apply_edits(store, [
...     AddSource("source:example", "An example", url="https://example.org/", published="2024-03-07"),
...     AddNote("Joined after the 2022 application.", entity="state:SWE"),
... ], author="ann", note="a first edit")
>>> result.sources, [note.text for note in store.notes("state:SWE")]
(1, ['Joined after the 2022 application.'])
>>> store.undo().batch == result.batch, store.notes("state:SWE")
(True, ())
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from graph.edits.checks import Checked, check_operations
from graph.edits.operations import (
    OPERATIONS,
    AddClaim,
    AddEntity,
    AddNote,
    AddSource,
    EditEntity,
    FieldProblem,
    Operation,
    Retract,
    parse_operation,
)
from graph.errors import DatasetError
from graph.report import ImportReport
from graph.store.base import Store, WriteResult

__all__ = [
    "OPERATIONS",
    "AddClaim",
    "AddEntity",
    "AddNote",
    "AddSource",
    "Checked",
    "EditEntity",
    "FieldProblem",
    "Operation",
    "Retract",
    "apply_checked",
    "apply_edits",
    "check_edits",
    "parse_operation",
    "read_edits",
    "read_edits_file",
]


def read_edits(lines: Iterable[str], file: str = "edits") -> list[tuple[int, Operation]]:
    """The operations of an edits file (one JSON object a line; blank lines skipped), each with
    its line number; DatasetError naming every bad line and its field, when there is one."""
    report = ImportReport()
    operations: list[tuple[int, Operation]] = []
    for number, text in enumerate(lines, 1):
        if not text.strip():
            continue
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
            operations.append((number, parse_operation(data)))
        except json.JSONDecodeError as error:
            report.add(
                "error",
                file,
                number,
                None,
                f"not JSON ({error.msg} at column {error.colno}).",
                "write one JSON object a line.",
            )
        except FieldProblem as problem:
            report.add("error", file, number, problem.field, str(problem))
    if not report.ok:
        raise DatasetError(f"{file} was refused; nothing was written:", report)
    return operations


def read_edits_file(path: str | Path) -> list[tuple[int, Operation]]:
    """:func:`read_edits` on a UTF-8 file."""
    path = Path(path)
    with path.open(encoding="utf-8-sig") as handle:
        return read_edits(handle, path.name)


def _refuse_constant(name: str) -> object:
    raise json.JSONDecodeError(f"{name} is not a JSON number", name, 0)


def _numbered(
    operations: Sequence[Operation] | Sequence[tuple[int, Operation]],
) -> list[tuple[int, Operation]]:
    return [item if isinstance(item, tuple) else (index, item) for index, item in enumerate(operations, 1)]


def check_edits(
    store: Store, operations: Sequence[Operation] | Sequence[tuple[int, Operation]], file: str = "edits"
) -> Checked:
    """What ``operations`` would change in ``store`` and what is wrong with them (nothing is written)."""
    return check_operations(store, _numbered(operations), file)


def apply_checked(
    store: Store,
    checked: Checked,
    author: str = "",
    note: str = "",
    *,
    allow_similar: bool = False,
    file: str = "edits",
) -> WriteResult:
    """Write what :func:`check_edits` found (one transaction, one write of the log, kind ``edit``);
    DatasetError (nothing written) when something is wrong, or when a new entity may duplicate
    another and neither its line (``distinct``) nor ``allow_similar`` says it does not."""
    if not checked.report.ok:
        raise DatasetError(f"{file} was refused; nothing was written:", checked.report)
    if checked.similar and not allow_similar:
        raise DatasetError(f"{file} was held back (did you mean …?); nothing was written:", checked.report)
    result = store.change(checked.change, author=author, note=note, kind="edit")
    result.report.extend(checked.report)
    return result


def apply_edits(
    store: Store,
    operations: Sequence[Operation] | Sequence[tuple[int, Operation]],
    author: str = "",
    note: str = "",
    *,
    allow_similar: bool = False,
    file: str = "edits",
) -> WriteResult:
    """Check ``operations`` against ``store`` and write them in one transaction (:func:`apply_checked`)."""
    checked = check_edits(store, operations, file)
    return apply_checked(store, checked, author, note, allow_similar=allow_similar, file=file)
