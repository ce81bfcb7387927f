"""The dedupe command: list likely duplicate entities, best first, or apply a decisions file."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from graph.build import graph_to_dataset
from graph.cli.common import Commands
from graph.dedupe import (
    apply_decisions,
    candidates,
    check_decisions,
    check_output_folder,
    read_decisions,
    read_numbered_decisions,
    set_aside_unknown,
    write_merged,
)
from graph.errors import DatasetError, InputError
from graph.load import resolve_path
from graph.model import DECISIONS_FILE, Dataset, Decision
from graph.output import check_output_folder as check_not_an_input
from graph.readers import check_dataset, graph_of, read_path
from graph.report import ImportReport


def command_dedupe(arguments: argparse.Namespace) -> int:
    folder = resolve_path(arguments.data)
    input_folder = folder if folder.is_dir() else None
    if arguments.apply:
        if arguments.output is None:
            raise InputError("--apply needs -o OUT_DIR, the folder for the merged tables.")
        check_output_folder(arguments.output, input_folder)
        check_not_an_input(arguments.output, [arguments.decisions, arguments.apply])
    raw = _read(folder)
    dataset = graph_to_dataset(graph_of(raw))
    recorded = arguments.decisions or (folder / DECISIONS_FILE if input_folder else None)
    given = arguments.decisions is not None
    decisions = read_decisions(recorded) if recorded is not None and (given or recorded.exists()) else ()
    set_aside = ImportReport()
    if arguments.apply:
        # New rows may name the dataset's entities, or ids that recorded decisions merged away.
        known = {entity.id for entity in raw.entities} | {
            name for decision in decisions for name in (decision.left, decision.right)
        }
        kept, set_aside = set_aside_unknown(
            read_numbered_decisions(arguments.apply), known, arguments.apply.name
        )
        decisions = tuple(dict.fromkeys(decisions + kept))
    report = check_decisions(dataset, decisions)
    for issue in [*set_aside.issues, *report.issues]:
        if issue.severity != "info" or arguments.apply:
            print(issue.format(), file=sys.stderr)
    if not report.ok:
        return 1
    merged = apply_decisions(dataset, decisions)
    if arguments.apply:
        return _write_merged(arguments.output, dataset, merged, decisions, input_folder)
    return _list_candidates(merged, decisions, arguments.limit)


def _read(folder: Path) -> Dataset:
    """The dataset at ``folder`` as its files hold it, before any decision merges entities."""
    dataset, report = read_path(folder)
    if dataset is None:
        where = f"The dataset in {folder}" if folder.is_dir() else f"The file {folder}"
        raise DatasetError(f"{where} was refused:", report)
    return dataset


def _write_merged(
    output: Path, dataset: Dataset, merged: Dataset, decisions: Sequence[Decision], input_folder: Path | None
) -> int:
    """Write the merged tables to ``output`` when they pass the checks any dataset passes."""
    _, checked = check_dataset(merged)
    print(checked.format())
    if not checked.ok:
        print("The merged tables were refused; nothing was written.", file=sys.stderr)
        return 1
    target = write_merged(merged, output, input_folder)
    print(
        f"Merged away {len(dataset.entities) - len(merged.entities)} entities: "
        f"{len(merged.entities)} entities, "
        f"{len(merged.claims)} claims (from {len(dataset.claims)}; claims made identical are kept once), "
        f"{len(decisions)} decisions. Wrote {target}."
    )
    return 0


def _list_candidates(merged: Dataset, decisions: Sequence[Decision], limit: int | None) -> int:
    """Print the candidate pairs, best first (progress on a terminal when scoring takes a while)."""
    terminal = sys.stderr.isatty()
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if terminal and time.perf_counter() - started > 1:
            print(f"\rscoring pairs: {done:,}/{total:,}", end="", file=sys.stderr, flush=True)

    queue = candidates(merged, decisions, progress=progress)
    if terminal and time.perf_counter() - started > 1:
        print(file=sys.stderr)
    shown = queue if limit is None else queue[:limit]
    print(
        f"{len(queue)} candidate pair(s) among {len(merged.entities)} entities "
        f"({time.perf_counter() - started:.2f} s); {len(decisions)} decision(s) applied or set aside."
    )
    for candidate in shown:
        print(
            f"{candidate.score:.2f}  {candidate.left} ({candidate.left_label})  ~  "
            f"{candidate.right} ({candidate.right_label})"
        )
        for reason in candidate.reasons:
            print(f"      {reason}")
    if len(shown) < len(queue):
        print(f"… and {len(queue) - len(shown)} more (--limit).")
    return 0


def add_commands(commands: Commands) -> None:
    """dedupe."""
    dedupe = commands.add(
        "dedupe", command_dedupe, "List likely duplicate entities, best first, or apply a decisions file."
    )
    dedupe.add_argument(
        "--decisions",
        type=Path,
        help="decisions taken so far (default: decisions.csv in the --data folder, when present)",
    )
    dedupe.add_argument("--limit", type=int, default=20, help="list at most this many pairs (default 20)")
    dedupe.add_argument(
        "--apply",
        type=Path,
        metavar="FILE",
        help="apply this decisions file and write the merged tables to -o",
    )
    dedupe.add_argument("-o", "--output", type=Path, help="the folder for the merged tables (with --apply)")
