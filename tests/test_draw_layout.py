"""Layouts: every node placed, inside the box, the same every time."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graph.draw.layout import LAYOUTS, compute_layout


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_every_node_placed(name: str, tiny_graph: nx.MultiDiGraph) -> None:
    positions = compute_layout(tiny_graph, name)
    assert set(positions) == set(tiny_graph)
    for x, y in positions.values():
        assert math.isfinite(x) and math.isfinite(y)


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_layout_is_deterministic(name: str, tiny_graph: nx.MultiDiGraph) -> None:
    assert compute_layout(tiny_graph, name) == compute_layout(tiny_graph, name)


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_empty_and_single_node_graphs(name: str) -> None:
    assert compute_layout(nx.MultiDiGraph(), name) == {}
    single = nx.MultiDiGraph()
    single.add_node("a")
    assert set(compute_layout(single, name)) == {"a"}


def test_layout_does_not_change_the_graph(tiny_graph: nx.MultiDiGraph) -> None:
    frozen = nx.freeze(tiny_graph)
    compute_layout(frozen)  # would raise if it tried to write positions into the graph


def test_no_two_nodes_overlap() -> None:
    import itertools
    import math

    import graph

    positions = compute_layout(graph.load_graph())
    closest = min(math.dist(a, b) for a, b in itertools.combinations(positions.values(), 2))
    assert closest >= 109.0


def test_remove_overlaps_separates_coincident_nodes() -> None:
    from graph.draw.layout import remove_overlaps

    spread = remove_overlaps({"a": (0.0, 0.0), "b": (0.0, 0.0), "c": (0.0, 0.0)}, min_distance=10)
    assert len(set(spread.values())) == 3
    assert spread == remove_overlaps({"a": (0.0, 0.0), "b": (0.0, 0.0), "c": (0.0, 0.0)}, min_distance=10)


def test_large_graphs_get_a_layout_quickly() -> None:
    import time

    from graph.settings import limit

    G = nx.barabasi_albert_graph(limit("large_graph") + 500, 2, seed=1)
    started = time.perf_counter()
    positions = compute_layout(nx.relabel_nodes(G, str))
    assert len(positions) == G.number_of_nodes()
    assert time.perf_counter() - started < 5


def _moved(before: dict, after: dict, nodes: list) -> float:
    """Mean distance a node moved between two layouts, each centred and scaled to unit spread."""
    import numpy as np

    first = np.array([before[node] for node in nodes])
    second = np.array([after[node] for node in nodes])
    first, second = first - first.mean(axis=0), second - second.mean(axis=0)
    first /= np.sqrt((first**2).sum(axis=1).mean())
    second /= np.sqrt((second**2).sum(axis=1).mean())
    return float(np.sqrt(((first - second) ** 2).sum(axis=1)).mean())


def test_a_grown_graph_keeps_what_was_seen_in_place(nato) -> None:
    """A claims store's fetches: Russia's neighbourhood, then two steps out, then everything.
    Laid out from the layout before (start=), the entities already on screen stay about where
    they were; laid out afresh, they land anywhere (and igraph's picture turned half round)."""
    undirected = nx.Graph(nato.to_undirected())
    near = list(nx.bfs_tree(undirected, "state:RUS", depth_limit=1))
    farther = list(nx.bfs_tree(undirected, "state:RUS", depth_limit=2))
    first = compute_layout(nato.subgraph(near).copy())
    second = compute_layout(nato.subgraph(farther).copy(), start=first)
    whole = compute_layout(nato, start=second)
    fresh = compute_layout(nato)
    assert set(whole) == set(nato)
    assert _moved(second, whole, farther) < 0.4
    assert _moved(second, whole, farther) < _moved(second, fresh, farther) / 2
    distances = [math.dist(whole[a], whole[b]) for a in whole for b in whole if a < b]
    assert min(distances) >= 109.0, "and no node hides another"


def test_an_unsettled_growth_keeps_every_known_place_and_puts_new_nodes_beside_their_links(nato) -> None:
    """Without settling (every view of the graph gets its own layout from here), the entities one
    has seen keep their exact places and each new one starts near what it is linked to."""
    undirected = nx.Graph(nato.to_undirected())
    near = list(nx.bfs_tree(undirected, "state:RUS", depth_limit=1))
    before = compute_layout(nato.subgraph(near).copy())
    after = compute_layout(nato, start=before, settle=False)
    assert set(after) == set(nato)
    assert all(math.dist(after[node], before[node]) < 1e-6 for node in near)
    spread = max(math.dist(before[a], before[b]) for a in before for b in before)
    for node in nato:
        linked = [other for other in undirected[node] if other in before]
        if node not in before and linked:
            nearest = min(math.dist(after[node], before[other]) for other in linked)
            assert nearest < spread, node
