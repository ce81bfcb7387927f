"""Queries over a built graph: filter, neighbourhood, paths, search, participants.

These functions are the narrow interface the app and CLI use to reach the data, so a
different backend (e.g. a graph database) can later answer the same calls. Each takes
a graph and returns new data; none changes the graph it is given.
"""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph.dates import as_date, holds_on
from graph.errors import InputError, UnknownEntityError
from graph.temporal.reported import known_sources, reported_edge, reported_facts
from graph.vocabulary import ENTITY_TYPES, RELATIONS


def require_node(G: nx.MultiDiGraph, node: str) -> None:
    """Raise UnknownEntityError, with close matches, when ``node`` is not in ``G``."""
    if node in G:
        return
    matches = search(G, node, limit=3)
    hint = f" Did you mean {', '.join(match.id for match in matches)}?" if matches else ""
    raise UnknownEntityError(f"No entity with id '{node}'.{hint}")


def filter_graph(
    G: nx.MultiDiGraph,
    types: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    as_of: str | dt.date | None = None,
    hide_isolated: bool = False,
    reported_by: str | dt.date | None = None,
) -> nx.MultiDiGraph:
    """A new graph with the nodes of ``types`` and the edges of ``relations`` that hold ``as_of``.

    None means no restriction. An edge holds on day D when start <= D < end. With
    ``reported_by``, only what sources published by then say (:mod:`graph.temporal.reported`).
    """
    type_set = set(types) if types is not None else None
    relation_set = set(relations) if relations is not None else None
    if type_set is not None and (unknown := type_set - set(ENTITY_TYPES)):
        raise InputError(
            f"Unknown entity type(s): {', '.join(sorted(unknown))}. Known: {', '.join(ENTITY_TYPES)}."
        )
    if relation_set is not None and (unknown := relation_set - set(RELATIONS)):
        raise InputError(f"Unknown relation(s): {', '.join(sorted(unknown))}. Known: {', '.join(RELATIONS)}.")
    day = as_date(as_of)
    known = None
    if reported_by is not None:
        known = known_sources(G, as_date(reported_by))  # type: ignore[arg-type]
    view = nx.MultiDiGraph()
    view.graph.update(G.graph)
    view.add_nodes_from(
        (node, data if known is None else reported_facts(data, known))
        for node, data in G.nodes(data=True)
        if type_set is None or data.get("type") in type_set
    )
    add_edge = view.add_edge  # one call per edge: add_edges_from builds an adjacency view per edge
    for subject, target, key, data in G.edges(keys=True, data=True):
        if known is not None and (data := reported_edge(data, known)) is None:  # type: ignore[assignment]
            continue
        if (
            subject in view
            and target in view
            and (relation_set is None or data["relation"] in relation_set)
            and (day is None or holds_on(data.get("start"), data.get("end"), day))
        ):
            add_edge(subject, target, key, **data)
    if hide_isolated:
        view.remove_nodes_from([node for node in list(view) if view.degree(node) == 0])
    return view


def neighbourhood(G: nx.MultiDiGraph, center: str, depth: int = 1) -> nx.MultiDiGraph:
    """The nodes within ``depth`` steps of ``center`` (either direction) and the edges among them."""
    require_node(G, center)
    if depth < 0:
        raise InputError(f"The depth must be 0 or more, not {depth}.")
    nodes = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), center, cutoff=depth)
    return G.subgraph(nodes).copy()


@dataclass(frozen=True)
class Step:
    """One step of a path: ``subject relation object``, walked forwards or backwards."""

    subject: str
    relation: str
    object: str
    start: str | None
    end: str | None
    citations: tuple[str, ...]
    forward: bool  # True when the path walks from subject to object


def _steps_between(G: nx.MultiDiGraph, first: str, second: str) -> list[Step]:
    steps = []
    for subject, target, forward in ((first, second, True), (second, first, False)):
        for data in G.get_edge_data(subject, target, default={}).values():
            steps.append(
                Step(
                    subject,
                    data["relation"],
                    target,
                    data.get("start"),
                    data.get("end"),
                    tuple(data.get("citations", ())),
                    forward,
                )
            )
    return steps


def shortest_paths(G: nx.MultiDiGraph, source: str, target: str, limit: int = 5) -> list[list[Step]]:
    """Up to ``limit`` shortest paths (ignoring direction); each step with relation and citations.

    Parallel edges between two nodes give one path per edge, so every reading is shown.
    Returns an empty list when the two are not connected.
    """
    require_node(G, source)
    require_node(G, target)
    if source == target:
        return [[]]
    # Built from G's node and edge order: an undirected view lists neighbours from a set, so the
    # order of the paths (and which ones fit the limit) changed with Python's hash seed.
    undirected = nx.Graph()
    undirected.add_nodes_from(G)
    undirected.add_edges_from(G.edges())
    try:
        node_paths = nx.all_shortest_paths(undirected, source, target)
        paths: list[list[Step]] = []
        for node_path in node_paths:
            expanded: list[list[Step]] = [[]]
            for first, second in itertools.pairwise(node_path):
                options = _steps_between(G, first, second)
                expanded = [[*path, step] for path in expanded for step in options][:limit]
            paths.extend(expanded)
            if len(paths) >= limit:
                break
    except nx.NetworkXNoPath:
        return []
    return paths[:limit]


PATH_LIMIT = 3  # paths the path finder lists and the graph draws


def path_marks(
    G: nx.MultiDiGraph, view: nx.MultiDiGraph, ends: tuple[str, ...], limit: int = PATH_LIMIT
) -> tuple[frozenset[str], frozenset[tuple[str, str, str]]]:
    """The entities and edges (subject, object, key) of ``view`` on the shortest paths of ``G``
    between the two ``ends``: what the graph draws as the path (a view's filters may hide some).

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="k1", relation="member_of")
    'k1'
    >>> G.add_edge("c", "b", key="k2", relation="partner_in")
    'k2'
    >>> G.add_edge("a", "d", key="k3", relation="member_of")
    'k3'
    >>> nodes, edges = path_marks(G, G, ("a", "c"))
    >>> sorted(nodes), sorted(edges)
    (['a', 'b', 'c'], [('a', 'b', 'k1'), ('c', 'b', 'k2')])
    """
    if len(ends) != 2 or any(end not in G for end in ends):
        return frozenset(), frozenset()
    steps = {step for path in shortest_paths(G, ends[0], ends[1], limit=limit) for step in path}
    edges = frozenset(
        (step.subject, step.object, key)
        for step in steps
        for key, data in view.get_edge_data(step.subject, step.object, default={}).items()
        if data["relation"] == step.relation
    )
    on_path = {end for step in steps for end in (step.subject, step.object)}
    return frozenset(node for node in on_path if node in view), edges


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents: ``'Brüssel'`` → ``'brussel'``."""
    return plain_letters(text.casefold())


@dataclass(frozen=True)
class Match:
    """A search hit: the entity, the name that matched and a score (higher is better)."""

    id: str
    label: str
    type: str
    matched: str
    score: int


def _score(query: str, name: str) -> int:
    folded = fold(name)
    if folded == query:
        return 100
    if folded.startswith(query):
        return 80
    if any(word.startswith(query) for word in folded.replace("-", " ").split()):
        return 60
    if query in folded:
        return 40
    return 0


def search(G: nx.MultiDiGraph, text: str, limit: int = 10) -> list[Match]:
    """Entities whose id, label or aliases match ``text``, ignoring case and accents, best first.

    Exact matches rank above prefixes, prefixes above word starts, word starts above
    substrings; a label beats an alias of the same quality.
    """
    query = fold(text.strip())
    if not query:
        return []
    matches = []
    for node, data in G.nodes(data=True):
        label = data.get("label", node)
        candidates = [(label, 2), (node, 0)] + [(alias, 1) for alias in data.get("aliases", ())]
        best = max(
            ((_score(query, name) * 10 + bonus, name) for name, bonus in candidates if _score(query, name)),
            default=None,
        )
        if best:
            matches.append(Match(node, label, data.get("type", ""), best[1], best[0]))
    matches.sort(key=lambda match: (-match.score, fold(match.label), match.id))
    return matches[:limit]


def subjects_of(
    G: nx.MultiDiGraph, relation: str, target: str, as_of: str | dt.date | None = None
) -> list[str]:
    """The entities that stand in ``relation`` to ``target`` (optionally on a date), by label."""
    require_node(G, target)
    day = as_date(as_of)
    found = {
        subject
        for subject, _, data in G.in_edges(target, data=True)
        if data["relation"] == relation and (day is None or holds_on(data.get("start"), data.get("end"), day))
    }
    return sorted(found, key=lambda node: fold(G.nodes[node].get("label", node)))


def objects_of(
    G: nx.MultiDiGraph, subject: str, relation: str, as_of: str | dt.date | None = None
) -> list[str]:
    """The entities ``subject`` stands in ``relation`` to (optionally on a date), by label."""
    require_node(G, subject)
    day = as_date(as_of)
    found = {
        target
        for _, target, data in G.out_edges(subject, data=True)
        if data["relation"] == relation and (day is None or holds_on(data.get("start"), data.get("end"), day))
    }
    return sorted(found, key=lambda node: fold(G.nodes[node].get("label", node)))


def excluded_from(G: nx.MultiDiGraph, event: str) -> list[str]:
    """Who was excluded from ``event``."""
    return subjects_of(G, "excluded_from", event)


def invited_to(G: nx.MultiDiGraph, event: str) -> list[str]:
    """Who was invited to ``event``."""
    return subjects_of(G, "invited_to", event)


def members(G: nx.MultiDiGraph, alliance: str, as_of: str | dt.date | None = None) -> list[str]:
    """The members of ``alliance`` on a date (all who ever were when ``as_of`` is None)."""
    return subjects_of(G, "member_of", alliance, as_of)


def partners(G: nx.MultiDiGraph, framework: str, as_of: str | dt.date | None = None) -> list[str]:
    """The partners in ``framework`` on a date."""
    return subjects_of(G, "partner_in", framework, as_of)


def conflicts(G: nx.MultiDiGraph) -> list[tuple[str, list[str]]]:
    """Every node with conflicting claims and what is disputed."""
    return [(node, list(data["conflicts"])) for node, data in G.nodes(data=True) if data.get("conflict")]


@dataclass(frozen=True)
class Catalogue:
    """What pickers and filters list about a whole graph, computed once per graph.

    ``by_label`` holds the node ids sorted by label (case-insensitive); ``choice_labels``
    the text a picker shows for each ("Russia — Russian Federation (state)").
    """

    type_counts: dict[str, int]
    relation_counts: dict[str, int]
    by_label: tuple[str, ...]
    choice_labels: dict[str, str]
    edges: int
    frameworks: tuple[str, ...]


def plain_letters(text: str) -> str:
    """``text`` without accents, case kept: ``'Türkiye'`` → ``'Turkiye'``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def choice_label(G: nx.MultiDiGraph, node: str) -> str:
    """How a picker names a node: its label, up to three aliases and its type.

    Names with accents also appear in plain letters ("Türkiye — Turkey, Turkiye"): the
    pickers' own type-to-filter matches letters exactly, so "turkiye" would find nothing.
    """
    data = G.nodes[node]
    label = str(data.get("label", node))
    names = [str(alias) for alias in (data.get("aliases") or [])[:3]]
    seen = {name.casefold() for name in (label, *names)}
    for name in (label, *names):
        if name.isascii():  # nothing to strip (and the common case: cheap on large uploads)
            continue
        plain = plain_letters(name)
        if plain.casefold() not in seen:
            names.append(plain)
            seen.add(plain.casefold())
    extra = f" — {', '.join(names)}" if names else ""
    return f"{label}{extra} ({data.get('type', '')})"


def catalogue(G: nx.MultiDiGraph) -> Catalogue:
    """Counts by type and relation, nodes in label order and their picker labels (one pass each)."""
    type_counts: dict[str, int] = {}
    for _, data in G.nodes(data=True):
        type_counts[data.get("type", "")] = type_counts.get(data.get("type", ""), 0) + 1
    relation_counts: dict[str, int] = {}
    edges = 0
    for _, _, data in G.edges(data=True):
        relation_counts[data["relation"]] = relation_counts.get(data["relation"], 0) + 1
        edges += 1
    by_label = tuple(
        sorted(G, key=lambda node: (str(G.nodes[node].get("label", node)).casefold(), str(node)))
    )
    return Catalogue(
        type_counts=dict(sorted(type_counts.items())),
        relation_counts=dict(sorted(relation_counts.items())),
        by_label=by_label,
        choice_labels={node: choice_label(G, node) for node in by_label},
        edges=edges,
        frameworks=tuple(
            sorted(node for node, data in G.nodes(data=True) if data.get("type") == "framework")
        ),
    )
