"""Merge reviewed proposals into a dataset as a new source, with the conflicts shown first."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from graph.build import build_graph
from graph.ingest.confidence import is_confident
from graph.model import Dataset

EDITABLE_FIELDS = ("relation", "object", "start", "role")


def apply_review(proposal: Any, edits: dict[Any, dict[str, Any]]) -> Dataset:
    """The tables of a reviewed proposal: ``edits`` maps a claim's row to its changed fields.

    ``accept`` (default: whether the claim's rule measured confident, ``CONFIDENT``) decides whether
    the claim is kept; ``relation``, ``object``, ``start`` and ``role`` replace what was proposed.
    The result is checked like any dataset when it is merged, so a wrong edit is reported there.
    """
    claims = []
    accepted = set()
    for index, claim in enumerate(proposal.claims):
        change = edits.get(index) or edits.get(str(index)) or {}
        if change.get("accept", is_confident(claim.confidence)):
            accepted.add(index)
        fields = {name: change[name] for name in EDITABLE_FIELDS if name in change}
        if "start" in fields:
            fields["start"] = fields["start"] or None
        claims.append(replace(claim, **fields) if fields else claim)
    return replace(proposal, claims=claims).to_dataset(accepted)


@dataclass(frozen=True)
class MergeConflict:
    """An accepted claim that disagrees with what the dataset already says."""

    subject: str
    relation: str
    proposed: str
    existing: tuple[str, ...]


def merge_proposal(base: Dataset, addition: Dataset) -> tuple[Dataset, list[MergeConflict]]:
    """A new dataset with ``addition``'s entities, claims and source added (``base`` is unchanged).

    Entities already in ``base`` keep their row. Conflicts are listed, not resolved: the
    merged graph keeps both versions with their sources, as for any disagreement.
    """
    known = base.entity_ids()
    entities = base.entities + tuple(entity for entity in addition.entities if entity.id not in known)
    sources = base.sources + tuple(
        source for source in addition.sources if source.id not in base.source_ids()
    )
    claims = base.claims + tuple(claim for claim in addition.claims if claim not in set(base.claims))
    merged = Dataset(entities, claims, sources, name=base.name)
    # A claim may name an entity neither table holds (a check refuses it later): such a node has
    # no data of ours, hence the .get.
    before = {
        (node, what)
        for node, data in build_graph(base).nodes(data=True)
        for what in data.get("conflicts", ())
    }
    G = build_graph(merged)
    touched = {claim.subject for claim in addition.claims}
    conflicts = []
    for node in sorted(touched & set(G)):
        for what in G.nodes[node].get("conflicts", ()):
            if (node, what) in before:
                continue  # the sources already disagreed before this merge
            if what in G.nodes[node]["facts"]:
                values = tuple(item["value"] for item in G.nodes[node]["facts"][what])
                proposed = next(
                    (c.object for c in addition.claims if c.subject == node and c.relation == what), ""
                )
                conflicts.append(MergeConflict(node, what, proposed, values))
            else:
                relation, _, target = what.partition(" → ")
                conflicts.append(MergeConflict(node, relation, target, ("different dates",)))
    return merged, conflicts
