"""The ingest command: propose sourced claims from an article's text, as tables to review, merged
into the current workspace (or --store) as one logged write, or merged into the dataset already
in the output folder. Names are matched against the workspace (or --store, or --data)."""

from __future__ import annotations

import argparse
import json
import stat
from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx

from graph import load_graph
from graph.build import graph_to_dataset
from graph.cli.common import Commands, target_url, whole_dataset
from graph.dates import DateFormatError, parse_date
from graph.errors import DatasetError, InputError
from graph.ingest import Proposal, extract
from graph.ingest.merge import MergeConflict, merge_proposal
from graph.ingest.workflow import merge, quiet_sentences
from graph.load import resolve_path, write_dataset
from graph.model import TABLE_FILES, Dataset
from graph.output import DATASET_FILES, check_output_folder, holds_dataset, write_folder
from graph.readers import check_dataset, graph_of, max_upload_bytes, read_path
from graph.store import open_store, redact_url
from graph.workspace import author_name


def _read_article(path: Path) -> str:
    """The text of an article file: a regular UTF-8 file within the upload limit."""
    status = path.stat()
    if not stat.S_ISREG(status.st_mode):
        raise InputError(
            f"{path} is not a regular file (a folder, FIFO or device); give the article's text file."
        )
    if status.st_size > max_upload_bytes():
        raise InputError(
            f"{path} is {status.st_size:,} bytes; the limit is {max_upload_bytes():,} (AGX_UPLOAD_MEGABYTES)."
        )
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text; save it as UTF-8 and try again.") from None


def _checked_options(arguments: argparse.Namespace) -> tuple[Path, bool, Path | None]:
    """The article's file, whether the proposal merges into the dataset in -o, and the dataset
    whose names are matched (None: the workspace or --store); refuses, before any work, options
    that cannot be met."""
    path = resolve_path(arguments.file)
    try:
        parse_date(arguments.published)
    except DateFormatError as error:
        raise InputError(f"--published: {error}.") from None
    if arguments.data is not None and getattr(arguments, "store", None):
        raise InputError("Give --data PATH or --store URL, not both.")
    output = arguments.output
    if output is None:
        if not arguments.merge:
            raise InputError(
                "Give -o OUT_DIR for the proposed tables to review, or --merge to write them into the "
                "current workspace (or --store URL) at once."
            )
        if arguments.data is not None:
            raise InputError(
                "--data is only read: give -o OUT_DIR for the proposed tables, or leave --data out."
            )
        return path, False, None
    merging = holds_dataset(output)
    if merging and not arguments.merge:
        raise InputError(
            f"{output} already holds a dataset, which the proposal would replace. Choose a new folder, "
            "or add --merge to merge the proposal into that dataset (checked as any dataset is)."
        )
    data = arguments.data if arguments.data is not None or not merging else output
    inputs = [path] if data is None else [path, resolve_path(data)]
    check_output_folder(output, inputs, names=(*DATASET_FILES, "proposals.json"))
    return path, merging, data


def _proposed_tables(proposal: Proposal, G: nx.MultiDiGraph) -> tuple[Dataset, set[str], int]:
    """The proposal as tables (with the known entities its claims name), the entities its claims
    name, and how many of them are new."""
    tables = proposal.to_dataset()
    used = {claim.subject for claim in tables.claims} | {claim.object for claim in tables.claims}
    known = {entity.id: entity for entity in graph_to_dataset(G).entities}
    entities = tuple(known[node] for node in sorted(used) if node in known) + tables.entities
    return Dataset(entities, tables.claims, tables.sources), used, len(tables.entities)


def _merged_into(folder: Path, addition: Dataset) -> tuple[Dataset, list[MergeConflict]]:
    """The dataset in ``folder`` with ``addition`` merged in, checked as any dataset is
    (graph.ingest.merge and graph.readers.check_dataset); DatasetError when refused."""
    base, report = read_path(folder)
    if base is None:
        raise DatasetError(f"The dataset in {folder} was refused, so nothing was merged into it:", report)
    merged, conflicts = merge_proposal(base, addition)
    merged = replace(
        merged, decisions=base.decisions, attribute_types=base.attribute_types, properties=base.properties
    )
    checked, merged_report = check_dataset(merged)
    if checked is None:
        raise DatasetError(f"The merged tables were refused; {folder} is unchanged:", merged_report)
    return merged, conflicts


def _proposal_details(proposal: Proposal) -> list[dict[str, Any]]:
    """What proposals.json holds for each claim: its sentence, characters, confidence and rule."""
    return [
        {
            "index": index,
            "subject": claim.subject,
            "relation": claim.relation,
            "object": claim.object,
            "start": claim.start,
            "role": claim.role,
            "confidence": claim.confidence,
            "method": claim.method,
            "note": claim.note,
            "sentence": claim.sentence + 1,
            "chars": [claim.char_start, claim.char_end],
            "text": proposal.sentence_text(claim.sentence),
            "end": claim.end,
            "rule": claim.rule,
            "spans": [list(span) for span in claim.spans],  # characters of "text" the rule matched
            "matched": proposal.matched_words(index),
        }
        for index, claim in enumerate(proposal.claims)
    ]


def _say_quiet(proposal: Proposal) -> None:
    """Name the sentences that name two or more entities but gave no claim, as the app lists them."""
    quiet = [index + 1 for index, _ in quiet_sentences(proposal)]
    if quiet:
        which = (
            f"Sentence {quiet[0]} names"
            if len(quiet) == 1
            else f"Sentences {', '.join(map(str, quiet))} name"
        )
        print(
            f"{which} two or more entities but gave no claim: "
            "read them for what the rules missed, and add it to claims.csv with its sentence as locator."
        )


def command_ingest(arguments: argparse.Namespace) -> int:
    path, merging, data = _checked_options(arguments)
    output = arguments.output
    text = _read_article(path)
    url = None if data is not None else target_url(arguments)
    G = load_graph(data) if url is None else graph_of(whole_dataset(url))
    proposal = extract(
        text,
        title=arguments.title or path.stem,
        url=arguments.source_url,
        published=arguments.published,
        publisher=arguments.publisher or "",
        author=arguments.author or "",
        G=G,
    )
    if output is None and url is not None:
        return _merge_into_store(url, proposal, G)
    assert output is not None
    written, used, new = _proposed_tables(proposal, G)
    conflicts: list[MergeConflict] = []
    if merging:
        written, conflicts = _merged_into(output, written)
    details = _proposal_details(proposal)

    def write(staging: Path) -> None:
        write_dataset(written, staging)
        (staging / "proposals.json").write_text(
            json.dumps(details, ensure_ascii=False, indent=1), encoding="utf-8"
        )

    folder = write_folder(output, write, replaces=(*TABLE_FILES.values(), "proposals.json"))
    print(
        f"Proposed {len(proposal.claims)} claims about {len(used)} entities "
        f"({new} new) from {len(proposal.sentences)} sentences."
    )
    _say_quiet(proposal)
    if merging:
        kept = (
            f"; {len(conflicts)} disagree with earlier sources and are kept side by side" if conflicts else ""
        )
        print(
            f"Merged them into the dataset in {folder}: {len(written.entities)} entities, "
            f"{len(written.claims)} claims, {len(written.sources)} sources{kept}."
        )
    print(
        f"Wrote {folder}/entities.csv, claims.csv, sources.csv (review them) and proposals.json "
        "(each claim's sentence, characters and confidence)."
    )
    return 0


def _merge_into_store(url: str, proposal: Proposal, G: nx.MultiDiGraph) -> int:
    """Write every proposed claim (with the new entities and the article as their source) into the
    store at ``url`` as one write of kind "article merge", after checking the merged dataset as
    the app does; a refused merge writes nothing."""
    addition = proposal.to_dataset()
    outcome = merge(G, addition)
    if outcome.graph is None:
        where = redact_url(url)
        raise DatasetError(f"The merge was refused; nothing was written to {where}:", outcome.report)
    store = open_store(url)
    try:
        result = store.write(addition, author=author_name(), note=outcome.source_title, kind="article merge")
    finally:
        store.close()
    print(f"Proposed {len(proposal.claims)} claims from {len(proposal.sentences)} sentences.")
    if result.batch is None:
        print(f"{redact_url(url)} holds all of them already; nothing was written.")
        return 0
    disagree = len(result.new_conflicts)
    conflicts = f"; {disagree} disagree with earlier sources (kept)" if disagree else ""
    print(
        f"Merged them into {redact_url(url)} as write {result.batch}: {result.claims} claims, "
        f"{result.entities} entities, {result.sources} sources{conflicts}. "
        "`python -m graph store undo` takes it back."
    )
    return 0


def add_commands(commands: Commands) -> None:
    """ingest."""
    ingest = commands.add(
        "ingest", command_ingest, "Propose sourced claims from an article's text, for review."
    )
    ingest.add_argument("file", type=Path, help="a UTF-8 text file with the article")
    ingest.add_argument("--source-url", required=True, help="where the article was published")
    ingest.add_argument("--published", required=True, help="its publication date (YYYY-MM-DD)")
    ingest.add_argument("--title", help="its title (default: the file name)")
    ingest.add_argument("--publisher", help="the outlet that published it")
    ingest.add_argument("--author", help="its author")
    ingest.add_argument(
        "-o", "--output", type=Path, help="the folder for the proposed tables to review (a new one)"
    )
    ingest.add_argument(
        "--merge",
        action="store_true",
        help="without -o: write the proposal into the workspace (or --store) as one undoable write; "
        "when -o holds a dataset: merge it into that dataset (checked, written at once), not refuse",
    )
