"""Errors raised by the library.

Every error the library raises on purpose derives from :class:`GraphError`::

    GraphError
    ├── DatasetError        a dataset could not be loaded (carries the import report)
    ├── UnknownEntityError  an id that the graph does not hold
    ├── InputError          an argument or file that the library cannot use
    │   ├── StoreUnavailableError  a claims store that cannot be opened, reached or written
    │   ├── WorkspaceError  a workspace name taken or unknown, or a schema newer than this program
    │   └── ReviewError     a claim or entity a reviewer adds to an article's proposal, refused
    └── WriteConflictError  an undo or revert refused: the write is not the one meant, or a later
                            write touched the same claims or entities

Messages say what went wrong, where (file, line, field) and how to fix it, so the
CLI and the app can show them as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.report import ImportReport


class GraphError(Exception):
    """Base class of every error this library raises on purpose."""


class DatasetError(GraphError):
    """A dataset has errors and was refused as a whole; ``report`` lists them all."""

    def __init__(self, message: str, report: ImportReport) -> None:
        super().__init__(message)
        self.report = report

    def __str__(self) -> str:
        return f"{self.args[0]}\n{self.report.format()}"


class UnknownEntityError(GraphError):
    """An entity id that is not in the graph."""


class InputError(GraphError):
    """An argument or a file the library cannot use as given."""


class StoreUnavailableError(InputError):
    """A claims store that cannot be opened or reached: its file is in use, damaged or missing,
    its server refused or did not answer. ``reason`` is one of :data:`UNAVAILABLE_REASONS`; the
    message names the file or host (never a password) and what to do."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


# Why a store could not be used (the app's page chooses its advice by it).
UNAVAILABLE_REASONS = (
    "missing",
    "locked",
    "damaged",
    "refused",
    "timeout",
    "gone",
    "url",
    "read-only",
    "full",
)


class WorkspaceError(InputError):
    """A workspace that cannot be made or used as asked: its name is taken or unknown, or it was
    written by a newer version of this program (the message names both schema versions)."""


class WriteConflictError(GraphError):
    """An undo or revert refused, nothing changed: the write named is not the one the caller meant
    (another author, another time), was undone already, or others wrote after it (an undo), or a
    later write touched the same claims or entities (a revert); the message names them."""


class ReviewError(InputError):
    """A claim or entity a reviewer adds to an article's proposal by hand, refused as given:
    ``field`` names the form's field at fault, the message what to write instead."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
