"""Read a dataset (a folder, or its tables held in memory) into a checked :class:`Dataset`.

:func:`check_rows` is the one validator: folders, uploads, zips, snapshots and merges all
come to it. Every problem becomes an entry of the :class:`~graph.report.ImportReport` with
file, line and column, and a dataset with any error is refused as a whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from graph.budget import csv_rows, file_rows, over_budget
from graph.errors import DatasetError, InputError
from graph.load.claims import check_claims
from graph.load.entities import check_decisions, check_entities, check_sources, warn_lookalikes
from graph.load.rows import TableRows, clean_rows
from graph.load.tables import parse_table, read_table
from graph.model import (
    CLAIM_COLUMNS,
    DECISION_COLUMNS,
    DECISIONS_FILE,
    ENTITY_COLUMNS,
    OPTIONAL_CLAIM_COLUMNS,
    SOURCE_COLUMNS,
    TABLE_FILES,
    Dataset,
    split_column,
)
from graph.report import ImportReport

BUNDLED_DATASET = Path(__file__).resolve().parents[2] / "data" / "nato"

# File name → (required columns, optional columns, what to do with other columns).
TABLE_SCHEMAS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    TABLE_FILES["entities"]: (ENTITY_COLUMNS, (), "keep"),
    TABLE_FILES["claims"]: (CLAIM_COLUMNS, OPTIONAL_CLAIM_COLUMNS, "keep"),
    TABLE_FILES["sources"]: (SOURCE_COLUMNS, (), "ignore"),
    DECISIONS_FILE: (DECISION_COLUMNS, (), "ignore"),
}


def check_rows(
    tables: Mapping[str, TableRows | None], name: str, report: ImportReport, clean: bool = False
) -> Dataset | None:
    """Check the rows of the tables (keyed by file name; None: a table that could not be read).

    This is the one validator: folders, uploads, zips, snapshots and merges all come here.
    ``clean``: rows that did not come through a UTF-8 file (snapshots, merges) are cleaned of
    invalid text first (:func:`~graph.load.rows.clean_rows`).
    """
    if clean:
        tables = {
            file: None if rows is None else (clean_rows(file, rows[0], report), rows[1])
            for file, rows in tables.items()
        }
    entity_rows = tables.get(TABLE_FILES["entities"])
    source_rows = tables.get(TABLE_FILES["sources"])
    claim_rows = tables.get(TABLE_FILES["claims"])
    entities = check_entities(*entity_rows, report) if entity_rows is not None else None
    sources = check_sources(source_rows[0], report) if source_rows is not None else None
    entity_ids = None if entities is None else {entity.id for entity in entities}
    claims = (
        check_claims(
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
        check_decisions(decision_rows[0], entity_ids or set(), report) if decision_rows is not None else []
    )
    if entities is not None:
        warn_lookalikes([entity.id for entity in entities], report, TABLE_FILES["entities"])
    if not report.ok or entities is None or sources is None or claims is None:
        return None
    return Dataset(
        tuple(entities),
        tuple(claims),
        tuple(sources),
        name=name,
        decisions=tuple(decisions),
        attribute_types=_attribute_types({"entities": entity_rows, "claims": claim_rows}),
    )


def _attribute_types(tables: Mapping[str, TableRows | None]) -> tuple[tuple[str, str, str], ...]:
    """(table, column, type) of every typed attribute column (``weight:double``), sorted."""
    return tuple(
        sorted(
            {
                (table, *split_column(cell))
                for table, rows in tables.items()
                if rows is not None
                for cell in rows[1]
                if split_column(cell)[1] != "string"
            }
        )
    )


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
    """Read a dataset folder (the bundled NATO dataset when None); raise DatasetError on errors.

    >>> len(load_dataset().entities) > 100
    True
    """
    folder = BUNDLED_DATASET if folder is None else Path(folder)
    dataset, report = read_dataset(folder)
    if dataset is None:
        raise DatasetError(f"The dataset in {folder} was refused:", report)
    return dataset


def resolve_path(path: str | Path | None) -> Path:
    """The bundled dataset for None, else the path, which must exist."""
    if path is None:
        return BUNDLED_DATASET
    resolved = Path(path)
    if not resolved.exists():
        raise InputError(f"{resolved} does not exist. Give a dataset folder or a graph file.")
    return resolved
