"""A dataset's CSV tables as rows of strings, and back: parsing and writing, no checks.

Reading never guesses: ids stay strings (``007`` stays ``007``, ``NA`` stays ``NA``) and
every problem of the file itself (its encoding, its quotes, its header) becomes an entry
of the :class:`~graph.report.ImportReport` with file, line and column. What the rows say
is checked by :func:`graph.load.dataset.check_rows`.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from graph.load.rows import Row, TableRows, unprotect
from graph.model import (
    CLAIM_COLUMNS,
    DECISION_COLUMNS,
    DECISIONS_FILE,
    ENTITY_COLUMNS,
    OPTIONAL_CLAIM_COLUMNS,
    SOURCE_COLUMNS,
    TABLE_FILES,
    Dataset,
    claim_row,
    decision_row,
    entity_row,
    source_row,
    typed_column,
)
from graph.report import ImportReport
from graph.settings import limit
from graph.text import clean_text, has_invalid

_NEEDS_CLEANING = re.compile(r"(?:^|\x00)(?:\s|'[=+\-@\t\r\n])|\s(?:\x00|$)")


def _decode(data: bytes, file: str, report: ImportReport) -> str | None:
    """Decode UTF-8 strictly; report BOMs, UTF-16, NUL bytes and other encodings."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        report.add(
            "error",
            file,
            None,
            None,
            "the file is encoded as UTF-16.",
            "save it as UTF-8 (in Excel: 'CSV UTF-8'; in LibreOffice: character set 'Unicode (UTF-8)').",
        )
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        report.add("info", file, 1, None, "a UTF-8 byte order mark was found and ignored.")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        report.add(
            "error",
            file,
            line,
            None,
            "the file contains NUL bytes, so it is binary or not UTF-8 text.",
            "check that this is the right file and save it as UTF-8 CSV.",
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        report.add(
            "error",
            file,
            line,
            None,
            f"the file is not valid UTF-8 (byte 0x{byte:02X} at line {line}); it looks like "
            "Latin-1 or Windows-1252.",
            "save the file as UTF-8.",
        )
        return None
    if has_invalid(text):
        first = next(index for index, character in enumerate(text) if has_invalid(character))
        report.add(
            "warning",
            file,
            text.count("\n", 0, first) + 1,
            None,
            "the file holds control characters or non-characters that no export could write; each "
            "was replaced with U+FFFD (�).",
            "remove them from the file.",
        )
        text = clean_text(text)
    return text


def read_table(
    path: Path,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    extra_columns: str = "ignore",
    report: ImportReport | None = None,
) -> tuple[list[Row] | None, list[str], ImportReport]:
    """Read one CSV table of a dataset folder as strings (see :func:`parse_table`)."""
    report = report if report is not None else ImportReport()
    file = path.name
    if not path.is_file():
        report.add(
            "error",
            file,
            None,
            None,
            f"the file is missing from {path.parent}.",
            f"a dataset folder needs {', '.join(TABLE_FILES.values())}.",
        )
        return None, [], report
    size = path.stat().st_size
    if size > (cap := limit("upload_megabytes") * 1024 * 1024):
        report.add(
            "error",
            file,
            None,
            None,
            f"the file is {size:,} bytes; the limit is {cap:,}.",
            "split the dataset, or raise the limit (AGX_UPLOAD_MEGABYTES).",
        )
        return None, [], report
    rows, header = parse_table(path.read_bytes(), file, required, optional, extra_columns, report)
    return rows, header, report


def parse_table(
    data: bytes,
    file: str,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    extra_columns: str = "ignore",
    report: ImportReport | None = None,
) -> tuple[list[Row] | None, list[str]]:
    """Parse one CSV table held in memory as strings.

    Returns the rows (None when the data cannot be read as this table at all) and the
    header; problems go to ``report``. ``extra_columns`` is ``"ignore"`` (an extra column
    is a warning and is dropped) or ``"keep"`` (it is kept and noted).

    >>> rows, header = parse_table(b"id,label\\n007,NA\\n", "entities.csv", ("id", "label"))
    >>> header, rows
    (['id', 'label'], [Row(line=2, cells={'id': '007', 'label': 'NA'})])
    """
    report = report if report is not None else ImportReport()
    text = _decode(data, file, report)
    if text is None:
        return None, []
    if not text.strip():
        report.add(
            "error",
            file,
            None,
            None,
            "the file is empty.",
            f"it needs a header row: {','.join(required)}.",
        )
        return None, []
    records = _records(text, file, report)
    if records is None:
        return None, []
    header_line, header = records[0]
    header = [name.strip() for name in header]
    if len(header) == 1 and ";" in header[0]:
        report.add(
            "error",
            file,
            header_line,
            None,
            "the header has one column that contains ';': the file is separated by semicolons.",
            "save it with commas as separators.",
        )
        return None, []
    if not _header_usable(header, header_line, file, required, optional, extra_columns, report):
        return None, header
    return _data_rows(records[1:], header, file, report), header


def _records(text: str, file: str, report: ImportReport) -> list[tuple[int, list[str]]] | None:
    """The CSV records of ``text``, each with the line it starts on; None when a quote is not closed."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    previous_line = 0
    try:
        for record in reader:
            records.append((previous_line + 1, record))
            previous_line = reader.line_num
    except csv.Error as error:
        report.add(
            "error",
            file,
            previous_line + 1,
            None,
            f"the CSV cannot be parsed ({error}); a quote is probably not closed.",
            'close the quote, or double quotes inside a quoted cell ("").',
        )
        return None
    return records


def _header_usable(
    header: list[str],
    line: int,
    file: str,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    extra_columns: str,
    report: ImportReport,
) -> bool:
    """Report empty, repeated, missing and (unless kept) unknown columns; False when rows cannot be read."""
    seen: set[str] = set()
    for name in header:
        if not name:
            report.add(
                "error",
                file,
                line,
                None,
                "a column has an empty name.",
                "name every column or delete the empty one.",
            )
        elif name in seen:
            report.add("error", file, line, name, f"the column '{name}' appears twice.", "keep one of them.")
        seen.add(name)
    missing = [name for name in required if name not in seen]
    for name in missing:
        report.add(
            "error",
            file,
            line,
            name,
            f"the required column '{name}' is missing.",
            f"the header must contain {','.join(required)}.",
        )
    allowed = set(required) | set(optional)
    # A kept extra column is said by the table's check (check_rows), for files and rows in memory alike.
    for name in header:
        if name and name not in allowed and extra_columns != "keep":
            report.add(
                "warning",
                file,
                line,
                name,
                f"the column '{name}' is not part of this table and is ignored.",
                f"known columns: {','.join(required + optional)}.",
            )
    return not missing and len(seen) == len(header) and "" not in header


def _data_rows(
    records: list[tuple[int, list[str]]], header: list[str], file: str, report: ImportReport
) -> list[Row]:
    """The records as rows keyed by the header, cells stripped; blank records are skipped."""
    rows: list[Row] = []
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            report.add(
                "error",
                file,
                line,
                None,
                f"the row has {len(record)} fields but the header has {len(header)}.",
                "check for a missing or extra comma, or quote cells that contain commas.",
            )
            continue
        cells = {name: unprotect(cell.strip()) for name, cell in zip(header, record, strict=True)}
        rows.append(Row(line, cells))
    return rows


def dataset_tables(dataset: Dataset) -> dict[str, tuple[list[str], list[dict[str, str]]]]:
    """The dataset as CSV tables: file name → (header, rows). Attribute columns carry their
    type in the header (``weight:double``); decisions.csv only when there are decisions."""
    types = {(table, name): kind for table, name, kind in dataset.attribute_types}

    def columns(table: str, names: set[str]) -> dict[str, str]:
        return {name: typed_column(name, types.get((table, name), "string")) for name in sorted(names)}

    entity_columns = columns(
        "entities", {name for entity in dataset.entities for name, _ in entity.attributes}
    )
    claim_columns = columns("claims", {name for claim in dataset.claims for name, _ in claim.attributes})

    def rows(items, row, renamed: dict[str, str]) -> list[dict[str, str]]:
        if not renamed or all(name == cell for name, cell in renamed.items()):
            return [row(item) for item in items]
        return [{renamed.get(key, key): value for key, value in row(item).items()} for item in items]

    tables = {
        TABLE_FILES["entities"]: (
            [*ENTITY_COLUMNS, *entity_columns.values()],
            rows(dataset.entities, entity_row, entity_columns),
        ),
        TABLE_FILES["claims"]: (
            [*CLAIM_COLUMNS, *OPTIONAL_CLAIM_COLUMNS, *claim_columns.values()],
            rows(dataset.claims, claim_row, claim_columns),
        ),
        TABLE_FILES["sources"]: (list(SOURCE_COLUMNS), [source_row(s) for s in dataset.sources]),
    }
    if dataset.decisions:
        tables[DECISIONS_FILE] = (list(DECISION_COLUMNS), [decision_row(d) for d in dataset.decisions])
    return tables


def dataset_rows(dataset: Dataset) -> dict[str, TableRows]:
    """The dataset's tables as checked rows, exactly as writing and reading them back would give,
    without a file: cells stripped, line numbers counted as the CSV would have them."""
    tables: dict[str, TableRows] = {}
    for file, (header, rows) in dataset_tables(dataset).items():
        checked = []
        line = 2
        for row in rows:
            cells = {column: row.get(column, "") for column in header}
            joined = "\x00".join(cells.values())
            # Only a row with a cell to strip or unprotect (rare) is looked at cell by cell.
            if _NEEDS_CLEANING.search(joined):
                cells = {column: unprotect(value.strip()) for column, value in cells.items()}
            if joined.strip("\x00"):
                checked.append(Row(line, cells))
            line += 1 + joined.count("\n")
        tables[file] = (checked, header)
    return tables


def write_dataset(dataset: Dataset, folder: str | Path) -> Path:
    """Write the tables as UTF-8 CSV into ``folder`` (created if needed)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for file, (columns, rows) in dataset_tables(dataset).items():
        with open(folder / file, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return folder
