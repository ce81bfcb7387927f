"""Review, merge, undo: what happens to an article's proposal, for the app and the command line.

1. :func:`review` — the accepted proposals, with the reviewer's edits, as tables.
2. :func:`pending_conflicts` — which of them disagree with the dataset, before anything is
   merged. It reads only the claims about the entities the proposal touches, so a reviewer
   clicking through a proposal on a large graph does not wait for the whole graph.
3. :func:`merge` — the merged graph, checked like any dataset, or the report of why not.
   Undoing a merge is going back to the graph before it (the app keeps that graph; a
   dataset folder keeps its previous tables until the merged ones are written).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.build import graph_to_dataset
from graph.ingest.merge import MergeConflict, apply_review, merge_proposal
from graph.model import Dataset
from graph.readers import check_dataset
from graph.report import ImportReport


def review(proposal: Any, edits: dict[Any, dict[str, Any]] | None = None) -> Dataset:
    """The tables of the accepted proposals with ``edits`` applied (see apply_review)."""
    return apply_review(proposal, edits or {})


def pending_conflicts(G: nx.MultiDiGraph, addition: Dataset) -> list[MergeConflict]:
    """The accepted claims that disagree with what ``G`` already says about their subjects."""
    subjects = {claim.subject for claim in addition.claims}
    _, conflicts = merge_proposal(graph_to_dataset(G, subjects=subjects), addition)
    return conflicts


@dataclass(frozen=True)
class MergeOutcome:
    """A merge: the new graph (None when the merged tables were refused) and what to tell the user."""

    graph: nx.MultiDiGraph | None
    report: ImportReport
    conflicts: list[MergeConflict]
    added_claims: int
    source_title: str

    @property
    def message(self) -> str:
        if self.graph is None:
            return "The merge was refused; the dataset is unchanged."
        kept = (
            f"; {len(self.conflicts)} of them disagree with earlier sources and are kept side by side."
            if self.conflicts
            else "."
        )
        return f"Merged {self.added_claims} claims as the source '{self.source_title}'{kept}"


def merge(G: nx.MultiDiGraph, addition: Dataset) -> MergeOutcome:
    """``G`` with ``addition`` merged in as a new source, checked as any dataset is (``G`` is unchanged)."""
    merged, conflicts = merge_proposal(graph_to_dataset(G), addition)
    merged_graph, report = check_dataset(merged)
    title = addition.sources[0].title if addition.sources else "proposal"
    return MergeOutcome(merged_graph, report, conflicts, len(addition.claims), title)


def marked_sentence(proposal: Any, index: int, left: str = "«", right: str = "»") -> str:
    """Claim ``index``'s sentence with the words its rule matched between ``left`` and ``right``.

    >>> import graph
    >>> from graph.ingest import extract
    >>> proposal = extract("Admiral Rob Bauer spoke at the meeting on 14 July 2021.", title="t",
    ...                    url="https://x.org/a", published="2021-07-14", G=graph.load_graph())
    >>> [marked_sentence(proposal, index) for index, claim in enumerate(proposal.claims)
    ...  if claim.relation == "spoke_at"]
    ['Admiral «Rob Bauer» «spoke» at «the meeting» on 14 July 2021.']
    """
    claim = proposal.claims[index]
    sentence = proposal.sentence_text(claim.sentence)
    pieces, position = [], 0
    for start, end in sorted(set(claim.spans)):
        if start < position:
            continue
        pieces += [sentence[position:start], left, sentence[start:end], right]
        position = end
    pieces.append(sentence[position:])
    return "".join(pieces).strip()
