"""Node positions computed once on the server, so the browser never simulates physics.

Positions are computed for a whole graph and reused by every view of it: a filter
change keeps the place of every node that remains. Layouts are a registry of pure
functions ``(G, seed) -> {node: (x, y)}`` scaled to a common pixel box.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import networkx as nx

Positions = dict[str, tuple[float, float]]
LayoutFunction = Callable[[nx.Graph, int], Positions]

BOX = 1600.0  # the layout fills a square of this many pixels (vis-network units)


def _scale(raw: dict[str, tuple[float, float]]) -> Positions:
    """Centre on 0 and scale the longest side to BOX."""
    if not raw:
        return {}
    xs = [point[0] for point in raw.values()]
    ys = [point[1] for point in raw.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    cx = (max(xs) + min(xs)) / 2
    cy = (max(ys) + min(ys)) / 2
    factor = BOX / span
    return {node: (round((x - cx) * factor, 2), round((y - cy) * factor, 2)) for node, (x, y) in raw.items()}


def _simple(G: nx.Graph) -> nx.Graph:
    """An undirected simple graph with one weight per linked pair.

    Relations that link one hub to many nodes at once (an event's invitations) pull
    weakly, so the layout follows the structural links (membership, partnership).
    """
    simple = nx.Graph()
    simple.add_nodes_from(G)
    for subject, target, data in G.edges(data=True):
        weight = WEAK_RELATIONS.get(data.get("relation", ""), 1.0)
        previous = simple.get_edge_data(subject, target, {}).get("weight", 0.0)
        simple.add_edge(subject, target, weight=max(previous, weight))
    return simple


WEAK_RELATIONS = {"invited_to": 0.08, "excluded_from": 0.3}


def spring(G: nx.Graph, seed: int = 7) -> Positions:
    """Fruchterman–Reingold (networkx), seeded so the same graph always looks the same."""
    simple = _simple(G)
    if simple.number_of_nodes() == 0:
        return {}
    k = 2.2 / math.sqrt(max(simple.number_of_nodes(), 1))
    raw = nx.spring_layout(simple, seed=seed, k=k, iterations=300, weight="weight")
    return _scale({node: (float(x), float(y)) for node, (x, y) in raw.items()})


def forceatlas2(G: nx.Graph, seed: int = 7) -> Positions:
    """ForceAtlas2 (networkx): hubs push apart, so frameworks and their partners form clear stars."""
    simple = _simple(G)
    if simple.number_of_nodes() == 0:
        return {}
    raw = nx.forceatlas2_layout(
        simple, max_iter=400, seed=seed, scaling_ratio=3.0, gravity=2.0, weight="weight"
    )
    return _scale({node: (float(x), float(y)) for node, (x, y) in raw.items()})


def circle(G: nx.Graph, seed: int = 7) -> Positions:
    """Nodes on a circle in id order: instant, for very large graphs or as a fallback."""
    nodes = sorted(G, key=str)
    count = max(len(nodes), 1)
    return _scale(
        {
            node: (math.cos(2 * math.pi * i / count), math.sin(2 * math.pi * i / count))
            for i, node in enumerate(nodes)
        }
    )


LAYOUTS: dict[str, LayoutFunction] = {"spring": spring, "forceatlas2": forceatlas2, "circle": circle}


def compute_layout(G: nx.Graph, name: str = "forceatlas2", seed: int = 7) -> Positions:
    """Positions for every node of ``G`` with the named layout."""
    return LAYOUTS[name](G, seed)
