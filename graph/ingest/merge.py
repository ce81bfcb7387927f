"""Merge reviewed proposals into a dataset as a new source, with the conflicts shown first."""

from __future__ import annotations

from dataclasses import dataclass

from graph.build import build_graph
from graph.model import Dataset


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
    G = build_graph(merged)
    conflicts = []
    for claim in addition.claims:
        if claim.subject in G and claim.relation in G.nodes[claim.subject].get("conflicts", []):
            values = tuple(item["value"] for item in G.nodes[claim.subject]["facts"][claim.relation])
            conflicts.append(MergeConflict(claim.subject, claim.relation, claim.object, values))
        elif claim.subject in G and any(
            what.startswith(f"{claim.relation} → {claim.object}")
            for what in G.nodes[claim.subject]["conflicts"]
        ):
            conflicts.append(MergeConflict(claim.subject, claim.relation, claim.object, ("dates differ",)))
    return merged, list(dict.fromkeys(conflicts))
