"""Read a dataset folder (entities.csv, claims.csv, sources.csv) into a checked :class:`Dataset`.

Reading never guesses: ids stay strings (``007`` stays ``007``, ``NA`` stays ``NA``),
every problem becomes an entry of the :class:`ImportReport` with file, line and
column, and a dataset with any error is refused as a whole.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from graph.build import RESERVED_NODE_KEYS
from graph.dates import DateFormatError, parse_date
from graph.errors import DatasetError, InputError
from graph.model import (
    CLAIM_COLUMNS,
    ENTITY_COLUMNS,
    OPTIONAL_CLAIM_COLUMNS,
    SOURCE_COLUMNS,
    SOURCE_KINDS,
    TABLE_FILES,
    Claim,
    Dataset,
    Entity,
    Source,
    claim_row,
    entity_row,
    source_row,
)
from graph.report import ImportReport
from graph.vocabulary import ATTRIBUTES, ENTITY_TYPES, RELATIONS

BUNDLED_DATASET = Path(__file__).resolve().parent.parent / "data" / "nato"
MAX_TABLE_BYTES = 50 * 1024 * 1024
_BAD_ID = re.compile(r"[\s\x00-\x1f\x7f]")


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
        return data.decode("utf-8")
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


def read_table(
    path: Path,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    extra_columns: str = "ignore",
    report: ImportReport | None = None,
) -> tuple[list[Row] | None, list[str], ImportReport]:
    """Read one CSV table as strings.

    Returns the rows (None when the file cannot be read as this table at all), the
    header and the report. ``extra_columns`` is ``"ignore"`` (an
    extra column is a warning and is dropped) or ``"keep"`` (it is kept and noted).
    """
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
    if size > MAX_TABLE_BYTES:
        report.add(
            "error",
            file,
            None,
            None,
            f"the file is {size:,} bytes; the limit is {MAX_TABLE_BYTES:,}.",
            "split the dataset or raise graph.load.MAX_TABLE_BYTES.",
        )
        return None, [], report
    text = _decode(path.read_bytes(), file, report)
    if text is None:
        return None, [], report
    if not text.strip():
        report.add(
            "error",
            file,
            None,
            None,
            "the file is empty.",
            f"it needs a header row: {','.join(required)}.",
        )
        return None, [], report

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
        return None, [], report

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
        return None, [], report
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
                report.add(
                    "info", file, header_line, name, f"the extra column '{name}' is loaded as an attribute."
                )
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
        return None, header, report

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
    return rows, header, report


def _unprotect(cell: str) -> str:
    """Drop the apostrophe our CSV exports put before formula-like cells ('=x → =x)."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r\n":
        return cell[1:]
    return cell


def _check_id(value: str, file: str, line: int, column: str, report: ImportReport) -> bool:
    if not value:
        report.add("error", file, line, column, f"the {column} is empty.", "give every row an id.")
        return False
    if _BAD_ID.search(value):
        report.add(
            "error",
            file,
            line,
            column,
            f"the {column} {value!r} contains spaces or control characters.",
            "use a slug such as state:RUS or person:wiermann.",
        )
        return False
    return True


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


def _read_entities(folder: Path, report: ImportReport) -> list[Entity] | None:
    file = TABLE_FILES["entities"]
    rows, header, _ = read_table(folder / file, ENTITY_COLUMNS, extra_columns="keep", report=report)
    if rows is None:
        return None
    extra = [name for name in header if name and name not in ENTITY_COLUMNS]
    for name in [name for name in extra if name in RESERVED_NODE_KEYS or name in ATTRIBUTES]:
        report.add(
            "error",
            file,
            1,
            name,
            f"the column '{name}' clashes with a name the graph uses for its own data.",
            "rename the column (for a sourced value, make it a claim instead).",
        )
    if any(name in RESERVED_NODE_KEYS or name in ATTRIBUTES for name in extra):
        return None
    entities: list[Entity] = []
    first_line: dict[str, int] = {}
    for row in rows:
        cells = row.cells
        entity_id = cells["id"]
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
        first_line[entity_id] = row.line
        aliases = tuple(alias.strip() for alias in cells["aliases"].split("|") if alias.strip())
        attributes = tuple(sorted((name, cells[name]) for name in extra if cells[name]))
        entities.append(Entity(entity_id, entity_type, label, aliases, cells["description"], attributes))
    return entities


def _read_sources(folder: Path, report: ImportReport) -> list[Source] | None:
    file = TABLE_FILES["sources"]
    rows, _, _ = read_table(folder / file, SOURCE_COLUMNS, report=report)
    if rows is None:
        return None
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


def _read_claims(
    folder: Path, entity_ids: set[str] | None, source_ids: set[str] | None, report: ImportReport
) -> list[Claim] | None:
    """Read claims; ``None`` for ids means that table could not be read, so its ids are not checked."""
    file = TABLE_FILES["claims"]
    rows, _, _ = read_table(folder / file, CLAIM_COLUMNS, OPTIONAL_CLAIM_COLUMNS, report=report)
    if rows is None:
        return None
    known = ", ".join(list(RELATIONS) + list(ATTRIBUTES))
    claims: list[Claim] = []
    first_line: dict[Claim, int] = {}
    for row in rows:
        cells = {name: row.cells.get(name, "") for name in CLAIM_COLUMNS + OPTIONAL_CLAIM_COLUMNS}
        line = row.line
        usable = True
        subject, relation, target = cells["subject"], cells["relation"], cells["object"]
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
        if not usable:
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
    entities = _read_entities(folder, report)
    sources = _read_sources(folder, report)
    claims = _read_claims(
        folder,
        None if entities is None else {entity.id for entity in entities},
        None if sources is None else {source.id for source in sources},
        report,
    )
    if not report.ok or entities is None or sources is None or claims is None:
        return None, report
    return Dataset(tuple(entities), tuple(claims), tuple(sources), name=folder.name), report


def load_dataset(folder: str | Path | None = None) -> Dataset:
    """Read a dataset folder (the bundled NATO dataset when None); raise DatasetError on errors."""
    folder = BUNDLED_DATASET if folder is None else Path(folder)
    dataset, report = read_dataset(folder)
    if dataset is None:
        raise DatasetError(f"The dataset in {folder} was refused:", report)
    return dataset


def write_dataset(dataset: Dataset, folder: str | Path) -> Path:
    """Write the three tables as UTF-8 CSV into ``folder`` (created if needed)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    extra = sorted({name for entity in dataset.entities for name, _ in entity.attributes})
    tables = {
        "entities": (list(ENTITY_COLUMNS) + extra, [entity_row(e) for e in dataset.entities]),
        "claims": (list(CLAIM_COLUMNS + OPTIONAL_CLAIM_COLUMNS), [claim_row(c) for c in dataset.claims]),
        "sources": (list(SOURCE_COLUMNS), [source_row(s) for s in dataset.sources]),
    }
    for table, (columns, rows) in tables.items():
        with open(folder / TABLE_FILES[table], "w", encoding="utf-8", newline="") as handle:
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
