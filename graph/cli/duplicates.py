"""The dedupe command: list likely duplicate entities, best first, or apply a decisions file."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from graph.build import graph_to_dataset
from graph.cli.common import Commands, target_url, whole_dataset
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
from graph.store import open_store, redact_url
from graph.workspace import author_name


def command_dedupe(arguments: argparse.Namespace) -> int:
    if arguments.data is None:
        return _dedupe_store(arguments)
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
    if arguments.apply:
        decisions, _ = _with_applied(raw, decisions, arguments.apply)
    if not _checked(dataset, decisions, arguments.apply):
        return 1
    merged = apply_decisions(dataset, decisions)
    if arguments.apply:
        return _write_merged(arguments.output, dataset, merged, decisions, input_folder)
    return _list_candidates(merged, decisions, arguments.limit)


def _dedupe_store(arguments: argparse.Namespace) -> int:
    """dedupe on the current workspace (or --store): the decisions so far are those it holds (and
    --decisions FILE's); --apply writes the file's new decisions into it, as one logged write of
    kind "decision" that `store undo` takes back."""
    if arguments.output is not None:
        raise InputError(
            "-o OUT_DIR goes with --data FOLDER. On the workspace (or --store), --apply writes the "
            "decisions into it as one write (`python -m graph store undo` takes it back); "
            "`python -m graph export` writes its tables."
        )
    url = target_url(arguments)
    raw = whole_dataset(url)
    dataset = graph_to_dataset(graph_of(raw))
    given = read_decisions(arguments.decisions) if arguments.decisions else ()
    decisions = tuple(dict.fromkeys(raw.decisions + tuple(given)))
    new: tuple[Decision, ...] = ()
    if arguments.apply:
        decisions, new = _with_applied(raw, decisions, arguments.apply)
    if not _checked(dataset, decisions, arguments.apply):
        return 1
    merged = apply_decisions(dataset, decisions)
    if not arguments.apply:
        return _list_candidates(merged, decisions, arguments.limit)
    if not new:
        print(f"Nothing to write: {redact_url(url)} holds every decision of {arguments.apply.name} already.")
        return 0
    store = open_store(url)
    try:
        note = f"dedupe --apply {arguments.apply.name}"
        result = store.write(Dataset(decisions=new), author=author_name(), note=note, kind="decision")
    finally:
        store.close()
    print(
        f"Wrote {len(new)} decisions to {redact_url(url)} as write {result.batch}: merged away "
        f"{len(dataset.entities) - len(merged.entities)} entities ({len(merged.entities)} entities). "
        "`python -m graph store undo` takes it back."
    )
    return 0


def _with_applied(
    raw: Dataset, decisions: tuple[Decision, ...], path: Path
) -> tuple[tuple[Decision, ...], tuple[Decision, ...]]:
    """The decisions so far with those of the file ``path`` (rows naming no entity of the dataset,
    nor one a recorded decision merged away, set aside with a warning), and the file's new ones."""
    known = {entity.id for entity in raw.entities} | {
        name for decision in decisions for name in (decision.left, decision.right)
    }
    kept, set_aside = set_aside_unknown(read_numbered_decisions(path), known, path.name)
    for issue in set_aside.issues:
        print(issue.format(), file=sys.stderr)
    taken = {(frozenset((d.left, d.right)), d.decision) for d in decisions}
    new = tuple(d for d in dict.fromkeys(kept) if (frozenset((d.left, d.right)), d.decision) not in taken)
    return tuple(dict.fromkeys(decisions + kept)), new


def _checked(dataset: Dataset, decisions: Sequence[Decision], applying: object) -> bool:
    """Print what the person should know about the decisions (notes too when applying); False when
    they cannot be applied."""
    report = check_decisions(dataset, decisions)
    for issue in report.issues:
        if issue.severity != "info" or applying:
            print(issue.format(), file=sys.stderr)
    return report.ok


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
        help="decisions taken so far (default: those the workspace or --store holds; with --data, "
        "decisions.csv in its folder, when present)",
    )
    dedupe.add_argument("--limit", type=int, default=20, help="list at most this many pairs (default 20)")
    dedupe.add_argument(
        "--apply",
        type=Path,
        metavar="FILE",
        help="apply this decisions file: write its new decisions into the workspace (or --store) as one "
        "undoable write; with --data, write the merged tables to -o",
    )
    dedupe.add_argument(
        "-o", "--output", type=Path, help="the folder for the merged tables (with --data and --apply)"
    )
