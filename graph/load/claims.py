"""Checks on the rows of claims.csv: who or what, which relation, when, and from which source.

A claim names entities (subject and, for a relation, object) that entities.csv must hold,
a relation or an attribute of the vocabulary, a period whose end is not before its start,
and a source of sources.csv. Every problem is reported with its line and column.
"""

from __future__ import annotations

import re

from graph.budget import tick
from graph.dates import parse_date
from graph.load.cells import attribute_columns, check_date, nfc, typed_cells
from graph.load.rows import Row
from graph.model import CLAIM_COLUMNS, OPTIONAL_CLAIM_COLUMNS, TABLE_FILES, Claim
from graph.report import ImportReport
from graph.vocabulary import ATTRIBUTES, RELATIONS

FILE = TABLE_FILES["claims"]


def check_claims(
    rows: list[Row],
    header: list[str],
    entity_ids: set[str] | None,
    source_ids: set[str] | None,
    report: ImportReport,
) -> list[Claim]:
    """Check claims; ``None`` for ids means that table could not be read, so its ids are not checked."""
    columns = attribute_columns(header, CLAIM_COLUMNS + OPTIONAL_CLAIM_COLUMNS, FILE, report)
    claims: list[Claim] = []
    first_line: dict[Claim, int] = {}
    for row in rows:
        tick()
        claim = _claim(row, columns, entity_ids, source_ids, report)
        if claim is None:
            continue
        if claim in first_line:
            report.add(
                "warning",
                FILE,
                row.line,
                None,
                f"this claim repeats line {first_line[claim]} and is skipped.",
                "delete one of the two rows.",
            )
            continue
        first_line[claim] = row.line
        claims.append(claim)
    return claims


def _claim(
    row: Row,
    columns: dict[str, tuple[str, str]],
    entity_ids: set[str] | None,
    source_ids: set[str] | None,
    report: ImportReport,
) -> Claim | None:
    """One row's claim, or None when the row has an error (every error of the row is reported)."""
    cells = {name: row.cells.get(name, "") for name in CLAIM_COLUMNS + OPTIONAL_CLAIM_COLUMNS}
    line = row.line
    subject = nfc(cells["subject"], FILE, line, "subject", report)
    relation, target = cells["relation"], cells["object"]
    if relation in RELATIONS:
        target = nfc(target, FILE, line, "object", report)
    usable = _known_entity(subject, "subject", entity_ids, line, report)
    if relation in RELATIONS:
        usable = _object_usable(subject, relation, target, entity_ids, line, report) and usable
    elif relation in ATTRIBUTES:
        usable = _value_usable(relation, target, line, report) and usable
    else:
        report.add(
            "error",
            FILE,
            line,
            "relation",
            f"unknown relation '{relation}'." if relation else "the claim has no relation.",
            f"use one of: {', '.join(list(RELATIONS) + list(ATTRIBUTES))}.",
        )
        usable = False
    period = _period(cells["start"], cells["end"], line, report)
    usable = period is not None and usable
    usable = _source_usable(cells["source"], source_ids, line, report) and usable
    attributes = typed_cells(row.cells, columns, FILE, line, report)
    if not usable or attributes is None or period is None:
        return None
    start, end = period
    return Claim(
        subject,
        relation,
        target,
        cells["source"],
        start or None,
        end or None,
        cells["locator"],
        cells["note"],
        cells["role"],
        attributes,
    )


def _known_entity(
    value: str, column: str, entity_ids: set[str] | None, line: int, report: ImportReport
) -> bool:
    """False, with an error, when ``value`` is empty or not an entity id (ids unknown: not checked)."""
    if not value:
        report.add("error", FILE, line, column, f"the claim has no {column}.", "name an entity id.")
        return False
    if entity_ids is not None and value not in entity_ids:
        report.add(
            "error",
            FILE,
            line,
            column,
            f"unknown entity '{value}'.",
            "add it to entities.csv or correct the id.",
        )
        return False
    return True


def _object_usable(
    subject: str, relation: str, target: str, entity_ids: set[str] | None, line: int, report: ImportReport
) -> bool:
    """The object of a relation: a known entity; a self-loop is a warning."""
    if not _known_entity(target, "object", entity_ids, line, report):
        return False
    if target == subject:
        report.add(
            "warning",
            FILE,
            line,
            "object",
            f"'{subject}' {relation} itself (a self-loop).",
            "check the subject and object.",
        )
    return True


def _value_usable(attribute: str, value: str, line: int, report: ImportReport) -> bool:
    """The value of an attribute claim: present, and a date or a whole number when the attribute says so."""
    kind = ATTRIBUTES[attribute]
    if not value:
        report.add(
            "error",
            FILE,
            line,
            "object",
            f"the '{attribute}' claim has no value.",
            "write the value in the object column.",
        )
        return False
    if kind == "date":
        return check_date(value, FILE, line, "object", report) is not None
    if kind == "integer" and not re.fullmatch(r"\d+", value):
        report.add(
            "error",
            FILE,
            line,
            "object",
            f"'{attribute}' needs a whole number, not {value!r}.",
            "write digits only, e.g. 38.",
        )
        return False
    return True


def _period(start_text: str, end_text: str, line: int, report: ImportReport) -> tuple[str, str] | None:
    """The claim's start and end (empty when open); None when a date is bad or the end comes first."""
    start = check_date(start_text, FILE, line, "start", report)
    end = check_date(end_text, FILE, line, "end", report)
    if start is None or end is None:
        return None
    if start and end and parse_date(start) > parse_date(end):
        report.add(
            "error",
            FILE,
            line,
            "end",
            f"the end {end} is before the start {start}.",
            "swap them or correct one.",
        )
        return None
    if start and end and parse_date(start) == parse_date(end):
        report.add(
            "warning",
            FILE,
            line,
            "end",
            f"start and end are both {start}, so the claim holds on no day (the end is exclusive).",
            "set the end to the day after the last day it held.",
        )
    return start, end


def _source_usable(source: str, source_ids: set[str] | None, line: int, report: ImportReport) -> bool:
    """Every claim cites a source of sources.csv (not checked when that table could not be read)."""
    if not source:
        report.add(
            "error",
            FILE,
            line,
            "source",
            "the claim has no source.",
            "cite a source id from sources.csv; every claim needs one.",
        )
        return False
    if source_ids is not None and source not in source_ids:
        report.add(
            "error",
            FILE,
            line,
            "source",
            f"unknown source '{source}'.",
            "add it to sources.csv or correct the id.",
        )
        return False
    return True
