"""The header's words for a graph: presets, lead and search hint belong to the dataset they describe."""

from __future__ import annotations

import networkx as nx

import graph
from graph.guide import BUNDLED_LEAD, guide, search_examples
from graph.view import PRESETS, presets_for


def test_the_bundled_dataset_gets_every_preset_its_lead_and_its_hint() -> None:
    words = guide(graph.load_graph(), "NATO (bundled)")
    assert list(words.presets) == list(PRESETS)
    assert words.lead == BUNDLED_LEAD
    assert words.search_hint == "Search, e.g. Russia"


def test_a_graph_without_the_presets_entities_gets_none_and_names_itself() -> None:
    G = nx.MultiDiGraph()
    G.add_node("valjean", label="Valjean")
    G.add_node("javert", label="Javert")
    G.add_edge("valjean", "javert", relation="related_to")
    words = guide(G, "lesmis.gexf")
    assert words.presets == {}
    assert words.lead.startswith("lesmis.gexf: ") and "NATO" not in words.lead
    assert words.search_hint == "Search, e.g. Javert"  # the most linked, ties by name


def test_a_preset_needs_every_entity_it_is_about() -> None:
    assert list(presets_for({"alliance:nato"})) == ["members", "partners"]
    assert presets_for({"event:partners-meeting-2021-07"}) == {}


def test_search_examples_count_distinct_neighbours_and_skip_long_labels() -> None:
    G = nx.MultiDiGraph()
    G.add_node("a", label="A very long label that would not fit the search box")
    G.add_edges_from([("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("b", "c"), ("b", "c")])
    assert search_examples(G, 1) == ["b"]  # b has two neighbours however many links; a's label is too long
