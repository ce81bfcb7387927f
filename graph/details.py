"""What the details panel, the neighbour table and the path finder show, as plain data.

Everything a person reads about an entity or a relation — attributes, relations,
conflicting versions, and each citation resolved to its source — is shaped here, so
the app only displays it and tests can check it without a browser.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.dates import period_text
from graph.draw.items import split_edge_id
from graph.query import Step, require_node
from graph.vocabulary import phrase, relation_sentence


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


def source_citations(G: nx.MultiDiGraph, sources: Iterable[str]) -> list[Citation]:
    """The sources with these ids, as citations without a locator (a list of changes cites sources).

    >>> import graph
    >>> [citation.publisher for citation in source_citations(graph.load_graph(), ["nato-enlargement"])]
    ['NATO']
    """
    return _citations(G, [{"source": source} for source in sources])


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


def relation_phrase(relation: dict[str, Any], label: str, period: bool = False) -> str:
    """A relation of the entity ``label`` (a row of ``entity_details``) as one sentence.

    >>> row = {"outgoing": True, "relation": "holds_office", "role": "Chair", "other_label": "MC",
    ...        "period": "from 2021-06-25"}
    >>> relation_phrase(row, "Bauer"), relation_phrase(row, "Bauer", period=True)
    ('Bauer holds an office in MC as Chair', 'Bauer holds an office in MC as Chair (from 2021-06-25)')
    """
    subject, target = (
        (label, relation["other_label"]) if relation["outgoing"] else (relation["other_label"], label)
    )
    when = relation["period"] if period else ""
    return relation_sentence(subject, relation["relation"], target, relation["role"], when)


def neighbour_rows(
    G: nx.MultiDiGraph, node: str, details: dict[str, Any] | None = None
) -> list[dict[str, str]]:
    """One row per relation of ``node``, grouped by relation: the neighbour table.

    ``details``: ``entity_details(G, node)`` when the caller has it already.
    """
    details = entity_details(G, node) if details is None else details
    return [
        {
            # How the row reads: "is a member of | NATO", "(neighbour) is a member of this | Finland".
            "relation": phrase(item["relation"])
            if item["outgoing"]
            else f"(neighbour) {phrase(item['relation'])} this",
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
    subject_label, object_label = G.nodes[subject].get("label", subject), G.nodes[target].get("label", target)
    return {
        "sentence": relation_sentence(subject_label, edge["relation"], object_label, edge.get("role") or ""),
        "subject": subject,
        "subject_label": subject_label,
        "relation": edge["relation"],
        "role": edge.get("role") or "",
        "object": target,
        "object_label": object_label,
        "period": period_text(edge.get("start"), edge.get("end")),
        "negative": bool(edge.get("negative")),
        "conflict": bool(edge.get("conflict")),
        "citations": _citations(G, edge.get("evidence", [])),
    }


def step_text(G: nx.MultiDiGraph, step: Step) -> str:
    """A path step as a readable sentence: 'Russia was excluded from NATO partners' meeting (…)'."""
    return relation_sentence(
        G.nodes[step.subject].get("label", step.subject),
        step.relation,
        G.nodes[step.object].get("label", step.object),
        period=period_text(step.start, step.end),
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


NODE_COLUMNS = ("id", "label", "type", "degree in view", "links in view", "conflict")
EDGE_COLUMNS = ("subject", "relation", "object", "start", "end", "sources")
SOURCE_COLUMNS = ("id", "title", "publisher", "published", "url", "kind")


def distinct_neighbours(G: nx.MultiDiGraph, node: str) -> int:
    """How many other entities ``node`` is linked to, however many links join them.

    >>> distinct_neighbours(nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "a"), ("a", "c")]), "a")
    2
    """
    return len(set(nx.all_neighbors(G, node)) - {node})


def view_tables(G: nx.MultiDiGraph, view: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """The Tables tab: the view's nodes, its relations and the sources they cite, as rows.

    A node's degree counts its distinct neighbours; its links count every relation, parallel
    links (two airlines on one route, two sources' dates) each once.

    >>> import graph
    >>> from graph.view import PRESETS, apply_view
    >>> G = graph.load_graph()
    >>> tables = view_tables(G, apply_view(G, PRESETS["members"].spec))
    >>> len(tables["nodes"]), len(tables["edges"]), tables["edges"][0]["relation"]
    (31, 30, 'member_of')
    """
    nodes = [
        {
            "id": node,
            "label": data.get("label", node),
            "type": data.get("type", ""),
            "degree in view": distinct_neighbours(view, node),
            "links in view": view.degree(node),
            "conflict": bool(data.get("conflict")),
        }
        for node, data in view.nodes(data=True)
    ]
    edges = [
        {
            "subject": G.nodes[subject].get("label", subject),
            "relation": data["relation"],
            "object": G.nodes[target].get("label", target),
            "start": data.get("start"),
            "end": data.get("end"),
            "sources": "; ".join(data.get("citations", [])),
        }
        for subject, target, data in view.edges(data=True)
    ]
    known = G.graph.get("sources", {})
    cited = sorted(
        {citation for _, _, data in view.edges(data=True) for citation in data.get("citations", [])}
    )
    sources = [
        {name: known.get(source, {}).get(name, "") for name in SOURCE_COLUMNS} | {"id": source}
        for source in cited
    ]
    return {"nodes": nodes, "edges": edges, "sources": sources}
