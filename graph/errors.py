"""Errors raised by the library.

Every error the library raises on purpose derives from :class:`GraphError`::

    GraphError
    ├── DatasetError        a dataset could not be loaded (carries the import report)
    ├── UnknownEntityError  an id that the graph does not hold
    └── InputError          an argument or file that the library cannot use

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
