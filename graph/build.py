"""Build a :class:`networkx.MultiDiGraph` with provenance from a :class:`Dataset`, and back.

- Each entity is a node with ``type``, ``label``, ``aliases``, ``description`` and its
  extra attributes.
- Claims between entities that agree on subject, relation, object, period and role
  become one edge keyed by its relation; each source adds to the edge's ``citations``
  (source ids) and ``evidence`` (source, locator, note).
- Literal claims (``date``, ``rank`` …) become the node's ``facts``; a value every
  source agrees on is also set as a plain node attribute.
- Sources that disagree (different values, or different dated periods that overlap)
  are a conflict: every claim is kept and the node gets ``conflict=True`` and a
  ``conflicts`` list that names what is disputed.

:func:`apply_decisions` merges the entities that ``same`` decisions (decisions.csv,
recorded through graph.dedupe) join into one, before the graph is built: every reader
applies them (graph.readers.graph_of), and graph.dedupe re-exports them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import networkx as nx

from graph.budget import tick
from graph.dates import dates_compatible, more_precise, periods_overlap
from graph.errors import InputError
from graph.model import (
    DECISIONS_FILE,
    Claim,
    Dataset,
    Decision,
    Entity,
    Source,
    format_typed,
    parse_typed,
    source_row,
)
from graph.vocabulary import ATTRIBUTES, NEGATIVE_RELATIONS, is_attribute

# Node attributes the builder owns; entity columns may not use these names.
RESERVED_NODE_KEYS: frozenset[str] = frozenset(
    {"id", "type", "label", "aliases", "description", "facts", "conflict", "conflicts"}
)
# Edge attributes the builder owns; claim attribute columns may not use these names.
RESERVED_EDGE_KEYS: frozenset[str] = frozenset(
    {"relation", "start", "end", "role", "citations", "evidence", "negative", "conflict", "key"}
)


def _evidence(claims: Iterable[Claim]) -> tuple[list[str], list[dict[str, Any]]]:
    """Citations (unique source ids, in order) and evidence (what each source said)."""
    citations: list[str] = []
    evidence: list[dict[str, Any]] = []
    for claim in claims:
        if claim.source not in citations:
            citations.append(claim.source)
        evidence.append(
            {
                "source": claim.source,
                "locator": claim.locator,
                "note": claim.note,
                "start": claim.start,
                "end": claim.end,
            }
        )
    return citations, evidence


def _dated(start: str | None, end: str | None) -> bool:
    return start is not None or end is not None


def _precision(start: str | None, end: str | None) -> int:
    return len(start or "") + len(end or "")


@dataclass
class _Group:
    """Claims for one edge: the same subject, relation, object and role, with compatible periods."""

    start: str | None
    end: str | None
    role: str
    claims: list[Claim]
    attributes: tuple[tuple[str, str], ...] = ()

    def accepts(
        self, start: str | None, end: str | None, role: str, attributes: tuple[tuple[str, str], ...] = ()
    ) -> bool:
        return (
            role == self.role
            and attributes == self.attributes
            and dates_compatible(self.start, start)
            and dates_compatible(self.end, end)
        )

    def absorb(self, start: str | None, end: str | None, claims: list[Claim]) -> None:
        self.start = more_precise(self.start, start)
        self.end = more_precise(self.end, end)
        self.claims.extend(claims)


def _edge_groups(claims: list[Claim]) -> list[_Group]:
    """Merge claims whose periods agree into one group each.

    ``2019`` agrees with ``2019-07-11`` and a missing date agrees with any. Claims with a
    start are grouped first, so sources that disagree on the start stay apart (a
    conflict). A claim that fits several groups qualifies each of them: "the membership
    ended on 30 May 1997" holds whichever start is right, and an undated "X was a member"
    supports every period.
    """
    exact: dict[tuple[str | None, str | None, str, tuple[tuple[str, str], ...]], list[Claim]] = {}
    for claim in claims:
        exact.setdefault((claim.start, claim.end, claim.role, claim.attributes), []).append(claim)

    def order(
        item: tuple[tuple[str | None, str | None, str, tuple[tuple[str, str], ...]], list[Claim]],
    ) -> tuple:
        (start, end, role, attributes), _ = item
        phase = 0 if start else (1 if end else 2)
        return (phase, -_precision(start, end), start or "", end or "", role, attributes)

    groups: list[_Group] = []
    for (start, end, role, attributes), members in sorted(exact.items(), key=order):
        candidates = [group for group in groups if group.accepts(start, end, role, attributes)]
        if candidates:
            for group in candidates:
                group.absorb(start, end, members)
        else:
            groups.append(_Group(start, end, role, list(members), attributes))
    groups.sort(key=lambda group: (group.start or "", group.end or "", group.role, group.attributes))
    return groups


def _typed(
    pairs: tuple[tuple[str, str], ...], types: dict[str, str], reserved: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """Attribute values with their declared types (text that does not parse stays text)."""
    values: dict[str, Any] = {}
    for name, text in pairs:
        if name in reserved:
            continue
        kind = types.get(name, "string")
        try:
            values[name] = parse_typed(text, kind) if kind != "string" else text
        except ValueError:
            values[name] = text
    return values


def build_graph(dataset: Dataset) -> nx.MultiDiGraph:
    """Return a new graph for ``dataset`` (the dataset is not changed).

    >>> from graph.model import Dataset, Entity, Claim, Source
    >>> G = build_graph(Dataset(
    ...     (Entity("state:FIN", "state", "Finland"), Entity("alliance:nato", "alliance", "NATO")),
    ...     (Claim("state:FIN", "member_of", "alliance:nato", "s1", start="2023-04-04"),),
    ...     (Source("s1", "Member countries", url="https://www.nato.int/"),)))
    >>> G.edges["state:FIN", "alliance:nato", "member_of"]["citations"]
    ['s1']
    """
    G = nx.MultiDiGraph(name=dataset.name)
    G.graph["sources"] = {source.id: source_row(source) for source in dataset.sources}
    G.graph["entity_columns"] = sorted({name for entity in dataset.entities for name, _ in entity.attributes})
    node_types = {name: kind for table, name, kind in dataset.attribute_types if table == "entities"}
    edge_types = {name: kind for table, name, kind in dataset.attribute_types if table == "claims"}
    G.graph["attribute_types"] = {
        "node": {name: node_types.get(name, "string") for name in G.graph["entity_columns"]},
        "edge": {
            name: edge_types.get(name, "string")
            for name in sorted({name for claim in dataset.claims for name, _ in claim.attributes})
        },
    }
    if dataset.properties:
        G.graph["properties"] = dict(dataset.properties)
    if dataset.decisions:
        G.graph["decisions"] = list(dataset.decisions)
    for entity in dataset.entities:
        tick()
        G.add_node(
            entity.id,
            type=entity.type,
            label=entity.label,
            aliases=list(entity.aliases),
            description=entity.description,
            facts={},
            conflict=False,
            conflicts=[],
            **(_typed(entity.attributes, node_types) if node_types else dict(entity.attributes)),
        )

    edge_claims: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    fact_claims: dict[tuple[str, str], dict[tuple[str, str | None, str | None], list[Claim]]] = defaultdict(
        dict
    )
    for claim in dataset.claims:
        tick()
        if is_attribute(claim.relation):
            by_value = fact_claims[(claim.subject, claim.relation)]
            by_value.setdefault((claim.object, claim.start, claim.end), []).append(claim)
        else:
            edge_claims[(claim.subject, claim.relation, claim.object)].append(claim)

    for (subject, relation, target), claims in edge_claims.items():
        _add_edges(G, subject, relation, target, claims, edge_types)
    for (subject, attribute), value_groups in fact_claims.items():
        _add_fact(G, subject, attribute, value_groups)
    return G


def _add_edges(
    G: nx.MultiDiGraph,
    subject: str,
    relation: str,
    target: str,
    claims: list[Claim],
    edge_types: dict[str, str],
) -> None:
    """One edge per period (and set of attributes) of ``subject relation target``; overlapping
    periods are a conflict."""
    groups = _edge_groups(claims)
    disputed = {
        id(group)
        for group in groups
        for other in groups
        if other is not group
        and other.role == group.role
        and _dated(group.start, group.end)
        and _dated(other.start, other.end)
        and periods_overlap((group.start, group.end), (other.start, other.end))
    }
    for group in groups:
        key = relation
        if len(groups) > 1:
            key = f"{relation}@{group.start or ''}..{group.end or ''}" + (
                f"#{group.role}" if group.role else ""
            )
            key = key.replace("\u241f", "_")  # the character that joins edge ids
            base, number = key, 1
            while G.has_edge(subject, target, key):  # same period and role, other attributes
                number += 1
                key = f"{base}~{number}"
        citations, evidence = _evidence(group.claims)
        G.add_edge(
            subject,
            target,
            key=key,
            **_typed(group.attributes, edge_types, RESERVED_EDGE_KEYS),
            relation=relation,
            start=group.start,
            end=group.end,
            role=group.role or None,
            citations=citations,
            evidence=evidence,
            negative=relation in NEGATIVE_RELATIONS,
            conflict=id(group) in disputed,
        )
        if id(group) in disputed:
            _mark_conflict(G, subject, f"{relation} → {target}")


def _add_fact(
    G: nx.MultiDiGraph,
    subject: str,
    attribute: str,
    value_groups: dict[tuple[str, str | None, str | None], list[Claim]],
) -> None:
    """A literal attribute's values with their citations; values that disagree are a conflict."""
    values: list[dict[str, Any]] = []
    for (value, start, end), claims in value_groups.items():
        citations, evidence = _evidence(claims)
        values.append(
            {"value": value, "start": start, "end": end, "citations": citations, "evidence": evidence}
        )
    values.sort(key=lambda item: (item["start"] or "", item["value"]))
    G.nodes[subject]["facts"][attribute] = values
    is_date = ATTRIBUTES[attribute] == "date"

    def agree(first: str, second: str, is_date: bool = is_date) -> bool:
        return dates_compatible(first, second) if is_date else first == second

    disputed = any(
        not agree(first["value"], second["value"])
        and periods_overlap((first["start"], first["end"]), (second["start"], second["end"]))
        for index, first in enumerate(values)
        for second in values[index + 1 :]
    )
    if disputed:
        _mark_conflict(G, subject, attribute)
    elif all(agree(first["value"], second["value"]) for first in values for second in values):
        G.nodes[subject][attribute] = max((item["value"] for item in values), key=len)


def _mark_conflict(G: nx.MultiDiGraph, node: str, what: str) -> None:
    G.nodes[node]["conflict"] = True
    if what not in G.nodes[node]["conflicts"]:
        G.nodes[node]["conflicts"].append(what)


def graph_to_dataset(G: nx.MultiDiGraph, subjects: Collection[str] | None = None) -> Dataset:
    """The inverse of :func:`build_graph`: the three tables a built graph came from.

    With ``subjects``, only the claims about those entities (and the entities they name): all
    a check of new claims about them needs, without a pass over the whole graph.
    """
    types = G.graph.get("attribute_types", {})
    if subjects is None:
        nodes: Iterable[tuple[str, dict[str, Any]]] = G.nodes(data=True)
        edges: Iterable[tuple[str, str, dict[str, Any]]] = G.edges(data=True)
    else:
        present = [node for node in subjects if node in G]
        edges = list(G.out_edges(present, data=True))
        named = dict.fromkeys([*present, *(target for _, target, _ in edges)])
        nodes = [(node, G.nodes[node]) for node in named]
    entities, claims = _entities_and_facts(nodes, G.graph.get("entity_columns", []), subjects)
    claims.extend(_edge_claims(edges, list(types.get("edge", {}))))
    unique_claims = tuple(dict.fromkeys(claims))  # a claim that qualifies several edges appears once
    attribute_types = tuple(
        sorted(
            (table, name, kind)
            for table, part in (("entities", "node"), ("claims", "edge"))
            for name, kind in types.get(part, {}).items()
            if kind != "string"
        )
    )
    return Dataset(
        tuple(entities),
        unique_claims,
        _sources(G),
        name=G.graph.get("name", "dataset"),
        decisions=tuple(G.graph.get("decisions", ())),
        attribute_types=attribute_types,
        properties=tuple(sorted(G.graph.get("properties", {}).items())),
    )


def _entities_and_facts(
    nodes: Iterable[tuple[str, dict[str, Any]]], extra_columns: list[str], subjects: Collection[str] | None
) -> tuple[list[Entity], list[Claim]]:
    """The entity of each node, and the literal claims (facts) of those in ``subjects`` (all when None)."""
    entities = []
    claims = []
    for node, data in nodes:
        attributes = tuple(
            sorted(
                (name, format_typed(data[name])) for name in extra_columns if data.get(name) not in (None, "")
            )
        )
        entities.append(
            Entity(
                node,
                data["type"],
                data["label"],
                tuple(data.get("aliases", ())),
                data.get("description", ""),
                attributes,
            )
        )
        if subjects is not None and node not in subjects:
            continue
        for attribute, values in data.get("facts", {}).items():
            for item in values:
                for evidence in item["evidence"]:
                    claims.append(
                        Claim(
                            node,
                            attribute,
                            item["value"],
                            evidence["source"],
                            item["start"],
                            item["end"],
                            evidence["locator"],
                            evidence["note"],
                        )
                    )
    return entities, claims


def _edge_claims(edges: Iterable[tuple[str, str, dict[str, Any]]], edge_columns: list[str]) -> list[Claim]:
    """One claim per source of each edge, with the edge's attribute columns."""
    claims = []
    for subject, target, data in edges:
        edge_attributes = tuple(
            sorted(
                (name, format_typed(data[name])) for name in edge_columns if data.get(name) not in (None, "")
            )
        )
        for evidence in data["evidence"]:
            claims.append(
                Claim(
                    subject,
                    data["relation"],
                    target,
                    evidence["source"],
                    evidence["start"],
                    evidence["end"],
                    evidence["locator"],
                    evidence["note"],
                    data.get("role") or "",
                    edge_attributes,
                )
            )
    return claims


def _sources(G: nx.MultiDiGraph) -> tuple[Source, ...]:
    """The sources table a built graph keeps in ``G.graph["sources"]``."""
    return tuple(
        Source(
            row["id"],
            row["title"],
            row["publisher"],
            row["author"],
            row["published"] or None,
            row["url"],
            row["kind"],
        )
        for row in G.graph.get("sources", {}).values()
    )


def node_summary(G: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """The plain attributes of a node (what exports and tables show)."""
    data = G.nodes[node]
    return {key: value for key, value in data.items() if key not in ("facts", "conflicts")}


# ---- decisions about duplicates (graph.dedupe records them; every reader applies them) ----------


def effective_decisions(decisions: Iterable[Decision]) -> list[Decision]:
    """One decision per pair (either order): the last row about a pair counts."""
    last: dict[frozenset[str], Decision] = {}
    for decision in decisions:
        pair = frozenset((decision.left, decision.right))
        last.pop(pair, None)
        last[pair] = decision
    return list(last.values())


def merge_groups(decisions: Iterable[Decision]) -> dict[str, str]:
    """Union–find over the ``same`` decisions: each id → a representative of its group."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for decision in effective_decisions(decisions):
        if decision.decision == "same":
            first, second = root(decision.left), root(decision.right)
            if first != second:
                parent[max(first, second)] = min(first, second)
    return {node: root(node) for node in parent}


def merge_map(dataset: Dataset, decisions: Sequence[Decision] | None = None) -> dict[str, str]:
    """Each entity that a ``same`` decision merges away → the id it is merged into.

    Groups are transitive (A same B and B same C merge all three, even when B is gone
    already). The kept id is the group's entity that comes first in the entities table.
    """
    decisions = dataset.decisions if decisions is None else decisions
    groups = merge_groups(decisions)
    if not groups:
        return {}
    members: dict[str, list[Entity]] = defaultdict(list)
    for entity in dataset.entities:
        if entity.id in groups:
            members[groups[entity.id]].append(entity)
    mapping = {}
    for group in members.values():
        kept = group[0]
        for entity in group[1:]:
            if entity.type != kept.type:
                raise InputError(
                    f"{DECISIONS_FILE}: '{kept.id}' ({kept.type}) and '{entity.id}' ({entity.type}) are "
                    "decided to be the same entity, but their types differ. Fix: correct the type in "
                    "entities.csv or remove the 'same' row that joins them."
                )
            mapping[entity.id] = kept.id
    return mapping


def _merged_entity(kept: Entity, others: list[Entity]) -> Entity:
    names = [*kept.aliases, *(name for other in others for name in (other.label, *other.aliases))]
    aliases = tuple(name for name in dict.fromkeys(names) if name != kept.label)
    description = kept.description or next((other.description for other in others if other.description), "")
    attributes = dict(kept.attributes)
    for other in others:
        for name, value in other.attributes:
            attributes.setdefault(name, value)
    return replace(
        kept, aliases=aliases, description=description, attributes=tuple(sorted(attributes.items()))
    )


def apply_decisions(dataset: Dataset, decisions: Sequence[Decision] | None = None) -> Dataset:
    """The dataset with every ``same`` pair merged; ``dataset`` is unchanged.

    The kept entity gains the labels and aliases of those merged into it (and their
    description and attributes where it has none). Every claim is kept with its source,
    re-pointed to the kept id; claims that become identical are kept once. ``not_same``
    and ``later`` change nothing here. The result carries ``decisions`` (default:
    ``dataset.decisions``), so applying it again changes nothing.
    """
    decisions = tuple(dataset.decisions if decisions is None else decisions)
    mapping = merge_map(dataset, decisions)
    if not mapping:
        return replace(dataset, claims=tuple(dict.fromkeys(dataset.claims)), decisions=decisions)
    merged_into: dict[str, list[Entity]] = defaultdict(list)
    for entity in dataset.entities:
        if entity.id in mapping:
            merged_into[mapping[entity.id]].append(entity)
    entities = tuple(
        _merged_entity(entity, merged_into[entity.id]) if entity.id in merged_into else entity
        for entity in dataset.entities
        if entity.id not in mapping
    )
    claims = tuple(
        dict.fromkeys(
            replace(
                claim,
                subject=mapping.get(claim.subject, claim.subject),
                object=claim.object
                if is_attribute(claim.relation)
                else mapping.get(claim.object, claim.object),
            )
            for claim in dataset.claims
        )
    )
    return replace(dataset, entities=entities, claims=claims, decisions=decisions)
