"""Two entities side by side: each with its names and every claim about it and its source.

This is what a person reads before deciding whether two entities are one (the app's
Duplicates panel, ``python -m graph dedupe --compare``). Claims both columns have (the same
relation, direction and other end) are marked ``shared`` and listed first.

>>> from graph.model import Claim, Dataset, Entity, Source
>>> dataset = Dataset(
...     (Entity("state:TUR", "state", "Türkiye"), Entity("state:turkey", "state", "Turkey"),
...      Entity("alliance:nato", "alliance", "NATO")),
...     (Claim("state:turkey", "member_of", "alliance:nato", "s1", start="1952-02-18"),),
...     (Source("s1", "Members"),))
>>> comparison = compare(dataset, "state:turkey", "state:TUR")
>>> comparison.kept, comparison.rows()[-1]
('state:TUR', ('claim', 'member_of NATO (1952-02-18 – …) [Members]', ''))
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

import networkx as nx

from graph.build import graph_to_dataset
from graph.errors import UnknownEntityError
from graph.model import Dataset, Source
from graph.vocabulary import is_attribute


@dataclass(frozen=True)
class ComparedClaim:
    """One claim about one of the two entities, as a line of its column."""

    relation: str
    direction: str  # "out": the entity is the subject; "in": it is the object; "value": an attribute
    other: str  # the other entity's id, or the attribute's value
    other_label: str
    start: str | None
    end: str | None
    role: str
    source: str
    source_title: str
    publisher: str
    published: str | None
    url: str
    locator: str
    note: str
    shared: bool  # the other column has a claim with the same relation, direction and other end


@dataclass(frozen=True)
class Side:
    """One column: an entity with its names and every claim about it, each with its source."""

    id: str
    type: str
    label: str
    aliases: tuple[str, ...]
    description: str
    attributes: tuple[tuple[str, str], ...]
    claims: tuple[ComparedClaim, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(claim.source for claim in self.claims))


@dataclass(frozen=True)
class Comparison:
    """Two entities side by side; ``kept`` is the id a ``same`` decision keeps."""

    left: Side
    right: Side
    kept: str

    def rows(self) -> list[tuple[str, str, str]]:
        """(what, left, right) rows for a two-column table: names first, then the claims."""

        def claim_text(claim: ComparedClaim | None) -> str:
            if claim is None:
                return ""
            where = {
                "out": f"{claim.relation} {claim.other_label}",
                "in": f"{claim.other_label} {claim.relation} it",
            }
            text = where.get(claim.direction, f"{claim.relation} = {claim.other}")
            if claim.role:
                text += f" as {claim.role}"
            if claim.start or claim.end:
                text += f" ({claim.start or '…'} – {claim.end or '…'})"
            return f"{text} [{claim.source_title or claim.source}]"

        rows = [
            ("id", self.left.id, self.right.id),
            ("type", self.left.type, self.right.type),
            ("label", self.left.label, self.right.label),
            ("aliases", " | ".join(self.left.aliases), " | ".join(self.right.aliases)),
            ("description", self.left.description, self.right.description),
        ]
        longest = max(len(self.left.claims), len(self.right.claims))
        for index in range(longest):
            first = self.left.claims[index] if index < len(self.left.claims) else None
            second = self.right.claims[index] if index < len(self.right.claims) else None
            rows.append(("claim", claim_text(first), claim_text(second)))
        return rows

    def as_dict(self) -> dict[str, Any]:
        return {"left": asdict(self.left), "right": asdict(self.right), "kept": self.kept}


def _subset(G: nx.MultiDiGraph, ids: list[str]) -> Dataset:
    """The tables of ``G`` that concern ``ids``: their rows, claims about them and claims naming them."""
    subjects = set(ids) | {before for node in ids for before in G.predecessors(node)}
    subset = graph_to_dataset(G, subjects=subjects)
    claims = tuple(claim for claim in subset.claims if claim.subject in ids or claim.object in ids)
    return replace(subset, claims=claims)


def compare(data: nx.MultiDiGraph | Dataset, left: str, right: str) -> Comparison:
    """Both entities with every claim about them and its source, shaped as two columns.

    Claims whose relation, direction and other end appear in both columns are marked
    ``shared`` and listed first, in the same order in both columns.
    """
    if isinstance(data, Dataset):
        order = [entity.id for entity in data.entities]
        dataset = data
    else:
        order = list(data.nodes)
        for node in (left, right):
            if node not in data:
                raise UnknownEntityError(f"No entity has the id '{node}'.")
        dataset = _subset(data, [left, right])
    entities = {entity.id: entity for entity in dataset.entities}
    for node in (left, right):
        if node not in entities:
            raise UnknownEntityError(f"No entity has the id '{node}'.")
    first, second = _claim_lines(dataset, left), _claim_lines(dataset, right)
    common = {(c.relation, c.direction, c.other) for c in first} & {
        (c.relation, c.direction, c.other) for c in second
    }

    def ordered(claims: list[ComparedClaim]) -> tuple[ComparedClaim, ...]:
        marked = [replace(c, shared=(c.relation, c.direction, c.other) in common) for c in claims]
        return tuple(
            sorted(marked, key=lambda c: (not c.shared, c.relation, c.other, c.start or "", c.source))
        )

    def side(node: str, claims: list[ComparedClaim]) -> Side:
        entity = entities[node]
        return Side(
            entity.id,
            entity.type,
            entity.label,
            entity.aliases,
            entity.description,
            entity.attributes,
            ordered(claims),
        )

    kept = left if order.index(left) <= order.index(right) else right
    return Comparison(side(left, first), side(right, second), kept)


def _claim_lines(dataset: Dataset, node: str) -> list[ComparedClaim]:
    """Every claim about ``node`` (as subject, or as the object of a relation), with its source."""
    sources: dict[str, Source] = {source.id: source for source in dataset.sources}
    labels = {entity.id: entity.label for entity in dataset.entities}
    found = []
    for claim in dataset.claims:
        if claim.subject == node:
            direction = "value" if is_attribute(claim.relation) else "out"
            other = claim.object
        elif claim.object == node and not is_attribute(claim.relation):
            direction, other = "in", claim.subject
        else:
            continue
        source = sources.get(claim.source)
        found.append(
            ComparedClaim(
                claim.relation,
                direction,
                other,
                labels.get(other, other) if direction != "value" else other,
                claim.start,
                claim.end,
                claim.role,
                claim.source,
                source.title if source else "",
                source.publisher if source else "",
                source.published if source else None,
                source.url if source else "",
                claim.locator,
                claim.note,
                False,
            )
        )
    return found
