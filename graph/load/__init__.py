"""Read a dataset folder (entities.csv, claims.csv, sources.csv) into a checked :class:`Dataset`.

Reading never guesses: ids stay strings (``007`` stays ``007``, ``NA`` stays ``NA``),
every problem becomes an entry of the :class:`ImportReport` with file, line and
column, and a dataset with any error is refused as a whole.

Modules, from the bottom up: :mod:`~graph.load.rows` (a row of a table, cleaning),
:mod:`~graph.load.tables` (CSV bytes into rows and a dataset back into CSV),
:mod:`~graph.load.cells` (checks on ids, dates and typed cells),
:mod:`~graph.load.entities` (entities, sources, decisions), :mod:`~graph.load.claims`
(claims) and :mod:`~graph.load.dataset` (the one validator, :func:`check_rows`, and the
readers of folders and of tables in memory).

>>> dataset, report = read_dataset(BUNDLED_DATASET)
>>> report.ok, dataset.name
(True, 'nato')
"""

from __future__ import annotations

from graph.load.cells import TYPE_PHRASES
from graph.load.dataset import (
    BUNDLED_DATASET,
    TABLE_SCHEMAS,
    check_rows,
    load_dataset,
    read_dataset,
    read_tables,
    resolve_path,
)
from graph.load.entities import warn_lookalikes
from graph.load.rows import Row, TableRows, clean_rows
from graph.load.tables import dataset_rows, dataset_tables, parse_table, read_table, write_dataset

__all__ = [
    "BUNDLED_DATASET",
    "TABLE_SCHEMAS",
    "TYPE_PHRASES",
    "Row",
    "TableRows",
    "check_rows",
    "clean_rows",
    "dataset_rows",
    "dataset_tables",
    "load_dataset",
    "parse_table",
    "read_dataset",
    "read_table",
    "read_tables",
    "resolve_path",
    "warn_lookalikes",
    "write_dataset",
]
