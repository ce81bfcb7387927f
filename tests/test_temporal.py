"""The time rules below the view (graph.temporal): which edges changed between two dates in a
graph already filtered, and the union a comparison draws."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.dates import holds_on
from graph.errors import InputError
from graph.temporal.changes import dates_in_order, edge_statuses, union_of_changes


def dated_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(name="tiny")
    G.add_nodes_from((node, {"label": node.upper()}) for node in "abcdefz")
    periods = {
        "a": ("held", "2000", None),
        "b": ("began", "2022-05", None),
        "c": ("ended", "2000", "2023"),
        "d": ("both", "2021-09-01", "2022-01-01"),
        "e": ("before", "1990", "1995"),
        "f": ("undated", None, None),
    }
    for subject, (key, start, end) in periods.items():
        G.add_edge(subject, "z", key, relation="member_of", start=start, end=end)
    return G


def held_on(G: nx.MultiDiGraph, day: str) -> nx.MultiDiGraph:
    """The view on one day (what graph.view's as-of filter keeps), built here without a view."""
    return G.edge_subgraph(
        (subject, target, key)
        for subject, target, key, data in G.edges(keys=True, data=True)
        if holds_on(data["start"], data["end"], day)
    )


def test_the_union_holds_the_edges_of_both_dates_and_every_change_between_them() -> None:
    G = dated_graph()
    on_dates = [held_on(G, "2021-07-14"), held_on(G, "2024-07-14")]
    union = union_of_changes(G, on_dates, "2021-07-14", "2024-07-14")
    # An undated edge holds on every day (the as-of rule), so it is in both views.
    assert sorted(key for *_, key in union.edges(keys=True)) == ["began", "both", "ended", "held", "undated"]
    assert set(union) == {"a", "b", "c", "d", "f", "z"}
    assert union.nodes["b"] == {"label": "B"} and union.graph == {"name": "tiny"}
    assert set(G.edges(keys=True)) >= set(union.edges(keys=True)), "G is not changed"


def test_each_edge_has_one_status_read_from_its_own_dates() -> None:
    statuses = edge_statuses(dated_graph(), "2021-07-14", "2024-07-14")
    assert {
        name: sorted(key for *_, key in getattr(statuses, name))
        for name in ("began", "ended", "began_and_ended", "unchanged", "undated")
    } == {
        "began": ["began"],
        "ended": ["ended"],
        "began_and_ended": ["both"],
        "unchanged": ["before", "held"],
        "undated": ["undated"],
    }
    assert statuses.status(("d", "z", "both")) == "began_and_ended"


def test_dates_must_come_in_order() -> None:
    with pytest.raises(InputError, match="give the earlier one first"):
        dates_in_order("2024", "2021")
