"""Decisions about duplicates: checking, reading and writing decisions.csv, recording one, and
writing the merged tables.

A decision (``same``, ``not_same`` or ``later``) is a row of the dataset's decisions table;
applying them (graph.build.apply_decisions, which every reader calls) merges each ``same``
pair. Decisions are data, not state: undoing one is removing its row and applying again.

>>> from graph.model import Dataset, Decision, Entity
>>> dataset = Dataset((Entity("state:TUR", "state", "Türkiye"),), (), ())
>>> report = check_decisions(dataset, [Decision("state:TUR", "state:turkey", "same")])
>>> [issue.message for issue in report.issues]
["'state:TUR' same 'state:turkey': 'state:turkey' is merged already (or gone)."]
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import networkx as nx

from graph.build import effective_decisions, graph_to_dataset, merge_map
from graph.dates import is_valid_date
from graph.errors import InputError
from graph.load import read_table, write_dataset
from graph.model import DECISION_COLUMNS, DECISION_KINDS, DECISIONS_FILE, Dataset, Decision, decision_row
from graph.output import write_folder
from graph.readers import check_dataset
from graph.report import ImportReport
from graph.text import neutralise_formula


def check_decisions(dataset: Dataset, decisions: Sequence[Decision] | None = None) -> ImportReport:
    """What a person should know about decisions before they are applied (file: decisions.csv)."""
    decisions = dataset.decisions if decisions is None else decisions
    report = ImportReport()
    known = {entity.id: entity for entity in dataset.entities}
    file = DECISIONS_FILE
    seen: dict[frozenset[str], Decision] = {}
    for decision in decisions:
        pair = frozenset((decision.left, decision.right))
        text = f"'{decision.left}' {decision.decision} '{decision.right}'"
        earlier = seen.get(pair)
        if earlier is not None and earlier.decision != decision.decision:
            report.add(
                "info", file, None, None, f"{text} replaces the earlier '{earlier.decision}' about this pair."
            )
        seen[pair] = decision
        missing = [value for value in (decision.left, decision.right) if value not in known]
        if len(missing) == 2:
            report.add(
                "warning",
                file,
                None,
                "left",
                f"{text}: neither entity is in this dataset.",
                "remove the row if both entities are gone.",
            )
        elif missing and decision.decision == "same":
            report.add("info", file, None, None, f"{text}: '{missing[0]}' is merged already (or gone).")
    try:
        mapping = merge_map(dataset, decisions)
    except InputError as error:
        report.add("error", file, None, "decision", str(error).partition(": ")[2])
        return report
    for decision in effective_decisions(decisions):
        left, right = mapping.get(decision.left, decision.left), mapping.get(decision.right, decision.right)
        if (
            decision.decision == "not_same"
            and left == right
            and decision.left in known
            and decision.right in known
        ):
            report.add(
                "warning",
                file,
                None,
                "decision",
                f"'{decision.left}' and '{decision.right}' are decided not to be the same, but other "
                f"'same' decisions merge both into '{left}'.",
                "remove one of the 'same' rows that join them, or this row.",
            )
    return report


def read_decisions(path: str | Path) -> tuple[Decision, ...]:
    """Read a decisions table (left, right, decision, by, date, note).

    Raises InputError naming the file, line and column of every problem.
    """
    return tuple(decision for _, decision in read_numbered_decisions(path))


def set_aside_unknown(
    numbered: Iterable[tuple[int, Decision]], known: Collection[str], file: str
) -> tuple[tuple[Decision, ...], ImportReport]:
    """The decisions whose two ids are in ``known`` (the dataset's entities, before any merge).

    Any other row is a typo or names an entity the dataset never had: it is set aside, with
    a warning naming its line, so that it is neither applied nor written back.

    >>> rows = [(2, Decision("state:FIN", "state:NOPE", "same")), (3, Decision("a", "b", "later"))]
    >>> kept, report = set_aside_unknown(rows, {"state:FIN", "a", "b"}, "decisions.csv")
    >>> kept == (rows[1][1],), [issue.format() for issue in report.issues][0][:60]
    (True, "WARNING decisions.csv:2 [right]: 'state:NOPE' is not an enti")
    """
    report = ImportReport()
    kept = []
    for line, decision in numbered:
        missing = [
            (side, value)
            for side, value in (("left", decision.left), ("right", decision.right))
            if value not in known
        ]
        for side, value in missing:
            report.add(
                "warning",
                file,
                line,
                side,
                f"'{value}' is not an entity of this dataset; the row "
                f"'{decision.left},{decision.right},{decision.decision}' is set aside and not written back.",
                "correct the id (the entity ids are in entities.csv, e.g. state:FIN) or remove the row.",
            )
        if not missing:
            kept.append(decision)
    return tuple(kept), report


def read_numbered_decisions(path: str | Path) -> tuple[tuple[int, Decision], ...]:
    """Each decision of a decisions table with the line it is on (see :func:`read_decisions`)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(
            f"{path} does not exist or is not a file. Give a decisions table with the columns "
            f"{','.join(DECISION_COLUMNS)}."
        )
    report = ImportReport()
    rows, _, _ = read_table(path, DECISION_COLUMNS, report=report)
    decisions: list[tuple[int, Decision]] = []
    for row in rows or []:
        decision = _decision(row.cells, path.name, row.line, report)
        if decision is not None:
            decisions.append((row.line, decision))
    if not report.ok:
        problems = "\n".join(issue.format() for issue in report.errors)
        raise InputError(f"The decisions in {path} were refused:\n{problems}")
    return tuple(decisions)


def _decision(cells: dict[str, str], file: str, line: int, report: ImportReport) -> Decision | None:
    """The decision a row records, or None when the row has errors (each added to ``report``)."""
    problems: list[tuple[str, str, str]] = []  # (column, message, hint)
    for column in ("left", "right"):
        if not cells[column] or re.search(r"\s", cells[column]):
            message = (
                f"'{cells[column]}' is not an entity id." if cells[column] else f"the {column} id is empty."
            )
            problems.append((column, message, "give the ids of both entities, e.g. state:TUR."))
    if not problems and cells["left"] == cells["right"]:
        problems.append(("right", "the decision names one entity twice.", "name two entities."))
    if cells["decision"] not in DECISION_KINDS:
        problems.append(
            (
                "decision",
                f"unknown decision {cells['decision']!r}.",
                f"use one of: {', '.join(DECISION_KINDS)}.",
            )
        )
    if cells["date"] and not is_valid_date(cells["date"]):
        problems.append(
            (
                "date",
                f"{cells['date']!r} is not an ISO date.",
                "write dates as YYYY-MM-DD (or YYYY-MM, YYYY).",
            )
        )
    for column, message, hint in problems:
        report.add("error", file, line, column, message, hint)
    if problems:
        return None
    return Decision(
        cells["left"], cells["right"], cells["decision"], cells["by"], cells["date"] or None, cells["note"]
    )


def write_decisions(decisions: Iterable[Decision], path: str | Path) -> Path:
    """Write the decisions table as UTF-8 CSV (cells a spreadsheet would run get an apostrophe)."""
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(DECISION_COLUMNS), lineterminator="\n")
        writer.writeheader()
        for decision in decisions:
            writer.writerow(
                {name: neutralise_formula(value) for name, value in decision_row(decision).items()}
            )
    return path


# ---- writing the merged tables ----------------------------------------------------------------

_TABLE_NAMES = frozenset({"entities.csv", "claims.csv", "sources.csv", DECISIONS_FILE})


def check_output_folder(folder: str | Path, input_folder: str | Path | None = None) -> Path:
    """The resolved ``folder`` when the merged tables may go there; InputError when not.

    It may be new, empty, or an earlier output that holds only our tables; never
    ``input_folder`` or a folder inside it.
    """
    target = Path(folder).resolve()
    if input_folder is not None:
        source = Path(input_folder).resolve()
        if target == source or source in target.parents:
            raise InputError(
                f"{folder} is the input dataset's folder (or inside it); write the merged tables to a "
                "new folder, check them, then replace the input yourself."
            )
    if target.exists():
        if not target.is_dir():
            raise InputError(
                f"{folder} exists and is not a folder; choose a new folder for the merged tables."
            )
        strangers = sorted(path.name for path in target.iterdir() if path.name not in _TABLE_NAMES)
        if strangers:
            raise InputError(
                f"{folder} holds files that are not our tables ({', '.join(strangers[:3])}); "
                "choose a new or empty folder for the merged tables."
            )
    return target


def write_merged(dataset: Dataset, folder: str | Path, input_folder: str | Path | None = None) -> Path:
    """Write the tables (and ``decisions.csv`` when there are decisions) into ``folder`` atomically.

    The tables are written into a temporary folder next to ``folder``, whose files then take
    their places (graph.output.write_folder), so a reader never sees half a dataset. See
    :func:`check_output_folder` for where they may go.
    """
    target = check_output_folder(folder, input_folder)

    def write(staging: Path) -> None:
        write_dataset(dataset, staging)
        if dataset.decisions:
            write_decisions(dataset.decisions, staging / DECISIONS_FILE)

    return write_folder(target, write, replaces=_TABLE_NAMES)


def decide(G: nx.MultiDiGraph, decision: Decision) -> tuple[nx.MultiDiGraph | None, ImportReport]:
    """``G`` with one more decision recorded (and applied, for ``same``), checked as any dataset is.

    The app and the command line both call this; undoing a decision is going back to the graph
    before it, or removing its row from decisions.csv.
    """
    dataset = graph_to_dataset(G)
    return check_dataset(replace(dataset, decisions=(*dataset.decisions, decision)))
