"""Checks on the rows of entities.csv, sources.csv and decisions.csv.

Each check turns rows into records of :mod:`graph.model` and reports every problem with
file, line and column; a row with an error is left out (the dataset is then refused).
"""

from __future__ import annotations

import re

from graph.budget import tick
from graph.build import RESERVED_NODE_KEYS
from graph.load.cells import attribute_columns, check_date, check_id, nfc, typed_cells
from graph.load.rows import Row
from graph.model import (
    DECISION_KINDS,
    DECISIONS_FILE,
    ENTITY_COLUMNS,
    SOURCE_KINDS,
    TABLE_FILES,
    Decision,
    Entity,
    Source,
)
from graph.report import ImportReport
from graph.text import lookalike_groups, mixed_script
from graph.vocabulary import ATTRIBUTES, ENTITY_TYPES


def check_entities(rows: list[Row], header: list[str], report: ImportReport) -> list[Entity] | None:
    """The entities of the rows; None when an attribute column clashes with the graph's own names."""
    file = TABLE_FILES["entities"]
    columns = attribute_columns(header, ENTITY_COLUMNS, file, report)
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
        entity = _entity(row, columns, first_line, report)
        if entity is not None:
            first_line[entity.id] = row.line
            entities.append(entity)
    return entities


def _entity(
    row: Row, columns: dict[str, tuple[str, str]], first_line: dict[str, int], report: ImportReport
) -> Entity | None:
    """One row's entity, or None when the row is skipped (``first_line``: the ids seen so far)."""
    file = TABLE_FILES["entities"]
    cells = row.cells
    entity_id = nfc(cells["id"], file, row.line, "id", report)
    if not check_id(entity_id, file, row.line, "id", report):
        return None
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
        return None
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
        return None
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
    attributes = typed_cells(cells, columns, file, row.line, report)
    if attributes is None:
        return None
    aliases = tuple(alias.strip() for alias in cells["aliases"].split("|") if alias.strip())
    return Entity(entity_id, entity_type, label, aliases, cells["description"], attributes)


def check_sources(rows: list[Row], report: ImportReport) -> list[Source]:
    """The sources of the rows; a repeated id, a URL that is not http(s) or a bad date skips a row."""
    file = TABLE_FILES["sources"]
    sources: list[Source] = []
    first_line: dict[str, int] = {}
    for row in rows:
        cells = row.cells
        source_id = cells["id"]
        if not check_id(source_id, file, row.line, "id", report):
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
        if not _source_fields_usable(row, report):
            continue
        published = check_date(cells["published"], file, row.line, "published", report)
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
                source_id,
                cells["title"],
                cells["publisher"],
                cells["author"],
                published or None,
                cells["url"],
                kind,
            )
        )
    return sources


def _source_fields_usable(row: Row, report: ImportReport) -> bool:
    """Warn about a missing title or URL; False (an error) for a URL that is not http(s)."""
    file = TABLE_FILES["sources"]
    source_id, url = row.cells["id"], row.cells["url"]
    if not row.cells["title"]:
        report.add(
            "warning",
            file,
            row.line,
            "title",
            f"source '{source_id}' has no title.",
            "add the title readers will see.",
        )
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
        return False
    return True


def check_decisions(rows: list[Row], entity_ids: set[str], report: ImportReport) -> list[Decision]:
    """The decisions of the rows; one naming an entity that is gone is kept, with a note or a warning."""
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
        _report_absent(row, entity_ids, report)
        date = check_date(cells["date"], file, row.line, "date", report)
        if date is None or not usable:
            continue
        decisions.append(
            Decision(
                cells["left"], cells["right"], cells["decision"], cells["by"], date or None, cells["note"]
            )
        )
    return decisions


def _report_absent(row: Row, entity_ids: set[str], report: ImportReport) -> None:
    """Say which of a decision's two ids is not an entity of the dataset."""
    cells = row.cells
    absent = [column for column in ("left", "right") if cells[column] not in entity_ids]
    if len(absent) == 1 and cells["decision"] == "same":
        # The usual case after a merge was written out: the merged-away id is gone and the
        # decision is the record of where it went.
        kept = "right" if absent[0] == "left" else "left"
        report.add(
            "info",
            DECISIONS_FILE,
            row.line,
            absent[0],
            f"'{cells[absent[0]]}' was merged into '{cells[kept]}'; the decision keeps that record.",
        )
        return
    for column in absent:
        report.add(
            "warning",
            DECISIONS_FILE,
            row.line,
            column,
            f"the decision names '{cells[column]}', which is not an entity of this dataset.",
            "check the id; a decision about an entity that is gone changes nothing.",
        )


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
