"""Checks on single cells that several tables share: ids, dates and typed attribute columns.

Each check reports what is wrong with the file, line and column it is given, and returns
what the row's check needs (the cell's value, or None/False when the row is not usable).
"""

from __future__ import annotations

from graph.dates import DateFormatError, parse_date
from graph.model import parse_typed, split_column
from graph.report import ImportReport
from graph.text import id_problem, normal_id

TYPE_PHRASES = {"integer": "a whole number", "double": "a number", "boolean": "true or false"}


def check_id(value: str, file: str, line: int, column: str, report: ImportReport) -> bool:
    """Report an id that breaks the id rule (graph/text.py); ``value`` is already NFC."""
    problem = id_problem(value)
    if problem is None:
        return True
    if problem == "is empty":
        report.add("error", file, line, column, f"the {column} is empty.", "give every row an id.")
    else:
        report.add(
            "error",
            file,
            line,
            column,
            f"the {column} {value!r} {problem}.",
            "use a slug such as state:RUS or person:wiermann.",
        )
    return False


def nfc(value: str, file: str, line: int, column: str, report: ImportReport) -> str:
    """The NFC form of an id cell, with a note when it was not."""
    normal = normal_id(value)
    if normal != value:
        report.add(
            "info",
            file,
            line,
            column,
            f"the id {value!r} was normalised to Unicode NFC ({normal!r}).",
            "save ids in NFC form.",
        )
    return normal


def check_date(value: str, file: str, line: int, column: str, report: ImportReport) -> str | None:
    """Return the date text when valid or empty; report and return None when invalid.

    >>> report = ImportReport()
    >>> [check_date(text, "claims.csv", 2, "start", report) for text in ("2014-04", "")]
    ['2014-04', '']
    >>> check_date("14/04/2014", "claims.csv", 3, "start", report) is None, len(report.errors)
    (True, 1)
    """
    if not value:
        return ""
    try:
        parse_date(value)
    except DateFormatError as error:
        report.add("error", file, line, column, f"{error}.", "write dates as YYYY-MM-DD (or YYYY-MM, YYYY).")
        return None
    return value


def attribute_columns(
    header: list[str], fixed: tuple[str, ...], file: str, report: ImportReport
) -> dict[str, tuple[str, str]]:
    """The attribute columns of a table: header cell → (name, type); each is noted in the report."""
    columns = {cell: split_column(cell) for cell in header if cell and cell not in fixed}
    for cell in columns:
        report.add("info", file, 1, cell, f"the extra column '{cell}' is loaded as an attribute.")
    return columns


def typed_cells(
    cells: dict[str, str],
    columns: dict[str, tuple[str, str]],
    file: str,
    line: int,
    report: ImportReport,
) -> tuple[tuple[str, str], ...] | None:
    """The row's attribute values as sorted (name, text) pairs; None when one is not of its type."""
    pairs = []
    usable = True
    for cell, (name, kind) in columns.items():
        value = cells[cell]
        if not value:
            continue
        if kind != "string":
            try:
                parse_typed(value, kind)
            except ValueError:
                report.add(
                    "error",
                    file,
                    line,
                    cell,
                    f"{value!r} is not {TYPE_PHRASES[kind]}, as the column's type says.",
                    f"write {TYPE_PHRASES[kind]}, or drop ':{kind}' from the header to keep it as text.",
                )
                usable = False
                continue
            value = value.strip()
        pairs.append((name, value))
    return tuple(sorted(pairs)) if usable else None
