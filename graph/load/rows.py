"""The rows of a dataset's tables, as parsing gives them and the checks take them.

A :class:`Row` is one CSV record as strings, with the line it starts on, so every
problem a check finds can name its file, line and column.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.report import ImportReport
from graph.text import clean_text, has_invalid


@dataclass(frozen=True)
class Row:
    """One data row of a CSV table with the line it starts on (the header is line 1)."""

    line: int
    cells: dict[str, str]


TableRows = tuple[list[Row], list[str]]  # rows and header


def unprotect(cell: str) -> str:
    """Drop the apostrophe our CSV exports put before formula-like cells ('=x → =x).

    >>> unprotect("'=1+1"), unprotect("'quoted'"), unprotect("'")
    ('=1+1', "'quoted'", "'")
    """
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r\n":
        return cell[1:]
    return cell


def clean_rows(file: str, rows: list[Row], report: ImportReport) -> list[Row]:
    """Rows whose text is valid: lone surrogates, non-characters and stray control characters
    (possible in rows that did not come from a UTF-8 file) become U+FFFD, with a report line."""
    cleaned = []
    changed = 0
    first: int | None = None
    for row in rows:
        if has_invalid("".join(row.cells.values())):
            changed += 1
            if changed == 1:
                first = row.line
            row = Row(row.line, {column: clean_text(value) for column, value in row.cells.items()})
        cleaned.append(row)
    if changed:
        report.add(
            "warning",
            file,
            first,
            None,
            f"{changed} row(s) held control characters, non-characters or lone surrogates that no export "
            "could write; each was replaced with U+FFFD (�).",
            "remove them from the data.",
        )
    return cleaned
