"""Read a dataset folder (entities.csv, claims.csv, sources.csv) into a checked :class:`Dataset`.

Reading never guesses: ids stay strings (``007`` stays ``007``, ``NA`` stays ``NA``),
every problem becomes an entry of the :class:`ImportReport` with file, line and
column, and a dataset with any error is refused as a whole.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from graph.budget import csv_rows, file_rows, over_budget, tick
from graph.build import RESERVED_NODE_KEYS
from graph.dates import DateFormatError, parse_date
from graph.errors import DatasetError, InputError
from graph.model import (
    CLAIM_COLUMNS,
    DECISION_COLUMNS,
    DECISION_KINDS,
    DECISIONS_FILE,
    ENTITY_COLUMNS,
    OPTIONAL_CLAIM_COLUMNS,
    SOURCE_COLUMNS,
    SOURCE_KINDS,
    TABLE_FILES,
    Claim,
    Dataset,
    Decision,
    Entity,
    Source,
    claim_row,
    decision_row,
    entity_row,
    parse_typed,
    source_row,
    split_column,
    typed_column,
)
from graph.report import ImportReport
from graph.settings import limit
from graph.text import clean_text, has_invalid, id_problem, lookalike_groups, mixed_script, normal_id
from graph.vocabulary import ATTRIBUTES, ENTITY_TYPES, RELATIONS

BUNDLED_DATASET = Path(__file__).resolve().parent.parent / "data" / "nato"
TYPE_PHRASES = {"integer": "a whole number", "double": "a number", "boolean": "true or false"}


@dataclass(frozen=True)
class Row:
    """One data row of a CSV table with the line it starts on (the header is line 1)."""

    line: int
    cells: dict[str, str]


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
    seen: set[str] = set()
    for name in header:
        if not name:
            report.add(
                "error",
                file,
                header_line,
                None,
                "a column has an empty name.",
                "name every column or delete the empty one.",
            )
        elif name in seen:
            report.add(
                "error", file, header_line, name, f"the column '{name}' appears twice.", "keep one of them."
            )
        seen.add(name)
    missing = [name for name in required if name not in seen]
    for name in missing:
        report.add(
            "error",
            file,
            header_line,
            name,
            f"the required column '{name}' is missing.",
            f"the header must contain {','.join(required)}.",
        )
    allowed = set(required) | set(optional)
    for name in header:
        if name and name not in allowed:
            if extra_columns == "keep":
                pass  # said by the table's check (check_rows), for files and rows in memory alike
            else:
                report.add(
                    "warning",
                    file,
                    header_line,
                    name,
                    f"the column '{name}' is not part of this table and is ignored.",
                    f"known columns: {','.join(required + optional)}.",
                )
    if missing or len(seen) != len(header) or "" in header:
        return None, header

    rows: list[Row] = []
    for line, record in records[1:]:
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
        cells = {name: _unprotect(cell.strip()) for name, cell in zip(header, record, strict=True)}
        rows.append(Row(line, cells))
    return rows, header


def _unprotect(cell: str) -> str:
    """Drop the apostrophe our CSV exports put before formula-like cells ('=x → =x)."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r\n":
        return cell[1:]
    return cell


def _check_id(value: str, file: str, line: int, column: str, report: ImportReport) -> bool:
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


def _nfc(value: str, file: str, line: int, column: str, report: ImportReport) -> str:
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


def _attribute_columns(
    header: list[str], fixed: tuple[str, ...], file: str, report: ImportReport
) -> dict[str, tuple[str, str]]:
    """The attribute columns of a table: header cell → (name, type); each is noted in the report."""
    columns = {cell: split_column(cell) for cell in header if cell and cell not in fixed}
    for cell in columns:
        report.add("info", file, 1, cell, f"the extra column '{cell}' is loaded as an attribute.")
    return columns


def _typed_cells(
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


def _check_date(value: str, file: str, line: int, column: str, report: ImportReport) -> str | None:
    """Return the date text when valid or empty; report and return None when invalid."""
    if not value:
        return ""
    try:
        parse_date(value)
    except DateFormatError as error:
        report.add("error", file, line, column, f"{error}.", "write dates as YYYY-MM-DD (or YYYY-MM, YYYY).")
        return None
    return value


def _check_entities(rows: list[Row], header: list[str], report: ImportReport) -> list[Entity] | None:
    file = TABLE_FILES["entities"]
    columns = _attribute_columns(header, ENTITY_COLUMNS, file, report)
    clashes = [
        cell for cell, (name, _) in columns.items() if name in RESERVED_NODE_KEYS or name in ATTRIBUTES
    ]
    for cell in clashes:
        report.add(
            "error",
            file,
            1,
            cell,
            f"the column '{cell}' clashes with a name the graph uses for its own data.",
            "rename the column (for a sourced value, make it a claim instead).",
        )
    if clashes:
        return None
    entities: list[Entity] = []
    first_line: dict[str, int] = {}
    for row in rows:
        tick()
        cells = row.cells
        entity_id = _nfc(cells["id"], file, row.line, "id", report)
        if not _check_id(entity_id, file, row.line, "id", report):
            continue
        if entity_id in first_line:
            report.add(
                "warning",
                file,
                row.line,
                "id",
                f"duplicate entity id '{entity_id}' (first defined on line {first_line[entity_id]}); "
                "this row is skipped.",
                "merge the two rows or give one a new id.",
            )
            continue
        entity_type = cells["type"]
        if entity_type not in ENTITY_TYPES:
            report.add(
                "error",
                file,
                row.line,
                "type",
                f"unknown entity type '{entity_type}'.",
                f"use one of: {', '.join(ENTITY_TYPES)}.",
            )
            continue
        label = cells["label"]
        if not label:
            report.add(
                "warning",
                file,
                row.line,
                "label",
                f"entity '{entity_id}' has no label; its id is shown instead.",
                "add a label.",
            )
            label = entity_id
        attributes = _typed_cells(cells, columns, file, row.line, report)
        if attributes is None:
            continue
        first_line[entity_id] = row.line
        aliases = tuple(alias.strip() for alias in cells["aliases"].split("|") if alias.strip())
        entities.append(Entity(entity_id, entity_type, label, aliases, cells["description"], attributes))
    return entities


def _check_sources(rows: list[Row], report: ImportReport) -> list[Source]:
    file = TABLE_FILES["sources"]
    sources: list[Source] = []
    first_line: dict[str, int] = {}
    for row in rows:
        cells = row.cells
        source_id = cells["id"]
        if not _check_id(source_id, file, row.line, "id", report):
            continue
        if source_id in first_line:
            report.add(
                "warning",
                file,
                row.line,
                "id",
                f"duplicate source id '{source_id}' (first defined on line {first_line[source_id]}); "
                "this row is skipped.",
                "merge the two rows or give one a new id.",
            )
            continue
        first_line[source_id] = row.line
        if not cells["title"]:
            report.add(
                "warning",
                file,
                row.line,
                "title",
                f"source '{source_id}' has no title.",
                "add the title readers will see.",
            )
        url = cells["url"]
        if not url:
            report.add(
                "warning",
                file,
                row.line,
                "url",
                f"source '{source_id}' has no URL, so readers cannot check it.",
                "add the address of the page or document.",
            )
        elif not re.match(r"^https?://[^\s]+$", url, re.IGNORECASE):
            report.add(
                "error",
                file,
                row.line,
                "url",
                f"the URL {url!r} of source '{source_id}' is not an http(s) address.",
                "use an address that starts with https:// or http://.",
            )
            continue
        published = _check_date(cells["published"], file, row.line, "published", report)
        if published is None:
            continue
        kind = cells["kind"]
        if kind and kind not in SOURCE_KINDS:
            report.add(
                "warning",
                file,
                row.line,
                "kind",
                f"unknown source kind '{kind}'.",
                f"use one of: {', '.join(SOURCE_KINDS)}.",
            )
        sources.append(
            Source(
                source_id, cells["title"], cells["publisher"], cells["author"], published or None, url, kind
            )
        )
    return sources


def _check_claims(
    rows: list[Row],
    header: list[str],
    entity_ids: set[str] | None,
    source_ids: set[str] | None,
    report: ImportReport,
) -> list[Claim]:
    """Check claims; ``None`` for ids means that table could not be read, so its ids are not checked."""
    file = TABLE_FILES["claims"]
    columns = _attribute_columns(header, CLAIM_COLUMNS + OPTIONAL_CLAIM_COLUMNS, file, report)
    known = ", ".join(list(RELATIONS) + list(ATTRIBUTES))
    claims: list[Claim] = []
    first_line: dict[Claim, int] = {}
    for row in rows:
        tick()
        cells = {name: row.cells.get(name, "") for name in CLAIM_COLUMNS + OPTIONAL_CLAIM_COLUMNS}
        line = row.line
        usable = True
        subject, relation, target = cells["subject"], cells["relation"], cells["object"]
        subject = _nfc(subject, file, line, "subject", report)
        if relation in RELATIONS:
            target = _nfc(target, file, line, "object", report)
        if not subject:
            report.add("error", file, line, "subject", "the claim has no subject.", "name an entity id.")
            usable = False
        elif entity_ids is not None and subject not in entity_ids:
            report.add(
                "error",
                file,
                line,
                "subject",
                f"unknown entity '{subject}'.",
                "add it to entities.csv or correct the id.",
            )
            usable = False
        if relation in RELATIONS:
            if not target:
                report.add("error", file, line, "object", "the claim has no object.", "name an entity id.")
                usable = False
            elif entity_ids is not None and target not in entity_ids:
                report.add(
                    "error",
                    file,
                    line,
                    "object",
                    f"unknown entity '{target}'.",
                    "add it to entities.csv or correct the id.",
                )
                usable = False
            elif target == subject:
                report.add(
                    "warning",
                    file,
                    line,
                    "object",
                    f"'{subject}' {relation} itself (a self-loop).",
                    "check the subject and object.",
                )
        elif relation in ATTRIBUTES:
            kind = ATTRIBUTES[relation]
            if not target:
                report.add(
                    "error",
                    file,
                    line,
                    "object",
                    f"the '{relation}' claim has no value.",
                    "write the value in the object column.",
                )
                usable = False
            elif kind == "date" and _check_date(target, file, line, "object", report) is None:
                usable = False
            elif kind == "integer" and not re.fullmatch(r"\d+", target):
                report.add(
                    "error",
                    file,
                    line,
                    "object",
                    f"'{relation}' needs a whole number, not {target!r}.",
                    "write digits only, e.g. 38.",
                )
                usable = False
        else:
            report.add(
                "error",
                file,
                line,
                "relation",
                f"unknown relation '{relation}'." if relation else "the claim has no relation.",
                f"use one of: {known}.",
            )
            usable = False
        start = _check_date(cells["start"], file, line, "start", report)
        end = _check_date(cells["end"], file, line, "end", report)
        if start is None or end is None:
            usable = False
        elif start and end:
            if parse_date(start) > parse_date(end):
                report.add(
                    "error",
                    file,
                    line,
                    "end",
                    f"the end {end} is before the start {start}.",
                    "swap them or correct one.",
                )
                usable = False
            elif parse_date(start) == parse_date(end):
                report.add(
                    "warning",
                    file,
                    line,
                    "end",
                    f"start and end are both {start}, so the claim holds on no day (the end is exclusive).",
                    "set the end to the day after the last day it held.",
                )
        source = cells["source"]
        if not source:
            report.add(
                "error",
                file,
                line,
                "source",
                "the claim has no source.",
                "cite a source id from sources.csv; every claim needs one.",
            )
            usable = False
        elif source_ids is not None and source not in source_ids:
            report.add(
                "error",
                file,
                line,
                "source",
                f"unknown source '{source}'.",
                "add it to sources.csv or correct the id.",
            )
            usable = False
        attributes = _typed_cells(row.cells, columns, file, line, report)
        if not usable or attributes is None:
            continue
        claim = Claim(
            subject,
            relation,
            target,
            source,
            start or None,
            end or None,
            cells["locator"],
            cells["note"],
            cells["role"],
            attributes,
        )
        if claim in first_line:
            report.add(
                "warning",
                file,
                line,
                None,
                f"this claim repeats line {first_line[claim]} and is skipped.",
                "delete one of the two rows.",
            )
            continue
        first_line[claim] = line
        claims.append(claim)
    return claims


TableRows = tuple[list[Row], list[str]]  # rows and header
_NEEDS_CLEANING = re.compile(r"(?:^|\x00)(?:\s|'[=+\-@\t\r\n])|\s(?:\x00|$)")


def _check_decisions(rows: list[Row], entity_ids: set[str], report: ImportReport) -> list[Decision] | None:
    file = DECISIONS_FILE
    decisions = []
    for row in rows:
        cells = row.cells
        usable = True
        if cells["decision"] not in DECISION_KINDS:
            report.add(
                "error",
                file,
                row.line,
                "decision",
                f"unknown decision {cells['decision']!r}.",
                f"use one of: {', '.join(DECISION_KINDS)}.",
            )
            usable = False
        absent = [column for column in ("left", "right") if cells[column] not in entity_ids]
        if len(absent) == 1 and cells["decision"] == "same":
            # The usual case after a merge was written out: the merged-away id is gone and the
            # decision is the record of where it went.
            kept = "right" if absent[0] == "left" else "left"
            report.add(
                "info",
                file,
                row.line,
                absent[0],
                f"'{cells[absent[0]]}' was merged into '{cells[kept]}'; the decision keeps that record.",
            )
        else:
            for column in absent:
                report.add(
                    "warning",
                    file,
                    row.line,
                    column,
                    f"the decision names '{cells[column]}', which is not an entity of this dataset.",
                    "check the id; a decision about an entity that is gone changes nothing.",
                )
        date = _check_date(cells["date"], file, row.line, "date", report)
        if date is None or not usable:
            continue
        decisions.append(
            Decision(
                cells["left"], cells["right"], cells["decision"], cells["by"], date or None, cells["note"]
            )
        )
    return decisions


def warn_lookalikes(ids: list[str], report: ImportReport, file: str) -> None:
    """Warn about ids that look alike or mix scripts (one rule for every format)."""
    for group in lookalike_groups(ids):
        report.add(
            "warning",
            file,
            None,
            "id",
            "the ids " + " and ".join(repr(value) for value in group) + " look alike.",
            "check that they are different entities; give look-alike ids distinct letters.",
        )
    for value in ids:
        if mixed_script(value):
            report.add(
                "warning",
                file,
                None,
                "id",
                f"the id {value!r} mixes letters of several scripts (e.g. Latin and Cyrillic).",
                "write each id in one script.",
            )


def check_rows(
    tables: Mapping[str, TableRows | None], name: str, report: ImportReport, clean: bool = False
) -> Dataset | None:
    """Check the rows of the tables (keyed by file name; None: a table that could not be read).

    This is the one validator: folders, uploads, zips, snapshots and merges all come here.
    ``clean``: rows that did not come through a UTF-8 file (snapshots, merges) are cleaned of
    invalid text first (:func:`clean_rows`).
    """
    if clean:
        tables = {
            file: None if rows is None else (clean_rows(file, rows[0], report), rows[1])
            for file, rows in tables.items()
        }
    entity_rows = tables.get(TABLE_FILES["entities"])
    source_rows = tables.get(TABLE_FILES["sources"])
    claim_rows = tables.get(TABLE_FILES["claims"])
    entities = _check_entities(*entity_rows, report) if entity_rows is not None else None
    sources = _check_sources(source_rows[0], report) if source_rows is not None else None
    entity_ids = None if entities is None else {entity.id for entity in entities}
    claims = (
        _check_claims(
            *claim_rows,
            entity_ids,
            None if sources is None else {source.id for source in sources},
            report,
        )
        if claim_rows is not None
        else None
    )
    decision_rows = tables.get(DECISIONS_FILE)
    decisions = (
        _check_decisions(decision_rows[0], entity_ids or set(), report) if decision_rows is not None else []
    )
    if entities is not None:
        warn_lookalikes([entity.id for entity in entities], report, TABLE_FILES["entities"])
    if not report.ok or entities is None or sources is None or claims is None or decisions is None:
        return None
    types = tuple(
        sorted(
            {
                (table, *split_column(cell))
                for table, rows in (("entities", entity_rows), ("claims", claim_rows))
                if rows is not None
                for cell in rows[1]
                if split_column(cell)[1] != "string"
            }
        )
    )
    return Dataset(
        tuple(entities),
        tuple(claims),
        tuple(sources),
        name=name,
        decisions=tuple(decisions),
        attribute_types=types,
    )


TABLE_SCHEMAS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    TABLE_FILES["entities"]: (ENTITY_COLUMNS, (), "keep"),
    TABLE_FILES["claims"]: (CLAIM_COLUMNS, OPTIONAL_CLAIM_COLUMNS, "keep"),
    TABLE_FILES["sources"]: (SOURCE_COLUMNS, (), "ignore"),
    DECISIONS_FILE: (DECISION_COLUMNS, (), "ignore"),
}


def read_tables(
    files: Mapping[str, bytes], name: str, report: ImportReport | None = None
) -> tuple[Dataset | None, ImportReport]:
    """Parse and check the tables held in memory (file name → bytes); the three are required,
    decisions.csv is optional."""
    report = report if report is not None else ImportReport()
    counted = sum(csv_rows(files.get(TABLE_FILES[table], b"")) for table in ("entities", "claims"))
    if over_budget(name, counted, report):
        return None, report
    tables: dict[str, TableRows | None] = {}
    for file, (required, optional, extra) in TABLE_SCHEMAS.items():
        if file not in files:
            if file != DECISIONS_FILE:
                tables[file] = None
            continue
        rows, header = parse_table(files[file], file, required, optional, extra, report)
        tables[file] = None if rows is None else (rows, header)
    return check_rows(tables, name, report), report


def read_dataset(folder: str | Path) -> tuple[Dataset | None, ImportReport]:
    """Read and check a dataset folder. Returns ``(dataset, report)``; dataset is None on errors."""
    folder = Path(folder)
    report = ImportReport()
    if not folder.is_dir():
        report.add(
            "error",
            str(folder),
            None,
            None,
            "this is not a dataset folder.",
            f"give a folder that holds {', '.join(TABLE_FILES.values())}.",
        )
        return None, report
    tables: dict[str, TableRows | None] = {}
    counted = sum(
        file_rows(folder / TABLE_FILES[table])
        for table in ("entities", "claims")
        if (folder / TABLE_FILES[table]).is_file()
    )
    if over_budget(str(folder), counted, report):
        return None, report
    for file, (required, optional, extra) in TABLE_SCHEMAS.items():
        if file == DECISIONS_FILE and not (folder / file).is_file():
            continue
        rows, header, _ = read_table(folder / file, required, optional, extra, report)
        tables[file] = None if rows is None else (rows, header)
    return check_rows(tables, folder.name, report), report


def load_dataset(folder: str | Path | None = None) -> Dataset:
    """Read a dataset folder (the bundled NATO dataset when None); raise DatasetError on errors."""
    folder = BUNDLED_DATASET if folder is None else Path(folder)
    dataset, report = read_dataset(folder)
    if dataset is None:
        raise DatasetError(f"The dataset in {folder} was refused:", report)
    return dataset


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
                cells = {column: _unprotect(value.strip()) for column, value in cells.items()}
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


def resolve_path(path: str | Path | None) -> Path:
    """The bundled dataset for None, else the path, which must exist."""
    if path is None:
        return BUNDLED_DATASET
    resolved = Path(path)
    if not resolved.exists():
        raise InputError(f"{resolved} does not exist. Give a dataset folder or a graph file.")
    return resolved
