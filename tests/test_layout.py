"""Layouts: every node placed, inside the box, the same every time."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.layout import BOX, LAYOUTS, compute_layout


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_every_node_placed_within_the_box(name: str, tiny_graph: nx.MultiDiGraph) -> None:
    positions = compute_layout(tiny_graph, name)
    assert set(positions) == set(tiny_graph)
    for x, y in positions.values():
        assert abs(x) <= BOX / 2 + 1 and abs(y) <= BOX / 2 + 1


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
