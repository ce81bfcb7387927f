"""What the details panel, the neighbour table and the path finder show, as plain data.

Everything a person reads about an entity or a relation — attributes, relations,
conflicting versions, and each citation resolved to its source — is shaped here, so
the app only displays it and tests can check it without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.dates import period_text
from graph.query import Step, require_node
from graph.render import split_edge_id


@dataclass(frozen=True)
class Citation:
    """One source behind a claim, with where in it and what it says."""

    source: str
    title: str
    publisher: str
    published: str
    url: str
    locator: str
    note: str


def _citations(G: nx.MultiDiGraph, evidence: list[dict[str, Any]]) -> list[Citation]:
    sources = G.graph.get("sources", {})
    citations = []
    for item in evidence:
        source = sources.get(item["source"], {})
        citations.append(
            Citation(
                source=item["source"],
                title=source.get("title") or item["source"],
                publisher=source.get("publisher") or "",
                published=source.get("published") or "",
                url=source.get("url") or "",
                locator=item.get("locator") or "",
                note=item.get("note") or "",
            )
        )
    return citations


def entity_details(G: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """Label, type, description, attributes (with conflicts) and relations of ``node``, all cited."""
    require_node(G, node)
    data = G.nodes[node]
    facts = []
    for attribute, values in sorted(data.get("facts", {}).items()):
        facts.append(
            {
                "attribute": attribute,
                "conflict": attribute in data.get("conflicts", []),
                "values": [
                    {
                        "value": item["value"],
                        "period": period_text(item["start"], item["end"]),
                        "citations": _citations(G, item["evidence"]),
                    }
                    for item in values
                ],
            }
        )
    relations = []
    for subject, target, key, edge in [
        *G.out_edges(node, keys=True, data=True),
        *G.in_edges(node, keys=True, data=True),
    ]:
        outgoing = subject == node
        other = target if outgoing else subject
        relations.append(
            {
                "edge": (subject, target, key),
                "relation": edge["relation"],
                "outgoing": outgoing,
                "other": other,
                "other_label": G.nodes[other].get("label", other),
                "other_type": G.nodes[other].get("type", ""),
                "role": edge.get("role") or "",
                "period": period_text(edge.get("start"), edge.get("end")),
                "start": edge.get("start"),
                "negative": bool(edge.get("negative")),
                "conflict": bool(edge.get("conflict")),
                "citations": _citations(G, edge.get("evidence", [])),
            }
        )
    relations.sort(
        key=lambda item: (item["relation"], not item["outgoing"], item["other_label"], item["start"] or "")
    )
    extra = {name: data[name] for name in G.graph.get("entity_columns", []) if data.get(name)}
    return {
        "id": node,
        "label": data.get("label", node),
        "type": data.get("type", ""),
        "aliases": list(data.get("aliases", [])),
        "description": data.get("description", ""),
        "attributes": extra,
        "facts": facts,
        "conflicts": list(data.get("conflicts", [])),
        "relations": relations,
    }


def relation_phrase(relation: dict[str, Any], label: str) -> str:
    """A relation read as a sentence fragment from the entity's side, role last.

    >>> row = {"outgoing": True, "relation": "holds_office", "role": "Chair", "other_label": "MC"}
    >>> relation_phrase(row, "Bauer")
    'Bauer holds_office MC (Chair)'
    """
    role = f" ({relation['role']})" if relation["role"] else ""
    if relation["outgoing"]:
        return f"{label} {relation['relation']} {relation['other_label']}{role}"
    return f"{relation['other_label']} {relation['relation']} {label}{role}"


def neighbour_rows(
    G: nx.MultiDiGraph, node: str, details: dict[str, Any] | None = None
) -> list[dict[str, str]]:
    """One row per relation of ``node``, grouped by relation: the neighbour table.

    ``details``: ``entity_details(G, node)`` when the caller has it already.
    """
    details = entity_details(G, node) if details is None else details
    return [
        {
            "relation": item["relation"] + ("" if item["outgoing"] else " (inverse)"),
            "neighbour": item["other_label"],
            "type": item["other_type"],
            "period": item["period"],
            "sources": str(len({citation.source for citation in item["citations"]})),
            "id": item["other"],
        }
        for item in details["relations"]
    ]


def edge_details(G: nx.MultiDiGraph, edge_id: str) -> dict[str, Any]:
    """A relation (clicked edge) with its dates and citations."""
    subject, target, key = split_edge_id(edge_id)
    edge = G.edges[subject, target, key]
    return {
        "subject": subject,
        "subject_label": G.nodes[subject].get("label", subject),
        "relation": edge["relation"],
        "role": edge.get("role") or "",
        "object": target,
        "object_label": G.nodes[target].get("label", target),
        "period": period_text(edge.get("start"), edge.get("end")),
        "negative": bool(edge.get("negative")),
        "conflict": bool(edge.get("conflict")),
        "citations": _citations(G, edge.get("evidence", [])),
    }


def step_text(G: nx.MultiDiGraph, step: Step) -> str:
    """A path step as a readable sentence: 'Russia excluded_from NATO partners' meeting (…)'."""
    return (
        f"{G.nodes[step.subject].get('label', step.subject)} {step.relation} "
        f"{G.nodes[step.object].get('label', step.object)}{period_text(step.start, step.end, brackets=True)}"
    )


def step_citations(G: nx.MultiDiGraph, step: Step) -> list[Citation]:
    for key, edge in G.get_edge_data(step.subject, step.object, default={}).items():
        if (
            edge["relation"] == step.relation
            and edge.get("start") == step.start
            and edge.get("end") == step.end
        ):
            del key
            return _citations(G, edge.get("evidence", []))
    return []
